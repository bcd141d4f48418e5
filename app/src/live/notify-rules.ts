// Which live events deserve a notification: a customer's new message or new ticket, in the
// agent's queues (assigned to them, or unassigned in their teams or without a team).
import type { LiveEvent } from './live-store';

export interface AgentScope {
  id: number;
  role: string;
  teamIds: number[];
}

export function isFromCustomer(event: LiveEvent): boolean {
  const payload = event.payload;
  if (event.type === 'message.created') return payload.direction === 'inbound' && !payload.internal;
  return event.type === 'ticket.created' && event.actorAgentId == null;
}

export function concernsAgent(event: LiveEvent, agent: AgentScope): boolean {
  const assigneeId = event.payload.assigneeId as number | null | undefined;
  const teamId = event.payload.teamId as number | null | undefined;
  if (assigneeId === agent.id) return true;
  if (assigneeId != null) return false;
  return teamId == null || agent.teamIds.includes(teamId) || agent.role === 'admin' || agent.role === 'supervisor';
}

export function shouldNotify(event: LiveEvent, agent: AgentScope, tabHidden: boolean): boolean {
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
