import { describe, expect, it } from 'vitest';
import { customerPath, organizationPath, parseRoute, pathOf, queryParam, ticketPath } from './router';

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
    expect(parseRoute('/admin/chat')).toEqual({ name: 'chat' });
    expect(parseRoute('/admin/telegram')).toEqual({ name: 'telegram' });
    expect(parseRoute('/admin/whatsapp')).toEqual({ name: 'whatsapp' });
    expect(parseRoute('/admin/vk')).toEqual({ name: 'vk' });
    expect(parseRoute('/admin/phone')).toEqual({ name: 'phone' });
    expect(parseRoute('/admin/inbox')).toEqual({ name: 'unprocessed' });
    expect(parseRoute('/admin/audit')).toEqual({ name: 'audit' });
    expect(parseRoute('/admin/forms')).toEqual({ name: 'webForms' });
    expect(parseRoute('/admin/calendars')).toEqual({ name: 'calendars' });
    expect(parseRoute('/admin/jobs')).toEqual({ name: 'jobs' });
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

  it('shows the same screen whatever the query string or fragment says', () => {
    expect(parseRoute('/tickets/42?compose=reply')).toEqual({ name: 'ticket', number: 42 });
    expect(parseRoute('/tickets/42?compose=note#m7')).toEqual({ name: 'ticket', number: 42 });
    expect(parseRoute('/views/open?x=/tickets/1')).toEqual({ name: 'inbox', view: 'open' });
    expect(parseRoute('/settings#tokens')).toEqual({ name: 'settings' });
    expect(parseRoute('/?compose=reply')).toEqual({ name: 'inbox', view: 'unassigned' });
  });

  it('reads the path and one query parameter apart', () => {
    expect(pathOf('/tickets/42?compose=reply')).toBe('/tickets/42');
    expect(queryParam('/tickets/42?compose=reply', 'compose')).toBe('reply');
    expect(queryParam('/tickets/42', 'compose')).toBeNull();
    expect(queryParam('/tickets/42?a=1#compose=x', 'compose')).toBeNull();
  });
});
