// @vitest-environment jsdom
// The incoming-call pop-up: the caller's card and open tickets as links, or "Unknown caller" with a
// customer form prefilled with the number; a dialog that Escape or its button dismisses; a call
// shown once, and not at all when it rang long ago (a replay after a reconnect).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { CallPopups } from './call-popup';
import { RINGING_MS, RingingCalls, type RingingCall } from './ringing';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let sequence = 0;
function ringing(payload: Partial<RingingCall['payload']> = {}, createdAt = new Date().toISOString()): RingingCall {
  return {
    id: ++sequence,
    type: 'call.ringing',
    ticketId: null,
    actorAgentId: null,
    createdAt,
    payload: { integrationId: 1, callId: `c-${sequence}`, number: '+995555000111', to: '100', agentId: null, teamId: null, customer: null, tickets: [], ...payload },
  };
}

describe('the incoming-call pop-up', () => {
  let root: Root | null = null;
  let host: HTMLElement;
  beforeAll(async () => {
    await i18next.use(initReactI18next).init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } });
  });
  afterEach(() => {
    act(() => root?.unmount());
    root = null;
    document.body.innerHTML = '';
  });
  const show = (store: RingingCalls, canCreate = true) => {
    host = document.createElement('div');
    document.body.appendChild(host);
    root = createRoot(host);
    act(() => root!.render(createElement(CallPopups, { store, canCreate })));
  };

  it("shows a known caller's card and their open tickets, each a link", () => {
    const store = new RingingCalls();
    store.add(ringing({ customer: { id: 7, name: 'Tamar Beridze', organization: 'Acme Shop' }, tickets: [{ id: 3, number: 1042, subject: 'Delivery late', status: 'open', teamId: null, assigneeId: null }] }));
    show(store);
    const dialog = host.querySelector('[role="dialog"]')!;
    expect(dialog).not.toBeNull();
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toContain('Tamar Beridze');
    expect(dialog.textContent).toContain('Acme Shop');
    const links = [...dialog.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['/customers/7', 'Tamar Beridze'],
      ['/tickets/1042', '#1042 Delivery late'],
    ]);
    expect(dialog.textContent).not.toContain('Create customer');
  });

  it('offers an unknown caller "Create customer" with the number filled in, to those who may', () => {
    const store = new RingingCalls();
    store.add(ringing({ number: '+995599123456' }));
    show(store);
    const dialog = host.querySelector('[role="dialog"]')!;
    expect(dialog.textContent).toContain('Unknown caller');
    const phone = [...dialog.querySelectorAll('input')].find((input) => input.getAttribute('inputmode') === 'tel')!;
    expect(phone.value).toBe('+995599123456');
    expect([...dialog.querySelectorAll('button')].some((button) => button.textContent === 'Create customer')).toBe(true);
    act(() => root!.unmount());
    show(store, false);
    expect(host.querySelector('[role="dialog"]')!.querySelector('form')).toBeNull();
  });

  it('is dismissed by Escape and by its button, and a call is shown once', () => {
    const store = new RingingCalls();
    const first = ringing();
    store.add(first);
    store.add({ ...first, id: first.id + 100 });
    store.add(ringing());
    show(store);
    expect(host.querySelectorAll('[role="dialog"]').length).toBe(2);
    const [one, two] = [...host.querySelectorAll<HTMLElement>('[role="dialog"]')];
    act(() => one!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(host.querySelectorAll('[role="dialog"]').length).toBe(1);
    act(() => two!.querySelector<HTMLButtonElement>('button[aria-label="Dismiss the call"]')!.click());
    expect(host.querySelector('[role="dialog"]')).toBeNull();
    act(() => store.add(first));
    expect(host.querySelector('[role="dialog"]')).toBeNull();
  });

  it('leaves out a call that rang long ago, and speaks the language of the desk', () => {
    const now = Date.parse('2026-01-05T10:00:00Z');
    const store = new RingingCalls(() => now);
    store.add(ringing({}, new Date(now - RINGING_MS - 1000).toISOString()));
    expect(store.current()).toEqual([]);
    store.add(ringing({}, new Date(now - 1000).toISOString()));
    act(() => void i18next.changeLanguage('ru'));
    show(store);
    expect(host.textContent).toContain('Неизвестный номер');
    act(() => void i18next.changeLanguage('en'));
  });
});
