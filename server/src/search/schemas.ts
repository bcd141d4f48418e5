import { Type } from '@sinclair/typebox';
import { Limit, Nullable, Strict } from '../http/schema-kit.ts';
import { TicketListItem } from '../tickets/schemas.ts';

export const SearchQuery = Strict({
  q: Type.String({ minLength: 1, maxLength: 200, description: 'What the agent typed: a ticket number (1019 or #1019), an email or part of one, a name, a phone number, an organization, or words of the conversation.' }),
  limit: Type.Optional(Limit(20, 8)),
});

export const CustomerSuggestion = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  organization: Nullable(Type.String({ description: "The name of the customer's organization." })),
}, { title: 'CustomerSuggestion' });

export const SearchResult = Type.Object({
  tickets: Type.Array(TicketListItem, { description: 'The ticket with the number typed first, then tickets of matching customers and organizations and tickets whose words match, newest first.' }),
  customers: Type.Array(CustomerSuggestion, { description: 'Customers whose identity is the text, then whose name starts with it, then whose name, identity or phone contains it.' }),
}, { title: 'SearchResult' });
