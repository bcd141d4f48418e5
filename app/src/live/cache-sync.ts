// Applies live events to TanStack Query's cache: ticket lists, the open ticket and the counts
// change in place from the event (live/ticket-cache.ts decides how), and only what an event
// cannot tell is asked again — once per query, however many events ask (docs/live.md).
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { hasAudience, type LiveEvent } from '@frontline/shared';
import { keys } from '../api/queries';
import { get } from '../api/client';
import type { Counts, Message, Ticket, TicketDetail } from '../api/types';
import {
  countsAfter,
  deliveredDetail,
  factsOf,
  filtersOfKey,
  inList,
  messagedRow,
  placeRow,
  rowIn,
  rowOfCreated,
  updatedRow,
  withMessage,
  withoutRow,
  type Facts,
  type ListData,
  type Viewer,
} from './ticket-cache';

/** A list refetches every page it holds; a deep-scrolled one keeps its first five (500 tickets). */
const MAX_LIVE_PAGES = 5;
/** How long a burst of events may ask for one query before it is fetched, once. */
export const REFETCH_MS = 250;

/** Runs each keyed task once, `ms` after the first call of a burst. */
export function debouncer() {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  return (key: string, ms: number, task: () => void) => {
    if (pending.has(key)) return;
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        task();
      }, ms),
    );
  };
}

const ticketFacts = (row: Ticket): Facts => ({
  status: row.status,
  priority: row.priority,
  channel: row.channel,
  teamId: row.teamId,
  assigneeId: row.assigneeId,
  tags: row.tags,
  language: row.language,
  customerId: row.customerId,
  organizationId: row.organizationId,
});

/** The event's version of a row, unless what is held is already newer (a list fetched after the event). */
const newer = <T extends { updatedAt: string }>(held: T, fromEvent: T): T => (Date.parse(held.updatedAt) > Date.parse(fromEvent.updatedAt) ? held : fromEvent);

/** Past this many messages of one ticket in a burst, the ticket is read once instead of each message. */
export const MESSAGES_PER_BURST = 3;

export interface CacheSyncOptions {
  fetchMessage?: (id: number) => Promise<Message>;
}

export function createCacheSync(client: QueryClient, viewer: () => Viewer, options: CacheSyncOptions = {}) {
  const fetchMessage = options.fetchMessage ?? ((id: number) => get<Message>(`/messages/${id}`));
  const later = debouncer();
  const refetchSoon = (queryKey: QueryKey, ms = REFETCH_MS) =>
    later(JSON.stringify(queryKey), ms, () => {
      const data = client.getQueryData<ListData>(queryKey);
      if (queryKey[1] === 'list' && data?.pages && data.pages.length > MAX_LIVE_PAGES) {
        client.setQueryData(queryKey, { pages: data.pages.slice(0, MAX_LIVE_PAGES), pageParams: data.pageParams.slice(0, MAX_LIVE_PAGES) });
      }
      void client.invalidateQueries({ queryKey, exact: true });
    });

  const lists = () => client.getQueryCache().findAll({ queryKey: ['tickets', 'list'] });

  // The open ticket's new or changed messages: the first of a quiet spell is read at once, the
  // rest of a burst together REFETCH_MS later — each message, or the whole ticket once when many.
  const waiting = new Map<number, { ids: Set<number>; timer: ReturnType<typeof setTimeout> | null }>();
  const readMessages = (ticketId: number, ids: number[]) => {
    const key = keys.ticket(ticketId);
    if (ids.length > MESSAGES_PER_BURST) return void client.invalidateQueries({ queryKey: key, exact: true });
    for (const id of ids) {
      fetchMessage(id).then(
        (message) => {
          const detail = client.getQueryData<TicketDetail>(key);
          if (detail && message.ticketId === ticketId) client.setQueryData(key, withMessage(detail, message));
        },
        // Gone or no longer ours to see: the ticket says what is true now.
        () => void client.invalidateQueries({ queryKey: key, exact: true }),
      );
    }
  };
  const messageChanged = (ticketId: number, messageId: number) => {
    let slot = waiting.get(ticketId);
    if (!slot) {
      slot = { ids: new Set(), timer: null };
      waiting.set(ticketId, slot);
    }
    slot.ids.add(messageId);
    if (slot.timer) return;
    const flush = () => {
      const current = waiting.get(ticketId)!;
      const ids = [...current.ids];
      current.ids.clear();
      if (ids.length === 0) {
        waiting.delete(ticketId);
        return;
      }
      readMessages(ticketId, ids);
      current.timer = setTimeout(flush, REFETCH_MS);
    };
    flush();
  };

  /** The ticket's row as some cached list holds it (the newest), to place it in a list that lacks it. */
  const knownRow = (id: number): Ticket | undefined => {
    let best: Ticket | undefined;
    for (const query of lists()) {
      const data = query.state.data as ListData | undefined;
      const row = data?.pages ? rowIn(data, id) : undefined;
      if (row && (!best || row.updatedAt > best.updatedAt)) best = row;
    }
    return best;
  };

  /** A customer's email as some cached row shows it (ticket events carry the name only). */
  const knownEmail = (customerId: number): string | null => {
    for (const query of lists()) {
      const data = query.state.data as ListData | undefined;
      for (const page of data?.pages ?? []) for (const row of page.items) if (row.customerId === customerId && row.customer.email) return row.customer.email;
    }
    return null;
  };

  function applyToLists(event: LiveEvent) {
    if (!hasAudience(event, 'ticket')) return;
    const facts = factsOf(event);
    // A delivery's outcome changes no row; a merge reads the lists again (apply).
    if (!facts) return;
    const id = event.ticketId;
    const me = viewer();
    let created: Ticket | null = null;
    // Read before any list changes: a row leaving one list is the base of its place in another.
    const known = event.type === 'ticket.created' ? undefined : knownRow(id);
    for (const query of lists()) {
      const data = query.state.data as ListData | undefined;
      if (!data?.pages) continue;
      const filters = filtersOfKey(query.queryKey);
      if (!filters) {
        refetchSoon(query.queryKey);
        continue;
      }
      const held = rowIn(data, id);
      let row: Ticket | undefined;
      if (event.type === 'ticket.created') {
        created ??= rowOfCreated(event, knownEmail(event.payload.customerId));
        row = held ? newer(held, { ...created, customer: held.customer, unread: held.unread }) : created;
      } else {
        const base = held ?? known;
        if (base && event.type === 'ticket.updated') row = newer(base, updatedRow(base, event.payload));
        else if (base && event.type === 'message.created') row = newer(base, messagedRow(base, event.payload));
      }
      const verdict = inList(me, filters, row ? ticketFacts(row) : facts);
      let next = data;
      if (verdict === false) next = withoutRow(data, id);
      else if (row && verdict === true) next = placeRow(data, row, filters.sort);
      else if (row && held) next = placeRow(data, row, filters.sort); // cannot tell (a search): keep it, fresh, until the list answers
      if (next !== data) client.setQueryData(query.queryKey, next);
      // Not decidable here, or a row this list should show but no cache can build.
      if (verdict === 'unknown' || (verdict === true && !row)) refetchSoon(query.queryKey);
      // A name the event could not give (a new sender without one): the list tells.
      if (verdict === true && row === created && !created.customer.name && !created.customer.email) refetchSoon(query.queryKey);
    }
  }

  function applyToTicket(event: LiveEvent, message: Message | undefined) {
    if (!hasAudience(event, 'ticket')) return;
    const key = keys.ticket(event.ticketId);
    const detail = client.getQueryData<TicketDetail>(key);
    if (detail) {
      switch (event.type) {
        case 'ticket.updated':
          client.setQueryData(key, newer(detail, updatedRow(detail, event.payload)));
          // Who takes part, and where it was merged to, are not in the event.
          if (event.payload.changes.participant || event.payload.changes.mergedIntoId) refetchSoon(key, 0);
          break;
        case 'message.created':
          client.setQueryData(key, newer(detail, messagedRow(detail, event.payload)));
          // The message itself (its body, its files) comes with a live event; after a replay it is read, alone.
          if (message?.id === event.payload.messageId && message.ticketId === event.ticketId) client.setQueryData(key, withMessage(client.getQueryData<TicketDetail>(key)!, message));
          else messageChanged(event.ticketId, event.payload.messageId);
          break;
        case 'message.sent':
        case 'message.failed':
        case 'message.requeued':
        case 'message.delivered':
          client.setQueryData(key, deliveredDetail(detail, event));
          // Each recipient's answer is not in the event: the message is read again.
          messageChanged(event.ticketId, event.payload.messageId);
          break;
        case 'ticket.merged':
          refetchSoon(key, 0);
          break;
        case 'ticket.created':
          break;
      }
    }
    if (event.type === 'ticket.merged') {
      const { sourceId, targetId } = event.payload;
      for (const ticketId of [sourceId, targetId]) if (ticketId !== event.ticketId) refetchSoon(keys.ticket(ticketId), 0);
    }
    if (event.type !== 'ticket.created' && client.getQueryData(keys.history(event.ticketId))) refetchSoon(keys.history(event.ticketId), 400);
  }

  function applyToCounts(event: LiveEvent) {
    // An agent's public answer may take a ticket off the Unanswered board: the server counts it (once for many answers).
    if (event.type === 'message.created' && event.payload.direction === 'outbound' && !event.payload.internal && client.getQueryData(keys.counts)) refetchSoon(keys.counts, 600);
    if (event.type !== 'ticket.created' && event.type !== 'ticket.updated' && event.type !== 'ticket.merged') return;
    const counts = client.getQueryData<Counts>(keys.counts);
    if (!counts) return;
    const next = event.type === 'ticket.merged' ? null : countsAfter(counts, viewer(), event);
    if (next === null) refetchSoon(keys.counts, 600);
    else if (next !== counts) client.setQueryData(keys.counts, next);
  }

  return {
    /** One event, applied to every cached query it concerns (with the new message, when it came along). */
    apply(event: LiveEvent, message?: Message) {
      applyToLists(event);
      applyToTicket(event, message);
      applyToCounts(event);
      if (hasAudience(event, 'customer')) {
        later('customers', 300, () => void client.invalidateQueries({ queryKey: ['customers'] }));
        // A customer renamed or merged shows another name on the rows of their tickets.
        if (event.type !== 'customer.created') for (const query of lists()) refetchSoon(query.queryKey);
      }
      if (event.type === 'ticket.merged') for (const query of lists()) refetchSoon(query.queryKey);
    },
    /** After a (re)connect: what happened while away is not replayed, so what is shown is asked once. */
    catchUp(everything: boolean) {
      for (const query of lists()) refetchSoon(query.queryKey, 0);
      refetchSoon(keys.counts, 0);
      if (!everything) return;
      for (const query of client.getQueryCache().findAll({ queryKey: keys.tickets })) if (query.queryKey[1] !== 'list') refetchSoon(query.queryKey, 0);
    },
  };
}
