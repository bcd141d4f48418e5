// What is wrong with a calendar an admin (or an import) gave, in a sentence for that person. Bounded on
// hostile input: sizes are checked before anything is walked, and no string is echoed in full.
import { isKnownTimeZone } from './zone.ts';
import { MAX_HOLIDAYS, MAX_PERIODS_PER_DAY, weekdays, type Calendar, type Weekday } from './types.ts';

export const MAX_HOLIDAY_NAME = 100;
const FROM = /^([01]\d|2[0-3]):[0-5]\d$/;
const TO = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_MINUTES = 7 * 1440;
const dayNames: Record<Weekday, string> = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' };

/** Minutes since 00:00 of "HH:MM" ("24:00" is 1440); the caller has checked the shape. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Year, month (1–12) and day of a "YYYY-MM-DD" that names a real date in 1900–2999, or null. */
export function parseDate(date: unknown): { year: number; month: number; day: number } | null {
  if (typeof date !== 'string' || date.length !== 10) return null;
  const match = DATE.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const clip = (value: unknown, length = 40) => String(value).slice(0, length);

/** What is wrong with the calendar, or null when every function of calendar.ts may take it. */
export function calendarProblem(calendar: Calendar): string | null {
  if (typeof calendar !== 'object' || calendar === null) return 'A calendar is an object with a time zone, a week and holidays.';
  if (!isKnownTimeZone(calendar.timeZone)) return `"${clip(calendar.timeZone, 60)}" is not a time zone (e.g. Asia/Tbilisi).`;
  if (typeof calendar.alwaysOpen !== 'boolean') return 'Say whether the calendar is open around the clock (alwaysOpen: true or false).';
  return weekProblem(calendar.week) ?? holidaysProblem(calendar.holidays);
}

function weekProblem(week: Calendar['week']): string | null {
  if (typeof week !== 'object' || week === null || Array.isArray(week)) return 'The week is an object with periods per weekday (mon … sun).';
  const keys = Object.keys(week);
  if (keys.length > weekdays.length) return 'The week has seven days (sun … sat).';
  // Every period on one weekly circle of minutes, so a Saturday night shift meets Sunday morning.
  const spans: Array<{ start: number; end: number; label: string; day: Weekday }> = [];
  for (const key of keys) {
    if (!(weekdays as readonly string[]).includes(key)) return `"${clip(key, 10)}" is not a weekday (mon … sun).`;
    const day = key as Weekday;
    const periods = week[day];
    if (periods === undefined) continue;
    if (!Array.isArray(periods)) return `${dayNames[day]}'s periods are a list.`;
    if (periods.length > MAX_PERIODS_PER_DAY) return `At most ${MAX_PERIODS_PER_DAY} periods a day (${dayNames[day]} has ${periods.length}).`;
    for (const period of periods) {
      const from: unknown = period?.from;
      const to: unknown = period?.to;
      if (typeof from !== 'string' || typeof to !== 'string' || !FROM.test(from) || !TO.test(to)) {
        return `Times are HH:MM, a period starting 00:00–23:59 and ending up to 24:00 (${dayNames[day]}: ${clip(from, 8)}–${clip(to, 8)}).`;
      }
      const start = minutesOf(from);
      let end = minutesOf(to);
      if (end === start) return `A period must end at another time than it starts (${dayNames[day]}: ${from}–${to}); for the whole day use 00:00–24:00.`;
      if (end < start) end += 1440;
      const offset = weekdays.indexOf(day) * 1440;
      spans.push({ start: offset + start, end: offset + end, label: `${from}–${to}`, day });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  for (let index = 0; index < spans.length; index++) {
    const current = spans[index]!;
    const next = spans[index + 1] ?? (spans.length > 1 ? spans[0] : undefined);
    if (!next || next === current) continue;
    const nextStart = index + 1 < spans.length ? next.start : next.start + WEEK_MINUTES;
    if (nextStart < current.end) {
      return current.day === next.day
        ? `Periods overlap on ${dayNames[current.day]} (${current.label} and ${next.label}).`
        : `Periods overlap: ${dayNames[current.day]}'s ${current.label} runs into ${dayNames[next.day]}'s ${next.label}.`;
    }
  }
  return null;
}

function holidaysProblem(holidays: Calendar['holidays']): string | null {
  if (!Array.isArray(holidays)) return 'Holidays are a list.';
  if (holidays.length > MAX_HOLIDAYS) return `At most ${MAX_HOLIDAYS} holidays (there are ${holidays.length}).`;
  const dates = new Set<string>();
  const yearly = new Set<string>();
  for (const holiday of holidays) {
    if (typeof holiday !== 'object' || holiday === null) return 'A holiday has a date, a name and whether it recurs.';
    const { date, name, recurring } = holiday;
    if (!parseDate(date)) return `"${clip(date, 12)}" is not a date (YYYY-MM-DD, a real day in 1900–2999).`;
    if (typeof name !== 'string') return `The holiday on ${date} needs a name.`;
    if (name.length > MAX_HOLIDAY_NAME) return `A holiday's name is at most ${MAX_HOLIDAY_NAME} characters (${date}: "${name.slice(0, 30)}…").`;
    if (typeof recurring !== 'boolean') return `Say whether the holiday on ${date} recurs every year (recurring: true or false).`;
    if (dates.has(date)) return `${date} is listed twice as a holiday.`;
    dates.add(date);
    if (recurring) {
      const monthDay = date.slice(5);
      if (yearly.has(monthDay)) return `Two recurring holidays fall on the same day of the year (${monthDay}).`;
      yearly.add(monthDay);
    }
  }
  return null;
}
