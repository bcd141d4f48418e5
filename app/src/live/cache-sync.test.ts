import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import type { Counts, Message, Ticket, TicketDetail } from '../api/types';
import { buildMessageCreated, buildTicketCreated, buildTicketUpdated } from './build-events';
import { createCacheSync, REFETCH_MS } from './cache-sync';
import type { ListData } from './ticket-cache';

const agent = { id: 5, role: 'agent' as const, teamIds: [2] };
const empty = (): ListData => ({ pages: [{ items: [], nextCursor: null }], pageParams: [null] });
const items = (client: QueryClient, key: readonly unknown[]) => client.getQueryData<ListData>(key)!.pages.flatMap((page) => page.items);
const at = (n: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, n)).toISOString();

describe('live events applied to the cache', () => {
  let client: QueryClient;
  let asked: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    client = new QueryClient();
    asked = [];
    vi.spyOn(client, 'invalidateQueries').mockImplementation(async (filters) => {
      asked.push(JSON.stringify(filters?.queryKey));
    });
  });
  afterEach(() => vi.useRealTimers());

  const unassigned = keys.ticketList({ view: 'unassigned' });
  const mine = keys.ticketList({ view: 'mine' });
  const searched = keys.ticketList({ view: 'all', q: 'payout' });

  it('100 new tickets land in the lists they match, newest first, with counts moved and nothing fetched', () => {
    client.setQueryData(unassigned, empty());
    client.setQueryData(mine, empty());
    client.setQueryData<Counts>(keys.counts, { unassigned: 0, unanswered: 0, mine: 0, team: 0, open: 0, pending: 0, solved: 0, spam: 0, all: 0, capped: [] });
    const sync = createCacheSync(client, () => agent);
    for (let n = 1; n <= 100; n++) {
      sync.apply(buildTicketCreated({ number: 1000 + n, updatedAt: at(n) }, { id: 2 * n, ticketId: n }));
      sync.apply(buildMessageCreated({ number: 1000 + n, updatedAt: at(n) }, { id: 2 * n + 1, ticketId: n }));
    }
    vi.advanceTimersByTime(2000);
    expect(asked).toEqual([]);
    expect(items(client, unassigned).map((row) => row.id)).toEqual(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(items(client, mine)).toEqual([]);
    expect(client.getQueryData<Counts>(keys.counts)).toMatchObject({ unassigned: 100, open: 100, all: 100, mine: 0 });
  });

  it('a list that cannot be decided (a search) is asked again once per burst', () => {
    client.setQueryData(searched, empty());
    const sync = createCacheSync(client, () => agent);
    for (let n = 1; n <= 50; n++) sync.apply(buildTicketCreated({ updatedAt: at(n) }, { id: n, ticketId: n }));
    expect(asked).toEqual([]);
    vi.advanceTimersByTime(REFETCH_MS);
    expect(asked).toEqual([JSON.stringify(searched)]);
    expect(items(client, searched)).toEqual([]);
  });

  it('an event for a row already held replaces it; taking a ticket moves it between lists', () => {
    client.setQueryData(unassigned, empty());
    client.setQueryData(mine, empty());
    const sync = createCacheSync(client, () => agent);
    sync.apply(buildTicketCreated({ updatedAt: at(1) }, { id: 1, ticketId: 7 }));
    sync.apply(buildTicketCreated({ updatedAt: at(1) }, { id: 2, ticketId: 7 }));
    expect(items(client, unassigned).map((row) => row.id)).toEqual([7]);
    sync.apply(buildTicketUpdated({ assigneeId: 5, status: 'open', updatedAt: at(2), changes: { assigneeId: [null, 5] } }, { id: 3, ticketId: 7 }));
    expect(items(client, unassigned)).toEqual([]);
    expect(items(client, mine).map((row: Ticket) => [row.id, row.assigneeId, row.customer.name])).toEqual([[7, 5, 'Nino Beridze']]);
    vi.advanceTimersByTime(2000);
    expect(asked).toEqual([]);
  });

  it('a delivery\'s outcome asks no list again', () => {
    client.setQueryData(unassigned, empty());
    const sync = createCacheSync(client, () => agent);
    for (let n = 1; n <= 20; n++) sync.apply({ id: n, type: 'message.sent', ticketId: n, actorAgentId: null, createdAt: at(n), payload: { messageId: n, channel: 'email', externalId: null } });
    vi.advanceTimersByTime(2000);
    expect(asked).toEqual([]);
  });

  it('a ticket that left the agent\'s scope leaves their lists', () => {
    client.setQueryData(unassigned, empty());
    const sync = createCacheSync(client, () => agent);
    sync.apply(buildTicketCreated({ updatedAt: at(1) }, { id: 1, ticketId: 7 }));
    sync.apply(buildTicketUpdated({ teamId: 9, updatedAt: at(2), changes: { teamId: [null, 9] } }, { id: 2, ticketId: 7 }));
    expect(items(client, unassigned)).toEqual([]);
  });

  it('a message on the open ticket changes what it shows and is read alone; a burst reads the ticket once', async () => {
    const detail = { id: 7, status: 'pending', updatedAt: at(1), lastCustomerMessageAt: at(1), messages: [{ id: 30, ticketId: 7, createdAt: at(1) }] } as unknown as TicketDetail;
    client.setQueryData(keys.ticket(7), detail);
    const fetched: number[] = [];
    const fetchMessage = async (id: number) => {
      fetched.push(id);
      return { id, ticketId: 7, createdAt: at(id - 28) } as unknown as Message;
    };
    const sync = createCacheSync(client, () => agent, { fetchMessage });
    sync.apply(buildMessageCreated({ messageId: 31, status: 'pending', updatedAt: at(3), lastCustomerMessageAt: at(3) }, { id: 1, ticketId: 7 }));
    sync.apply(buildMessageCreated({ messageId: 32, status: 'pending', updatedAt: at(4), lastCustomerMessageAt: at(4) }, { id: 2, ticketId: 7 }));
    sync.apply(buildTicketUpdated({ status: 'open', updatedAt: at(4), lastCustomerMessageAt: at(4), changes: { status: ['pending', 'open'] } }, { id: 3, ticketId: 7 }));
    expect(client.getQueryData<TicketDetail>(keys.ticket(7))).toMatchObject({ status: 'open', lastCustomerMessageAt: at(4) });
    expect(fetched).toEqual([31]);
    await vi.advanceTimersByTimeAsync(REFETCH_MS);
    expect(fetched).toEqual([31, 32]);
    expect(client.getQueryData<TicketDetail>(keys.ticket(7))!.messages.map((m) => m.id)).toEqual([30, 31, 32]);
    expect(asked).toEqual([]);
    for (let n = 40; n < 50; n++) sync.apply(buildMessageCreated({ messageId: n, updatedAt: at(n) }, { id: n, ticketId: 7 }));
    await vi.advanceTimersByTimeAsync(2 * REFETCH_MS);
    expect(fetched).toEqual([31, 32]);
    expect(asked).toEqual([JSON.stringify(keys.ticket(7))]);
  });

  it('a message that came with its live event is shown at once, read from nowhere', async () => {
    const detail = { id: 7, status: 'pending', updatedAt: at(1), lastCustomerMessageAt: at(1), messages: [{ id: 30, ticketId: 7, createdAt: at(1) }] } as unknown as TicketDetail;
    client.setQueryData(keys.ticket(7), detail);
    const fetched: number[] = [];
    const sync = createCacheSync(client, () => agent, { fetchMessage: async (id) => (fetched.push(id), { id, ticketId: 7, createdAt: at(2) } as unknown as Message) });
    const message = { id: 31, ticketId: 7, createdAt: at(3), bodyText: 'Thanks!' } as unknown as Message;
    sync.apply(buildMessageCreated({ messageId: 31, status: 'pending', updatedAt: at(3), lastCustomerMessageAt: at(3) }, { id: 1, ticketId: 7 }), message);
    expect(client.getQueryData<TicketDetail>(keys.ticket(7))!.messages.map((m) => m.id)).toEqual([30, 31]);
    // Another message than the event's (it cannot be) is not taken: that one is read.
    sync.apply(buildMessageCreated({ messageId: 32, updatedAt: at(4) }, { id: 2, ticketId: 7 }), message);
    await vi.advanceTimersByTimeAsync(REFETCH_MS);
    expect(fetched).toEqual([32]);
    expect(asked).toEqual([]);
  });

  it('after a reconnect, every list, the counts and the open ticket are read once', () => {
    client.setQueryData(unassigned, empty());
    client.setQueryData(keys.ticket(7), { id: 7 });
    client.setQueryData(keys.counts, {});
    const sync = createCacheSync(client, () => agent);
    sync.catchUp(false);
    vi.advanceTimersByTime(0);
    expect(asked.sort()).toEqual([JSON.stringify(unassigned), JSON.stringify(keys.counts)].sort());
    asked = [];
    sync.catchUp(true);
    sync.catchUp(true);
    vi.advanceTimersByTime(0);
    expect(asked.sort()).toEqual([JSON.stringify(unassigned), JSON.stringify(keys.counts), JSON.stringify(keys.ticket(7))].sort());
  });
});
