// SQL for business-hours calendars: the calendars admins keep, found by id, by name or as the default.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { CalendarsTable, DB } from '../db/tables.ts';

export type CalendarRow = Selectable<CalendarsTable>;

/** pg_advisory_xact_lock key of whoever changes calendars ("cals" in ASCII). */
const CALENDARS_LOCK = 0x63616c73;

/**
 * Changes to calendars one after the other: two admins making two calendars the default at once,
 * or giving two calendars one name, meet here instead of in a unique index's error.
 */
export const lockCalendars = async (tx: Kysely<DB>) => {
  await sql`SELECT pg_advisory_xact_lock(${CALENDARS_LOCK})`.execute(tx);
};

/** The default first, then by name. */
export const listCalendars = (db: Kysely<DB>) => db.selectFrom('calendars').selectAll().orderBy('is_default', 'desc').orderBy(sql`lower(name)`).orderBy('id').execute();

export const findCalendar = (db: Kysely<DB>, id: number) => db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();

export const findDefaultCalendar = (db: Kysely<DB>) => db.selectFrom('calendars').selectAll().where('is_default', '=', true).executeTakeFirst();

/** The calendar of that name, in any case, other than `exceptId`. */
export const findCalendarByName = (db: Kysely<DB>, name: string, exceptId?: number) =>
  db
    .selectFrom('calendars')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .$if(exceptId !== undefined, (query) => query.where('id', '<>', exceptId!))
    .executeTakeFirst();

export const insertCalendar = (tx: Kysely<DB>, values: Insertable<CalendarsTable>) => tx.insertInto('calendars').values(values).returningAll().executeTakeFirstOrThrow();

export const updateCalendarRow = (tx: Kysely<DB>, id: number, values: Updateable<CalendarsTable>) =>
  tx.updateTable('calendars').set(values).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteCalendarRow = async (tx: Kysely<DB>, id: number) => Number((await tx.deleteFrom('calendars').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;

/** Makes `id` the one default: the old default first gives it up (the partial unique index allows one). */
export async function setDefaultCalendar(tx: Kysely<DB>, id: number, now: Date): Promise<CalendarRow | undefined> {
  await tx.updateTable('calendars').set({ is_default: false, updated_at: now }).where('is_default', '=', true).where('id', '<>', id).execute();
  return updateCalendarRow(tx, id, { is_default: true, updated_at: now });
}
