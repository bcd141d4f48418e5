// Pure rules of a ticket's life.
import { statusTransitions, type TicketStatus } from '@frontline/shared';

// Which status may follow which lives in shared (the app takes the same ways).
const transitions = statusTransitions;

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || transitions[from].includes(to);
}

export function allowedNext(from: TicketStatus): readonly TicketStatus[] {
  return transitions[from];
}

/** Statuses of tickets that still need work: the agents' queues. */
export const activeStatuses = ['new', 'open', 'pending', 'on_hold'] as const satisfies readonly TicketStatus[];

/**
 * An agent who solves or closes a ticket still being worked on while its customer waits for an
 * answer must say why (issue 13: no message left behind). The system's own changes (closing solved
 * tickets, merging) are not asked; nor is a ticket already solved.
 */
export function unansweredReasonNeeded(ticket: { status: string; customer_waiting_since: Date | null }, to: TicketStatus | undefined, actor: 'agent' | 'customer' | 'system'): boolean {
  return actor === 'agent' && (to === 'solved' || to === 'closed') && ticket.customer_waiting_since !== null && (activeStatuses as readonly string[]).includes(ticket.status);
}

/** What a new customer message does to the status: work resumes on a waiting or solved ticket. */
export function statusAfterCustomerMessage(current: TicketStatus): TicketStatus {
  return current === 'pending' || current === 'solved' || current === 'on_hold' ? 'open' : current;
}

/** An agent's public reply opens a new ticket. */
export function statusAfterAgentReply(current: TicketStatus): TicketStatus {
  return current === 'new' ? 'open' : current;
}

/** Tags are lower-case words joined by - or _; duplicates are dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase().replace(/\s+/g, '-')).filter(Boolean))].sort();
}
