// Connecting, changing and removing WhatsApp business numbers. The access token is checked with
// GET /{phone-number-id} before anything is stored; it and the app secret (which signs Meta's
// webhook calls) are sealed with the secret box and never leave the server again. Frontline makes
// the verify token the admin pastes into Meta's dashboard for the webhook handshake.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { conflict, refused } from '../../errors.ts';
import { checkTeam, sealSecret } from '../settings.ts';
import { GraphApi, GraphError } from './graph-api.ts';
import { deleteNumberRow, findNumber, findNumberByPhoneId, insertNumber, updateNumberRow, type NumberRow } from './store.ts';

export interface NumberInput {
  phoneNumberId?: string | undefined;
  businessAccountId?: string | undefined;
  accessToken?: string | undefined;
  appSecret?: string | undefined;
  templateName?: string | null | undefined;
  templateLanguage?: string | null | undefined;
  teamId?: number | null | undefined;
  active?: boolean | undefined;
}

export interface NumberView {
  id: number;
  phoneNumberId: string;
  businessAccountId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  verifyToken: string;
  webhookUrl: string | null;
  templateName: string | null;
  templateLanguage: string | null;
  teamId: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const webhookPath = (numberId: number) => `/api/v1/channels/whatsapp/${numberId}/webhook`;

export const presentNumber = (ctx: Context, row: NumberRow): NumberView => ({
  id: row.id,
  phoneNumberId: row.phone_number_id,
  businessAccountId: row.business_account_id,
  displayPhoneNumber: row.display_phone_number,
  verifiedName: row.verified_name,
  verifyToken: row.verify_token,
  webhookUrl: ctx.config.publicUrl ? `${ctx.config.publicUrl}${webhookPath(row.id)}` : null,
  templateName: row.template_name,
  templateLanguage: row.template_language,
  teamId: row.team_id,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const graphApi = (ctx: Context, row: NumberRow) => new GraphApi(ctx.config.whatsappApiUrl, ctx.secrets.open(row.access_token_enc));

type Required = 'phoneNumberId' | 'businessAccountId' | 'accessToken' | 'appSecret';

export async function connectNumber(ctx: Context, tx: Kysely<DB>, input: NumberInput & { [K in Required]: string }, now: Date): Promise<NumberView> {
  await checkTeam(tx, input.teamId);
  const template = templateOf(input.templateName ?? null, input.templateLanguage ?? null);
  if (await findNumberByPhoneId(tx, input.phoneNumberId)) throw conflict('whatsapp_number_exists', `The phone number id ${input.phoneNumberId} is connected already.`);
  const profile = await askGraph(() => new GraphApi(ctx.config.whatsappApiUrl, input.accessToken).phoneNumber(input.phoneNumberId));
  const row = await insertNumber(tx, {
    phone_number_id: input.phoneNumberId,
    business_account_id: input.businessAccountId,
    display_phone_number: (profile.display_phone_number ?? input.phoneNumberId).slice(0, 64),
    verified_name: (profile.verified_name ?? '').slice(0, 200),
    access_token_enc: sealSecret(ctx, input.accessToken, 'The WhatsApp credentials'),
    app_secret_enc: sealSecret(ctx, input.appSecret, 'The WhatsApp credentials'),
    verify_token: crypto.randomBytes(24).toString('base64url'),
    template_name: template.name,
    template_language: template.language,
    team_id: input.teamId ?? null,
    active: input.active ?? true,
    created_at: now,
    updated_at: now,
  });
  return presentNumber(ctx, row);
}

export async function updateNumber(ctx: Context, tx: Kysely<DB>, id: number, input: NumberInput, now: Date): Promise<NumberView | undefined> {
  const current = await findNumber(tx, id);
  if (!current) return undefined;
  if (input.teamId !== undefined) await checkTeam(tx, input.teamId);
  const changes: Parameters<typeof updateNumberRow>[2] = { updated_at: now };
  if (input.accessToken !== undefined) {
    const profile = await askGraph(() => new GraphApi(ctx.config.whatsappApiUrl, input.accessToken!).phoneNumber(current.phone_number_id));
    Object.assign(changes, {
      access_token_enc: sealSecret(ctx, input.accessToken, 'The WhatsApp credentials'),
      ...(profile.display_phone_number && { display_phone_number: profile.display_phone_number.slice(0, 64) }),
      ...(profile.verified_name && { verified_name: profile.verified_name.slice(0, 200) }),
    });
  }
  if (input.appSecret !== undefined) changes.app_secret_enc = sealSecret(ctx, input.appSecret, 'The WhatsApp credentials');
  if (input.businessAccountId !== undefined) changes.business_account_id = input.businessAccountId;
  if (input.templateName !== undefined || input.templateLanguage !== undefined) {
    const template = templateOf(input.templateName === undefined ? current.template_name : input.templateName, input.templateLanguage === undefined ? current.template_language : input.templateLanguage);
    Object.assign(changes, { template_name: template.name, template_language: template.language });
  }
  if (input.teamId !== undefined) changes.team_id = input.teamId;
  if (input.active !== undefined) changes.active = input.active;
  return presentNumber(ctx, (await updateNumberRow(tx, id, changes))!);
}

/** Removes the number; its tickets stay, and replies to them fail with the reason. */
export async function removeNumber(tx: Kysely<DB>, id: number): Promise<boolean> {
  return !!(await deleteNumberRow(tx, id));
}

function templateOf(name: string | null, language: string | null): { name: string | null; language: string | null } {
  if (!name && !language) return { name: null, language: null };
  if (!name || !language) throw refused('whatsapp_template_incomplete', 'A template needs both its name and its language code (e.g. en_US), as approved in WhatsApp Manager.', { field: name ? 'templateLanguage' : 'templateName' });
  return { name, language };
}

/** A call made for an admin: Graph's refusal or silence becomes a 422 that says what happened. */
async function askGraph<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    if (error.status === 401 || error.status === 403 || error.status === 400 || error.status === 404) {
      throw refused('whatsapp_token_invalid', `WhatsApp does not accept this access token for this phone number id (${error.description}). Check both in Meta's dashboard (WhatsApp → API Setup).`);
    }
    if (error.status === null) throw refused('whatsapp_unreachable', `WhatsApp could not be reached: ${error.description}. Try again later.`);
    throw refused('whatsapp_refused', `WhatsApp refused the check: ${error.description}`);
  }
}
