// Business-hours calendars: admins create, change, import holidays into, make default and delete
// them; every agent reads them, with whether each is open now. The arithmetic is business-hours/.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { MAX_HOLIDAYS, weekdays, type Calendar, type Holiday, type Period, type Weekday } from '../business-hours/types.ts';
import { calendarProblem, isOpenAt, nextClosing, nextOpening } from '../business-hours/calendar.ts';
import { holidaysFromIcal } from '../business-hours/ical.ts';
import { recordAudit, type AuditActor } from '../audit/verbs.ts';
import { appendEvent, appendEvents } from '../events/append.ts';
import { conflict, notFound, refused } from '../errors.ts';
import { deleteCalendarRow, findCalendar, findCalendarByName, findDefaultCalendar, insertCalendar, lockCalendars, setDefaultCalendar, updateCalendarRow, type CalendarRow } from './store.ts';

// What other features (SLA policies) read of calendars, published here so that none imports store.ts.
export { findCalendar, findDefaultCalendar, listCalendars, type CalendarRow } from './store.ts';

export const MAX_NAME_LENGTH = 100;
/** As business-hours/problem.ts bounds it. */
export const MAX_HOLIDAY_NAME_LENGTH = 100;
/** How far ahead an iCal import reads (recurring events are unrolled until then). */
export const IMPORT_YEARS = 3;

export interface CalendarInput {
  name?: string | undefined;
  timeZone?: string | undefined;
  alwaysOpen?: boolean | undefined;
  week?: Partial<Record<Weekday, Period[]>> | undefined;
  holidays?: Array<{ date: string; name: string; recurring?: boolean | undefined }> | undefined;
}

export interface CalendarView {
  id: number;
  name: string;
  timeZone: string;
  alwaysOpen: boolean;
  /** Every weekday, an empty list when closed. */
  week: Record<Weekday, Period[]>;
  holidays: Holiday[];
  isDefault: boolean;
  openNow: boolean;
  /** When it next opens (closed now) or closes (open now); null when it never will. */
  nextChange: string | null;
  createdAt: string;
  updatedAt: string;
}

export const calendarOf = (row: CalendarRow): Calendar => ({ timeZone: row.time_zone, alwaysOpen: row.always_open, week: row.week, holidays: row.holidays });

export function presentCalendar(row: CalendarRow, now: Date): CalendarView {
  const calendar = calendarOf(row);
  const openNow = isOpenAt(calendar, now);
  const next = openNow ? nextClosing(calendar, now) : nextOpening(calendar, now);
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    alwaysOpen: row.always_open,
    week: Object.fromEntries(weekdays.map((day) => [day, row.week[day] ?? []])) as Record<Weekday, Period[]>,
    holidays: row.holidays,
    isDefault: row.is_default,
    openNow,
    nextChange: next ? next.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function getCalendar(db: Kysely<DB>, id: number, now: Date): Promise<CalendarView> {
  return presentCalendar(await existing(db, id), now);
}

export async function createCalendar(tx: Kysely<DB>, input: CalendarInput & { name: string; timeZone: string }, actor: AuditActor, now: Date): Promise<CalendarView> {
  await lockCalendars(tx);
  const name = await freeName(tx, input.name);
  const calendar = checked({ timeZone: input.timeZone, alwaysOpen: input.alwaysOpen ?? false, week: cleanWeek(input.week ?? {}), holidays: cleanHolidays(input.holidays ?? []) });
  const row = await insertCalendar(tx, { name, ...columns(calendar), created_at: now, updated_at: now });
  await recordAudit(tx, { actor, action: 'calendar.created', subject: subject(row.id), after: audited(row) }, now);
  await appendEvent(tx, { type: 'calendar.created', actorAgentId: actor.agentId ?? null, payload: { calendarId: row.id } });
  return presentCalendar(row, now);
}

export async function updateCalendar(tx: Kysely<DB>, id: number, input: CalendarInput, actor: AuditActor, now: Date): Promise<CalendarView> {
  await lockCalendars(tx);
  const before = await existing(tx, id);
  const name = input.name === undefined ? before.name : await freeName(tx, input.name, id);
  const current = calendarOf(before);
  const calendar = checked({
    timeZone: input.timeZone ?? current.timeZone,
    alwaysOpen: input.alwaysOpen ?? current.alwaysOpen,
    week: input.week ? cleanWeek(input.week) : current.week,
    holidays: input.holidays ? cleanHolidays(input.holidays) : current.holidays,
  });
  const row = (await updateCalendarRow(tx, id, { name, ...columns(calendar), updated_at: now }))!;
  const change = changes(before, row);
  if (change) {
    await recordAudit(tx, { actor, action: 'calendar.changed', subject: subject(id), ...change }, now);
    await appendEvent(tx, { type: 'calendar.updated', actorAgentId: actor.agentId ?? null, payload: { calendarId: id, fields: Object.keys(change.after) } });
  }
  return presentCalendar(row, now);
}

/** The default calendar cannot be deleted: whatever names no calendar falls back to it. */
export async function deleteCalendar(tx: Kysely<DB>, id: number, actor: AuditActor, now: Date): Promise<void> {
  await lockCalendars(tx);
  const row = await existing(tx, id);
  if (row.is_default) throw conflict('calendar_is_default', `"${row.name}" is the default calendar and cannot be deleted; make another calendar the default first.`);
  await deleteCalendarRow(tx, id);
  await recordAudit(tx, { actor, action: 'calendar.deleted', subject: subject(id), before: audited(row) }, now);
  await appendEvent(tx, { type: 'calendar.deleted', actorAgentId: actor.agentId ?? null, payload: { calendarId: id } });
}

/** Makes the calendar the default (the previous default stops being it); already the default, nothing changes. */
export async function makeDefaultCalendar(tx: Kysely<DB>, id: number, actor: AuditActor, now: Date): Promise<CalendarView> {
  await lockCalendars(tx);
  const row = await existing(tx, id);
  if (row.is_default) return presentCalendar(row, now);
  const previous = await findDefaultCalendar(tx);
  const updated = (await setDefaultCalendar(tx, id, now))!;
  await recordAudit(tx, { actor, action: 'calendar.made_default', subject: subject(id), before: { defaultCalendarId: previous?.id ?? null }, after: { defaultCalendarId: id } }, now);
  // Tickets that name no calendar follow the default: both calendars' hours changed for them.
  await appendEvents(
    tx,
    [previous?.id, id].flatMap((calendarId) => (calendarId === undefined ? [] : [{ type: 'calendar.updated' as const, actorAgentId: actor.agentId ?? null, payload: { calendarId, fields: ['isDefault'] } }])),
  );
  return presentCalendar(updated, now);
}

/**
 * Holidays from an iCal file (a country's public holidays, the company's closures) for the next
 * IMPORT_YEARS years. Merged, a day the calendar already closes is not added twice; `replace`
 * puts the file's holidays in place of all that were there. Answers how many were added.
 */
export async function importHolidays(tx: Kysely<DB>, id: number, input: { ics: string; replace?: boolean | undefined }, actor: AuditActor, now: Date): Promise<{ added: number; calendar: CalendarView }> {
  await lockCalendars(tx);
  const row = await existing(tx, id);
  const to = new Date(now);
  to.setUTCFullYear(to.getUTCFullYear() + IMPORT_YEARS);
  const read = holidaysFromIcal(input.ics, { from: now, to });
  if (!Array.isArray(read)) throw refused('invalid_ical', read.problem);
  const kept = input.replace ? [] : row.holidays;
  const fresh: Holiday[] = [];
  for (const holiday of cleanHolidays(read)) if (!closes([...kept, ...fresh], holiday)) fresh.push(holiday);
  const holidays = sortHolidays([...kept, ...fresh]);
  if (holidays.length > MAX_HOLIDAYS) {
    throw refused('too_many_holidays', `A calendar keeps at most ${MAX_HOLIDAYS} holidays; with this file it would have ${holidays.length}. Import a shorter file, or replace the holidays instead of adding to them.`);
  }
  const calendar = checked({ ...calendarOf(row), holidays });
  const updated = (await updateCalendarRow(tx, id, { holidays: JSON.stringify(calendar.holidays), updated_at: now }))!;
  await recordAudit(
    tx,
    { actor, action: 'calendar.holidays_imported', subject: subject(id), before: { holidayCount: row.holidays.length }, after: { added: fresh.length, replaced: !!input.replace, holidayCount: holidays.length } },
    now,
  );
  if (JSON.stringify(row.holidays) !== JSON.stringify(calendar.holidays)) {
    await appendEvent(tx, { type: 'calendar.updated', actorAgentId: actor.agentId ?? null, payload: { calendarId: id, fields: ['holidays'] } });
  }
  return { added: fresh.length, calendar: presentCalendar(updated, now) };
}

async function existing(db: Kysely<DB>, id: number): Promise<CalendarRow> {
  const row = await findCalendar(db, id);
  if (!row) throw notFound('calendar_not_found', `There is no calendar ${id}.`);
  return row;
}

async function freeName(tx: Kysely<DB>, name: string, exceptId?: number): Promise<string> {
  const trimmed = name.trim();
  if (!trimmed) throw refused('name_required', 'A calendar needs a name.', { field: 'name' });
  if (await findCalendarByName(tx, trimmed, exceptId)) throw conflict('calendar_exists', `A calendar named "${trimmed}" already exists.`);
  return trimmed;
}

function checked(calendar: Calendar): Calendar {
  const problem = calendarProblem(calendar);
  if (problem) throw refused('invalid_calendar', problem);
  return calendar;
}

/** Days with no period are left out (closed); a day's periods in the order they open. */
function cleanWeek(week: Partial<Record<Weekday, Period[]>>): Calendar['week'] {
  const clean: Calendar['week'] = {};
  for (const day of weekdays) {
    const periods = week[day];
    if (periods?.length) clean[day] = periods.map(({ from, to }) => ({ from, to })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }
  return clean;
}

const cleanHolidays = (holidays: ReadonlyArray<{ date: string; name: string; recurring?: boolean | undefined }>): Holiday[] =>
  sortHolidays(holidays.map((holiday) => ({ date: holiday.date, name: holiday.name.trim().slice(0, MAX_HOLIDAY_NAME_LENGTH), recurring: holiday.recurring ?? false })));

const sortHolidays = (holidays: Holiday[]) => [...holidays].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

/**
 * Whether `holidays` already close the day of `holiday`: the same date, or a recurring one on its
 * month and day since an earlier year. A second recurring holiday on one month and day is not added
 * either (calendarProblem refuses two).
 */
function closes(holidays: readonly Holiday[], holiday: Holiday): boolean {
  const monthDay = holiday.date.slice(5);
  return holidays.some(
    (other) => other.date === holiday.date || (other.recurring && other.date.slice(5) === monthDay && (other.date < holiday.date || holiday.recurring)),
  );
}

const columns = (calendar: Calendar) => ({
  time_zone: calendar.timeZone,
  always_open: calendar.alwaysOpen,
  week: JSON.stringify(calendar.week),
  holidays: JSON.stringify(calendar.holidays),
});

const subject = (id: number) => ({ type: 'calendar' as const, id });

/** What the audit log keeps of a calendar. */
const audited = (row: CalendarRow) => ({ name: row.name, timeZone: row.time_zone, alwaysOpen: row.always_open, week: row.week, holidays: row.holidays });

/** The fields that changed, before and after; for holidays, the ones removed and the ones added. Null when nothing did. */
function changes(before: CalendarRow, after: CalendarRow): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const old: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  const a = audited(before);
  const b = audited(after);
  for (const field of ['name', 'timeZone', 'alwaysOpen', 'week'] as const) {
    if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) {
      old[field] = a[field];
      now[field] = b[field];
    }
  }
  const key = (holiday: Holiday) => JSON.stringify([holiday.date, holiday.name, holiday.recurring]);
  const kept = new Set(b.holidays.map(key));
  const had = new Set(a.holidays.map(key));
  const removed = a.holidays.filter((holiday) => !kept.has(key(holiday)));
  const added = b.holidays.filter((holiday) => !had.has(key(holiday)));
  if (removed.length || added.length) {
    old.holidays = removed;
    now.holidays = added;
  }
  return Object.keys(now).length ? { before: old, after: now } : null;
}
