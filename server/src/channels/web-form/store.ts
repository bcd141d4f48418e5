// SQL for contact forms: the forms admins set up, found by id or by the public key their page carries.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, WebFormsTable } from '../../db/tables.ts';

export type WebFormRow = Selectable<WebFormsTable>;

export const listWebForms = (db: Kysely<DB>) => db.selectFrom('web_forms').selectAll().orderBy('id').execute();

export const findWebForm = (db: Kysely<DB>, id: number) => db.selectFrom('web_forms').selectAll().where('id', '=', id).executeTakeFirst();

export const findWebFormByKey = (db: Kysely<DB>, publicKey: string) => db.selectFrom('web_forms').selectAll().where('public_key', '=', publicKey).executeTakeFirst();

export const insertWebForm = (tx: Kysely<DB>, values: Insertable<WebFormsTable>) => tx.insertInto('web_forms').values(values).returningAll().executeTakeFirstOrThrow();

export const updateWebFormRow = (tx: Kysely<DB>, id: number, values: Updateable<WebFormsTable>) =>
  tx.updateTable('web_forms').set(values).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteWebFormRow = (tx: Kysely<DB>, id: number) => tx.deleteFrom('web_forms').where('id', '=', id).returning('id').executeTakeFirst();

export const teamExists = async (db: Kysely<DB>, id: number) => !!(await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst());
