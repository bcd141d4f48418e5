// Changes to one or many tickets through the API, a few at a time, and the way back: every
// change made here can be undone (the toast's Undo) except a close, which is final.
import { statusPath, type TicketStatus } from '@frontline/shared';
import { patch } from '../api/client';
import type { TicketPatch } from '../api/queries';
import type { Ticket } from '../api/types';

export type TicketState = Pick<Ticket, 'id' | 'number' | 'status' | 'priority' | 'teamId' | 'assigneeId' | 'tags' | 'customerWaitingSince'>;

/** Runs changes a few at a time, so a large selection neither floods the server nor crawls. */
export async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>, width = 4): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await run(item).catch((error: unknown) => failures.push(error));
      }
    }),
  );
  return failures;
}

export function changesFor(ticket: Pick<Ticket, 'status'>, action: 'solve' | 'close'): TicketPatch[] {
  if (action === 'solve') return ticket.status === 'solved' || ticket.status === 'closed' ? [] : [{ status: 'solved' }];
  if (ticket.status === 'closed') return [];
  return ticket.status === 'solved' ? [{ status: 'closed' }] : [{ status: 'solved' }, { status: 'closed' }];
}

const ends = (change: TicketPatch) => change.status === 'solved' || change.status === 'closed';
const active = (ticket: Pick<Ticket, 'status'>) => ticket.status !== 'solved' && ticket.status !== 'closed';

/**
 * The tickets these changes would solve or close while their customer waits for an answer: the
 * server refuses those without a reason (kept in the ticket's history), so the workspace asks first.
 */
export function waitingAmong<T extends Pick<Ticket, 'status' | 'customerWaitingSince'>>(tickets: T[], changesOf: (ticket: T) => TicketPatch[]): T[] {
  return tickets.filter((ticket) => ticket.customerWaitingSince !== null && active(ticket) && changesOf(ticket).some(ends));
}

/** The same changes with the reason on every solve or close (the server ignores it where nobody waits). */
export function withReason<T>(changesOf: (ticket: T) => TicketPatch[], reason: string): (ticket: T) => TicketPatch[] {
  return (ticket) => changesOf(ticket).map((change) => (ends(change) ? { ...change, reason } : change));
}

/** The allowed steps to a status (solved → pending goes through open); [] when there is no way. */
export function changesToStatus(ticket: Pick<Ticket, 'status'>, status: TicketStatus): TicketPatch[] {
  return (statusPath(ticket.status, status) ?? []).map((step) => ({ status: step }));
}

/**
 * The changes that bring a ticket from `after` back to `before`. Nothing returns to New, so a new
 * ticket comes back as Open; a closed one cannot come back at all (null).
 */
export function restoringChanges(before: TicketState, after: TicketState): TicketPatch[] | null {
  const changes: TicketPatch[] = [];
  if (before.status !== after.status) {
    const path = statusPath(after.status, before.status) ?? (before.status === 'new' ? statusPath(after.status, 'open') : null);
    if (!path) return null;
    changes.push(...path.map((status) => ({ status })));
  }
  const rest: TicketPatch = {};
  if (before.priority !== after.priority) rest.priority = before.priority;
  if (before.teamId !== after.teamId) rest.teamId = before.teamId;
  if (before.assigneeId !== after.assigneeId) rest.assigneeId = before.assigneeId;
  if (before.tags.join('\n') !== after.tags.join('\n')) rest.tags = before.tags;
  if (Object.keys(rest).length > 0) changes.push(rest);
  return changes;
}

export interface Applied {
  failures: unknown[];
  /** The tickets changed, before and after. */
  changed: Array<{ before: TicketState; after: TicketState }>;
  /** Puts back what can be put back; null when nothing can (every change was a close). */
  undo: (() => Promise<unknown[]>) | null;
}

const stateOf = (ticket: TicketState): TicketState => ({ id: ticket.id, number: ticket.number, status: ticket.status, priority: ticket.priority, teamId: ticket.teamId, assigneeId: ticket.assigneeId, tags: [...ticket.tags], customerWaitingSince: ticket.customerWaitingSince });

export async function applyChanges(tickets: TicketState[], changesOf: (ticket: TicketState) => TicketPatch[]): Promise<Applied> {
  const changed: Applied['changed'] = [];
  const failures = await inBatches(tickets, async (ticket) => {
    const changes = changesOf(ticket);
    if (changes.length === 0) return;
    let after = stateOf(ticket);
    for (const change of changes) after = stateOf(await patch<Ticket>(`/tickets/${ticket.id}`, change));
    changed.push({ before: stateOf(ticket), after });
  });
  const way = changed.map(({ before, after }) => ({ after, changes: restoringChanges(before, after) }));
  const undoable = way.filter((x): x is { after: TicketState; changes: TicketPatch[] } => x.changes !== null && x.changes.length > 0);
  const undo = undoable.length === 0 ? null : () => inBatches(undoable, async ({ after, changes }) => {
    for (const change of changes) await patch(`/tickets/${after.id}`, change);
  });
  return { failures, changed, undo };
}
