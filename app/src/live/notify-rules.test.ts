import { describe, expect, it } from 'vitest';
import type { EventPayload } from '@frontline/shared';
import { buildMessageCreated, buildTicketCreated } from './build-events';
import { shouldNotify, type ArrivalEvent } from './notify-rules';

const agent = { id: 5, role: 'agent', teamIds: [2] };
function event(type: ArrivalEvent['type'], payload: Partial<EventPayload<'message.created'>>, actorAgentId: number | null = null): ArrivalEvent {
  if (type === 'message.created') return buildMessageCreated(payload, { actorAgentId });
  const { assigneeId = null, teamId = null } = payload;
  return buildTicketCreated({ assigneeId, teamId }, { actorAgentId });
}

describe('notifications', () => {
  it('notify a customer message on my ticket only while the tab is hidden', () => {
    const message = event('message.created', { direction: 'inbound', internal: false, assigneeId: 5, teamId: 3 });
    expect(shouldNotify(message, agent, true)).toBe(true);
    expect(shouldNotify(message, agent, false)).toBe(false);
  });

  it('notify unassigned work of my teams or of no team, not of other teams', () => {
    expect(shouldNotify(event('message.created', { direction: 'inbound', assigneeId: null, teamId: 2 }), agent, true)).toBe(true);
    expect(shouldNotify(event('message.created', { direction: 'inbound', assigneeId: null, teamId: null }), agent, true)).toBe(true);
    expect(shouldNotify(event('message.created', { direction: 'inbound', assigneeId: null, teamId: 3 }), agent, true)).toBe(false);
    expect(shouldNotify(event('message.created', { direction: 'inbound', assigneeId: 7, teamId: 2 }), agent, true)).toBe(false);
  });

  it('never notify agents\' own replies, notes, or tickets agents opened', () => {
    expect(shouldNotify(event('message.created', { direction: 'outbound', assigneeId: 5 }), agent, true)).toBe(false);
    expect(shouldNotify(event('message.created', { direction: 'inbound', internal: true, assigneeId: 5 }), agent, true)).toBe(false);
    expect(shouldNotify(event('ticket.created', { assigneeId: null, teamId: null }, 3), agent, true)).toBe(false);
    expect(shouldNotify(event('ticket.created', { assigneeId: null, teamId: null }), agent, true)).toBe(true);
  });
});
