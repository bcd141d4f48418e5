// SQL for the outbound pipeline. It owns the delivery columns of messages (status, error, attempts,
// sent_at, external_id); the tickets feature writes everything else about a message.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';

/** A message with what delivering it needs to know about its ticket and author. */
export const loadDelivery = (db: Kysely<DB>, messageId: number) =>
  db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .leftJoin('agents', 'agents.id', 'messages.author_agent_id')
    .select([
      'messages.id',
      'messages.ticket_id',
      'messages.body_text',
      'messages.body_html',
      'messages.channel',
      'messages.internal',
      'messages.direction',
      'messages.delivery_status',
      'messages.delivery_attempts',
      'tickets.number as ticket_number',
      'tickets.subject',
      'tickets.customer_id',
      'tickets.team_id',
      'tickets.assignee_id',
      'agents.id as agent_id',
      'agents.alias as agent_alias',
      'agents.signature as agent_signature',
    ])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();

export type DeliveryRow = NonNullable<Awaited<ReturnType<typeof loadDelivery>>>;

export const identitiesOf = (db: Kysely<DB>, customerId: number) =>
  db.selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customerId).orderBy('id').execute();

const deliveryColumns = ['id', 'ticket_id', 'channel', 'delivery_status', 'delivery_error', 'delivery_attempts', 'sent_at', 'external_id'] as const;

/** Undefined when the message is no longer queued (another attempt settled it). */
export const markSent = (tx: Kysely<DB>, id: number, externalId: string | null, now: Date) =>
  tx
    .updateTable('messages')
    .set((eb) => ({ delivery_status: 'sent', delivery_error: null, delivery_attempts: eb('delivery_attempts', '+', 1), sent_at: now, external_id: externalId }))
    .where('id', '=', id)
    .where('delivery_status', '=', 'queued')
    .returning(deliveryColumns)
    .executeTakeFirst();

/** Counts a failed attempt; `final` gives up on the message. Undefined when it is no longer queued. */
export const markAttemptFailed = (tx: Kysely<DB>, id: number, error: string, final: boolean) =>
  tx
    .updateTable('messages')
    .set((eb) => ({ delivery_error: error, delivery_attempts: eb('delivery_attempts', '+', 1), ...(final && { delivery_status: 'failed' }) }))
    .where('id', '=', id)
    .where('delivery_status', '=', 'queued')
    .returning(deliveryColumns)
    .executeTakeFirst();

/** A bounce reported that an outbound message did not arrive, whatever its state was; undefined for no outbound message. */
export const markBouncedMessage = (tx: Kysely<DB>, id: number, reason: string) =>
  tx
    .updateTable('messages')
    .set({ delivery_status: 'failed', delivery_error: reason })
    .where('id', '=', id)
    .where('direction', '=', 'outbound')
    .returning(['id', 'channel'])
    .executeTakeFirst();

/** A failed message goes back to the queue; undefined unless it was failed. */
export const requeueFailed = (tx: Kysely<DB>, id: number) =>
  tx
    .updateTable('messages')
    .set({ delivery_status: 'queued', delivery_error: null })
    .where('id', '=', id)
    .where('delivery_status', '=', 'failed')
    .returning(deliveryColumns)
    .executeTakeFirst();

export const findDeliveryState = (db: Kysely<DB>, id: number) =>
  db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select(['messages.id', 'messages.delivery_status', 'tickets.team_id', 'tickets.assignee_id'])
    .where('messages.id', '=', id)
    .executeTakeFirst();
