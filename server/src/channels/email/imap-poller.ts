// Reads mail from the IMAP accounts of mailboxes whose `inbound` is 'imap'.
//
// Each such mailbox has one chain of durable `email.imap.poll` jobs: a poll reads what arrived
// after the stored cursor (UIDVALIDITY and the last UID taken; on the first look at a folder, only
// what is unread), then enqueues the next poll. The
// job queue hands a job to one node, so one mailbox is never read by two nodes at once, and the
// chain survives restarts (a crashed node's job is reclaimed when its lease expires).
//
// Every message is stored and the cursor advanced in ONE transaction; only after it commits is
// the message flagged \Seen or moved. So a crash never takes a message twice (the cursor moved
// with it) and never skips one (neither did). A crash between the commit and the flag leaves a
// stored message unflagged; every poll therefore first re-applies the after-action to what lies
// at or below the cursor, and the mailbox converges.
//
// With IDLE, a poll stays connected up to IMAP_IDLE_SECONDS, taking new mail as the server
// announces it, and the next poll runs at once; without IDLE (or with IMAP_IDLE_SECONDS=0) the
// next poll runs IMAP_POLL_SECONDS later. A failure (refused connection, bad login, dropped
// connection) is recorded on the mailbox for the admin screen, and polling goes on after
// IMAP_POLL_SECONDS: the job itself completes, so the chain never dies.
import { sql, type Kysely } from 'kysely';
import { ImapFlow, type ExistsEvent } from 'imapflow';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { JOBS_CHANNEL, enqueue } from '../../jobs/queue.ts';
import { advanceImapCursor, findMailbox, listImapMailboxes, lockMailbox, recordImapStatus, type MailboxRow, defaultImapPort } from '../../mailboxes/verbs.ts';
import { receiveEmail } from './receive.ts';
import { safeErrorMessage } from '../../logger.ts';

export const IMAP_POLL_JOB = 'email.imap.poll';

/** pg_advisory_xact_lock key taken by whoever looks for missing poll jobs and adds one ("imap" in ASCII). */
const POLL_SCHEDULE_LOCK = 0x696d6170;
/** IDLE is restarted this often within a poll: some servers and middleboxes drop quiet connections. */
const IDLE_RESTART_MS = 2 * 60_000;
const MAX_ERROR_LENGTH = 1000;

/** Raised inside a poll when the mailbox's IMAP settings changed under it: the next poll reads the new ones. */
class SettingsChanged extends Error {}

interface RunningPoll {
  mailboxId: number;
  controller: AbortController;
}

export class ImapPoller {
  private readonly running = new Set<RunningPoll>();
  private idling = 0;
  private stopped = false;
  private readonly log: Context['log'];
  /**
   * IDLE sessions held at once by this node. An idling poll occupies one of the job runner's
   * JOBS_CONCURRENCY slots for up to IMAP_IDLE_SECONDS; beyond half of them, polls do not IDLE
   * (they poll every IMAP_POLL_SECONDS instead), so the runner keeps slots for processing what
   * they store.
   */
  private readonly idleSlots: number;

  constructor(private readonly ctx: Context) {
    this.log = ctx.log.child({ part: 'imap' });
    this.idleSlots = Math.max(1, Math.floor(ctx.config.jobsConcurrency / 2));
  }

  /**
   * One poll of one mailbox, then the next one enqueued (unless the mailbox no longer polls IMAP).
   * The handler of `email.imap.poll`; errors of the IMAP side are recorded, not thrown.
   */
  async poll(mailboxId: number): Promise<void> {
    if (this.stopped) {
      // Claimed while this node shuts down: hand the mailbox to whichever node runs next.
      await scheduleNextPoll(this.ctx, mailboxId, this.ctx.clock.now());
      return;
    }
    const entry: RunningPoll = { mailboxId, controller: new AbortController() };
    this.running.add(entry);
    try {
      let next: Date | null;
      try {
        next = await this.pollOnce(mailboxId, entry.controller.signal);
      } catch (error) {
        const now = this.ctx.clock.now();
        if (entry.controller.signal.aborted || error instanceof SettingsChanged) {
          next = now;
        } else {
          next = new Date(now.getTime() + this.ctx.config.imapPollSeconds * 1000);
          await this.recordFailure(mailboxId, error, next);
        }
      }
      if (next) await scheduleNextPoll(this.ctx, mailboxId, next);
    } finally {
      this.running.delete(entry);
    }
  }

  /** Ends this node's running polls of a mailbox (its settings changed); they reschedule at once. */
  interrupt(mailboxId: number): void {
    for (const entry of this.running) if (entry.mailboxId === mailboxId) entry.controller.abort();
  }

  /** Closes every IMAP connection of this node, so the job runner's stop() is not held up by an IDLE. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.running) entry.controller.abort();
  }

  /** Returns when the next poll should run, or null when the mailbox is no longer polled. */
  private async pollOnce(mailboxId: number, signal: AbortSignal): Promise<Date | null> {
    const { ctx } = this;
    const row = await findMailbox(ctx.db, mailboxId);
    if (!row || !polls(row)) return null;
    if (!row.imap_password_enc) throw new Error('no password is stored for the IMAP account');
    const password = ctx.secrets.open(row.imap_password_enc);
    const folder = row.imap_folder;

    const client = new ImapFlow({
      host: row.imap_host!,
      port: row.imap_port ?? defaultImapPort(row.imap_tls),
      secure: row.imap_tls,
      auth: { user: row.imap_user!, pass: password },
      logger: false,
      disableAutoIdle: true,
      maxIdleTime: IDLE_RESTART_MS,
      connectionTimeout: 30_000,
      clientInfo: { name: 'Frontline' },
    });
    // Errors also reject the command that was running; unhandled, the event would end the process.
    client.on('error', () => undefined);
    const close = () => client.close();
    signal.addEventListener('abort', close, { once: true });
    let newMail = false;
    let wake = () => {};
    client.on('exists', (event: ExistsEvent) => {
      if (event.count > event.prevCount) {
        newMail = true;
        wake();
      }
    });

    try {
      if (signal.aborted) return ctx.clock.now();
      await client.connect();
      const opened = await client.mailboxOpen(folder);
      const uidValidity = Number(opened.uidValidity);
      let cursor = row.imap_uid_validity === uidValidity ? row.imap_last_uid : 0;
      if (row.imap_uid_validity !== uidValidity) {
        // A new folder, or the server renumbered it: every UID is new; what was stored before is
        // recognised by its bytes and not stored twice.
        await ctx.db.transaction().execute(async (tx) => {
          await this.checkSettings(tx, row);
          await advanceImapCursor(tx, mailboxId, { uidValidity, lastUid: 0 }, ctx.clock.now());
        });
      }
      if (row.imap_after === 'move') await ensureFolder(client, row.imap_move_to!);

      // Converge: messages stored before a crash, or before the after-action was changed.
      if (cursor > 0) {
        const leftOver = await search(client, row.imap_after === 'move' ? { uid: `1:${cursor}` } : { uid: `1:${cursor}`, seen: false });
        await afterAction(client, row, leftOver.filter((uid) => uid <= cursor));
      }

      const takeNew = async (): Promise<void> => {
        // The first look at a folder (new, or renumbered) takes the unread mail only: what a person
        // read before Frontline was connected is history, not work. Later looks take all that is new.
        const firstLook = cursor === 0;
        const listing = await listFrom(client, cursor + 1);
        const toTake = firstLook ? listing.filter((entry) => !entry.seen) : listing;
        // After each message the cursor moves to just before the next one to take, past the history
        // between them, so a crash at any point neither skips nor repeats anything.
        const ceiling = listing.at(-1)?.uid ?? cursor;
        if (toTake.length === 0 && ceiling > cursor) {
          await ctx.db.transaction().execute(async (tx) => {
            await this.checkSettings(tx, row);
            await advanceImapCursor(tx, mailboxId, { uidValidity, lastUid: ceiling }, ctx.clock.now());
          });
          cursor = ceiling;
        }
        for (const [index, { uid, size }] of toTake.entries()) {
          if (signal.aborted) return;
          const upTo = index + 1 < toTake.length ? toTake[index + 1]!.uid - 1 : ceiling;
          const raw = await fetchRaw(client, uid, size, ctx.config.smtpMaxBytes);
          if (!raw) continue; // expunged meanwhile
          const taken = await ctx.db.transaction().execute(async (tx) => {
            const current = await this.checkSettings(tx, row);
            if (current.imap_uid_validity === uidValidity && current.imap_last_uid >= uid) return false; // another poll took it
            await receiveEmail(tx, raw.bytes, { mailboxId, uid, ...(raw.oversize && { oversize: size }) });
            await advanceImapCursor(tx, mailboxId, { uidValidity, lastUid: upTo }, ctx.clock.now());
            return true;
          });
          cursor = upTo;
          if (taken) await afterAction(client, row, [uid]);
        }
      };

      await takeNew();
      await recordImapStatus(ctx.db, mailboxId, null, ctx.clock.now());

      const idleMs = ctx.config.imapIdleSeconds * 1000;
      const canIdle = idleMs > 0 && client.capabilities.has('IDLE') && this.idling < this.idleSlots && !signal.aborted;
      if (!canIdle) {
        await client.logout().catch(() => undefined);
        return new Date(ctx.clock.now().getTime() + ctx.config.imapPollSeconds * 1000);
      }

      this.idling++;
      try {
        const deadline = Date.now() + idleMs;
        const aborted = new Promise<'abort'>((resolve) => signal.addEventListener('abort', () => resolve('abort'), { once: true }));
        while (!signal.aborted) {
          if (newMail) {
            newMail = false;
            await takeNew();
            continue;
          }
          const left = deadline - Date.now();
          if (left <= 0) break;
          const started = Date.now();
          const woken = new Promise<'mail'>((resolve) => (wake = () => resolve('mail')));
          let timer: NodeJS.Timeout | undefined;
          const timeUp = new Promise<'time'>((resolve) => (timer = setTimeout(() => resolve('time'), left)));
          const session = client.idle().then(
            (result): 'failed' | 'ended' => (result === false ? 'failed' : 'ended'),
            (): 'failed' => 'failed',
          );
          const reason = await Promise.race([woken, timeUp, aborted, session]);
          clearTimeout(timer);
          wake = () => {};
          if (reason === 'abort') break;
          if (reason === 'failed' || !client.usable) throw new Error(`IDLE ended: ${client.byeReason ?? 'the connection to the IMAP server was lost'}`);
          if (reason === 'mail') {
            newMail = false;
            await takeNew(); // its first command ends the IDLE
            await session;
            continue;
          }
          if (reason === 'time') break;
          // The server ended the IDLE by itself: start another, but never in a tight loop.
          if (Date.now() - started < 1000) await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      } finally {
        this.idling--;
      }
      if (!signal.aborted) await client.logout().catch(() => undefined);
      return ctx.clock.now();
    } finally {
      signal.removeEventListener('abort', close);
      if (!client.isClosed) client.close();
    }
  }

  /** Locks the mailbox row and checks it still polls the account this poll is connected to. */
  private async checkSettings(tx: Kysely<DB>, polled: MailboxRow): Promise<MailboxRow> {
    const current = await lockMailbox(tx, polled.id);
    const same =
      current &&
      polls(current) &&
      current.imap_host === polled.imap_host &&
      current.imap_port === polled.imap_port &&
      current.imap_tls === polled.imap_tls &&
      current.imap_user === polled.imap_user &&
      current.imap_folder === polled.imap_folder;
    if (!same) throw new SettingsChanged(`the IMAP settings of mailbox ${polled.id} changed during the poll`);
    return current;
  }

  private async recordFailure(mailboxId: number, error: unknown, retryAt: Date): Promise<void> {
    const row = await findMailbox(this.ctx.db, mailboxId);
    let password: string | undefined;
    try {
      password = row?.imap_password_enc ? this.ctx.secrets.open(row.imap_password_enc) : undefined;
    } catch {
      password = undefined;
    }
    const text = describeImapError(error, password);
    await recordImapStatus(this.ctx.db, mailboxId, text, this.ctx.clock.now());
    this.log.warn({ mailboxId, host: row?.imap_host, user: row?.imap_user, folder: row?.imap_folder, error: text, retryAt }, 'IMAP poll failed; polling again later');
  }
}

const polls = (row: MailboxRow) => row.active && row.inbound === 'imap' && !!row.imap_host && !!row.imap_user;

/**
 * Enqueues a poll for every active IMAP mailbox that has no poll waiting or running. Runs at start
 * and when a mailbox is added or changed; the advisory lock makes concurrent calls (several
 * nodes starting together) add one job per mailbox, not one each.
 */
export async function ensureImapPolls(ctx: Context): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${POLL_SCHEDULE_LOCK})`.execute(tx);
    const mailboxes = await listImapMailboxes(tx);
    if (mailboxes.length === 0) return 0;
    const lined = await tx
      .selectFrom('jobs')
      .select(sql<string>`payload->>'mailboxId'`.as('mailbox_id'))
      .where('kind', '=', IMAP_POLL_JOB)
      .where('status', 'in', ['pending', 'running'])
      .execute();
    const busy = new Set(lined.map((job) => job.mailbox_id));
    let added = 0;
    for (const mailbox of mailboxes) {
      if (busy.has(String(mailbox.id))) continue;
      await enqueue(tx, IMAP_POLL_JOB, { mailboxId: mailbox.id });
      added++;
    }
    return added;
  });
}

/** Brings a mailbox's waiting poll forward to now: its settings changed, so the last error may be fixed. */
export async function pollNow(ctx: Context, mailboxId: number): Promise<void> {
  const now = ctx.clock.now();
  const moved = await ctx.db
    .updateTable('jobs')
    .set({ run_at: now })
    .where('kind', '=', IMAP_POLL_JOB)
    .where('status', '=', 'pending')
    .where('run_at', '>', now)
    .where(sql<string>`payload->>'mailboxId'`, '=', String(mailboxId))
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) > 0) await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${IMAP_POLL_JOB})`.execute(ctx.db);
}

/** The next link of a mailbox's chain, unless a poll of it is already waiting or it polls no more. */
async function scheduleNextPoll(ctx: Context, mailboxId: number, runAt: Date): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${POLL_SCHEDULE_LOCK})`.execute(tx);
    const row = await findMailbox(tx, mailboxId);
    if (!row || !polls(row)) return;
    const waiting = await tx
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', IMAP_POLL_JOB)
      .where('status', '=', 'pending')
      .where(sql<string>`payload->>'mailboxId'`, '=', String(mailboxId))
      .executeTakeFirst();
    if (!waiting) await enqueue(tx, IMAP_POLL_JOB, { mailboxId }, { runAt });
  });
}

/** UID, size and read state of every message from `fromUid` on, in UID order, in one FETCH. */
async function listFrom(client: ImapFlow, fromUid: number): Promise<Array<{ uid: number; size: number; seen: boolean }>> {
  const listing: Array<{ uid: number; size: number; seen: boolean }> = [];
  for await (const message of client.fetch(`${fromUid}:*`, { uid: true, size: true, flags: true }, { uid: true })) {
    // "n:*" also matches the highest message when it is below n.
    if (message.uid >= fromUid) listing.push({ uid: message.uid, size: message.size ?? 0, seen: message.flags?.has('\\Seen') ?? false });
  }
  return listing.sort((a, b) => a.uid - b.uid);
}

/**
 * The message's bytes; over the size limit, only its header block (sender, subject and threading
 * are all there), which processing holds for a person with the reason. Undefined when expunged.
 */
async function fetchRaw(client: ImapFlow, uid: number, size: number, maxBytes: number): Promise<{ bytes: Buffer; oversize: boolean } | undefined> {
  const oversize = size > maxBytes;
  const message = await client.fetchOne(String(uid), oversize ? { uid: true, headers: true } : { uid: true, source: true }, { uid: true });
  const bytes = message ? (oversize ? message.headers : message.source) : undefined;
  return bytes ? { bytes: oversize ? Buffer.concat([bytes, Buffer.from('\r\n')]) : bytes, oversize } : undefined;
}

async function search(client: ImapFlow, query: { uid: string; seen?: boolean }): Promise<number[]> {
  const found = await client.search(query, { uid: true });
  if (!Array.isArray(found)) throw new Error(`the IMAP server refused a SEARCH in ${client.mailbox ? client.mailbox.path : 'the folder'}`);
  return found;
}

/** Flags the messages \Seen or moves them, as the mailbox says. */
async function afterAction(client: ImapFlow, row: MailboxRow, uids: number[]): Promise<void> {
  if (uids.length === 0) return;
  const range = uidSet(uids);
  if (row.imap_after === 'move') {
    const moved = await client.messageMove(range, row.imap_move_to!, { uid: true });
    if (!moved) throw new Error(`stored mail could not be moved to the folder "${row.imap_move_to}"`);
  } else {
    const flagged = await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
    if (!flagged) throw new Error('stored mail could not be flagged \\Seen');
  }
}

/** Creates the folder that stored mail is moved to, when it does not exist yet. */
async function ensureFolder(client: ImapFlow, path: string): Promise<void> {
  const folders = await client.list();
  if (folders.some((folder) => folder.path === path || folder.name === path)) return;
  // A failure here is not reported: if the folder is really missing, the move says so.
  await client.mailboxCreate(path).catch(() => undefined);
}

/** "1:3,7,9:10" for [1, 2, 3, 7, 9, 10]. */
export function uidSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The error as one line for the admin screen: what failed and what the server said, never the password. */
export function describeImapError(error: unknown, password?: string): string {
  const e = error as Error & { code?: string; responseText?: string; serverResponseCode?: string; authenticationFailed?: boolean };
  const message = safeErrorMessage(error);
  let text: string;
  if (e.authenticationFailed) text = `the IMAP server refused the login${e.responseText ? `: ${e.responseText}` : ''}`;
  else if (e.responseText) text = `${message === 'Command failed' ? 'the IMAP server refused a command' : message}: ${e.responseText}${e.serverResponseCode ? ` [${e.serverResponseCode}]` : ''}`;
  else text = message;
  if (e.code && !text.includes(e.code)) text = `${text} (${e.code})`;
  if (password) text = text.split(password).join('***');
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
