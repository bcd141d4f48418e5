import { describe, expect, it } from 'vitest';
import { parseRoute } from './router';

describe('routes', () => {
  it('reads every screen from the path', () => {
    expect(parseRoute('/')).toEqual({ name: 'inbox', view: 'unassigned' });
    expect(parseRoute('/views/mine')).toEqual({ name: 'inbox', view: 'mine' });
    expect(parseRoute('/tickets/42')).toEqual({ name: 'ticket', id: 42 });
    expect(parseRoute('/tickets/abc')).toEqual({ name: 'inbox', view: 'unassigned' });
    expect(parseRoute('/admin/agents')).toEqual({ name: 'agents' });
    expect(parseRoute('/admin/teams')).toEqual({ name: 'teams' });
    expect(parseRoute('/admin/mailboxes')).toEqual({ name: 'mailboxes' });
    expect(parseRoute('/admin/inbox')).toEqual({ name: 'unprocessed' });
    expect(parseRoute('/admin/audit')).toEqual({ name: 'audit' });
    expect(parseRoute('/settings')).toEqual({ name: 'settings' });
  });
});
