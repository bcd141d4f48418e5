import { describe, expect, it } from 'vitest';
import { failureConcerns } from '../live/notify-rules';

const anna = { id: 1, role: 'agent', teamIds: [10] };

describe('who is told that a delivery failed', () => {
  it('the assignee alone, when someone is assigned', () => {
    expect(failureConcerns({ assigneeId: 1, teamId: 20 }, anna)).toBe(true);
    expect(failureConcerns({ assigneeId: 2, teamId: 10 }, anna)).toBe(false);
    expect(failureConcerns({ assigneeId: 2, teamId: 10 }, { ...anna, role: 'admin' })).toBe(false);
  });

  it('the team, when nobody is assigned; everyone for a ticket without a team', () => {
    expect(failureConcerns({ assigneeId: null, teamId: 10 }, anna)).toBe(true);
    expect(failureConcerns({ assigneeId: null, teamId: 20 }, anna)).toBe(false);
    expect(failureConcerns({ assigneeId: null, teamId: null }, anna)).toBe(true);
  });

  it('never a light agent, who cannot send again', () => {
    expect(failureConcerns({ assigneeId: null, teamId: 10 }, { ...anna, role: 'light_agent' })).toBe(false);
  });
});
