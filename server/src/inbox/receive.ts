// The first step of every inbound path: the item is stored exactly as received, and its processing
// job queued, in one transaction. Adapters acknowledge their sender only after this returns.
// Many items arriving together (a mail storm over many SMTP connections) are stored together:
// ReceiveBatcher gathers what arrives while one commit is in flight into the next commit.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { JOBS_CHANNEL } from '../jobs/queue.ts';
import { findInboundByKeys, insertInboundItems, type InboundItemSummary, type NewInboundItem } from './store.ts';

export const INBOX_PROCESS_JOB = 'inbox.process';
/**
 * Items of conversations held live (the website chat, Telegram, WhatsApp, VK) have a job kind of
 * their own, with its own slots (INBOX_CONVERSATION_CONCURRENCY): each is a handful of round trips,
 * not CPU, and a visitor waits on it, so it never queues behind a mail storm's parsing, nor the
 * other way round.
 */
export const INBOX_CONVERSATION_JOB = 'inbox.conversation';
const CONVERSATION_CHANNELS: ReadonlySet<string> = new Set(['chat', 'telegram', 'whatsapp', 'vk']);

/** The job kind that processes an item of this channel. */
export const inboxJobOf = (channel: string): string => (CONVERSATION_CHANNELS.has(channel) ? INBOX_CONVERSATION_JOB : INBOX_PROCESS_JOB);

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
  return (await receiveMany(db, [input]))[0]!;
}

/** Stores several items, with their jobs, in one statement; results in input order. Takes a connection or a transaction. */
export async function receiveMany(db: Kysely<DB>, inputs: ReceiveInput[]): Promise<Received[]> {
  if (inputs.length === 0) return [];
  const items: NewInboundItem[] = inputs.map((input) => ({
    channel: input.channel,
    dedupeKey: input.dedupeKey,
    raw: input.raw,
    meta: input.meta ?? {},
    sender: input.sender ?? null,
    receivedAt: input.receivedAt,
  }));
  const kinds = new Map<string, NewInboundItem[]>();
  for (const item of items) {
    const kind = inboxJobOf(item.channel);
    if (!kinds.has(kind)) kinds.set(kind, []);
    kinds.get(kind)!.push(item);
  }
  const stored: InboundItemSummary[] = [];
  for (const [kind, group] of kinds) stored.push(...(await insertInboundItems(db, group, kind, JOBS_CHANNEL)));
  const key = (channel: string, dedupeKey: string) => `${channel}\u0000${dedupeKey}`;
  const fresh = new Map(stored.map((row) => [key(row.channel, row.dedupe_key), row]));
  const missing = items.filter((item) => !fresh.has(key(item.channel, item.dedupeKey)));
  const existing = new Map((await findInboundByKeys(db, missing)).map((row) => [key(row.channel, row.dedupe_key), row]));
  const claimed = new Set<number>();
  return items.map((item) => {
    const own = fresh.get(key(item.channel, item.dedupeKey));
    // The first of several equal items in one batch is the new one; the others are duplicates.
    if (own && !claimed.has(own.id)) {
      claimed.add(own.id);
      return { item: own, duplicate: false };
    }
    const found = own ?? existing.get(key(item.channel, item.dedupeKey));
    if (!found) throw new Error(`inbound item ${item.channel}/${item.dedupeKey} conflicted but cannot be found`);
    return { item: found, duplicate: true };
  });
}

/**
 * Group commit for receivers with many concurrent senders: calls made while a commit is in flight
 * are stored together in the next one, so a storm costs one transaction per batch, not per item,
 * and a lone item is stored at once.
 */
export class ReceiveBatcher {
  private queue: Array<{ input: ReceiveInput; resolve: (received: Received) => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly maxBatch = 200,
  ) {}

  receive(input: ReceiveInput): Promise<Received> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await receiveMany(this.db, batch.map((entry) => entry.input));
          batch.forEach((entry, index) => entry.resolve(results[index]!));
        } catch (error) {
          batch.forEach((entry) => entry.reject(error));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
