// Which domain events an agent's live connection may receive: the event catalogue names each
// type's audience; the ticket's and customer's real scope is looked up once per event, never
// taken from the payload. A type the catalogue does not know reaches nobody.
import type { Kysely } from 'kysely';
import { hasAudience, type DomainEvent } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import { ticketScopes } from '../tickets/verbs.ts';
import { customerTicketScopes } from '../customers/verbs.ts';
import { coversCustomer } from '../customers/policy.ts';

type TicketScope = { team_id: number | null; assignee_id: number | null };

/** What one event's audience is decided from; null: not looked up, or the ticket no longer exists. */
export interface EventScope {
  ticket: TicketScope | null;
  /** The customer's tickets, distinct by team and assignee ([] for a customer with none). */
  customerTickets: TicketScope[] | null;
}

/** The customer a customer event is about (the survivor of a merge); null for other events. */
function customerOf(event: DomainEvent): number | null {
  if (hasAudience(event, 'call')) return event.payload.customer?.id ?? null;
  if (!hasAudience(event, 'customer')) return null;
  return event.type === 'customer.merged' ? event.payload.targetId : event.payload.customerId;
}

/** Looks up the scope of each event's ticket or customer, in one query of each kind. */
export async function lookUpScopes(db: Kysely<DB>, events: DomainEvent[]): Promise<Map<number, EventScope>> {
  const ticketIds = new Set<number>();
  const customerIds = new Set<number>();
  for (const event of events) {
    if (hasAudience(event, 'ticket')) ticketIds.add(event.ticketId);
    const customerId = customerOf(event);
    if (customerId !== null) customerIds.add(customerId);
  }
  const [tickets, customers] = await Promise.all([ticketScopes(db, [...ticketIds]), customerTicketScopes(db, [...customerIds])]);
  return new Map(
    events.map((event) => {
      const customerId = customerOf(event);
      return [event.id, { ticket: (event.ticketId !== null && tickets.get(event.ticketId)) || null, customerTickets: (customerId !== null && customers.get(customerId)) || null }];
    }),
  );
}

/** Whether the agent may hear the event; events of the `nobody` audience, and types not in the catalogue, reach nobody. */
export function mayReceive(principal: Principal, event: DomainEvent, scope: EventScope): boolean {
  if (hasAudience(event, 'admins')) return principal.role === 'admin';
  if (hasAudience(event, 'self')) return principal.role === 'admin' || event.payload.agentId === principal.id;
  if (hasAudience(event, 'customer')) {
    if (seesAllTickets(principal)) return true;
    return scope.customerTickets !== null && coversCustomer(principal, scope.customerTickets);
  }
  if (hasAudience(event, 'call')) {
    const { agentId, teamId, customer } = event.payload;
    if (agentId !== null) return principal.id === agentId;
    if (teamId !== null) return principal.teamIds.includes(teamId);
    if (seesAllTickets(principal) || customer === null) return true;
    return scope.customerTickets !== null && coversCustomer(principal, scope.customerTickets);
  }
  if (hasAudience(event, 'ticket')) {
    if (seesAllTickets(principal)) return true;
    if (!scope.ticket) return false;
    return canSeeTicket(principal, scope.ticket) || sawBefore(principal, event, scope.ticket);
  }
  return false;
}

/**
 * The event as this agent hears it: a ringing call lists only the caller's tickets the agent may
 * see (the named agent of a call may be outside some of the caller's teams).
 */
export function narrowFor<E extends DomainEvent>(principal: Principal, event: E): E {
  if (event.type !== 'call.ringing' || seesAllTickets(principal)) return event;
  const call = event as DomainEvent<'call.ringing'>;
  const tickets = call.payload.tickets.filter((ticket) => canSeeTicket(principal, { team_id: ticket.teamId, assignee_id: ticket.assigneeId }));
  return { ...call, payload: { ...call.payload, tickets } } as E;
}

/** A ticket that just left the agent's scope: they still hear of it, so their lists drop it. */
function sawBefore(principal: Principal, event: DomainEvent, now: TicketScope): boolean {
  if (event.type !== 'ticket.updated') return false;
  const { teamId, assigneeId } = event.payload.changes;
  if (!teamId && !assigneeId) return false;
  return canSeeTicket(principal, { team_id: teamId ? teamId[0] : now.team_id, assignee_id: assigneeId ? assigneeId[0] : now.assignee_id });
}
