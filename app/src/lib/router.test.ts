import { describe, expect, it } from 'vitest';
import { parseRoute, ticketPath } from './router';

describe('routes', () => {
  it('reads every screen from the path', () => {
    expect(parseRoute('/')).toEqual({ name: 'inbox', view: 'unassigned' });
    expect(parseRoute('/views/mine')).toEqual({ name: 'inbox', view: 'mine' });
    expect(parseRoute('/tickets/1042')).toEqual({ name: 'ticket', number: 1042 });
    expect(parseRoute('/tickets/1234567890123456')).toEqual({ name: 'inbox', view: 'unassigned' });
    expect(parseRoute('/tickets/abc')).toEqual({ name: 'inbox', view: 'unassigned' });
    expect(parseRoute('/admin/agents')).toEqual({ name: 'agents' });
    expect(parseRoute('/admin/teams')).toEqual({ name: 'teams' });
    expect(parseRoute('/admin/mailboxes')).toEqual({ name: 'mailboxes' });
    expect(parseRoute('/admin/inbox')).toEqual({ name: 'unprocessed' });
    expect(parseRoute('/admin/audit')).toEqual({ name: 'audit' });
    expect(parseRoute('/settings')).toEqual({ name: 'settings' });
  });

  it('links a ticket by the number agents say aloud', () => {
    expect(ticketPath(1010)).toBe('/tickets/1010');
    expect(parseRoute(ticketPath(1010))).toEqual({ name: 'ticket', number: 1010 });
  });
});
