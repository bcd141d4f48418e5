// Reading tickets for the API: the list with views and filters, and one ticket with its conversation.
import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { activeStatuses } from './rules.ts';
import { presentMessage, presentTicket } from './present.ts';
import { attachmentsOfTicket, findTicket, listTickets, messagesOf, type TicketFilter } from './store.ts';
import type { TicketListQuery } from './schemas.ts';

type ListQuery = Static<typeof TicketListQuery>;

export async function findTickets(db: Kysely<DB>, principal: Principal, query: ListQuery) {
  const sort = query.sort ?? '-updated';
  const limit = query.limit ?? 25;
  const filter: TicketFilter = {
    scope: { all: seesAllTickets(principal), agentId: principal.id, teamIds: principal.teamIds },
    sort,
    limit,
    priority: query.priority,
    teamId: query.teamId,
    tag: query.tag?.toLowerCase(),
    customerId: query.customerId,
    channel: query.channel,
    language: query.language,
    q: query.q?.trim() || undefined,
  };
  switch (query.view ?? 'all') {
    case 'unassigned':
      Object.assign(filter, { unassigned: true, statuses: activeStatuses });
      break;
    case 'mine':
      Object.assign(filter, { assigneeId: principal.id, statuses: activeStatuses });
      break;
    case 'team':
      // Tickets of the agent's teams: narrows the scope to those teams only.
      Object.assign(filter, { scope: { all: false, agentId: -1, teamIds: principal.teamIds }, statuses: activeStatuses });
      break;
    case 'open':
      filter.statuses = ['new', 'open'];
      break;
    case 'pending':
      filter.statuses = ['pending'];
      break;
    case 'solved':
      filter.statuses = ['solved'];
      break;
  }
  if (query.status) filter.statuses = query.status;
  if (query.assigneeId === 'none') filter.unassigned = true;
  else if (query.assigneeId !== undefined) filter.assigneeId = query.assigneeId;
  if (query.cursor) filter.after = sort.endsWith('updated') ? decodeCursor(query.cursor, ['string', 'number']) : decodeCursor(query.cursor, ['number']);

  const rows = await listTickets(db, filter);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...presentTicket(row), customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email } })),
    nextCursor: rows.length > limit && last ? encodeCursor(sort.endsWith('updated') ? [last.updated_key, last.id] : [last.id]) : null,
  };
}

/** The ticket if the principal may see it: 404 when it does not exist, 403 when it is not theirs to see. */
export async function visibleTicket(db: Kysely<DB>, principal: Principal, id: number) {
  const ticket = await findTicket(db, id);
  if (!ticket) throw notFound('ticket_not_found', `There is no ticket ${id}.`);
  if (!canSeeTicket(principal, ticket)) throw forbidden(`Ticket #${ticket.number} belongs to a team you are not in.`);
  return ticket;
}

export async function ticketDetail(db: Kysely<DB>, principal: Principal, id: number) {
  const ticket = await visibleTicket(db, principal, id);
  const [messages, attachments, customer, email] = await Promise.all([
    messagesOf(db, ticket.id, true),
    attachmentsOfTicket(db, ticket.id),
    db.selectFrom('customers').select(['id', 'name']).where('id', '=', ticket.customer_id).executeTakeFirstOrThrow(),
    db.selectFrom('customer_identities').select('value').where('customer_id', '=', ticket.customer_id).where('kind', '=', 'email').orderBy('id').executeTakeFirst(),
  ]);
  return {
    ...presentTicket(ticket),
    customer: { id: customer.id, name: customer.name, email: email?.value ?? null },
    messages: messages.map((message) => presentMessage(message, attachments)),
  };
}
