// SQL for the Failed deliveries view (replies and acknowledgements whose delivery failed, in the
// scope of the agent asking) and for where a reply goes (the customer's email addresses).
import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../db/tables.ts';
import { anyOf } from '../db/bulk.ts';
import type { TicketScope } from '../tickets/verbs.ts';

export const emailsOfCustomer = async (db: Kysely<DB>, customerId: number): Promise<string[]> =>
  (await db.selectFrom('customer_identities').select('value').where('customer_id', '=', customerId).where('kind', '=', 'email').orderBy('id').execute()).map((row) => row.value);

/** Failed outbound messages on tickets the scope covers (the partial index messages_failed_idx serves it). */
const failedIn = (scope: TicketScope) => (eb: ExpressionBuilder<DB, 'messages' | 'tickets'>) => {
  const where = [eb('messages.delivery_status', '=', 'failed')];
  if (!scope.all) {
    const visible = [eb('tickets.team_id', 'is', null), eb('tickets.assignee_id', '=', scope.agentId)];
    if (scope.teamIds.length) visible.push(eb('tickets.team_id', '=', anyOf(scope.teamIds, 'bigint')));
    where.push(eb.or(visible));
  }
  return eb.and(where);
};

/** A page of failed deliveries, newest failure first; `after` is the last row's [failed_at as text, id]. */
export function listFailed(db: Kysely<DB>, scope: TicketScope, limit: number, after?: readonly (string | number)[]) {
  let query = db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .select([
      'messages.id',
      'messages.ticket_id',
      'messages.channel',
      'messages.author_agent_id',
      'messages.delivery_error',
      'messages.delivery_attempts',
      'messages.delivery_failed_at',
      'messages.created_at',
      'tickets.number as ticket_number',
      'tickets.subject',
      'tickets.team_id',
      'tickets.assignee_id',
      'customers.id as customer_id',
      'customers.name as customer_name',
    ])
    .select(sql<string>`messages.delivery_failed_at::text`.as('failed_key'))
    .where(failedIn(scope));
  if (after) query = query.where(sql<SqlBool>`(messages.delivery_failed_at, messages.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  return query.orderBy('messages.delivery_failed_at', 'desc').orderBy('messages.id', 'desc').limit(limit + 1).execute();
}

export type FailedRow = Awaited<ReturnType<typeof listFailed>>[number];

/** How many failed deliveries the scope covers, counting at most `cap`. */
export async function countFailed(db: Kysely<DB>, scope: TicketScope, cap: number): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb.selectFrom('messages').innerJoin('tickets', 'tickets.id', 'messages.ticket_id').select(sql`1`.as('one')).where(failedIn(scope)).limit(cap + 1).as('hits'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The recipients of these messages, for the view's rows. */
export const recipientsOfMessages = (db: Kysely<DB>, messageIds: number[]) =>
  messageIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('message_recipients')
        .select(['message_id', 'address', 'name', 'kind', 'status', 'response', 'attempts', 'answered_at'])
        .where('message_id', '=', anyOf(messageIds, 'bigint'))
        .orderBy('message_id')
        .orderBy('kind', 'desc')
        .orderBy('position')
        .execute();

/** Each of these messages with its ticket's scope, for "send again" on several at once. */
export const deliveryStates = (db: Kysely<DB>, messageIds: number[]) =>
  db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select(['messages.id', 'messages.delivery_status', 'tickets.team_id', 'tickets.assignee_id'])
    .where('messages.id', '=', anyOf(messageIds, 'bigint'))
    .execute();
