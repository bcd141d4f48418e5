// Reading tickets for the API: the list with views and filters, and one ticket with its conversation.
import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { forbidden, notFound } from '../errors.ts';
import { activeStatuses } from './rules.ts';
import { isUnread, presentMessage, presentTicket } from './present.ts';
import { participantsWithState, presentParticipant } from './participants.ts';
import { replyRouteOf } from '../deliveries/reply-target.ts';
import type { Context } from '../context.ts';
import { parseSearchTerms } from '@frontline/shared';
import { matchCustomers, matchOrganizations, type CustomerRow } from '../customers/verbs.ts';
import { attachmentsOfMessages, attachmentsOfTicket, findMessagesById, recipientsOfMessages, recipientsOfTicket, countTickets, sortColumn, type MessageRow, type TicketRow, customerRefs, findTicket, listTicketRows, messagesOf, ticketsMergedInto, type TicketFilter, type TicketSearch, findTicketIdByNumber, lockTicket } from './store.ts';
import { views, type TicketListQuery } from './schemas.ts';

type ListQuery = Static<typeof TicketListQuery>;

/** The channels this node can deliver on (the node's registry): where a reply goes. */
type Channels = Pick<Context['channels'], 'get'>;

export type View = (typeof views)[number];

/** Mail a spam filter flagged (channels/email/classify.ts): kept, but out of the queues agents work from. */
export const SPAM_TAG = 'spam';

/** The latest time a Date holds: a wait since then or longer is any wait. */
const LATEST = new Date(8.64e15);

/**
 * The filter of a view as this principal sees it. `unansweredBefore`: a customer who has waited
 * since then or longer is on the Unanswered board (now less the desk's unansweredAfterMinutes);
 * without it, any wait counts.
 */
export function viewFilter(principal: Principal, view: View, unansweredBefore?: Date): Partial<TicketFilter> & Pick<TicketFilter, 'scope'> {
  const scope = { all: seesAllTickets(principal), agentId: principal.id, teamIds: principal.teamIds };
  switch (view) {
    case 'unassigned':
      return { scope, unassigned: true, statuses: activeStatuses, notTag: SPAM_TAG };
    case 'unanswered':
      return { scope, waitingSince: unansweredBefore ?? LATEST, statuses: activeStatuses, notTag: SPAM_TAG };
    case 'mine':
      return { scope, assigneeId: principal.id, statuses: activeStatuses };
    case 'team':
      // Tickets of the agent's own teams only.
      return { scope, inTeams: principal.teamIds, statuses: activeStatuses, notTag: SPAM_TAG };
    case 'open':
      return { scope, statuses: ['new', 'open'], notTag: SPAM_TAG };
    case 'pending':
      return { scope, statuses: ['pending'] };
    case 'solved':
      return { scope, statuses: ['solved'] };
    case 'spam':
      return { scope, tag: SPAM_TAG, statuses: activeStatuses };
    case 'all':
      return { scope };
  }
}

/** A search finds the tickets of at most this many customers and organizations (the closest ones). */
const SEARCH_CUSTOMERS = 50;
export const SEARCH_ORGANIZATIONS = 20;

/** What the typed text may mean: a ticket number to show first, and words, customers and organizations to match. */
export async function resolveSearch(db: Kysely<DB>, q: string): Promise<{ search: TicketSearch; ticketNumber: number | null }> {
  const terms = parseSearchTerms(q);
  const organizationIds = await matchOrganizations(db, terms, SEARCH_ORGANIZATIONS);
  const customerIds = await matchCustomers(db, terms, organizationIds, SEARCH_CUSTOMERS);
  return { search: { text: terms.text, customerIds, organizationIds }, ticketNumber: terms.ticketNumber };
}

export async function findTickets(db: Kysely<DB>, principal: Principal, query: ListQuery, unansweredBefore?: Date) {
  const sort = query.sort ?? '-updated';
  const limit = query.limit ?? 25;
  const view = viewFilter(principal, query.view ?? 'all', unansweredBefore);
  const q = query.q?.trim();
  const resolved = q ? await resolveSearch(db, q) : null;
  const filter: TicketFilter = {
    ...view,
    sort,
    limit,
    priority: query.priority,
    teamId: query.teamId,
    tag: query.tag?.toLowerCase() ?? view.tag,
    customerId: query.customerId,
    organizationId: query.organizationId,
    channel: query.channel,
    language: query.language,
    search: resolved?.search,
  };
  if (query.status) filter.statuses = query.status;
  if (query.assigneeId === 'none') filter.unassigned = true;
  else if (query.assigneeId !== undefined) filter.assigneeId = query.assigneeId;
  if (query.cursor) filter.after = sortColumn(sort) ? decodeCursor(query.cursor, ['timestamp', 'number']) : decodeCursor(query.cursor, ['number']);

  // A number typed is the ticket the agent means: it comes first on the first page, besides the
  // page's `limit` (when the view and filters hold it), and the rest of the list leaves it out.
  const numbered = resolved?.ticketNumber != null ? (await listTicketRows(db, { ...filter, search: undefined, after: undefined, number: resolved.ticketNumber, limit: 1 }, principal.id))[0] : undefined;
  if (numbered) filter.notId = numbered.id;
  const rows = await listTicketRows(db, filter, principal.id);
  const taken = rows.slice(0, limit);
  const page = numbered && !query.cursor ? [numbered, ...taken] : taken;
  const last = taken.at(-1);
  return {
    items: page.map((row) => ({
      ...presentTicket(row),
      customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email, unknownSender: row.customer_unknown_sender },
      unread: isUnread(row, row.read_at ?? undefined),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(sortColumn(sort) ? [last.sort_key ?? '', last.id] : [last.id]) : null,
  };
}

/** Counts beyond this are shown as "1000+": an exact count of a huge view costs more than it tells. */
export const COUNT_CAP = 1_000;

export async function countViews(db: Kysely<DB>, principal: Principal, unansweredBefore: Date) {
  const counts = {} as Record<View, number>;
  const capped: View[] = [];
  // Concurrent on PostgreSQL's pool; PGlite runs them one after another anyway.
  const found = await Promise.all(views.map((view) => countTickets(db, { ...viewFilter(principal, view, unansweredBefore), sort: '-updated', limit: 0 }, COUNT_CAP)));
  views.forEach((view, index) => {
    counts[view] = Math.min(found[index]!, COUNT_CAP);
    if (found[index]! > COUNT_CAP) capped.push(view);
  });
  return { ...counts, capped };
}

/** The ticket if the principal may see it: 404 when it does not exist, 403 when it is not theirs to see. */
export async function visibleTicket(db: Kysely<DB>, principal: Principal, id: number) {
  return seenBy(principal, id, await findTicket(db, id));
}

/** visibleTicket, read and locked until the transaction ends (to change it: the one read of it the change needs). */
export async function lockVisibleTicket(tx: Kysely<DB>, principal: Principal, id: number) {
  return seenBy(principal, id, await lockTicket(tx, id));
}

function seenBy(principal: Principal, id: number, ticket: TicketRow | undefined): TicketRow {
  if (!ticket) throw notFound('ticket_not_found', `There is no ticket ${id}.`);
  if (!canSeeTicket(principal, ticket)) throw forbidden(`Ticket #${ticket.number} belongs to a team you are not in.`);
  return ticket;
}

/** The ticket with its conversation and where a reply goes; `channels` tells which channels deliver (email alone without it). */
export async function ticketDetail(db: Kysely<DB>, principal: Principal, id: number, channels?: Channels) {
  const ticket = await visibleTicket(db, principal, id);
  const [messages, attachments, recipients, customer, email, participants, reply, mergedInto, mergedFrom] = await Promise.all([
    messagesOf(db, ticket.id, true),
    attachmentsOfTicket(db, ticket.id),
    recipientsOfTicket(db, ticket.id),
    db.selectFrom('customers').select(['id', 'name', 'unknown_sender']).where('id', '=', ticket.customer_id).executeTakeFirstOrThrow(),
    db.selectFrom('customer_identities').select('value').where('customer_id', '=', ticket.customer_id).where('kind', '=', 'email').orderBy('id').executeTakeFirst(),
    participantsWithState(db, ticket.id),
    replyRouteOf(db, ticket, channels),
    ticket.merged_into_id === null ? null : findTicket(db, ticket.merged_into_id),
    ticketsMergedInto(db, ticket.id),
  ]);
  return {
    ...presentTicket(ticket),
    customer: { id: customer.id, name: customer.name, email: email?.value ?? null, unknownSender: customer.unknown_sender },
    messages: messages.map((message) => presentMessage(message, attachments, recipients)),
    participants: participants.map(presentParticipant),
    replyTarget: reply.target,
    replyIssue: reply.issue,
    mergedInto: mergedInto ? { id: mergedInto.id, number: mergedInto.number, subject: mergedInto.subject } : null,
    mergedFrom,
  };
}

/**
 * ticketDetail of a ticket this transaction just opened with its one message, from what is in hand:
 * nothing else can be on it yet (no other message, attachment, recipient, participant or merge), so
 * only the customer and where a reply goes are read — 3 statements instead of 11 (docs/benchmarks.md, Write path).
 */
/** With `created`, the customer was created with the ticket (its row and all its emails in hand): nothing of it is read. */
export async function newTicketDetail(db: Kysely<DB>, ticket: TicketRow, message: MessageRow, channels?: Channels, created?: { customer: CustomerRow; emails: string[] }) {
  const [customer, reply] = await Promise.all([
    created ? { id: created.customer.id, name: created.customer.name, email: created.emails[0] ?? null, unknownSender: created.customer.unknown_sender } : customerRefs(db, [ticket.customer_id]).then((refs) => refs.get(ticket.customer_id)),
    replyRouteOf(db, ticket, channels, created?.emails),
  ]);
  if (!customer) throw notFound('customer_not_found', `There is no customer ${ticket.customer_id}.`);
  return {
    ...presentTicket(ticket),
    customer: { id: customer.id, name: customer.name, email: customer.email, unknownSender: customer.unknownSender },
    messages: [presentMessage(message, [], [])],
    participants: [],
    replyTarget: reply.target,
    replyIssue: reply.issue,
    mergedInto: null,
    mergedFrom: [],
  };
}

/** The ticket agents call #number, as ticketDetail shows it. */
export async function ticketDetailByNumber(db: Kysely<DB>, principal: Principal, number: number, channels?: Channels) {
  const id = await findTicketIdByNumber(db, number);
  if (id === undefined) throw notFound('ticket_not_found', `There is no ticket #${number}.`);
  return ticketDetail(db, principal, id, channels);
}

export type MessageView = ReturnType<typeof presentMessage>;

/** One message as its ticket's conversation shows it (its files and recipients), or undefined. */
export async function messageView(db: Kysely<DB>, id: number): Promise<MessageView | undefined> {
  return (await messageViews(db, [id])).get(id);
}

/** Several messages as messageView shows each, in three statements however many; missing ids are left out. */
export async function messageViews(db: Kysely<DB>, ids: number[]): Promise<Map<number, MessageView>> {
  if (ids.length === 0) return new Map();
  const messages = await findMessagesById(db, ids);
  const found = [...messages.keys()];
  if (found.length === 0) return new Map();
  const [attachments, recipients] = await Promise.all([attachmentsOfMessages(db, found), recipientsOfMessages(db, found)]);
  return new Map([...messages.values()].map((message) => [message.id, presentMessage(message, attachments, recipients)]));
}
