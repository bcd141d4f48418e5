// What the live region says about live events: a new ticket in the agent's queues, a customer's
// message there, and any new message on the ticket the agent has open — never what they did themselves.
import type { LiveEvent } from '@frontline/shared';
import { concernsAgent, isArrival, type AgentScope } from '../live/notify-rules';

export type Announcement = { key: 'newTicket' | 'newMessage' | 'newMessageHere'; number: number; subject: string } | null;

export function announcementFor(event: LiveEvent, agent: AgentScope, openTicketId: number | null): Announcement {
  if (event.actorAgentId === agent.id || !isArrival(event)) return null;
  const base = { number: event.payload.number, subject: event.payload.subject.slice(0, 120) };
  if (event.type === 'ticket.created') return concernsAgent(event, agent) ? { key: 'newTicket', ...base } : null;
  if (event.ticketId === openTicketId) return { key: 'newMessageHere', ...base };
  const fromCustomer = event.payload.direction === 'inbound' && !event.payload.internal;
  return fromCustomer && concernsAgent(event, agent) ? { key: 'newMessage', ...base } : null;
}
