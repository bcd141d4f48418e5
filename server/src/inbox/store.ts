// SQL for the raw inbox: inbound items exactly as received, and their processing state.
import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { DB, InboundItemsTable } from '../db/tables.ts';
import type { ProcessedInbound } from '../channels/registry.ts';
import { anyOf, arrayOf, inSlices } from '../db/bulk.ts';

export type InboundItemRow = Selectable<InboundItemsTable>;
export type InboundStatus = InboundItemRow['status'];
/** An item without its raw bytes (which may be megabytes), with their size instead. */
export type InboundItemSummary = Omit<InboundItemRow, 'raw' | 'unfinished_attempts'> & { size: number };

const summaryColumns = [
  'id', 'channel', 'dedupe_key', 'meta', 'status', 'error', 'attempts', 'ticket_id', 'message_id', 'received_at', 'processed_at', 'sender', 'outcome',
] as const;
const size = sql<number>`octet_length(raw)`.as('size');

export interface NewInboundItem {
  channel: string;
  dedupeKey: string;
  raw: Uint8Array;
  meta: Record<string, unknown>;
  sender?: string | null | undefined;
  receivedAt?: Date | undefined;
}

/**
 * Inserts the items and a processing job for each new one, and wakes the runners, in ONE
 * statement (atomic without a transaction, one round trip for a whole batch). Returns the items
 * stored; an already stored channel and dedupe key is skipped.
 */
export async function insertInboundItems(db: Kysely<DB>, items: NewInboundItem[], jobKind: string, jobsChannel: string): Promise<InboundItemSummary[]> {
  return inSlices(items, 6, async (slice) => {
    const rows = sql.join(
      slice.map(
        (item) =>
          sql`(${item.channel}, ${item.dedupeKey}, ${item.raw}::bytea, ${JSON.stringify(item.meta)}::jsonb, ${item.sender ?? null}::text, coalesce(${item.receivedAt ?? null}::timestamptz, now()))`,
      ),
    );
    const result = await sql<InboundItemSummary>`
      WITH i AS (
        INSERT INTO inbound_items (channel, dedupe_key, raw, meta, sender, received_at) VALUES ${rows}
        ON CONFLICT (channel, dedupe_key) DO NOTHING
        RETURNING ${sql.join(summaryColumns.map((column) => sql.ref(column)))}, octet_length(raw) AS size
      ), j AS (
        INSERT INTO jobs (kind, payload) SELECT ${jobKind}, jsonb_build_object('itemId', id) FROM i
      )
      SELECT i.*, pg_notify(${jobsChannel}, ${jobKind}) IS NULL AS notified FROM i ORDER BY id`.execute(db);
    return result.rows.map(({ notified: _, ...row }: InboundItemSummary & { notified?: boolean }) => ({ ...row, received_at: new Date(row.received_at), processed_at: row.processed_at && new Date(row.processed_at) }));
  });
}

export const findInboundByKeys = (db: Kysely<DB>, keys: Array<{ channel: string; dedupeKey: string }>) =>
  keys.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('inbound_items')
        .select([...summaryColumns, size])
        .where(sql<SqlBool>`(channel, dedupe_key) IN (SELECT * FROM unnest(${arrayOf(keys.map((key) => key.channel), 'text')}, ${arrayOf(keys.map((key) => key.dedupeKey), 'text')}))`)
        .execute();

export const findInboundItem = (db: Kysely<DB>, id: number) =>
  db.selectFrom('inbound_items').select([...summaryColumns, size]).where('id', '=', id).executeTakeFirst();

export const findInboundRaw = (db: Kysely<DB>, id: number) =>
  db.selectFrom('inbound_items').select(['id', 'channel', 'raw']).where('id', '=', id).executeTakeFirst();

/** The whole items in id order (so two batches never deadlock), locked until the transaction ends: two attempts never process one together. */
export const lockInboundItems = (tx: Kysely<DB>, ids: number[]) =>
  tx.selectFrom('inbound_items').selectAll().where('id', '=', anyOf(ids, 'bigint')).orderBy('id').forUpdate().execute();

/** Records what processing made of each item, in one statement. */
export async function markInboundProcessedMany(tx: Kysely<DB>, results: Map<number, ProcessedInbound>, now: Date): Promise<void> {
  await inSlices([...results], 8, async (slice) => {
    const rows = sql.join(
      slice.map(([id, result]) => {
        const held = result.held ?? null;
        const note = result.note ? JSON.stringify({ note: result.note }) : '{}';
        return sql`(${id}::bigint, ${held ? 'held' : 'processed'}, ${held}, ${held ? 'held' : (result.outcome ?? null)}, ${result.ticketId}::bigint, ${result.messageId}::bigint, ${note}::jsonb, ${held ? null : now}::timestamptz)`;
      }),
    );
    await sql`
      UPDATE inbound_items AS i SET
        status = v.status, error = v.error, outcome = v.outcome, attempts = i.attempts + 1, unfinished_attempts = 0,
        ticket_id = v.ticket_id, message_id = v.message_id, meta = i.meta || v.note, processed_at = v.processed_at
      FROM (VALUES ${rows}) AS v(id, status, error, outcome, ticket_id, message_id, note, processed_at)
      WHERE i.id = v.id`.execute(tx);
    return [];
  });
}

/**
 * Counts an attempt on each item in its own commit, before processing starts, so an attempt that
 * kills or hangs the process is counted too. An item whose last `limit` attempts never finished is
 * held instead, with that as its error. Returns the ids it held now.
 */
export async function startInboundAttempts(db: Kysely<DB>, ids: number[], limit: number): Promise<number[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: number; status: InboundStatus }>`
    UPDATE inbound_items SET
      status = CASE WHEN unfinished_attempts >= ${limit} THEN 'held' ELSE status END,
      outcome = CASE WHEN unfinished_attempts >= ${limit} THEN 'held' ELSE outcome END,
      error = CASE WHEN unfinished_attempts >= ${limit}
        THEN 'processing did not finish after ' || unfinished_attempts || ' attempts: ' || coalesce(error, 'the process stopped or hung while processing it') || ' (retry tries again)'
        ELSE error END,
      unfinished_attempts = CASE WHEN unfinished_attempts >= ${limit} THEN unfinished_attempts ELSE unfinished_attempts + 1 END
    WHERE id = ${anyOf(ids, 'bigint')} AND status IN ('pending', 'failed')
    RETURNING id, status`.execute(db);
  return rows.filter((row) => row.status === 'held').map((row) => Number(row.id));
}

/** A processed item stays processed: a late failure report from a duplicate attempt does not undo it. */
export const markInboundFailed = (db: Kysely<DB>, id: number, error: string) =>
  db
    .updateTable('inbound_items')
    .set((eb) => ({ status: 'failed', error, attempts: eb('attempts', '+', 1), unfinished_attempts: 0 }))
    .where('id', '=', id)
    .where('status', '<>', 'processed')
    .execute();

/** Puts an item back in line for another attempt; undefined when it is already processed (or missing). */
export const markInboundPending = (tx: Kysely<DB>, id: number) =>
  tx
    .updateTable('inbound_items')
    .set({ status: 'pending', unfinished_attempts: 0 })
    .where('id', '=', id)
    .where('status', '<>', 'processed')
    .returning([...summaryColumns, size])
    .executeTakeFirst();

/** Newest first; `beforeId` continues a page. */
export function listInboundItems(db: Kysely<DB>, input: { status?: InboundStatus | undefined; channel?: string | undefined; limit: number; beforeId?: number | undefined }) {
  let query = db.selectFrom('inbound_items').select([...summaryColumns, size]).orderBy('id', 'desc').limit(input.limit);
  if (input.status) query = query.where('status', '=', input.status);
  if (input.channel) query = query.where('channel', '=', input.channel);
  if (input.beforeId !== undefined) query = query.where('id', '<', input.beforeId);
  return query.execute();
}

/** Items per status, for the admin screen's tabs and for watching a backlog drain. */
export async function countInboundByStatus(db: Kysely<DB>, channel?: string): Promise<Record<InboundStatus, number>> {
  let query = db.selectFrom('inbound_items').select(['status', sql<number>`count(*)::int`.as('count')]).groupBy('status');
  if (channel) query = query.where('channel', '=', channel);
  const counts: Record<InboundStatus, number> = { pending: 0, processed: 0, failed: 0, held: 0 };
  for (const row of await query.execute()) counts[row.status] = Number(row.count);
  return counts;
}

/**
 * An earlier item of the same channel and conversation (its meta contains `conversation`) still
 * waiting to become a message, not in this transaction: one pending, or itself waiting for an
 * earlier one (its error starts with `waitText`). An item that failed for any other reason does
 * not hold the conversation up; it shows under Unprocessed.
 */
export async function earlierPendingOf(tx: Kysely<DB>, channel: string, itemId: number, conversation: Record<string, number>, waitText: string): Promise<number | undefined> {
  const row = await tx
    .selectFrom('inbound_items as i')
    .select('i.id')
    .where('i.channel', '=', channel)
    // Written out as inbound_items_waiting_meta_idx's predicate (0033), not as parameters, so that
    // even a prepared statement's generic plan can use the index.
    .where(sql<SqlBool>`i.status IN ('pending', 'failed')`)
    .where((eb) => eb.or([eb('i.status', '=', 'pending'), eb('i.error', 'like', `${waitText}%`)]))
    .where('i.id', '<', itemId)
    .where(sql<boolean>`i.meta @> ${JSON.stringify(conversation)}::jsonb`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('messages as m').select('m.id').whereRef('m.inbound_item_id', '=', 'i.id'))))
    .orderBy('i.id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

const conversationLockKey = (channel: string, conversation: Record<string, number>) => `${channel}:${Object.values(conversation).join(':')}`;

/** One conversation's items are taken one at a time, until the transaction ends. */
export const lockConversation = (tx: Kysely<DB>, channel: string, conversation: Record<string, number>) =>
  sql`SELECT pg_advisory_xact_lock(hashtextextended(${conversationLockKey(channel, conversation)}, 0))`.execute(tx);

/** lockConversation for several conversations in one statement, in a fixed order (two batches never wait on each other in a circle). */
export async function lockConversations(tx: Kysely<DB>, channel: string, conversations: Array<Record<string, number>>): Promise<void> {
  if (conversations.length === 0) return;
  const keys = [...new Set(conversations.map((conversation) => conversationLockKey(channel, conversation)))].sort();
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM unnest(${arrayOf(keys, 'text')}) AS k ORDER BY k) AS ordered`.execute(tx);
}

/**
 * earlierPendingOf for several conversations at once, each with its first item in this batch:
 * the indexes (into `entries`) of those with an earlier item still waiting.
 */
export async function conversationsWaiting(tx: Kysely<DB>, channel: string, entries: Array<{ conversation: Record<string, number>; firstItemId: number }>, waitText: string): Promise<Set<number>> {
  if (entries.length === 0) return new Set();
  const { rows } = await sql<{ n: number }>`
    SELECT DISTINCT b.n FROM unnest(${arrayOf(entries.map((entry) => JSON.stringify(entry.conversation)), 'jsonb')}, ${arrayOf(entries.map((entry) => entry.firstItemId), 'bigint')}) WITH ORDINALITY AS b(conversation, first_id, n)
    JOIN inbound_items AS i ON i.meta @> b.conversation
    WHERE i.channel = ${channel} AND i.status IN ('pending', 'failed') AND (i.status = 'pending' OR i.error LIKE ${`${waitText}%`}) AND i.id < b.first_id
      AND NOT EXISTS (SELECT 1 FROM messages AS m WHERE m.inbound_item_id = i.id)`.execute(tx);
  return new Set(rows.map((row) => Number(row.n) - 1));
}
