// The first step for every email, from the SMTP receiver and the IMAP poller alike: store the raw
// bytes (deduplicated by their hash) and queue their processing, before the sender is told "got it".
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import addressparser from 'nodemailer/lib/addressparser';
import type { DB } from '../../db/tables.ts';
import { receiveRaw, type Received, type ReceiveInput } from '../../inbox/receive.ts';
import { EMAIL_CHANNEL, type EmailMeta } from './inbound.ts';

export function receiveEmail(db: Kysely<DB>, raw: Buffer, meta: EmailMeta): Promise<Received> {
  return receiveRaw(db, emailInput(raw, meta));
}

/** What the raw inbox stores for an email: its bytes, deduplicated by their hash, and its sender. */
export function emailInput(raw: Buffer, meta: EmailMeta): ReceiveInput {
  return {
    channel: EMAIL_CHANNEL,
    dedupeKey: crypto.createHash('sha256').update(raw).digest('hex'),
    raw,
    meta: { ...meta },
    sender: storedSenderOf(raw, meta.mailFrom),
  };
}

/**
 * The sender, read cheaply from the header block (the full parse happens in the job), in the order
 * sender.ts falls back: the first From with an address, Reply-To, Sender, the envelope, Return-Path.
 */
export function storedSenderOf(raw: Buffer, mailFrom: string | undefined): string | null {
  const end = raw.indexOf('\n\n') === -1 ? raw.indexOf('\r\n\r\n') : Math.min(raw.indexOf('\n\n'), raw.indexOf('\r\n\r\n') === -1 ? Infinity : raw.indexOf('\r\n\r\n'));
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const lines = (name: string) => [...head.matchAll(new RegExp(`^${name}:(.*)$`, 'gim'))].map((match) => match[1]!);
  for (const line of [...lines('from'), ...lines('reply-to'), ...lines('sender'), ...(mailFrom ? [mailFrom] : []), ...lines('return-path')]) {
    const found = addressparser(line, { flatten: true }).find((entry) => 'address' in entry && /^[^@\s]+@[^@\s]+$/.test(entry.address?.trim() ?? ''));
    if (found && 'address' in found && found.address) return found.address.trim().toLowerCase().slice(0, 320);
  }
  return null;
}
