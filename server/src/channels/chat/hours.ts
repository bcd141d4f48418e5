// A chat site's opening hours: a time zone and, per weekday, the ranges someone answers. Pure, so
// the rule is tested without a clock; no hours at all means always open.
import type { ChatHours } from '../../db/tables.ts';

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const MAX_RANGES_PER_DAY = 4;

/** What is wrong with the hours an admin gave, or null. */
export function hoursProblem(hours: { timeZone: string; days: Record<string, ReadonlyArray<readonly [string, string]> | undefined> }): string | null {
  if (!validTimeZone(hours.timeZone)) return `"${hours.timeZone.slice(0, 60)}" is not a time zone (e.g. Europe/Tbilisi).`;
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

/** Whether the site answers at `at`: inside one of the day's ranges, in the site's zone. */
export function isOpen(hours: ChatHours | null, at: Date): boolean {
  if (!hours) return true;
  const { day, time } = localTime(hours.timeZone, at);
  return (hours.days[day] ?? []).some(([from, to]) => time >= from && time < to);
}
