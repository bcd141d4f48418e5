// The search box's suggestions: the tickets and the customers an agent may mean by what they
// typed, each list short, and only what the agent may see.
import type { Kysely } from 'kysely';
import { parseSearchTerms } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { coversCustomer } from '../customers/policy.ts';
import { customerSummaries, customerTicketScopes, matchCustomers, matchOrganizations } from '../customers/verbs.ts';
import { findTickets, SEARCH_ORGANIZATIONS } from '../tickets/queries.ts';

/** Customers out of scope are dropped after matching, so more are matched than shown. */
const CANDIDATES_PER_SHOWN = 4;

export async function suggest(db: Kysely<DB>, principal: Principal, q: string, limit: number) {
  if (!q.trim()) return { tickets: [], customers: [] };
  const terms = parseSearchTerms(q);
  const [tickets, candidates] = await Promise.all([
    findTickets(db, principal, { q, view: 'all', limit }),
    matchOrganizations(db, terms, SEARCH_ORGANIZATIONS).then((organizations) => matchCustomers(db, terms, organizations, limit * CANDIDATES_PER_SHOWN)),
  ]);
  const scopes = await customerTicketScopes(db, candidates);
  const shown = candidates.filter((id) => coversCustomer(principal, scopes.get(id) ?? [])).slice(0, limit);
  const rows = new Map((await customerSummaries(db, shown)).map((row) => [row.id, row]));
  return {
    tickets: tickets.items,
    customers: shown.flatMap((id) => {
      const row = rows.get(id);
      return row ? [{ id: row.id, name: row.name, email: row.email, phone: row.phone, organization: row.organization_name }] : [];
    }),
  };
}
