import { describe, expect, it } from 'vitest';
import type { Mailbox } from '../api/types';
import { initialState, mailboxBody } from './mailboxes-page';

const stored: Mailbox = {
  id: 3,
  address: 'help@acme.test',
  name: 'Acme Help',
  teamId: 2,
  inbound: 'imap',
  imap: { host: 'imap.acme.test', port: 993, tls: true, user: 'help', hasPassword: true, folder: 'INBOX', after: 'seen', moveTo: null, lastUid: 10, polledAt: null, error: null },
  smtp: { host: 'smtp.acme.test', port: 587, security: 'starttls', user: 'help', hasPassword: true },
  acknowledge: false,
  acknowledgementTexts: { en: null, ru: 'Заявка №{{number}} принята.', ka: null },
  active: true,
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
};

describe('mailbox form body', () => {
  it('a new mailbox on the built-in receiver sends no IMAP settings and no relay', () => {
    const body = mailboxBody({ ...initialState(null), address: ' support@acme.test ', name: 'Acme Support' }, false);
    expect(body).toEqual({ address: 'support@acme.test', name: 'Acme Support', teamId: null, inbound: 'smtp', acknowledge: false, active: true });
  });

  it('a new mailbox acknowledges by default only once it has a relay, and keeps what the admin chose', () => {
    const fresh = { ...initialState(null), address: 'support@acme.test', name: 'Acme Support' };
    expect(mailboxBody({ ...fresh, smtpHost: 'smtp.acme.test' }, false).acknowledge).toBe(true);
    expect(mailboxBody({ ...fresh, smtpHost: 'smtp.acme.test', acknowledge: false }, false).acknowledge).toBe(false);
    expect(mailboxBody({ ...fresh, acknowledge: true }, false).acknowledge).toBe(true);
    expect(mailboxBody(initialState(stored), true).acknowledge).toBe(false);
  });

  it('passwords left empty are left out, so the stored ones are kept', () => {
    const body = mailboxBody(initialState(stored), true);
    expect(body.imap).toEqual({ host: 'imap.acme.test', port: 993, tls: true, user: 'help', folder: 'INBOX', after: 'seen', moveTo: null });
    expect(body.smtp).toEqual({ host: 'smtp.acme.test', port: 587, security: 'starttls', user: 'help' });
    expect(body.teamId).toBe(2);
  });

  it('typed passwords are sent; an emptied relay host removes the relay', () => {
    const body = mailboxBody({ ...initialState(stored), imapPassword: 'new secret', imapAfter: 'move', imapMoveTo: 'Done', smtpHost: '' }, true);
    expect(body.imap).toMatchObject({ password: 'new secret', after: 'move', moveTo: 'Done' });
    expect(body.smtp).toBeNull();
  });

  it('acknowledgement texts: a new mailbox sends only the typed ones; an edit sends all, an emptied one as null (the built-in text)', () => {
    const fresh = mailboxBody({ ...initialState(null), address: 'a@acme.test', name: 'A', acknowledgementTexts: { en: '  Got it: #{{number}} ', ru: '', ka: '' } }, false);
    expect(fresh.acknowledgementTexts).toEqual({ en: 'Got it: #{{number}}' });
    const edited = initialState(stored);
    expect(edited.acknowledgementTexts.ru).toBe('Заявка №{{number}} принята.');
    const body = mailboxBody({ ...edited, acknowledgementTexts: { ...edited.acknowledgementTexts, ru: '   ' } }, true);
    expect(body.acknowledgementTexts).toEqual({ en: null, ru: null, ka: null });
  });
});
