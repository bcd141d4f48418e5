// Long polling of bots in polling mode, as a chain of durable `telegram.poll` jobs per bot (the
// shape of the IMAP poller): the job queue hands a poll to one node, so a bot is never polled by
// two at once, and the chain survives restarts. A poll asks getUpdates from the stored offset, then
// stores every update (receiveMany, deduplicated by bot and update_id) and moves the offset past
// them in ONE transaction: a crash before the commit asks for the same updates again (Telegram
// keeps them until an offset past them is asked for), a crash after it never sees them again.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { enqueue } from '../../jobs/queue.ts';
import { receiveMany } from '../../inbox/receive.ts';
import { safeErrorMessage } from '../../logger.ts';
import { BotApi } from './bot-api.ts';
import { advanceOffset, findBot, lockBot, pollingBots, recordBotStatus, type BotRow } from './store.ts';
import { updateInput } from './receive.ts';

export const TELEGRAM_POLL_JOB = 'telegram.poll';
/** pg_advisory_xact_lock key of whoever adds missing poll jobs ("tgpl" in ASCII). */
const POLL_SCHEDULE_LOCK = 0x7467706c;
/** After an empty long poll the next one starts this much later; after a failure, RETRY_MS later. */
const IDLE_MS = 1000;
const RETRY_MS = 30_000;
/** A short poll (no long-poll slot was free) that found nothing asks again this much later. */
const SHORT_POLL_MS = 5000;

const polls = (row: BotRow | undefined): row is BotRow => !!row && row.active && row.mode === 'polling';

export class TelegramPoller {
  private readonly running = new Set<AbortController>();
  private stopped = false;
  private longPolls = 0;
  /**
   * Long polls waiting at once on this node. Each holds one of the job runner's JOBS_CONCURRENCY
   * slots while it waits; beyond half of them, polls ask and return at once (and again a few
   * seconds later), so slots stay free for processing what they store and for replies.
   */
  private readonly longPollSlots: number;

  constructor(private readonly ctx: Context) {
    this.longPollSlots = Math.max(1, Math.floor(ctx.config.jobsConcurrency / 2));
  }

  /** The handler of `telegram.poll`: one getUpdates, what came stored, the next poll enqueued. Telegram's errors are recorded on the bot, not thrown. */
  async poll(botId: number): Promise<void> {
    const { ctx } = this;
    if (this.stopped) return scheduleNextPoll(ctx, botId, ctx.clock.now());
    const controller = new AbortController();
    this.running.add(controller);
    let next: Date | null;
    try {
      next = await this.pollOnce(botId, controller.signal);
    } catch (error) {
      const now = ctx.clock.now();
      if (controller.signal.aborted) next = now;
      else {
        next = new Date(now.getTime() + RETRY_MS);
        const text = safeErrorMessage(error).slice(0, 1000);
        await recordBotStatus(ctx.db, botId, text, now);
        ctx.log.warn({ botId, error: text, retryAt: next }, 'Telegram poll failed; polling again later');
      }
    } finally {
      this.running.delete(controller);
    }
    if (next) await scheduleNextPoll(ctx, botId, next);
  }

  stop(): void {
    this.stopped = true;
    for (const controller of this.running) controller.abort();
  }

  private async pollOnce(botId: number, signal: AbortSignal): Promise<Date | null> {
    const { ctx } = this;
    const row = await findBot(ctx.db, botId);
    if (!polls(row)) return null;
    const api = new BotApi(ctx.config.telegramApiUrl, ctx.secrets.open(row.token_enc));
    const long = ctx.config.telegramPollTimeoutSeconds > 0 && this.longPolls < this.longPollSlots;
    let updates;
    if (long) this.longPolls++;
    try {
      updates = await api.getUpdates(row.update_offset, long ? ctx.config.telegramPollTimeoutSeconds : 0, signal);
    } finally {
      if (long) this.longPolls--;
    }
    if (!Array.isArray(updates)) throw new Error('getUpdates did not answer a list of updates');
    const valid = updates.filter((update) => Number.isSafeInteger(update?.update_id) && update.update_id >= row.update_offset);
    if (valid.length === 0) {
      await recordBotStatus(ctx.db, botId, null, ctx.clock.now());
      return new Date(ctx.clock.now().getTime() + (long || ctx.config.telegramPollTimeoutSeconds === 0 ? IDLE_MS : SHORT_POLL_MS));
    }
    const offset = Math.max(...valid.map((update) => update.update_id)) + 1;
    await ctx.db.transaction().execute(async (tx) => {
      const current = await lockBot(tx, botId);
      // Changed meanwhile (another token, or no longer polling): those updates are asked for again.
      if (!polls(current) || current.token_enc !== row.token_enc || current.update_offset !== row.update_offset) return;
      await receiveMany(tx, valid.map((update) => updateInput(botId, Buffer.from(JSON.stringify(update)), update)));
      await advanceOffset(tx, botId, offset, ctx.clock.now());
    });
    return ctx.clock.now();
  }
}

/** Enqueues a poll of a bot unless one is waiting or running; in the caller's transaction. */
export async function schedulePoll(tx: Kysely<DB>, botId: number, runAt: Date): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${POLL_SCHEDULE_LOCK})`.execute(tx);
  const lined = await tx
    .selectFrom('jobs')
    .select('id')
    .where('kind', '=', TELEGRAM_POLL_JOB)
    .where('status', 'in', ['pending', 'running'])
    .where(sql<string>`payload->>'botId'`, '=', String(botId))
    .executeTakeFirst();
  if (!lined) await enqueue(tx, TELEGRAM_POLL_JOB, { botId }, { runAt });
}

/** At start: every polling bot without a poll in line gets one (several nodes starting together add one each bot, not one each). */
export async function ensureTelegramPolls(ctx: Context): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    for (const bot of await pollingBots(tx)) await schedulePoll(tx, bot.id, ctx.clock.now());
  });
}

/** The next link of the chain; the running job (this one) does not count as in line. */
async function scheduleNextPoll(ctx: Context, botId: number, runAt: Date): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${POLL_SCHEDULE_LOCK})`.execute(tx);
    if (!polls(await findBot(tx, botId))) return;
    const waiting = await tx
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', TELEGRAM_POLL_JOB)
      .where('status', '=', 'pending')
      .where(sql<string>`payload->>'botId'`, '=', String(botId))
      .executeTakeFirst();
    if (!waiting) await enqueue(tx, TELEGRAM_POLL_JOB, { botId }, { runAt });
  });
}
