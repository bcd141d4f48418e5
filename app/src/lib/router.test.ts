import { describe, expect, it } from 'vitest';
import { customerPath, organizationPath, parseRoute, ticketPath } from './router';

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

  it('reads the people screens, and builds their links from one helper each', () => {
    expect(parseRoute('/customers')).toEqual({ name: 'customers' });
    expect(parseRoute('/customers/7')).toEqual({ name: 'customer', id: 7 });
    expect(parseRoute('/customers/x')).toEqual({ name: 'customers' });
    expect(parseRoute('/organizations')).toEqual({ name: 'organizations' });
    expect(parseRoute('/organizations/3')).toEqual({ name: 'organization', id: 3 });
    expect(parseRoute(customerPath({ id: 7 }))).toEqual({ name: 'customer', id: 7 });
    expect(parseRoute(organizationPath({ id: 3 }))).toEqual({ name: 'organization', id: 3 });
    expect(parseRoute(ticketPath({ id: 42, number: 1042 }))).toEqual({ name: 'ticket', id: 42 });
  });
});
