// Business-time arithmetic on a Calendar: is it open, when does it open or close, how much open time
// lies between two instants, when has a given amount of it passed. Pure: time is always passed in.
//
// The rules, as documented for admins in docs/business-hours.md:
// - Periods are wall-clock times in the calendar's zone. A period whose `to` is at or before its `from`
//   crosses midnight and belongs to the weekday it starts on; "24:00" is the end of the day.
// - Intervals are half-open, [opening, closing): at the closing instant the calendar is closed.
// - DST: a wall time skipped by a spring-forward maps forward by the gap (Temporal's "compatible"), so
//   02:00–04:00 on a day that skips 02:00–03:00 is open one real hour; a wall time that occurs twice
//   (fall-back) takes the earlier instant, so 01:00–02:00 over a repeated 01:00–02:00 is open for the
//   two real hours that pass. Day-long jumps (Pacific/Apia 2011) follow the same two rules.
// - A holiday closes its whole local day, 00:00–24:00 in the calendar's zone (never the UTC day). A
//   period starting the evening before a holiday closes at the holiday's midnight; a period starting on
//   a holiday closes with it, including its part after midnight on a normal day. A recurring holiday
//   falls on its month and day every year from its date's year on (29 February only in leap years).
// - alwaysOpen ignores the week and the holidays.
// - The searching functions (addBusinessMs, nextOpening, nextClosing) look at most 400 days ahead and
//   answer null past that. The counting ones (openIntervals, businessMsBetween) walk every day of the
//   range, so their cost grows with it (about a millisecond per year of a split-shift week).
// - Every function takes a valid calendar (calendarProblem(c) === null) and throws a RangeError with
//   the problem otherwise, or for an invalid Date. A calendar is read once and remembered by identity:
//   give a changed calendar as a new object.
import { calendarProblem, minutesOf, parseDate } from './problem.ts';
import { type Calendar, weekdays } from './types.ts';
import { wallToInstant } from './zone.ts';

export { calendarProblem } from './problem.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** How far the searching functions look ahead. */
export const SEARCH_HORIZON_DAYS = 400;

interface CompiledPeriod {
  from: number;
  to: number;
  crosses: boolean;
}

interface Compiled {
  zone: string;
  alwaysOpen: boolean;
  /** Per weekday index (0 = Sunday), in minutes since local midnight. */
  week: CompiledPeriod[][];
  everOpen: boolean;
  /** One-off holidays as local day numbers (days since 1970-01-01). */
  days: Set<number>;
  /** Recurring holidays: month * 100 + day → the first year. */
  yearly: Map<number, number>;
}

const compiledCache = new WeakMap<Calendar, { week: Calendar['week']; holidays: Calendar['holidays']; zone: string; alwaysOpen: boolean; compiled: Compiled }>();

function compile(calendar: Calendar): Compiled {
  const cached = compiledCache.get(calendar);
  if (cached && cached.week === calendar.week && cached.holidays === calendar.holidays && cached.zone === calendar.timeZone && cached.alwaysOpen === calendar.alwaysOpen) {
    return cached.compiled;
  }
  const problem = calendarProblem(calendar);
  if (problem) throw new RangeError(problem);
  const week = weekdays.map((day) =>
    (calendar.week[day] ?? []).map((period) => {
      const from = minutesOf(period.from);
      const to = minutesOf(period.to);
      return { from, to, crosses: to <= from };
    }).sort((a, b) => a.from - b.from),
  );
  const days = new Set<number>();
  const yearly = new Map<number, number>();
  for (const holiday of calendar.holidays) {
    const date = parseDate(holiday.date)!;
    if (holiday.recurring) yearly.set(date.month * 100 + date.day, date.year);
    else days.add(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
  }
  const compiled: Compiled = { zone: calendar.timeZone, alwaysOpen: calendar.alwaysOpen, week, everOpen: week.some((periods) => periods.length > 0), days, yearly };
  compiledCache.set(calendar, { week: calendar.week, holidays: calendar.holidays, zone: calendar.timeZone, alwaysOpen: calendar.alwaysOpen, compiled });
  return compiled;
}

function isHoliday(calendar: Compiled, day: number): boolean {
  if (calendar.days.has(day)) return true;
  if (calendar.yearly.size === 0) return false;
  const date = new Date(day * DAY_MS);
  const first = calendar.yearly.get((date.getUTCMonth() + 1) * 100 + date.getUTCDate());
  return first !== undefined && date.getUTCFullYear() >= first;
}

/** The open intervals of the periods that start on local day `day`, as instant pairs appended to `out`. */
function dayIntervals(calendar: Compiled, day: number, out: number[]): void {
  const periods = calendar.week[(((day + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
  if (periods.length === 0 || isHoliday(calendar, day)) return;
  const midnight = day * DAY_MS;
  for (const period of periods) {
    const start = wallToInstant(calendar.zone, midnight + period.from * 60_000);
    let endWall = midnight + period.to * 60_000;
    if (period.crosses) endWall = isHoliday(calendar, day + 1) ? midnight + DAY_MS : endWall + DAY_MS;
    const end = wallToInstant(calendar.zone, endWall);
    if (end > start) out.push(start, end);
  }
}

/** Open time in [from, to): merged, sorted, clipped instant pairs. */
function collect(calendar: Compiled, from: number, to: number): number[] {
  if (to <= from) return [];
  if (calendar.alwaysOpen) return [from, to];
  if (!calendar.everOpen) return [];
  // A period of local day D starts after D 00:00 − 14 h (the largest offset) and ends before
  // D+2 00:00 + 12 h (a night shift, the smallest offset), an hour of slack on either side.
  const firstDay = Math.floor((from - 2 * DAY_MS - 13 * HOUR_MS) / DAY_MS);
  const lastDay = Math.floor((to + 15 * HOUR_MS) / DAY_MS);
  const raw: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) dayIntervals(calendar, day, raw);
  let pairs: Array<[number, number]> | null = null;
  for (let index = 2; index < raw.length; index += 2) {
    if (raw[index]! < raw[index - 2]!) {
      // Only a spring-forward gap can put a later wall time before an earlier one.
      pairs = [];
      for (let at = 0; at < raw.length; at += 2) pairs.push([raw[at]!, raw[at + 1]!]);
      pairs.sort((a, b) => a[0] - b[0]);
      break;
    }
  }
  const merged: number[] = [];
  const count = raw.length / 2;
  let openStart = NaN;
  let openEnd = NaN;
  for (let index = 0; index < count; index++) {
    const start = pairs ? pairs[index]![0] : raw[2 * index]!;
    const end = pairs ? pairs[index]![1] : raw[2 * index + 1]!;
    if (start <= openEnd) {
      if (end > openEnd) openEnd = end;
      continue;
    }
    if (openEnd > from && openStart < to) merged.push(Math.max(openStart, from), Math.min(openEnd, to));
    openStart = start;
    openEnd = end;
  }
  if (openEnd > from && openStart < to) merged.push(Math.max(openStart, from), Math.min(openEnd, to));
  return merged;
}

/** Visits open intervals from `from` on, in chunks, until `visit` says stop or `until` is reached. */
function scan(calendar: Compiled, from: number, until: number, visit: (start: number, end: number) => boolean): void {
  let span = 2 * DAY_MS;
  for (let cursor = from; cursor < until; ) {
    const end = Math.min(cursor + span, until);
    const pairs = collect(calendar, cursor, end);
    for (let index = 0; index < pairs.length; index += 2) if (visit(pairs[index]!, pairs[index + 1]!)) return;
    cursor = end;
    span = Math.min(span * 2, 64 * DAY_MS);
  }
}

function instantOf(date: Date): number {
  const instant = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(instant)) throw new RangeError('Invalid time');
  return instant;
}

/** Whether the calendar is open at the instant (closed at a closing instant, open at an opening one). */
export function isOpenAt(calendar: Calendar, at: Date): boolean {
  const compiled = compile(calendar);
  const instant = instantOf(at);
  return compiled.alwaysOpen || collect(compiled, instant, instant + 1).length > 0;
}

/**
 * The open intervals intersecting [from, to), clipped to it, sorted, with adjacent ones merged (Monday
 * 22:00–24:00 and Tuesday 00:00–06:00 are one interval). Empty when to <= from.
 */
export function openIntervals(calendar: Calendar, from: Date, to: Date): Array<{ start: Date; end: Date }> {
  const pairs = collect(compile(calendar), instantOf(from), instantOf(to));
  const intervals: Array<{ start: Date; end: Date }> = [];
  for (let index = 0; index < pairs.length; index += 2) intervals.push({ start: new Date(pairs[index]!), end: new Date(pairs[index + 1]!) });
  return intervals;
}

/** Open milliseconds in [a, b); 0 when b <= a. */
export function businessMsBetween(calendar: Calendar, a: Date, b: Date): number {
  const compiled = compile(calendar);
  const from = instantOf(a);
  const to = instantOf(b);
  if (to <= from) return 0;
  if (compiled.alwaysOpen) return to - from;
  let total = 0;
  scan(compiled, from, to, (start, end) => {
    total += end - start;
    return false;
  });
  return total;
}

/**
 * The first instant by which `ms` of open time have passed since `start`: the clock runs only while
 * open, so from a closed start it begins at the next opening. An amount used up exactly at a closing
 * gives that closing (17:00, not the next morning's 09:00); 0 ms gives `start` when open, else the next
 * opening. Null when the calendar is never open or the amount is not reached within 400 days.
 * Throws a RangeError for a negative or non-finite `ms`.
 */
export function addBusinessMs(calendar: Calendar, start: Date, ms: number): Date | null {
  const compiled = compile(calendar);
  const from = instantOf(start);
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The amount of business time is a finite number of milliseconds, 0 or more.');
  if (compiled.alwaysOpen) return dateOrNull(from + ms);
  if (!compiled.everOpen) return null;
  let remaining = ms;
  let result: number | null = null;
  scan(compiled, from, from + SEARCH_HORIZON_DAYS * DAY_MS, (openStart, openEnd) => {
    if (openEnd - openStart >= remaining) {
      result = openStart + remaining;
      return true;
    }
    remaining -= openEnd - openStart;
    return false;
  });
  return result === null ? null : new Date(result);
}

/** The first instant at or after `at` when the calendar is open (`at` itself when open); null if none within 400 days. */
export function nextOpening(calendar: Calendar, at: Date): Date | null {
  const compiled = compile(calendar);
  const from = instantOf(at);
  if (compiled.alwaysOpen) return new Date(from);
  let result: number | null = null;
  if (compiled.everOpen) {
    scan(compiled, from, from + SEARCH_HORIZON_DAYS * DAY_MS, (openStart) => {
      result = openStart;
      return true;
    });
  }
  return result === null ? null : new Date(result);
}

/**
 * The first instant at or after `at` when the calendar is closed (`at` itself when closed, else the end
 * of the open stretch it is in); null when always open or open for the next 400 days without a break.
 */
export function nextClosing(calendar: Calendar, at: Date): Date | null {
  const compiled = compile(calendar);
  const from = instantOf(at);
  if (compiled.alwaysOpen) return null;
  if (!isOpenAt(calendar, at)) return new Date(from);
  let closing = from;
  let result: number | null = null;
  scan(compiled, from, from + SEARCH_HORIZON_DAYS * DAY_MS, (openStart, openEnd) => {
    if (openStart > closing) {
      result = closing;
      return true;
    }
    closing = openEnd;
    return false;
  });
  if (result === null && closing < from + SEARCH_HORIZON_DAYS * DAY_MS) result = closing;
  return result === null ? null : new Date(result);
}

function dateOrNull(instant: number): Date | null {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}
