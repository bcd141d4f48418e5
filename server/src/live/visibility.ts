// Which domain events an agent's live connection may receive: the event catalogue names each
// type's audience; the ticket's and customer's real scope is looked up once per event, never
// taken from the payload. A type the catalogue does not know reaches nobody.
import type { Kysely } from 'kysely';
import { eventCatalogue, isEventType, type LiveAudience } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import type { DomainEvent } from '../events/append.ts';
import { ticketScopes } from '../tickets/store.ts';
import { customerTicketScopes } from '../customers/store.ts';
import { coversCustomer } from '../customers/policy.ts';

type TicketScope = { team_id: number | null; assignee_id: number | null };

/** What one event's audience is decided from; null: not looked up, or the ticket no longer exists. */
export interface EventScope {
  ticket: TicketScope | null;
  /** The customer's tickets, distinct by team and assignee ([] for a customer with none). */
  customerTickets: TicketScope[] | null;
}

const asId = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export const audienceOf = (type: string): LiveAudience => (isEventType(type) ? eventCatalogue[type].audience : 'nobody');

/** The customer a customer event is about (the survivor of a merge). */
const customerOf = (event: DomainEvent): number | null => asId(event.payload.targetId) ?? asId(event.payload.customerId);

/** Looks up the scope of each event's ticket or customer, in one query of each kind. */
export async function lookUpScopes(db: Kysely<DB>, events: DomainEvent[]): Promise<Map<number, EventScope>> {
  const ticketIds = new Set<number>();
  const customerIds = new Set<number>();
  for (const event of events) {
    const audience = audienceOf(event.type);
    if (audience === 'ticket' && event.ticketId !== null) ticketIds.add(event.ticketId);
    const customerId = audience === 'customer' ? customerOf(event) : null;
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

export function mayReceive(principal: Principal, event: DomainEvent, scope: EventScope): boolean {
  switch (audienceOf(event.type)) {
    case 'nobody':
      return false;
    case 'admins':
      return principal.role === 'admin';
    case 'self':
      return principal.role === 'admin' || asId(event.payload.agentId) === principal.id;
    case 'customer':
      if (seesAllTickets(principal)) return true;
      return scope.customerTickets !== null && coversCustomer(principal, scope.customerTickets);
    case 'ticket':
      if (seesAllTickets(principal)) return true;
      if (!scope.ticket) return false;
      return canSeeTicket(principal, scope.ticket) || sawBefore(principal, event, scope.ticket);
  }
}

/** A ticket that just left the agent's scope: they still hear of it, so their lists drop it. */
function sawBefore(principal: Principal, event: DomainEvent, now: TicketScope): boolean {
  if (event.type !== 'ticket.updated') return false;
  const changes = event.payload.changes as Record<string, [unknown, unknown]> | undefined;
  if (!changes?.teamId && !changes?.assigneeId) return false;
  return canSeeTicket(principal, {
    team_id: changes.teamId ? asId(changes.teamId[0]) : now.team_id,
    assignee_id: changes.assigneeId ? asId(changes.assigneeId[0]) : now.assignee_id,
  });
}
