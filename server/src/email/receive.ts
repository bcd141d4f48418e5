// The first step for every email, from the SMTP receiver and the IMAP poller alike: store the raw
// bytes (deduplicated by their hash) and queue their processing, before the sender is told "got it".
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import addressparser from 'nodemailer/lib/addressparser';
import type { DB } from '../db/tables.ts';
import { receiveRaw, type Received, type ReceiveInput } from '../inbox/receive.ts';
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
    sender: senderOf(raw),
  };
}

/** The From address, read cheaply from the header block (the full parse happens in the job). */
export function senderOf(raw: Buffer): string | null {
  const end = raw.indexOf('\n\n') === -1 ? raw.indexOf('\r\n\r\n') : Math.min(raw.indexOf('\n\n'), raw.indexOf('\r\n\r\n') === -1 ? Infinity : raw.indexOf('\r\n\r\n'));
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = /^from:(.*)$/im.exec(head)?.[1];
  if (!line) return null;
  const found = addressparser(line, { flatten: true }).find((entry) => 'address' in entry && entry.address?.includes('@'));
  return found && 'address' in found && found.address ? found.address.trim().toLowerCase().slice(0, 320) : null;
}
