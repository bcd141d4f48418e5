// SQL for the phone channel: integrations (their tokens only as hashes) and the state of each call.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, PhoneCallsTable, PhoneIntegrationsTable } from '../../db/tables.ts';

export type IntegrationRow = Selectable<PhoneIntegrationsTable>;
export type CallRow = Selectable<PhoneCallsTable>;

export const listIntegrations = (db: Kysely<DB>) => db.selectFrom('phone_integrations').selectAll().orderBy('id').execute();

export const findIntegration = (db: Kysely<DB>, id: number) => db.selectFrom('phone_integrations').selectAll().where('id', '=', id).executeTakeFirst();

export const findIntegrationByTokenHash = (db: Kysely<DB>, tokenHash: string) =>
  db.selectFrom('phone_integrations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const insertIntegration = (tx: Kysely<DB>, values: Insertable<PhoneIntegrationsTable>) =>
  tx.insertInto('phone_integrations').values(values).returningAll().executeTakeFirstOrThrow();

export const updateIntegrationRow = (tx: Kysely<DB>, id: number, values: Updateable<PhoneIntegrationsTable>) =>
  tx.updateTable('phone_integrations').set(values).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteIntegrationRow = async (tx: Kysely<DB>, id: number) =>
  Number((await tx.deleteFrom('phone_integrations').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;

/**
 * The call's row, created by its first event, and locked until the transaction ends: the events of
 * one call are put together one after the other, however their jobs run.
 */
export const upsertCall = (tx: Kysely<DB>, values: Insertable<PhoneCallsTable>) =>
  tx
    .insertInto('phone_calls')
    .values(values)
    .onConflict((oc) => oc.columns(['integration_id', 'call_id']).doUpdateSet({ updated_at: sql`excluded.updated_at` }))
    .returningAll()
    .executeTakeFirstOrThrow();

export const updateCallRow = (tx: Kysely<DB>, id: number, values: Updateable<PhoneCallsTable>) =>
  tx.updateTable('phone_calls').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** The ticket the customer's latest missed call became or joined. */
export const lastMissedCallTicket = async (db: Kysely<DB>, customerId: number) =>
  (
    await db
      .selectFrom('phone_calls')
      .select('ticket_id')
      .where('customer_id', '=', customerId)
      .where('missed_at', 'is not', null)
      .where('ticket_id', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.ticket_id ?? null;

/**
 * Holds, until the transaction ends, the right to open or join tickets for calls from this number:
 * two calls from one number processed at once (two missed calls) settle one after the other, so
 * the second finds the ticket of the first.
 */
export const lockNumber = async (tx: Kysely<DB>, number: string) => {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`frontline.phone:${number}`}, 0))`.execute(tx);
};
