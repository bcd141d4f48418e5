// The first step of every inbound path: the item is stored exactly as received, and its processing
// job queued, in one transaction. Adapters acknowledge their sender only after this returns.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { enqueue } from '../jobs/queue.ts';
import { findInboundByKey, insertInboundItem, type InboundItemSummary, type NewInboundItem } from './store.ts';

export const INBOX_PROCESS_JOB = 'inbox.process';

export interface ReceiveInput {
  /** The adapter's channel name, e.g. "email"; the process job looks the adapter up by it. */
  channel: string;
  /** Unique per channel (a Message-ID, an update id): the same key twice is stored once. */
  dedupeKey: string;
  raw: Uint8Array;
  /** What the adapter knows besides the bytes (envelope, source address); never needed to reprocess. */
  meta?: Record<string, unknown>;
  /** Who sent it (an email address, a chat id), for the admin screen and per-sender limits. */
  sender?: string | null;
  receivedAt?: Date;
}

export interface Received {
  item: InboundItemSummary;
  /** True when this key was stored before; nothing new was stored or queued. */
  duplicate: boolean;
}

/** Takes a plain connection or the caller's transaction. */
export async function receiveRaw(db: Kysely<DB>, input: ReceiveInput): Promise<Received> {
  const item: NewInboundItem = { channel: input.channel, dedupeKey: input.dedupeKey, raw: input.raw, meta: input.meta ?? {}, sender: input.sender ?? null, receivedAt: input.receivedAt };
  const store = async (tx: Kysely<DB>): Promise<Received> => {
    const stored = await insertInboundItem(tx, item);
    if (!stored) {
      const existing = await findInboundByKey(tx, input.channel, input.dedupeKey);
      if (!existing) throw new Error(`inbound item ${input.channel}/${input.dedupeKey} conflicted but cannot be found`);
      return { item: existing, duplicate: true };
    }
    await enqueue(tx, INBOX_PROCESS_JOB, { itemId: stored.id });
    return { item: stored, duplicate: false };
  };
  return db.isTransaction ? store(db) : db.transaction().execute(store);
}
