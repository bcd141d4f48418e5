import { describe, expect, it } from 'vitest';
import { customerPath, organizationPath, parseRoute, ticketPath } from './router';

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

  it('reads the people screens, and builds their links from one helper each', () => {
    expect(parseRoute('/customers')).toEqual({ name: 'customers' });
    expect(parseRoute('/customers/7')).toEqual({ name: 'customer', id: 7 });
    expect(parseRoute('/customers/x')).toEqual({ name: 'customers' });
    expect(parseRoute('/organizations')).toEqual({ name: 'organizations' });
    expect(parseRoute('/organizations/3')).toEqual({ name: 'organization', id: 3 });
    expect(parseRoute(customerPath({ id: 7 }))).toEqual({ name: 'customer', id: 7 });
    expect(parseRoute(organizationPath({ id: 3 }))).toEqual({ name: 'organization', id: 3 });
    expect(parseRoute(ticketPath({ number: 1042 }))).toEqual({ name: 'ticket', number: 1042 });
  });
});
