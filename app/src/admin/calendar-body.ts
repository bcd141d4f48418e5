// A business-hours calendar as its form holds it (periods per weekday, holidays, 24/7) and the
// request body made from it; what the admin must fix first; and what a card says about "now". Pure.
import type { CalendarBody } from '../api/calendars';
import type { Calendar, CalendarHoliday, CalendarPeriod } from '../api/types';

/** The weekdays in the order the screen shows them (the API's week starts on Sunday). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Bounds the screen keeps to, as the server's schema has them (server/src/calendars/schemas.ts). */
export const limits = { name: 100, periodsPerDay: 6, holidays: 500, holidayName: 100, icsBytes: 1024 * 1024 } as const;
/** What a new period starts as; a second one of a day starts after the first (a split shift). */
export const defaultPeriods: readonly CalendarPeriod[] = [
  { from: '09:00', to: '13:00' },
  { from: '14:00', to: '18:00' },
];

export interface CalendarForm {
  name: string;
  timeZone: string;
  alwaysOpen: boolean;
  week: Record<Weekday, CalendarPeriod[]>;
  holidays: CalendarHoliday[];
}

const closedWeek = (): Record<Weekday, CalendarPeriod[]> => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

/** A new calendar starts as Monday to Friday 09:00–18:00 in the admin's own zone. */
export function initialCalendarForm(calendar: Calendar | null, timeZone: string): CalendarForm {
  const week = closedWeek();
  if (calendar) for (const day of weekdays) week[day] = calendar.week[day].map((period) => ({ ...period }));
  else for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) week[day] = [{ from: '09:00', to: '18:00' }];
  return {
    name: calendar?.name ?? '',
    timeZone: calendar?.timeZone ?? timeZone,
    alwaysOpen: calendar?.alwaysOpen ?? false,
    week,
    holidays: calendar?.holidays.map((holiday) => ({ ...holiday })) ?? [],
  };
}

/** The period "Add period" puts after a day's others: the next of the split shift, else an hour after the last. */
export function nextPeriod(periods: readonly CalendarPeriod[]): CalendarPeriod {
  const last = periods.at(-1);
  if (!last) return { ...defaultPeriods[0]! };
  if (last.from === defaultPeriods[0]!.from && last.to === defaultPeriods[0]!.to) return { ...defaultPeriods[1]! };
  const start = Math.min(Number(last.to.slice(0, 2)) + 1, 23);
  const end = Math.min(start + 1, 24);
  const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  return { from: hh(start), to: hh(end) };
}

export function calendarBody(form: CalendarForm): CalendarBody {
  return {
    name: form.name.trim(),
    timeZone: form.timeZone,
    alwaysOpen: form.alwaysOpen,
    week: Object.fromEntries(weekdays.map((day) => [day, form.week[day]])),
    holidays: form.holidays.map((holiday) => ({ date: holiday.date, name: holiday.name.trim(), recurring: holiday.recurring })),
  };
}

export type CalendarProblem = { code: 'name' } | { code: 'time'; day: Weekday };

/** What the admin must fix before saving (texts under `calendars.problem`); the server checks the rest (overlaps, the zone). */
export function calendarProblems(form: CalendarForm): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!form.name.trim()) problems.push({ code: 'name' });
  for (const day of weekdays) if (form.week[day].some((period) => !period.from || !period.to)) problems.push({ code: 'time', day });
  return problems;
}

/** A holiday the admin typed, added in date order; null when it lacks a date or a name, or the date is taken. */
export function addHoliday(holidays: readonly CalendarHoliday[], entry: CalendarHoliday): CalendarHoliday[] | null {
  const name = entry.name.trim().slice(0, limits.holidayName);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date) || !name || holidays.some((holiday) => holiday.date === entry.date)) return null;
  return [...holidays, { date: entry.date, name, recurring: entry.recurring }].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** What a calendar's card says about now: open until, closed until, or closed with no opening ahead. */
export function openState(calendar: Pick<Calendar, 'openNow' | 'nextChange' | 'alwaysOpen'>): { key: 'alwaysOpen' | 'openUntil' | 'closedUntil' | 'neverOpens'; when: string | null } {
  if (calendar.openNow) return calendar.nextChange ? { key: 'openUntil', when: calendar.nextChange } : { key: 'alwaysOpen', when: null };
  return calendar.nextChange ? { key: 'closedUntil', when: calendar.nextChange } : { key: 'neverOpens', when: null };
}
