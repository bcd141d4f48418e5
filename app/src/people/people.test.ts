import { describe, expect, it } from 'vitest';
import type { CustomerDetail } from '../api/people';
import { customerChanges } from './customer-page';
import { changeSummary } from './customer-history';

const customer: CustomerDetail = {
  id: 1,
  name: 'Nino',
  organizationId: null,
  organization: null,
  language: 'ka',
  notes: '',
  mergedIntoId: null,
  unknownSender: false,
  identities: [
    { id: 10, kind: 'email', value: 'nino@example.ge' },
    { id: 11, kind: 'telegram', value: 'ninob' },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  recentTickets: [],
};
const form = { name: 'Nino', email: 'nino@example.ge', phone: '', language: 'ka', organizationId: '', notes: '' };

describe('the customer form', () => {
  it('sends nothing when nothing changed', () => {
    expect(customerChanges(customer, form)).toEqual({});
  });

  it('replaces the email by removing the old identity and adding the new one, adds a phone, and leaves other channels alone', () => {
    expect(customerChanges(customer, { ...form, email: ' nino@work.ge ', phone: '+995 555 12 34 56' })).toEqual({
      removeIdentityIds: [10],
      addIdentities: [
        { kind: 'email', value: 'nino@work.ge' },
        { kind: 'phone', value: '+995 555 12 34 56' },
      ],
    });
  });

  it('sends changed fields only, with empty choices as null', () => {
    expect(customerChanges(customer, { ...form, name: ' Nino B. ', language: '', organizationId: '4', notes: 'VIP' })).toEqual({ name: 'Nino B.', language: null, organizationId: 4, notes: 'VIP' });
  });
});

describe('a customer history line', () => {
  it('names changed fields and merged identities', () => {
    expect(changeSummary({ name: 'Old' }, { name: 'New' })).toBe('name: Old → name: New');
    expect(changeSummary(null, { sourceId: 2, targetId: 1, sourceIdentities: [{ kind: 'email', value: 'a@b.c' }] })).toBe('sourceId: 2; targetId: 1; sourceIdentities: a@b.c');
  });
});
