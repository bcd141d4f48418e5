import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../live/live-store';
import { announcementFor } from './live-announcements';

const agent = { id: 1, role: 'agent', teamIds: [3] };
const event = (type: string, over: Partial<LiveEvent> = {}, payload: Record<string, unknown> = {}): LiveEvent => ({
  id: 1, type, ticketId: 10, actorAgentId: null, createdAt: '', ...over, payload: { number: 1010, subject: 'Account locked', assigneeId: null, teamId: null, ...payload },
});

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
