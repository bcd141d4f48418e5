import { describe, expect, it } from 'vitest';
import type { EventPayload, LiveEvent } from '@frontline/shared';
import { buildMessageCreated, buildTicketCreated, buildTicketUpdated, type EventFields } from '../live/build-events';
import { announcementFor } from './live-announcements';

const agent = { id: 1, role: 'agent', teamIds: [3] };
const ticket = { number: 1010, subject: 'Account locked' };
function event(type: 'ticket.created' | 'ticket.updated' | 'message.created', over: EventFields = {}, payload: Partial<EventPayload<'message.created'>> = {}): LiveEvent {
  const fields = { ticketId: 10, ...over };
  if (type === 'message.created') return buildMessageCreated({ ...ticket, ...payload }, fields);
  const { assigneeId = null, teamId = null } = payload;
  return (type === 'ticket.created' ? buildTicketCreated : buildTicketUpdated)({ ...ticket, assigneeId, teamId }, fields);
}

describe('live announcements', () => {
  it('announces new tickets and customer messages in the agent’s queues', () => {
    expect(announcementFor(event('ticket.created'), agent, null)).toEqual({ key: 'newTicket', number: 1010, subject: 'Account locked' });
    expect(announcementFor(event('message.created', {}, { direction: 'inbound', internal: false }), agent, null)?.key).toBe('newMessage');
    expect(announcementFor(event('ticket.created', {}, { assigneeId: 2 }), agent, null)).toBeNull();
    expect(announcementFor(event('ticket.created', {}, { teamId: 9 }), agent, null)).toBeNull();
  });

  it('announces any message on the open ticket but never the agent’s own doing', () => {
    expect(announcementFor(event('message.created', { actorAgentId: 2 }, { direction: 'outbound', internal: true, assigneeId: 2 }), agent, 10)?.key).toBe('newMessageHere');
    expect(announcementFor(event('message.created', { actorAgentId: 1 }), agent, 10)).toBeNull();
    expect(announcementFor(event('ticket.created', { actorAgentId: 1 }), agent, null)).toBeNull();
    expect(announcementFor(event('ticket.updated'), agent, 10)).toBeNull();
  });
});
