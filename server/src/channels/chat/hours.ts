// A chat site's opening hours: a time zone and, per weekday, the ranges someone answers. Pure, so
// the rule is tested without a clock; no hours at all means always open.
import type { ChatHours } from '../../db/tables.ts';
import { isOpenAt } from '../../business-hours/calendar.ts';
import type { Calendar, Period } from '../../business-hours/types.ts';

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const MAX_RANGES_PER_DAY = 4;

/** What is wrong with the hours an admin gave, or null. */
export function hoursProblem(hours: { timeZone: string; days: Record<string, ReadonlyArray<readonly [string, string]> | undefined> }): string | null {
  if (!validTimeZone(hours.timeZone)) return `"${hours.timeZone.slice(0, 60)}" is not a time zone (e.g. Asia/Tbilisi).`;
  for (const [day, ranges] of Object.entries(hours.days)) {
    if (!(weekdays as readonly string[]).includes(day)) return `"${day.slice(0, 10)}" is not a weekday (mon … sun).`;
    if (!ranges || ranges.length > MAX_RANGES_PER_DAY) return `At most ${MAX_RANGES_PER_DAY} ranges a day.`;
    for (const [from, to] of ranges) {
      if (!TIME.test(from) || !TIME.test(to)) return `Times are HH:MM, from 00:00 to 24:00 (${day}: ${String(from).slice(0, 8)}–${String(to).slice(0, 8)}).`;
      if (from >= to) return `A range ends after it starts (${day}: ${from}–${to}).`;
    }
  }
  return null;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}

/** The weekday and HH:MM it is in the zone at `at`. */
export function localTime(zone: string, at: Date): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return { day: part('weekday').toLowerCase().slice(0, 3) as Weekday, time: `${part('hour')}:${part('minute')}` };
}

/** Whether the site answers at `at`: inside one of the day's ranges, in the site's zone (the business-hours rules). */
export function isOpen(hours: ChatHours | null, at: Date): boolean {
  if (!hours) return true;
  return isOpenAt(calendarOf(hours), at);
}

const calendars = new WeakMap<ChatHours, Calendar>();

/** The site's hours as a business-hours calendar: no holidays, and ranges that overlap merged (the chat's rule allows them). */
function calendarOf(hours: ChatHours): Calendar {
  let calendar = calendars.get(hours);
  if (!calendar) {
    const week: Calendar['week'] = {};
    for (const day of weekdays) {
      const ranges = [...(hours.days[day] ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const periods: Period[] = [];
      for (const [from, to] of ranges) {
        const last = periods[periods.length - 1];
        if (last && from <= last.to) {
          if (to > last.to) last.to = to;
        } else periods.push({ from, to });
      }
      if (periods.length > 0) week[day] = periods;
    }
    calendar = { timeZone: hours.timeZone, alwaysOpen: false, week, holidays: [] };
    calendars.set(hours, calendar);
  }
  return calendar;
}
