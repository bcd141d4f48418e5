// Who may change a customer's contact details (identities, merges): whoever may see one of the
// customer's tickets, so an agent cannot redirect the replies of another team's customer. A
// customer with no tickets yet is anyone's to complete; there is no reply to redirect.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { canSeeTicket, seesAllTickets } from '../auth/policy.ts';
import { AppError } from '../errors.ts';
import { customerTicketScopes } from './store.ts';

/** One of the customer's tickets is within the principal's scope (or the customer has none): who hears of and may re-address the customer. */
export const coversCustomer = (principal: Principal, tickets: Array<{ team_id: number | null; assignee_id: number | null }>): boolean =>
  seesAllTickets(principal) || tickets.length === 0 || tickets.some((ticket) => canSeeTicket(principal, ticket));

/** Forbidden (customer_out_of_scope) unless the principal may change the contact details of every customer given. */
export async function authorizeContactChange(tx: Kysely<DB>, principal: Principal, customerIds: number[]): Promise<void> {
  if (seesAllTickets(principal)) return;
  const scopes = await customerTicketScopes(tx, customerIds);
  const refused = customerIds.find((id) => !coversCustomer(principal, scopes.get(id) ?? []));
  if (refused !== undefined) {
    throw new AppError('forbidden', 'customer_out_of_scope', `Customer ${refused} has tickets only in teams you are not in; ask one of those teams or a supervisor to change their contact details.`, { customerId: refused });
  }
}
