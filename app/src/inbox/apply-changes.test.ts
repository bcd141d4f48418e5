import { describe, expect, it } from 'vitest';
import { statusPath } from '@frontline/shared';
import type { Ticket } from '../api/types';
import { changesFor, changesToStatus, restoringChanges, waitingAmong, withReason, type TicketState } from './apply-changes';

const ticket = (status: Ticket['status']) => ({ status }) as Ticket;
const state = (over: Partial<TicketState>): TicketState => ({ id: 1, number: 1001, status: 'open', priority: 'normal', teamId: null, assigneeId: null, tags: [], customerWaitingSince: null, ...over });

describe('bulk status changes', () => {
  it('closes through solved, as the status rules require', () => {
    expect(changesFor(ticket('open'), 'close')).toEqual([{ status: 'solved' }, { status: 'closed' }]);
    expect(changesFor(ticket('solved'), 'close')).toEqual([{ status: 'closed' }]);
    expect(changesFor(ticket('closed'), 'close')).toEqual([]);
  });

  it('solves only what is not solved or closed yet', () => {
    expect(changesFor(ticket('pending'), 'solve')).toEqual([{ status: 'solved' }]);
    expect(changesFor(ticket('solved'), 'solve')).toEqual([]);
    expect(changesFor(ticket('closed'), 'solve')).toEqual([]);
  });

  it('takes the allowed way to any status', () => {
    expect(statusPath('solved', 'pending')).toEqual(['open', 'pending']);
    expect(statusPath('new', 'pending')).toEqual(['pending']);
    expect(statusPath('open', 'open')).toEqual([]);
    expect(statusPath('closed', 'open')).toBeNull();
    expect(statusPath('open', 'new')).toBeNull();
    expect(changesToStatus(ticket('solved'), 'on_hold')).toEqual([{ status: 'open' }, { status: 'on_hold' }]);
    expect(changesToStatus(ticket('closed'), 'open')).toEqual([]);
  });
});

describe('undo', () => {
  it('puts back the status the allowed way, and what else changed', () => {
    expect(restoringChanges(state({ status: 'pending' }), state({ status: 'solved' }))).toEqual([{ status: 'open' }, { status: 'pending' }]);
    expect(restoringChanges(state({ assigneeId: 4, tags: ['a'] }), state({ assigneeId: null, tags: ['a', 'vip'] }))).toEqual([{ assigneeId: 4, tags: ['a'] }]);
    expect(restoringChanges(state({}), state({}))).toEqual([]);
  });

  it('brings a new ticket back as open and cannot reopen a closed one', () => {
    expect(restoringChanges(state({ status: 'new' }), state({ status: 'solved' }))).toEqual([{ status: 'open' }]);
    expect(restoringChanges(state({ status: 'open' }), state({ status: 'closed' }))).toBeNull();
  });
});

describe('a reason for solving while the customer waits', () => {
  const waits = '2026-12-06T08:00:00.000Z';
  const tickets = [
    state({ id: 1, number: 1001, status: 'open', customerWaitingSince: waits }),
    state({ id: 2, number: 1002, status: 'open' }),
    state({ id: 3, number: 1003, status: 'solved', customerWaitingSince: waits }),
    state({ id: 4, number: 1004, status: 'pending', customerWaitingSince: waits }),
  ];

  it('is asked for the active tickets a change would solve or close whose customer waits', () => {
    expect(waitingAmong(tickets, (t) => changesFor(t, 'solve')).map((t) => t.number)).toEqual([1001, 1004]);
    expect(waitingAmong(tickets, (t) => changesFor(t, 'close')).map((t) => t.number)).toEqual([1001, 1004]); // a solved ticket closes without one
    expect(waitingAmong(tickets, (t) => changesToStatus(t, 'pending'))).toEqual([]);
    expect(waitingAmong(tickets, () => [{ priority: 'high' }])).toEqual([]);
  });

  it('goes with every solve and close, and nothing else', () => {
    const changes = withReason((t: TicketState) => [...changesFor(t, 'close'), { priority: 'low' as const }], 'Answered by phone.');
    expect(changes(tickets[0]!)).toEqual([{ status: 'solved', reason: 'Answered by phone.' }, { status: 'closed', reason: 'Answered by phone.' }, { priority: 'low' }]);
  });
});
