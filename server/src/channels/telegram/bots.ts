// Connecting, changing and removing Telegram bots. The token is checked with getMe, sealed with
// the secret box and never leaves the server again; in webhook mode Telegram is told the URL and a
// fresh random secret (only its SHA-256 is kept), in polling mode the webhook is removed and a poll
// chain started in the same transaction.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { conflict, refused } from '../../errors.ts';
import { checkTeam, sealSecret } from '../settings.ts';
import { hashSecret } from '../../auth/secrets.ts';
import { BotApi, TelegramError } from './bot-api.ts';
import { deleteBotRow, findBot, findBotByTelegramId, insertBot, updateBotRow, type BotRow } from './store.ts';
import { schedulePoll } from './poller.ts';

export type BotMode = 'webhook' | 'polling';

export interface BotInput {
  token?: string | undefined;
  teamId?: number | null | undefined;
  mode?: BotMode | undefined;
  active?: boolean | undefined;
}

export interface BotView {
  id: number;
  telegramId: number;
  username: string;
  name: string;
  teamId: number | null;
  mode: BotMode;
  active: boolean;
  webhookUrl: string | null;
  updateOffset: number;
  polledAt: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export const presentBot = (row: BotRow): BotView => ({
  id: row.id,
  telegramId: row.telegram_id,
  username: row.username,
  name: row.name,
  teamId: row.team_id,
  mode: row.mode,
  active: row.active,
  webhookUrl: row.webhook_url,
  updateOffset: row.update_offset,
  polledAt: row.polled_at?.toISOString() ?? null,
  error: row.error,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const webhookPath = (botId: number) => `/api/v1/channels/telegram/${botId}/webhook`;

export function botApi(ctx: Context, row: BotRow): BotApi {
  return new BotApi(ctx.config.telegramApiUrl, ctx.secrets.open(row.token_enc));
}

export async function connectBot(ctx: Context, tx: Kysely<DB>, input: BotInput & { token: string }, now: Date): Promise<BotView> {
  const mode = input.mode ?? 'webhook';
  if (mode === 'webhook') requirePublicUrl(ctx);
  await checkTeam(tx, input.teamId);
  const api = new BotApi(ctx.config.telegramApiUrl, input.token);
  const me = await askTelegram(() => api.getMe());
  if (await findBotByTelegramId(tx, me.id)) throw conflict('telegram_bot_exists', `The bot @${me.username ?? me.id} is connected already.`);
  const row = await insertBot(tx, {
    telegram_id: me.id,
    username: me.username ?? String(me.id),
    name: me.first_name,
    token_enc: sealSecret(ctx, input.token, 'The bot token'),
    team_id: input.teamId ?? null,
    mode,
    active: input.active ?? true,
    created_at: now,
    updated_at: now,
  });
  return presentBot(await configure(ctx, tx, row, api, now));
}

export async function updateBot(ctx: Context, tx: Kysely<DB>, id: number, input: BotInput, now: Date): Promise<BotView | undefined> {
  const current = await findBot(tx, id);
  if (!current) return undefined;
  if (input.teamId !== undefined) await checkTeam(tx, input.teamId);
  const changes: Parameters<typeof updateBotRow>[2] = { updated_at: now };
  let api = botApi(ctx, current);
  if (input.token !== undefined) {
    api = new BotApi(ctx.config.telegramApiUrl, input.token);
    const me = await askTelegram(() => api.getMe());
    if (me.id !== current.telegram_id) throw refused('telegram_token_other_bot', `This token belongs to another bot (@${me.username ?? me.id}); connect it as a bot of its own.`);
    Object.assign(changes, { token_enc: sealSecret(ctx, input.token, 'The bot token'), username: me.username ?? String(me.id), name: me.first_name });
  }
  if (input.teamId !== undefined) changes.team_id = input.teamId;
  if (input.mode !== undefined) changes.mode = input.mode;
  if (input.active !== undefined) changes.active = input.active;
  const row = (await updateBotRow(tx, id, changes))!;
  if (row.mode === 'webhook' && row.active) requirePublicUrl(ctx);
  const reconfigure = input.token !== undefined || row.mode !== current.mode || row.active !== current.active;
  return presentBot(reconfigure ? await configure(ctx, tx, row, api, now) : row);
}

/** Removes the bot; its tickets stay, and replies to them fail with the reason. Telegram is told to stop calling, if it still listens. */
export async function removeBot(ctx: Context, tx: Kysely<DB>, id: number): Promise<boolean> {
  const row = await deleteBotRow(tx, id);
  if (!row) return false;
  await botApi(ctx, row)
    .deleteWebhook()
    .catch((error: unknown) => ctx.log.warn({ botId: id, error: (error as Error).message }, 'the removed bot\'s webhook could not be deleted'));
  return true;
}

/** Tells Telegram where updates go now: the webhook (a fresh secret) or nowhere (polling, or an inactive bot). */
async function configure(ctx: Context, tx: Kysely<DB>, row: BotRow, api: BotApi, now: Date): Promise<BotRow> {
  if (row.mode === 'webhook' && row.active) {
    const secret = crypto.randomBytes(32).toString('base64url');
    const url = `${ctx.config.publicUrl}${webhookPath(row.id)}`;
    await askTelegram(() => api.setWebhook(url, secret));
    return (await updateBotRow(tx, row.id, { webhook_secret_hash: hashSecret(secret), webhook_url: url, error: null, updated_at: now }))!;
  }
  await askTelegram(() => api.deleteWebhook());
  if (row.mode === 'polling' && row.active) await schedulePoll(tx, row.id, now);
  return (await updateBotRow(tx, row.id, { webhook_secret_hash: null, webhook_url: null, updated_at: now }))!;
}

/** A call made for an admin: Telegram's refusal or silence becomes a 422 that says what happened. */
async function askTelegram<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof TelegramError)) throw error;
    if (error.method === 'getMe' && (error.status === 401 || error.status === 404)) {
      throw refused('telegram_token_invalid', 'Telegram does not accept this bot token. Copy it again from @BotFather (it looks like 123456789:AA…).');
    }
    if (error.status === null) throw refused('telegram_unreachable', `Telegram could not be reached: ${error.description}. Try again later.`);
    throw refused('telegram_refused', `Telegram refused ${error.method}: ${error.description}`);
  }
}

function requirePublicUrl(ctx: Context): void {
  if (!ctx.config.publicUrl) {
    throw refused('public_url_missing', 'Webhook mode needs the address Telegram can reach Frontline at: set PUBLIC_URL (e.g. https://help.example.com), or use polling mode.', { field: 'mode' });
  }
}
