import { describe, expect, it } from 'vitest';
import type { Ticket } from '../api/types';
import { customerDetails, suggestionOptions } from './suggestions';

const ticket = { id: 7, number: 1019, subject: 'Account locked', customer: { id: 3, name: 'Anna', email: 'anna@example.test' } } as unknown as Ticket;
const customer = { id: 3, name: 'Anna Kowalska', email: 'anna@example.test', phone: '+995555123456', organization: 'Rustavi Logistics' };

describe('search suggestions', () => {
  it('lists tickets before customers, a ticket by its number and a customer by id', () => {
    const options = suggestionOptions({ tickets: [ticket], customers: [customer] });
    expect(options.map((o) => [o.kind, o.path])).toEqual([
      ['ticket', '/tickets/1019'],
      ['customer', '/customers/3'],
    ]);
    expect(new Set(options.map((o) => o.key)).size).toBe(2);
  });

  it('has nothing to offer before an answer', () => {
    expect(suggestionOptions(undefined)).toEqual([]);
    expect(suggestionOptions({ tickets: [], customers: [] })).toEqual([]);
  });

  it('shows what is known of a customer, skipping what is not', () => {
    expect(customerDetails(customer)).toBe('anna@example.test · +995555123456 · Rustavi Logistics');
    expect(customerDetails({ ...customer, email: null, organization: null })).toBe('+995555123456');
  });
});
