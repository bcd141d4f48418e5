import { describe, expect, it } from 'vitest';
import type { ChatSite } from '../api/chat-admin';
import { chatSiteBody, chatSiteProblems, chatSnippet, emptyTopic, initialChatSiteForm, parseOrigins } from './chat-site-body';

const stored: ChatSite = {
  id: 4,
  name: 'Shop',
  key: 'fcs_abc123',
  teamId: 2,
  mailboxId: 3,
  allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
  texts: { ru: { greeting: 'Здравствуйте!' }, en: { offline: 'We are away' } },
  color: '#ff8800',
  position: 'left',
  topics: [{ id: 'billing', label: { en: 'Billing', ka: 'გადახდა' }, teamId: 5 }],
  hours: { timeZone: 'Asia/Tbilisi', days: { mon: [['09:00', '13:00'], ['14:00', '18:00']], sat: [['10:00', '14:00']] } },
  askEmail: 'always',
  active: false,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('chat site settings', () => {
  it('a new site starts always open, asking for an email when offline, in the admin time zone, with nothing but the name to fill', () => {
    const form = initialChatSiteForm(null, 'Europe/Moscow');
    form.name = '  Blog ';
    expect(chatSiteProblems(form)).toEqual([]);
    expect(chatSiteBody(form)).toEqual({
      name: 'Blog',
      teamId: null,
      mailboxId: null,
      allowedOrigins: [],
      texts: { en: {}, ru: {}, ka: {} },
      color: '#2563eb',
      position: 'right',
      topics: [],
      hours: null,
      askEmail: 'offline',
      active: true,
    });
    // Turning "always open" off starts from a working week in that zone.
    form.alwaysOpen = false;
    expect(chatSiteBody(form).hours).toEqual({ timeZone: 'Europe/Moscow', days: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] } });
  });

  it('a stored site comes back unchanged through the form', () => {
    const { id: _id, key: _key, createdAt: _c, updatedAt: _u, ...fields } = stored;
    expect(chatSiteBody(initialChatSiteForm(stored, 'UTC'))).toEqual({ ...fields, texts: { en: { offline: 'We are away' }, ru: { greeting: 'Здравствуйте!' }, ka: {} } });
  });

  it('editing the form does not change the stored site it came from', () => {
    const form = initialChatSiteForm(stored, 'UTC');
    form.days.mon[0]![0] = '08:00';
    form.days.mon.push(['19:00', '20:00']);
    expect(stored.hours?.days.mon).toEqual([['09:00', '13:00'], ['14:00', '18:00']]);
  });

  it('reads origins one per line (commas and spaces too), once each, without a trailing slash', () => {
    expect(parseOrigins('https://a.example/\n\n https://b.example, https://a.example  https://c.example:8443')).toEqual(['https://a.example', 'https://b.example', 'https://c.example:8443']);
  });

  it('sends topics trimmed with only their filled labels, drops untouched rows, and a team as a number', () => {
    const form = initialChatSiteForm(null, 'UTC');
    form.name = 'Shop';
    form.topics = [{ ...emptyTopic(0), id: ' sales ', label: { en: ' Sales ', ru: '', ka: 'გაყიდვები' }, teamId: '7' }, emptyTopic(1)];
    expect(chatSiteBody(form).topics).toEqual([{ id: 'sales', label: { en: 'Sales', ka: 'გაყიდვები' }, teamId: 7 }]);
  });

  it('names what must be fixed: no name, a topic id of bad characters or twice, a range that ends before it starts', () => {
    const form = initialChatSiteForm(null, 'UTC');
    form.topics = [
      { ...emptyTopic(0), id: 'bad id' },
      { ...emptyTopic(1), id: 'sales' },
      { ...emptyTopic(2), id: 'sales' },
      { ...emptyTopic(3), id: 'Sales' },
      { ...emptyTopic(4), id: '-sales' },
    ];
    form.alwaysOpen = false;
    form.days.tue = [['18:00', '09:00']];
    form.days.sun = [['25:00', '26:00']];
    expect(chatSiteProblems(form)).toEqual([
      { problem: 'name' },
      { problem: 'topicId', detail: 'bad id' },
      { problem: 'topicDuplicate', detail: 'sales' },
      { problem: 'topicId', detail: 'Sales' },
      { problem: 'topicId', detail: '-sales' },
      { problem: 'range', detail: 'tue' },
      { problem: 'range', detail: 'sun' },
    ]);
    // The same ranges do not matter while the site is always open.
    form.alwaysOpen = true;
    expect(chatSiteProblems(form).map((x) => x.problem)).not.toContain('range');
  });

  it('the snippet loads widget.js from this help desk with the site key, and a key cannot break out of its attribute', () => {
    expect(chatSnippet({ key: 'fcs_abc123' }, 'https://help.example/')).toBe('<script src="https://help.example/widget.js" data-site="fcs_abc123" async></script>');
    expect(chatSnippet({ key: 'fcs_x"><img src=x onerror=alert(1)>' }, 'https://help.example')).toBe('<script src="https://help.example/widget.js" data-site="fcs_ximgsrcxonerroralert1" async></script>');
  });
});
