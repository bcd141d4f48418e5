// What channels may ask of the outbound pipeline directly: finding their sent message by the
// provider's id, and recording the provider's report that it was delivered (message.delivered, so
// open tickets show it at once). A failure a provider reports later goes through the
// message.bounced event (on-events.ts recordBounce).
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { appendEvent } from '../events/append.ts';
import { markDeliveredMessage } from './store.ts';

export { outboundByExternalId } from './store.ts';

/** Marks a sent outbound message delivered; false when it is not one (already failed, not outbound). */
export async function markDelivered(tx: Kysely<DB>, messageId: number, channel: string): Promise<boolean> {
  const updated = await markDeliveredMessage(tx, messageId);
  if (!updated) return false;
  await appendEvent(tx, { type: 'message.delivered', ticketId: updated.ticket_id, payload: { messageId, channel } });
  return true;
}
