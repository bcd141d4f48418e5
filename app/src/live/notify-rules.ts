// Which live events deserve a notification: a customer's new message or new ticket, in the
// agent's queues (assigned to them, or unassigned in their teams or without a team).
import type { LiveEvent } from '@frontline/shared';

export interface AgentScope {
  id: number;
  role: string;
  teamIds: number[];
}

/** The events that may notify or be announced: a new ticket, a new message. */
export type ArrivalEvent = LiveEvent<'ticket.created' | 'message.created'>;
export const isArrival = (event: LiveEvent): event is ArrivalEvent => event.type === 'ticket.created' || event.type === 'message.created';

export function isFromCustomer(event: ArrivalEvent): boolean {
  if (event.type === 'message.created') return event.payload.direction === 'inbound' && !event.payload.internal;
  return event.actorAgentId == null;
}

/** Whether the ticket an event names (by its team and assignee) is in the agent's queues. */
export function concernsAgent(event: { payload: { assigneeId: number | null; teamId: number | null } }, agent: AgentScope): boolean {
  const { assigneeId, teamId } = event.payload;
  if (assigneeId === agent.id) return true;
  if (assigneeId != null) return false;
  return teamId == null || agent.teamIds.includes(teamId) || agent.role === 'admin' || agent.role === 'supervisor';
}

export function shouldNotify(event: ArrivalEvent, agent: AgentScope, tabHidden: boolean): boolean {
  return tabHidden && isFromCustomer(event) && concernsAgent(event, agent);
}

/**
 * Who hears that a delivery failed: the ticket's assignee; when nobody is assigned, its team (or,
 * for a ticket without a team, everyone who sees the intake queue). Light agents cannot send again.
 */
export function failureConcerns(ticket: { assigneeId: number | null; teamId: number | null }, agent: AgentScope): boolean {
  if (agent.role === 'light_agent') return false;
  if (ticket.assigneeId !== null) return ticket.assigneeId === agent.id;
  return ticket.teamId === null || agent.teamIds.includes(ticket.teamId);
}
