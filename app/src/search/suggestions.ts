// The search box's suggestions as one list of options, tickets first: what each shows and where
// choosing it leads (a ticket by its number, a customer to their page).
import type { CustomerSuggestion, SearchResult, Ticket } from '../api/types';
import { ticketPath } from '../lib/router';

export type { CustomerSuggestion, SearchResult } from '../api/types';

export type SuggestionOption =
  | { kind: 'ticket'; key: string; path: string; ticket: Ticket }
  | { kind: 'customer'; key: string; path: string; customer: CustomerSuggestion };

/** The customer's page; the people part of the workspace shows it. */
export const customerPath = (id: number): string => `/customers/${id}`;

export function suggestionOptions(result: SearchResult | undefined): SuggestionOption[] {
  if (!result) return [];
  return [
    ...result.tickets.map((ticket): SuggestionOption => ({ kind: 'ticket', key: `ticket-${ticket.id}`, path: ticketPath(ticket.number), ticket })),
    ...result.customers.map((customer): SuggestionOption => ({ kind: 'customer', key: `customer-${customer.id}`, path: customerPath(customer.id), customer })),
  ];
}

/** One line under a customer's name: how to reach them and where they work. */
export const customerDetails = (customer: CustomerSuggestion): string => [customer.email, customer.phone, customer.organization].filter(Boolean).join(' · ');
