// The phone channel's adapter: turns a stored call event (the JSON the webhook took) into what it
// means for tickets (calls.ts). Calls are records, never delivered: phone is a recorded channel.
import { TextDecoder } from 'node:util';
import type { Kysely } from 'kysely';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { ChannelAdapter, InboundItem, ProcessedInbound } from '../registry.ts';
import { idIn } from '../../jobs/payload.ts';
import { StoredCallEvent, type CallEvent } from './schemas.ts';
import { findIntegration } from './store.ts';
import { handleCallEvent } from './calls.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const checkStored = TypeCompiler.Compile(StoredCallEvent);

/** The call event of a stored item; throws (the item fails, visible and retryable) when it is not one. */
export function parseStoredCall(raw: Uint8Array): CallEvent {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch (error) {
    throw new Error(`phone: the item is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (!checkStored.Check(value)) {
    const first = checkStored.Errors(value).First();
    throw new Error(`phone: the item is not a call event (${first ? `${first.path || '/'}: ${first.message}` : 'invalid'})`);
  }
  if (value.at !== undefined && Number.isNaN(Date.parse(value.at))) throw new Error('phone: "at" is not a time');
  return value as CallEvent;
}

export class PhoneChannel implements ChannelAdapter {
  readonly channel = 'phone';

  async process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    const event = parseStoredCall(item.raw);
    const integration = await findIntegration(tx, idIn(item.meta, 'integrationId'));
    if (!integration) return { ticketId: null, messageId: null, outcome: 'ignored', note: 'the phone integration was deleted' };
    return handleCallEvent(tx, { integration, event, itemId: item.id, now: ctx.clock.now() });
  }
}
