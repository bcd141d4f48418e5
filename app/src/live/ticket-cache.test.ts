import { describe, expect, it } from 'vitest';
import type { Counts, Message, Ticket, TicketDetail } from '../api/types';
import { buildMessageCreated, buildTicketCreated, buildTicketUpdated } from './build-events';
import {
  canSee,
  comesBefore,
  countsAfter,
  deliveredDetail,
  factsOf,
  filtersOfKey,
  inList,
  inView,
  messagedRow,
  placeRow,
  rowOfCreated,
  updatedRow,
  withMessage,
  withoutRow,
  type Facts,
  type ListData,
} from './ticket-cache';

const agent = { id: 5, role: 'agent' as const, teamIds: [2] };
const admin = { id: 1, role: 'admin' as const, teamIds: [] };
const facts = (over: Facts = {}): Facts => ({ status: 'new', priority: 'normal', channel: 'email', teamId: null, assigneeId: null, tags: [], language: 'en', customerId: 4, organizationId: null, ...over });

const row = (id: number, updatedAt: string, over: Partial<Ticket> = {}): Ticket => ({
  ...rowOfCreated(buildTicketCreated({ number: 1000 + id, updatedAt }, { ticketId: id })),
  ...over,
});
const list = (pages: Ticket[][], more = false): ListData => ({
  pages: pages.map((items, index) => ({ items, nextCursor: more || index < pages.length - 1 ? `c${index}` : null })),
  pageParams: pages.map((_, index) => (index === 0 ? null : `c${index - 1}`)),
});
const ids = (data: ListData) => data.pages.map((page) => page.items.map((item) => item.id));
const counts = (over: Partial<Counts> = {}): Counts => ({ unassigned: 10, unanswered: 5, mine: 3, team: 4, open: 20, pending: 2, solved: 7, spam: 1, all: 50, capped: [], ...over });

describe('who sees a ticket (auth/policy.ts canSeeTicket)', () => {
  it('an agent sees tickets of no team, of their teams, and their own; admins see all', () => {
    expect(canSee(agent, facts({ teamId: null }))).toBe(true);
    expect(canSee(agent, facts({ teamId: 2 }))).toBe(true);
    expect(canSee(agent, facts({ teamId: 3 }))).toBe(false);
    expect(canSee(agent, facts({ teamId: 3, assigneeId: 5 }))).toBe(true);
    expect(canSee(admin, facts({ teamId: 3 }))).toBe(true);
  });
  it('what is not known stays unknown, unless another fact decides', () => {
    expect(canSee(agent, { teamId: 3 })).toBe('unknown');
    expect(canSee(agent, { teamId: 2 })).toBe(true);
  });
});

describe('the views (tickets/queries.ts viewFilter)', () => {
  it('unassigned: active, nobody on it, not spam', () => {
    expect(inView(agent, 'unassigned', facts())).toBe(true);
    expect(inView(agent, 'unassigned', facts({ assigneeId: 7 }))).toBe(false);
    expect(inView(agent, 'unassigned', facts({ status: 'solved' }))).toBe(false);
    expect(inView(agent, 'unassigned', facts({ tags: ['spam'] }))).toBe(false);
    expect(inView(agent, 'unassigned', facts({ teamId: 3 }))).toBe(false);
  });
  it('mine: active and mine, spam or not', () => {
    expect(inView(agent, 'mine', facts({ assigneeId: 5, status: 'pending' }))).toBe(true);
    expect(inView(agent, 'mine', facts({ assigneeId: 5, tags: ['spam'] }))).toBe(true);
    expect(inView(agent, 'mine', facts({ assigneeId: 5, status: 'closed' }))).toBe(false);
    expect(inView(agent, 'mine', facts({ assigneeId: 6 }))).toBe(false);
  });
  it('team: active tickets of my teams, not of no team', () => {
    expect(inView(agent, 'team', facts({ teamId: 2 }))).toBe(true);
    expect(inView(agent, 'team', facts({ teamId: null }))).toBe(false);
    expect(inView(admin, 'team', facts({ teamId: 2 }))).toBe(false);
  });
  it('open, pending, solved by status; spam by its tag; all by scope alone', () => {
    expect(inView(agent, 'open', facts({ status: 'open' }))).toBe(true);
    expect(inView(agent, 'open', facts({ status: 'pending' }))).toBe(false);
    expect(inView(agent, 'pending', facts({ status: 'pending' }))).toBe(true);
    expect(inView(agent, 'solved', facts({ status: 'solved' }))).toBe(true);
    expect(inView(agent, 'spam', facts({ tags: ['spam'] }))).toBe(true);
    expect(inView(agent, 'spam', facts({ tags: ['spam'], status: 'solved' }))).toBe(false);
    expect(inView(agent, 'all', facts({ status: 'closed' }))).toBe(true);
    expect(inView(agent, 'all', facts({ teamId: 3 }))).toBe(false);
  });
});

describe('a list with filters (tickets/queries.ts findTickets)', () => {
  it('a status filter replaces the view\'s statuses, a tag filter adds to its rule', () => {
    expect(inList(agent, { view: 'all', status: 'pending,on_hold' }, facts({ status: 'on_hold' }))).toBe(true);
    expect(inList(agent, { view: 'all', status: 'pending' }, facts({ status: 'new' }))).toBe(false);
    expect(inList(agent, { view: 'unassigned', status: 'solved' }, facts({ status: 'solved' }))).toBe(true);
    expect(inList(agent, { view: 'all', tag: 'VIP' }, facts({ tags: ['vip'] }))).toBe(true);
    expect(inList(agent, { view: 'unassigned', tag: 'spam' }, facts({ tags: ['spam'] }))).toBe(false);
  });
  it('priority, channel, language, team, assignee, customer and organization filters', () => {
    expect(inList(agent, { view: 'all', priority: 'high' }, facts({ priority: 'urgent' }))).toBe(false);
    expect(inList(agent, { view: 'all', channel: 'email', language: 'en' }, facts())).toBe(true);
    expect(inList(agent, { view: 'all', teamId: '2' }, facts({ teamId: 2 }))).toBe(true);
    expect(inList(agent, { view: 'all', assigneeId: 'none' }, facts({ assigneeId: 5 }))).toBe(false);
    expect(inList(agent, { view: 'all', assigneeId: '5' }, facts({ assigneeId: 5 }))).toBe(true);
    expect(inList(agent, { view: 'all', customerId: 4 }, facts())).toBe(true);
    expect(inList(agent, { view: 'all', organizationId: 9 }, facts())).toBe(false);
  });
  it('a text search cannot be told here', () => {
    expect(inList(agent, { view: 'all', q: 'payout' }, facts())).toBe('unknown');
  });
  it('a message event\'s few facts decide some lists and leave others to the server', () => {
    const message = factsOf(buildMessageCreated({ assigneeId: 6, teamId: null, status: 'open' }))!;
    expect(inList(agent, { view: 'mine' }, message)).toBe(false);
    expect(inList(agent, { view: 'unassigned' }, message)).toBe(false);
    expect(inList(agent, { view: 'open' }, message)).toBe('unknown');
  });
  it('reads the filters from both kinds of list key', () => {
    expect(filtersOfKey(['tickets', 'list', { view: 'mine', q: 'x' }])).toEqual({ view: 'mine', q: 'x' });
    expect(filtersOfKey(['tickets', 'list', 'people', { customerId: 4 }])).toEqual({ customerId: 4, view: 'all', sort: '-created' });
    expect(filtersOfKey(['tickets', 'list', 'something else'])).toBeNull();
  });
});

describe('placing a row by the list\'s order', () => {
  const t = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`;
  it('newest first: a fresh row goes on top, a changed one moves there, never twice', () => {
    const data = list([[row(3, t(30)), row(2, t(20)), row(1, t(10))]]);
    expect(ids(placeRow(data, row(4, t(40)), '-updated'))).toEqual([[4, 3, 2, 1]]);
    expect(ids(placeRow(data, row(1, t(50)), '-updated'))).toEqual([[1, 3, 2]]);
    expect(ids(placeRow(data, row(2, t(25)), undefined))).toEqual([[3, 2, 1]]);
    expect(ids(placeRow(data, row(2, t(35)), undefined))).toEqual([[2, 3, 1]]);
  });
  it('equal times break by id, as the server does', () => {
    expect(comesBefore('-updated', { id: 5, updatedAt: t(1) }, { id: 4, updatedAt: t(1) })).toBe(true);
    expect(comesBefore('updated', { id: 5, updatedAt: t(1) }, { id: 4, updatedAt: t(1) })).toBe(false);
  });
  it('the Unanswered board: the longest wait first; a customer who no longer waits goes last', () => {
    const waiting = (id: number, since: string | null) => ({ id, updatedAt: t(1), customerWaitingSince: since });
    expect(comesBefore('waiting', waiting(9, t(5)), waiting(2, t(7)))).toBe(true);
    expect(comesBefore('waiting', waiting(2, t(7)), waiting(9, t(5)))).toBe(false);
    expect(comesBefore('waiting', waiting(3, t(5)), waiting(4, t(5)))).toBe(true);
    expect(comesBefore('waiting', waiting(1, null), waiting(2, t(9)))).toBe(false);
  });
  it('oldest first and by creation (id)', () => {
    const data = list([[row(1, t(10)), row(2, t(20))]]);
    expect(ids(placeRow(data, row(3, t(5)), 'updated'))).toEqual([[3, 1, 2]]);
    expect(ids(placeRow(data, row(3, t(5)), 'created'))).toEqual([[1, 2, 3]]);
    expect(ids(placeRow(list([[row(9, t(1)), row(7, t(2))]]), row(8, t(3)), '-created'))).toEqual([[9, 8, 7]]);
  });
  it('a row past the loaded pages waits for its page; in a complete list it goes last', () => {
    const data = list([[row(3, t(30))], [row(2, t(20))]], true);
    expect(ids(placeRow(data, row(1, t(10)), '-updated'))).toEqual([[3], [2]]);
    expect(ids(placeRow(list([[row(3, t(30))], [row(2, t(20))]]), row(1, t(10)), '-updated'))).toEqual([[3], [2, 1]]);
    // …and a row that moved past them leaves the page it was on.
    expect(ids(placeRow(data, row(3, t(5)), '-updated'))).toEqual([[], [2]]);
  });
  it('removing a row that is not there keeps the same data', () => {
    const data = list([[row(1, t(1))]]);
    expect(withoutRow(data, 2)).toBe(data);
    expect(ids(withoutRow(data, 1))).toEqual([[]]);
  });
});

describe('rows and the open ticket from events', () => {
  it('a new ticket\'s row comes whole from ticket.created', () => {
    const made = rowOfCreated(buildTicketCreated({ subject: 'Refund', tags: ['vip'] }, { ticketId: 12 }), 'nino@example.ge');
    expect(made).toMatchObject({ id: 12, subject: 'Refund', tags: ['vip'], customer: { id: 4, name: 'Nino Beridze', email: 'nino@example.ge' }, unread: true, lastMessagePreview: 'Where is my payout?' });
  });
  it('a customer\'s message makes the row unread and moves its last word; an agent\'s reply does not', () => {
    const read = { ...row(1, '2026-11-25T09:00:00.000Z'), unread: false };
    const fromCustomer = messagedRow(read, buildMessageCreated({ direction: 'inbound', lastCustomerMessageAt: '2026-11-25T11:00:00.000Z', lastMessagePreview: 'Any news?', updatedAt: '2026-11-25T11:00:00.000Z' }).payload);
    expect(fromCustomer).toMatchObject({ unread: true, lastMessagePreview: 'Any news?', updatedAt: '2026-11-25T11:00:00.000Z' });
    const reply = messagedRow(read, buildMessageCreated({ direction: 'outbound', lastCustomerMessageAt: read.lastCustomerMessageAt, lastMessageAuthor: 'agent', updatedAt: '2026-11-25T11:00:00.000Z' }).payload);
    expect(reply).toMatchObject({ unread: false, lastMessageAuthor: 'agent', lastAgentMessageAt: '2026-11-25T11:00:00.000Z' });
  });
  it('ticket.updated changes the fields it carries and keeps the rest', () => {
    const before = row(1, '2026-11-25T09:00:00.000Z', { customer: { id: 4, name: 'Nino', email: 'n@x.ge' } });
    const after = updatedRow(before, buildTicketUpdated({ assigneeId: 5, status: 'open', changes: { assigneeId: [null, 5] } }).payload);
    expect(after).toMatchObject({ assigneeId: 5, status: 'open', customer: { name: 'Nino' } });
  });
  it('a merge marks the row at once, the open ticket only when it is read again (its screen moves on first)', () => {
    const merged = buildTicketUpdated({ status: 'closed', changes: { status: ['open', 'closed'], mergedIntoId: [null, 12] } }).payload;
    expect(updatedRow(row(1, '2026-11-25T09:00:00.000Z'), merged).mergedIntoId).toBe(12);
    const detail = { id: 1, mergedIntoId: null, messages: [] } as unknown as TicketDetail;
    expect(updatedRow(detail, merged)).toMatchObject({ status: 'closed', mergedIntoId: null });
  });
  it('a message joins the conversation once, in time order', () => {
    const message = (id: number, second: number) => ({ id, createdAt: `2026-11-25T10:00:0${second}.000Z` }) as unknown as Message;
    const detail = { id: 9, messages: [message(1, 1), message(3, 3)] } as unknown as TicketDetail;
    expect(withMessage(detail, message(2, 2)).messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(withMessage(detail, message(4, 4)).messages.map((m) => m.id)).toEqual([1, 3, 4]);
    expect(withMessage(detail, { ...message(3, 3), bodyText: 'edited' } as Message).messages.map((m) => [m.id, m.bodyText])).toEqual([[1, undefined], [3, 'edited']]);
  });
  it('a delivery\'s outcome lands on its message', () => {
    const detail = { id: 9, messages: [{ id: 31, deliveryStatus: 'queued', deliveryError: null }, { id: 32, deliveryStatus: null, deliveryError: null }] } as unknown as TicketDetail;
    const failed = deliveredDetail(detail, { id: 2, type: 'message.failed', ticketId: 9, actorAgentId: null, createdAt: '', payload: { messageId: 31, channel: 'email', error: '550 no such user' } });
    expect(failed.messages.map((m) => [m.deliveryStatus, m.deliveryError])).toEqual([['failed', '550 no such user'], [null, null]]);
    expect(deliveredDetail(detail, { id: 3, type: 'message.sent', ticketId: 9, actorAgentId: null, createdAt: '', payload: { messageId: 99, channel: 'email', externalId: null } })).toBe(detail);
  });
});

describe('the counts', () => {
  it('a new unassigned ticket adds to unassigned, open and all', () => {
    expect(countsAfter(counts(), agent, buildTicketCreated({ status: 'new' }))).toMatchObject({ unassigned: 11, open: 21, all: 51, mine: 3, team: 4, unanswered: 5 });
  });
  it('taking a ticket moves it from unassigned to mine', () => {
    const taken = buildTicketUpdated({ assigneeId: 5, status: 'open', changes: { assigneeId: [null, 5], status: ['new', 'open'] } });
    expect(countsAfter(counts(), agent, taken)).toMatchObject({ unassigned: 9, mine: 4, open: 20, all: 50 });
  });
  it('a ticket moved to a team the agent is not in leaves every view', () => {
    const moved = buildTicketUpdated({ teamId: 3, status: 'open', changes: { teamId: [null, 3] } });
    expect(countsAfter(counts(), agent, moved)).toMatchObject({ unassigned: 9, open: 19, all: 49 });
  });
  it('a capped view stays at the cap; a message changes nothing', () => {
    expect(countsAfter(counts({ all: 1000, capped: ['all'] }), agent, buildTicketCreated())).toMatchObject({ all: 1000 });
    const same = counts();
    expect(countsAfter(same, agent, buildMessageCreated())).toBe(same);
  });
});
