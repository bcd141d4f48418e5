// The webhook's one verb: a call event from an integration's token, stored raw (with its process
// job) before it is acknowledged. The same event of the same call twice is stored once.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { unauthenticated, invalidInput } from '../../errors.ts';
import { receiveRaw } from '../../inbox/receive.ts';
import { normalizeIdentity } from '../../customers/identity.ts';
import type { CallEvent } from './schemas.ts';
import { integrationOfToken } from './integrations.ts';

export async function receiveCallEvent(db: Kysely<DB>, token: string, event: CallEvent, now: Date): Promise<{ duplicate: boolean }> {
  const integration = await integrationOfToken(db, token);
  if (!integration) throw unauthenticated('This webhook token is unknown, rotated or its integration is switched off.');
  if (event.recordingUrl !== undefined && !isWebLink(event.recordingUrl)) throw invalidInput('invalid_recording_url', '"recordingUrl" must be an http or https link.');
  if (event.at !== undefined && Number.isNaN(Date.parse(event.at))) throw invalidInput('invalid_time', '"at" must be a date and time (RFC 3339).');
  const received = await receiveRaw(db, {
    channel: 'phone',
    dedupeKey: `${integration.id}:${event.callId}:${event.event}`,
    raw: new TextEncoder().encode(JSON.stringify(event)),
    meta: { integrationId: integration.id },
    sender: normalizeIdentity('phone', event.direction === 'inbound' ? event.from : event.to),
    receivedAt: now,
  });
  return { duplicate: received.duplicate };
}

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
