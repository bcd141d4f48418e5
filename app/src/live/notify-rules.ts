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
