// SQL for the customer portal: one-time sign-in links and customers' portal sessions.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';

export const insertLink = (db: Kysely<DB>, values: { email: string; token_hash: string; locale: string; requested_ip: string | null; created_at: Date; expires_at: Date }) =>
  db.insertInto('portal_links').values(values).returning('id').executeTakeFirstOrThrow();

/** Links sent to the address since `since` (portal_links_email_idx). */
export async function linksSentSince(db: Kysely<DB>, email: string, since: Date): Promise<number> {
  const row = await db.selectFrom('portal_links').select(sql<string>`count(*)`.as('n')).where('email', '=', email).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Uses the link, once: the row comes back only if it was unused and unexpired. */
export const useLink = (tx: Kysely<DB>, tokenHash: string, now: Date) =>
  tx
    .updateTable('portal_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'email', 'locale'])
    .executeTakeFirst();

export const insertSession = (tx: Kysely<DB>, values: { token_hash: string; csrf_token: string; customer_id: number; created_at: Date; expires_at: Date }) =>
  tx.insertInto('portal_sessions').values(values).returning(['id', 'expires_at']).executeTakeFirstOrThrow();

/**
 * The live session with this token, with its customer: the one the session was opened for, or,
 * once an agent merged that record into another, the survivor (whose tickets are now theirs).
 */
export const findSession = (db: Kysely<DB>, tokenHash: string, now: Date) =>
  db
    .selectFrom('portal_sessions')
    .innerJoin('customers as opened', 'opened.id', 'portal_sessions.customer_id')
    .innerJoin('customers', (join) => join.on(sql<boolean>`customers.id = coalesce(opened.merged_into_id, opened.id)`))
    .select(['portal_sessions.id', 'customers.id as customer_id', 'portal_sessions.csrf_token', 'portal_sessions.expires_at', 'customers.name', 'customers.language'])
    .where('portal_sessions.token_hash', '=', tokenHash)
    .where('portal_sessions.expires_at', '>', now)
    .executeTakeFirst();

export const deleteSession = (db: Kysely<DB>, id: number) => db.deleteFrom('portal_sessions').where('id', '=', id).execute();
