// What a live event does to the tickets the app holds, as pure functions: which lists a ticket
// belongs in (the server's view rules, tickets/queries.ts, mirrored), where it goes by the list's
// order, how the counts move, and what the open ticket shows. live/cache-sync.ts applies them.
import type { EventPayload, LiveEvent, TicketChanges, TicketRowState, TicketView } from '@frontline/shared';
import type { Counts, Me, Message, Page, Ticket, TicketDetail, View } from '../api/types';
import { views } from '../api/types';

export type Viewer = Pick<Me, 'id' | 'role' | 'teamIds'>;

/** What a list asks for: a view and the inbox's filters, or a customer's or organization's tickets. */
export interface ListFilters {
  view: View;
  status?: string | undefined;
  priority?: string | undefined;
  channel?: string | undefined;
  teamId?: string | number | undefined;
  assigneeId?: string | number | undefined;
  tag?: string | undefined;
  language?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  customerId?: number | undefined;
  organizationId?: number | undefined;
}

/** The fields list membership reads; a field left out is not known (a message event lacks some). */
export type Facts = Partial<Pick<TicketView, 'status' | 'priority' | 'channel' | 'teamId' | 'assigneeId' | 'tags' | 'language' | 'customerId' | 'organizationId'>>;

/** Yes, no, or cannot tell from what is known (then the list is asked again). */
export type Verdict = boolean | 'unknown';

const SPAM_TAG = 'spam';
const activeStatuses = ['new', 'open', 'pending', 'on_hold'];

const and = (...verdicts: Verdict[]): Verdict => (verdicts.includes(false) ? false : verdicts.includes('unknown') ? 'unknown' : true);
const or = (...verdicts: Verdict[]): Verdict => (verdicts.includes(true) ? true : verdicts.includes('unknown') ? 'unknown' : false);
/** A test of one fact: unknown when the fact is. */
const test = <K extends keyof Facts>(facts: Facts, key: K, holds: (value: NonNullable<Facts[K]> | null) => boolean): Verdict =>
  facts[key] === undefined ? 'unknown' : holds(facts[key] as NonNullable<Facts[K]> | null);

const seesAll = (viewer: Viewer) => viewer.role === 'admin' || viewer.role === 'supervisor';

/** Whether the agent may see the ticket (auth/policy.ts canSeeTicket). */
export function canSee(viewer: Viewer, facts: Facts): Verdict {
  if (seesAll(viewer)) return true;
  return or(
    test(facts, 'teamId', (team) => team === null || viewer.teamIds.includes(team)),
    test(facts, 'assigneeId', (assignee) => assignee === viewer.id),
  );
}

const inStatuses = (facts: Facts, statuses: readonly string[]) => test(facts, 'status', (status) => status !== null && statuses.includes(status));
const hasTag = (facts: Facts, tag: string) => test(facts, 'tags', (tags) => !!tags && tags.includes(tag));
const notSpam = (facts: Facts) => test(facts, 'tags', (tags) => !tags || !tags.includes(SPAM_TAG));

/** The view's own rule, with the statuses apart (a status filter replaces them). */
function viewRule(viewer: Viewer, view: View, facts: Facts): { rule: Verdict; statuses: readonly string[] | null; spamTag: boolean } {
  switch (view) {
    case 'unassigned':
      return { rule: and(test(facts, 'assigneeId', (a) => a === null), notSpam(facts)), statuses: activeStatuses, spamTag: false };
    case 'unanswered':
      // How long the customer has waited against the desk's setting is the server's to say: asked again.
      return { rule: and(notSpam(facts), 'unknown'), statuses: activeStatuses, spamTag: false };
    case 'mine':
      return { rule: test(facts, 'assigneeId', (a) => a === viewer.id), statuses: activeStatuses, spamTag: false };
    case 'team':
      return { rule: and(test(facts, 'teamId', (team) => team !== null && viewer.teamIds.includes(team)), notSpam(facts)), statuses: activeStatuses, spamTag: false };
    case 'open':
      return { rule: notSpam(facts), statuses: ['new', 'open'], spamTag: false };
    case 'pending':
      return { rule: true, statuses: ['pending'], spamTag: false };
    case 'solved':
      return { rule: true, statuses: ['solved'], spamTag: false };
    case 'spam':
      return { rule: true, statuses: activeStatuses, spamTag: true };
    case 'all':
      return { rule: true, statuses: null, spamTag: false };
  }
}

/** Whether a ticket is in a view, filters aside (what the sidebar counts). */
export function inView(viewer: Viewer, view: View, facts: Facts): Verdict {
  const { rule, statuses, spamTag } = viewRule(viewer, view, facts);
  return and(canSee(viewer, facts), rule, statuses ? inStatuses(facts, statuses) : true, spamTag ? hasTag(facts, SPAM_TAG) : true);
}

/**
 * Whether a ticket belongs in a list (tickets/queries.ts findTickets): its view's rule, where a
 * status filter replaces the view's statuses and a tag filter its tag. A text search cannot be
 * decided here: 'unknown'.
 */
export function inList(viewer: Viewer, filters: ListFilters, facts: Facts): Verdict {
  if (filters.q?.trim()) return 'unknown';
  const { rule, statuses, spamTag } = viewRule(viewer, filters.view, facts);
  const wanted = filters.status ? filters.status.split(',').filter(Boolean) : statuses;
  const tag = filters.tag?.toLowerCase() ?? (spamTag ? SPAM_TAG : undefined);
  const number = (value: string | number) => Number(value);
  return and(
    canSee(viewer, facts),
    rule,
    wanted ? inStatuses(facts, wanted) : true,
    tag ? hasTag(facts, tag) : true,
    filters.priority ? test(facts, 'priority', (p) => p === filters.priority) : true,
    filters.channel ? test(facts, 'channel', (c) => c === filters.channel) : true,
    filters.language ? test(facts, 'language', (l) => l === filters.language) : true,
    filters.teamId !== undefined && filters.teamId !== '' ? test(facts, 'teamId', (team) => team === number(filters.teamId!)) : true,
    filters.assigneeId === 'none'
      ? test(facts, 'assigneeId', (a) => a === null)
      : filters.assigneeId !== undefined && filters.assigneeId !== ''
        ? test(facts, 'assigneeId', (a) => a === number(filters.assigneeId!))
        : true,
    filters.customerId !== undefined ? test(facts, 'customerId', (c) => c === filters.customerId) : true,
    filters.organizationId !== undefined ? test(facts, 'organizationId', (o) => o === filters.organizationId) : true,
  );
}

/** The filters of a cached list from its query key: ['tickets', 'list', filters] or ['tickets', 'list', 'people', filter]. */
export function filtersOfKey(queryKey: readonly unknown[]): ListFilters | null {
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (queryKey[2] === 'people' && isObject(queryKey[3])) return { ...(queryKey[3] as Pick<ListFilters, 'customerId' | 'organizationId'>), view: 'all', sort: '-created' };
  if (isObject(queryKey[2]) && typeof queryKey[2].view === 'string') return queryKey[2] as unknown as ListFilters;
  return null;
}

type Sortable = Pick<Ticket, 'id' | 'updatedAt'> & Partial<Pick<Ticket, 'customerWaitingSince'>>;

/** Whether `a` comes before `b` in a list of this order (the server's ORDER BY, ties by id). */
export function comesBefore(sort: string | undefined, a: Sortable, b: Sortable): boolean {
  const order = sort ?? '-updated';
  const descending = order.startsWith('-');
  let cmp = 0;
  if (order.endsWith('updated')) cmp = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  // The longest wait first (a customer who no longer waits sorts last until the list is asked again).
  if (order === 'waiting') cmp = waitedSince(a) - waitedSince(b);
  if (cmp === 0) cmp = a.id - b.id;
  return descending ? cmp > 0 : cmp < 0;
}

const waitedSince = (ticket: Sortable) => (ticket.customerWaitingSince ? Date.parse(ticket.customerWaitingSince) : Number.MAX_SAFE_INTEGER);

export interface ListData {
  pages: Page<Ticket>[];
  pageParams: unknown[];
}

/** The list without the ticket; the same object when it was not there. */
export function withoutRow(data: ListData, id: number): ListData {
  if (!data.pages.some((page) => page.items.some((item) => item.id === id))) return data;
  return { ...data, pages: data.pages.map((page) => (page.items.some((item) => item.id === id) ? { ...page, items: page.items.filter((item) => item.id !== id) } : page)) };
}

/**
 * The list with the row in its place by the list's order, once (an older copy goes). A row that
 * sorts after every loaded row while more pages wait is left to come with its page.
 */
export function placeRow(data: ListData, row: Ticket, sort: string | undefined): ListData {
  const rest = withoutRow(data, row.id);
  const pages = rest.pages.map((page) => ({ ...page, items: [...page.items] }));
  for (const page of pages) {
    const index = page.items.findIndex((item) => comesBefore(sort, row, item));
    if (index >= 0) {
      page.items.splice(index, 0, row);
      return { ...rest, pages };
    }
  }
  const last = pages.at(-1);
  if (!last || last.nextCursor !== null) return rest;
  last.items.push(row);
  return { ...rest, pages };
}

/** A ticket's row in a list, if it is there. */
export const rowIn = (data: ListData, id: number): Ticket | undefined => {
  for (const page of data.pages) {
    const found = page.items.find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
};

const rowStateOf = (state: TicketRowState): TicketRowState => ({
  status: state.status,
  updatedAt: state.updatedAt,
  lastMessagePreview: state.lastMessagePreview,
  lastMessageAuthor: state.lastMessageAuthor,
  lastCustomerMessageAt: state.lastCustomerMessageAt,
  customerWaitingSince: state.customerWaitingSince,
});

const viewFields = (view: TicketView) => ({
  ...rowStateOf(view),
  number: view.number,
  subject: view.subject,
  priority: view.priority,
  channel: view.channel,
  teamId: view.teamId,
  assigneeId: view.assigneeId,
  customerId: view.customerId,
  organizationId: view.organizationId,
  tags: view.tags,
  language: view.language,
});

/** Unread again when the customer wrote since (the server's isUnread, from what changed). */
const unreadAfter = (old: Pick<Ticket, 'unread' | 'lastCustomerMessageAt'>, lastCustomerMessageAt: string | null) =>
  old.unread || (lastCustomerMessageAt !== null && lastCustomerMessageAt !== old.lastCustomerMessageAt);

/** The row of a ticket just opened, wholly from its event. */
export function rowOfCreated(event: LiveEvent<'ticket.created'>, email: string | null = null): Ticket {
  const p = event.payload;
  return {
    id: event.ticketId,
    ...viewFields(p),
    linkedTicketId: null,
    createdAt: p.updatedAt,
    firstResponseAt: null,
    lastAgentMessageAt: p.lastMessageAuthor === 'agent' ? p.updatedAt : null,
    solvedAt: null,
    closedAt: null,
    mailboxId: null,
    mergedIntoId: null,
    customer: { id: p.customerId, name: p.customer.name, email, unknownSender: p.customer.unknownSender },
    unread: p.lastCustomerMessageAt !== null,
  };
}

/** A known row (or the open ticket) as a ticket.updated leaves it. */
export function updatedRow<T extends Ticket | TicketDetail>(old: T, payload: EventPayload<'ticket.updated'>): T {
  const next = { ...old, ...viewFields(payload) };
  if ('unread' in old) {
    (next as Ticket).unread = unreadAfter(old as Ticket, payload.lastCustomerMessageAt);
    // A row says it was merged at once; the open ticket learns it (and where to) when it is read
    // again, so the screen that merged it moves on to the target first.
    if (payload.changes.mergedIntoId) next.mergedIntoId = payload.changes.mergedIntoId[1];
  }
  return next;
}

/** A known row (or the open ticket) after a message: its last word, times and status. */
export function messagedRow<T extends Ticket | TicketDetail>(old: T, payload: EventPayload<'message.created'>): T {
  const next = { ...old, ...rowStateOf(payload), teamId: payload.teamId, assigneeId: payload.assigneeId };
  if ('unread' in old) (next as Ticket).unread = unreadAfter(old as Ticket, payload.lastCustomerMessageAt);
  if (!payload.internal && payload.direction === 'outbound' && !payload.automatic) next.lastAgentMessageAt = payload.updatedAt;
  return next;
}

/** What an event tells about a ticket's list membership. */
export function factsOf(event: LiveEvent): Facts | null {
  switch (event.type) {
    case 'ticket.created':
    case 'ticket.updated': {
      const { status, priority, channel, teamId, assigneeId, tags, language, customerId, organizationId } = event.payload;
      return { status, priority, channel, teamId, assigneeId, tags, language, customerId, organizationId };
    }
    case 'message.created':
      // The message's channel is not always the ticket's: left out.
      return { status: event.payload.status, teamId: event.payload.teamId, assigneeId: event.payload.assigneeId };
    default:
      return null;
  }
}

/** The facts of a ticket before a ticket.updated, from its `changes`. */
export function factsBefore(after: Facts, changes: TicketChanges): Facts {
  const before = { ...after };
  if (changes.status) before.status = changes.status[0];
  if (changes.priority) before.priority = changes.priority[0];
  if (changes.teamId) before.teamId = changes.teamId[0];
  if (changes.assigneeId) before.assigneeId = changes.assigneeId[0];
  if (changes.tags) before.tags = changes.tags[0];
  if (changes.language) before.language = changes.language[0];
  return before;
}

/**
 * The sidebar counts after an event, or null when they cannot be told from it (then they are
 * asked again). A view whose count is at the cap stays as it is.
 */
export function countsAfter(counts: Counts, viewer: Viewer, event: LiveEvent): Counts | null {
  let before: Facts | null;
  let after: Facts;
  if (event.type === 'ticket.created') {
    before = null;
    after = factsOf(event)!;
  } else if (event.type === 'ticket.updated') {
    after = factsOf(event)!;
    before = factsBefore(after, event.payload.changes);
  } else return counts;
  const next = { ...counts };
  for (const view of views) {
    // The Unanswered board fills as time passes, not by events: its count is the server's (asked every minute and after answers).
    if (view === 'unanswered') continue;
    const was = before ? inView(viewer, view, before) : false;
    const is = inView(viewer, view, after);
    if (was === 'unknown' || is === 'unknown') return null;
    if (was === is || counts.capped.includes(view)) continue;
    next[view] = Math.max(0, counts[view] + (is ? 1 : -1));
  }
  return next;
}

/** The open ticket with a delivery's outcome on its message. */
export function deliveredDetail(detail: TicketDetail, event: LiveEvent<'message.sent' | 'message.failed' | 'message.requeued' | 'message.delivered'>): TicketDetail {
  const { messageId } = event.payload;
  if (!detail.messages.some((message) => message.id === messageId)) return detail;
  const status = event.type === 'message.sent' ? 'sent' : event.type === 'message.failed' ? 'failed' : event.type === 'message.delivered' ? 'delivered' : 'queued';
  const error = event.type === 'message.requeued' || event.type === 'message.delivered' ? null : (event.payload.error ?? null);
  return { ...detail, messages: detail.messages.map((message) => (message.id === messageId ? { ...message, deliveryStatus: status, deliveryError: error } : message)) };
}

/** The open ticket with one message in its conversation, once, in time order (then by id, as the server orders them). */
export function withMessage(detail: TicketDetail, message: Message): TicketDetail {
  const rest = detail.messages.filter((held) => held.id !== message.id);
  const at = (m: Message) => Date.parse(m.createdAt);
  const index = rest.findIndex((held) => at(held) > at(message) || (at(held) === at(message) && held.id > message.id));
  const messages = index < 0 ? [...rest, message] : [...rest.slice(0, index), message, ...rest.slice(index)];
  return { ...detail, messages };
}
