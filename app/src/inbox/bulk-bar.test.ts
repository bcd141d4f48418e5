import { describe, expect, it } from 'vitest';
import type { Ticket } from '../api/types';
import { changesFor } from './bulk-bar';

const ticket = (status: Ticket['status']) => ({ status }) as Ticket;

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
});
