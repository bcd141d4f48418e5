// SQL for mailboxes: the addresses Frontline receives mail for and sends from.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, MailboxesTable } from '../db/tables.ts';
import { anyOf } from '../db/bulk.ts';

export type MailboxRow = Selectable<MailboxesTable>;

export const listMailboxes = (db: Kysely<DB>) => db.selectFrom('mailboxes').selectAll().orderBy('id').execute();

export const findMailbox = (db: Kysely<DB>, id: number) => db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();

export const findMailboxByAddress = (db: Kysely<DB>, address: string) =>
  db.selectFrom('mailboxes').selectAll().where(sql`lower(address)`, '=', address.toLowerCase()).executeTakeFirst();

/**
 * The mailbox a ticket's replies are sent from: the one it came in on; for a ticket that did not
 * come by mail (phone, web form, API), an active mailbox with an outgoing relay, the ticket's
 * team's first, else the first one; without any relay, the team's or the first active mailbox
 * (its replies then fail with the reason until a relay is set). Undefined when there is no mailbox.
 */
export async function replyMailbox(db: Kysely<DB>, ticket: { mailbox_id: number | null; team_id: number | null }): Promise<MailboxRow | undefined> {
  const own = ticket.mailbox_id === null ? undefined : await findMailbox(db, ticket.mailbox_id);
  if (own) return own;
  return db
    .selectFrom('mailboxes')
    .selectAll()
    .where('active', '=', true)
    .orderBy(sql`smtp_host IS NOT NULL`, 'desc')
    .orderBy(sql`team_id IS NOT DISTINCT FROM ${ticket.team_id}`, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export const findMailboxes = (db: Kysely<DB>, ids: number[]) => db.selectFrom('mailboxes').selectAll().where('id', '=', anyOf(ids, 'bigint')).execute();

export const insertMailbox = (tx: Kysely<DB>, values: Insertable<MailboxesTable>) =>
  tx.insertInto('mailboxes').values(values).returningAll().executeTakeFirstOrThrow();

export const updateMailboxRow = (tx: Kysely<DB>, id: number, values: Updateable<MailboxesTable>) =>
  tx.updateTable('mailboxes').set(values).where('id', '=', id).returningAll().executeTakeFirst();

/** Active IMAP mailboxes, for the poller. */
export const listImapMailboxes = (db: Kysely<DB>) =>
  db.selectFrom('mailboxes').selectAll().where('inbound', '=', 'imap').where('active', '=', true).orderBy('id').execute();

/** Records how far an IMAP mailbox has been read; in the transaction that stored what was read. */
export const advanceImapCursor = (tx: Kysely<DB>, id: number, cursor: { uidValidity: number; lastUid: number }, now: Date) =>
  tx
    .updateTable('mailboxes')
    .set({ imap_uid_validity: cursor.uidValidity, imap_last_uid: cursor.lastUid, imap_polled_at: now, imap_error: null })
    .where('id', '=', id)
    .execute();

export const recordImapStatus = (db: Kysely<DB>, id: number, error: string | null, now: Date) =>
  db.updateTable('mailboxes').set({ imap_error: error, imap_polled_at: now }).where('id', '=', id).execute();

/** The mailbox row, locked until the transaction ends: the IMAP poller checks its settings and cursor under it. */
export const lockMailbox = (tx: Kysely<DB>, id: number) => tx.selectFrom('mailboxes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** Which of these addresses (lowercase) belong to a mailbox. */
export async function mailboxAddressesAmong(db: Kysely<DB>, addresses: string[]): Promise<string[]> {
  const rows = await db.selectFrom('mailboxes').select(sql<string>`lower(address)`.as('address')).where(sql`lower(address)`, '=', anyOf(addresses.map((a) => a.toLowerCase()), 'text')).execute();
  return rows.map((row) => row.address);
}
