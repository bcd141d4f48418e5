// Holidays from an iCal (.ics) file as Google, Apple and Outlook export public-holiday calendars:
// ical.js reads the text, recurrence.ts unrolls the rules. Never throws; hostile input gets a problem.
//
// What becomes a holiday:
// - an all-day VEVENT (DTSTART;VALUE=DATE), one holiday per day it covers (DTEND is exclusive; no
//   DTEND nor DURATION is one day). Dates are the file's own dates, read as local days of the
//   calendar's zone, never moved through UTC.
// - a timed VEVENT only when it is an all-day event in disguise: Outlook's X-MICROSOFT-CDO-ALLDAYEVENT,
//   or from 00:00 to 00:00 on a later day (not in UTC). Other timed events (a two-hour meeting) are
//   ignored: a holiday closes whole days.
// - FREQ=YEARLY on DTSTART's own month and day, every year, with no end, exceptions or extra dates:
//   recurring holidays. Every other rule (the 4th Thursday of November, a list of RDATEs for Easter,
//   a rule with UNTIL or COUNT) is unrolled to single dates in [from, to] (their UTC dates); a moved
//   or cancelled occurrence (RECURRENCE-ID) is honoured. STATUS:CANCELLED events are left out.
// Limits: 1 MiB of text, lines of 20,000 characters, 2,000 events, 93 days per event, 50 years of range, MAX_HOLIDAYS results and
// a bounded amount of rule unrolling; past any of them the answer is a problem, not a partial list.
import ICAL from 'ical.js';
import { MAX_HOLIDAY_NAME } from './problem.ts';
import { dayOf, ruleDays, type Budget, type DayRule } from './recurrence.ts';
import { MAX_HOLIDAYS, type Holiday } from './types.ts';

export const MAX_ICAL_LENGTH = 1024 * 1024;
export const MAX_ICAL_EVENTS = 2000;
const MAX_EVENT_DAYS = 93;
const MAX_LINE_LENGTH = 20_000;
const MAX_LINE_HEAD = 1_000;
const MAX_RANGE_DAYS = 50 * 366;
/** Days and periods looked at while unrolling rules, for the whole file (a few hundred ms at most). */
const RULE_DAY_BUDGET = 1_000_000;
const DAY_MS = 86_400_000;

type Problem = { problem: string };
interface Occurrence {
  start: number;
  days: number;
}
interface ReadEvent {
  name: string;
  uid: string;
  start: number;
  days: number;
  rule: DayRule | null;
  extra: number[];
  excluded: Set<number>;
  recurrenceId: number | null;
  cancelled: boolean;
}

/** The holidays of an iCal text within [from, to] (recurring ones that have begun by `to`), or what is wrong. */
export function holidaysFromIcal(text: string, opts: { from: Date; to: Date }): Holiday[] | Problem {
  try {
    return read(text, opts);
  } catch (error) {
    return { problem: `The file is not iCal that can be read (${String(error instanceof Error ? error.message : error).slice(0, 120)}).` };
  }
}

function read(text: string, opts: { from: Date; to: Date }): Holiday[] | Problem {
  if (typeof text !== 'string') return { problem: 'An iCal file is text.' };
  if (text.length > MAX_ICAL_LENGTH) return { problem: `The file is larger than ${MAX_ICAL_LENGTH / 1024 / 1024} MiB.` };
  const from = Math.floor(opts.from.getTime() / DAY_MS);
  const to = Math.floor(opts.to.getTime() / DAY_MS);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return { problem: 'The range to import is two dates, the first not after the second.' };
  if (to - from > MAX_RANGE_DAYS) return { problem: 'The range to import is at most 50 years.' };
  if (!/BEGIN:VCALENDAR/i.test(text.slice(0, 4096))) return { problem: 'The file is not iCal (it does not begin with BEGIN:VCALENDAR).' };
  // ical.js reads a line's parameters in quadratic time, and a long RDATE list slowly: bound lines first.
  for (const line of text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    if (line.length > MAX_LINE_LENGTH) return { problem: `A line of the file is longer than ${MAX_LINE_LENGTH} characters.` };
    const colon = line.indexOf(':');
    if ((colon === -1 ? line.length : colon) > MAX_LINE_HEAD) return { problem: 'A line of the file has too many parameters.' };
  }

  const parsed: unknown = ICAL.parse(text);
  const roots = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : Array.isArray(parsed) ? parsed : []) as unknown[];
  const vevents: ICAL.Component[] = [];
  for (const root of roots) {
    const component = new ICAL.Component(root as never);
    vevents.push(...component.getAllSubcomponents('vevent'));
    if (vevents.length > MAX_ICAL_EVENTS) return { problem: `The file has more than ${MAX_ICAL_EVENTS} events.` };
  }

  const events: ReadEvent[] = [];
  for (const vevent of vevents) {
    const event = readEvent(vevent);
    if ('problem' in event) return event;
    if (event.event) events.push(event.event);
  }

  // Moved or cancelled occurrences of a repeating event, by its UID and the day they replace.
  const replaced = new Map<string, Set<number>>();
  for (const event of events) {
    if (event.recurrenceId === null) continue;
    const days = replaced.get(event.uid) ?? new Set<number>();
    days.add(event.recurrenceId);
    replaced.set(event.uid, days);
  }

  const budget: Budget = { daysLeft: RULE_DAY_BUDGET };
  const yearly = new Map<string, Holiday>();
  const single = new Map<string, Holiday>();
  for (const event of events) {
    if (event.cancelled) continue;
    const exceptions = event.recurrenceId === null ? replaced.get(event.uid) : undefined;
    if (event.rule && isFixedYearly(event) && !exceptions) {
      if (event.start > to) continue;
      for (let offset = 0; offset < event.days; offset++) {
        const date = fromYear1900(isoDate(event.start + offset));
        if (!date) continue;
        const monthDay = date.slice(5);
        const kept = yearly.get(monthDay);
        if (!kept || kept.date > date) yearly.set(monthDay, { date, name: event.name, recurring: true });
      }
      continue;
    }
    const occurrences: Occurrence[] = [];
    const earliest = from - (event.days - 1);
    if (event.rule) {
      const days = ruleDays(event.rule, event.start, earliest, to, budget);
      if (!days) return { problem: `The file repeats its events too often to unroll ("${event.name.slice(0, 40)}").` };
      for (const day of days) occurrences.push({ start: day, days: event.days });
    } else occurrences.push({ start: event.start, days: event.days });
    for (const day of event.extra) if (day >= earliest && day <= to) occurrences.push({ start: day, days: event.days });
    for (const occurrence of occurrences) {
      if (event.excluded.has(occurrence.start) || exceptions?.has(occurrence.start)) continue;
      for (let offset = 0; offset < occurrence.days; offset++) {
        const day = occurrence.start + offset;
        if (day < from || day > to) continue;
        const date = isoDate(day);
        if (date < '1900' || date > '2999-12-31') continue;
        if (!single.has(date)) single.set(date, { date, name: event.name, recurring: false });
        if (single.size > MAX_HOLIDAYS) return tooMany();
      }
    }
  }

  const holidays = [...yearly.values()];
  for (const holiday of single.values()) {
    const covering = yearly.get(holiday.date.slice(5));
    if (!covering || covering.date > holiday.date) holidays.push(holiday);
  }
  if (holidays.length > MAX_HOLIDAYS) return tooMany();
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const tooMany = (): Problem => ({ problem: `The file has more than ${MAX_HOLIDAYS} holidays in the range; import a shorter range or file.` });

function readEvent(vevent: ICAL.Component): { event: ReadEvent | null } | Problem {
  const startProperty = vevent.getFirstProperty('dtstart');
  const start = startProperty?.getFirstValue();
  if (!(start instanceof ICAL.Time)) return { event: null };
  const summary = vevent.getFirstPropertyValue('summary');
  const name = (typeof summary === 'string' ? summary : '').trim().slice(0, MAX_HOLIDAY_NAME) || 'Holiday';
  const uidValue = vevent.getFirstPropertyValue('uid');
  const uid = typeof uidValue === 'string' ? uidValue : '';
  const status = vevent.getFirstPropertyValue('status');
  const cancelled = typeof status === 'string' && status.toUpperCase() === 'CANCELLED';

  const endValue = vevent.getFirstPropertyValue('dtend');
  const duration = vevent.getFirstPropertyValue('duration');
  let days: number;
  const startDay = dayOf(start.year, start.month, start.day);
  if (start.isDate) {
    if (endValue instanceof ICAL.Time) days = dayOf(endValue.year, endValue.month, endValue.day) - startDay;
    else if (duration instanceof ICAL.Duration) days = Math.floor(duration.toSeconds() / 86_400);
    else days = 1;
    days = Math.max(1, days);
  } else {
    const disguised = /^true$/i.test(String(vevent.getFirstPropertyValue('x-microsoft-cdo-alldayevent') ?? ''));
    const atMidnight = (time: ICAL.Time) => time.hour === 0 && time.minute === 0 && time.second === 0 && time.zone?.tzid !== 'UTC';
    let end: ICAL.Time | null = endValue instanceof ICAL.Time ? endValue : null;
    if (!end && duration instanceof ICAL.Duration && Math.abs(duration.toSeconds()) < MAX_EVENT_DAYS * 86_400 * 2) {
      end = start.clone();
      end.addDuration(duration);
    }
    const endDay = end ? dayOf(end.year, end.month, end.day) : startDay + 1;
    const wholeDays = atMidnight(start) && end !== null && atMidnight(end) && endDay > startDay;
    if (!disguised && !wholeDays) return { event: null };
    days = Math.max(1, endDay - startDay);
  }
  if (!Number.isFinite(startDay) || !Number.isFinite(days)) return { event: null };
  if (days > MAX_EVENT_DAYS) return { problem: `"${name.slice(0, 40)}" lasts more than ${MAX_EVENT_DAYS} days.` };

  const recurrenceIdValue = vevent.getFirstPropertyValue('recurrence-id');
  const recurrenceId = recurrenceIdValue instanceof ICAL.Time ? dayOf(recurrenceIdValue.year, recurrenceIdValue.month, recurrenceIdValue.day) : null;
  const ruleValue = recurrenceId === null ? vevent.getFirstPropertyValue('rrule') : null;
  let rule: DayRule | null = null;
  if (ruleValue instanceof ICAL.Recur) {
    const made = dayRule(ruleValue, name);
    if ('problem' in made) return made;
    rule = made.rule;
  }
  const dayList = (property: string): number[] => {
    const found: number[] = [];
    for (const prop of vevent.getAllProperties(property)) {
      for (const value of prop.getValues()) if (value instanceof ICAL.Time) found.push(dayOf(value.year, value.month, value.day));
      if (found.length > 5000) break;
    }
    return found;
  };
  const extra = recurrenceId === null ? dayList('rdate') : [];
  return { event: { name, uid, start: startDay, days, rule, extra, excluded: new Set(dayList('exdate')), recurrenceId, cancelled } };
}

function dayRule(recur: ICAL.Recur, name: string): { rule: DayRule } | Problem {
  const freq = recur.freq;
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') {
    return { problem: `"${name.slice(0, 40)}" repeats ${String(freq).toLowerCase()}, which a holiday cannot.` };
  }
  const parts = recur.parts as Record<string, unknown[] | undefined>;
  for (const part of ['BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYWEEKNO']) {
    if (parts[part]?.length) return { problem: `"${name.slice(0, 40)}" repeats by ${part.slice(2).toLowerCase()}, which a holiday import does not read.` };
  }
  const numbers = (part: string): number[] | null => {
    const values = parts[part];
    return values?.length ? values.slice(0, 400).map(Number).filter(Number.isInteger) : null;
  };
  const weekdayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
  let byDay: DayRule['byDay'] = null;
  if (parts.BYDAY?.length) {
    byDay = [];
    for (const value of parts.BYDAY.slice(0, 400)) {
      const match = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(String(value));
      if (!match) return { problem: `"${name.slice(0, 40)}" has a weekday rule that cannot be read (${String(value).slice(0, 10)}).` };
      byDay.push({ n: match[1] ? Number(match[1]) : 0, weekday: weekdayCodes.indexOf(match[2]!) });
    }
  }
  const interval = Number.isInteger(recur.interval) && recur.interval >= 1 ? Math.min(recur.interval, 1000) : 1;
  const until = recur.until ? dayOf(recur.until.year, recur.until.month, recur.until.day) : null;
  const count = typeof recur.count === 'number' && recur.count > 0 ? Math.min(recur.count, 100_000) : null;
  const weekStart = typeof recur.wkst === 'number' && recur.wkst >= 1 && recur.wkst <= 7 ? recur.wkst - 1 : 1;
  return {
    rule: { freq, interval, count, until, byMonth: numbers('BYMONTH'), byMonthDay: numbers('BYMONTHDAY'), byYearDay: numbers('BYYEARDAY'), byDay, bySetPos: numbers('BYSETPOS'), weekStart },
  };
}

/** FREQ=YEARLY on DTSTART's month and day, every year, forever, nothing added or taken away. */
function isFixedYearly(event: ReadEvent): boolean {
  const rule = event.rule!;
  if (rule.freq !== 'YEARLY' || rule.interval !== 1 || rule.count !== null || rule.until !== null) return false;
  if (rule.byDay || rule.byYearDay || rule.bySetPos || event.extra.length > 0 || event.excluded.size > 0) return false;
  const date = new Date(event.start * DAY_MS);
  const month = date.getUTCMonth() + 1;
  if (rule.byMonth && (rule.byMonth.length !== 1 || rule.byMonth[0] !== month)) return false;
  if (rule.byMonthDay && (rule.byMonthDay.length !== 1 || rule.byMonthDay[0] !== date.getUTCDate())) return false;
  return true;
}

const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A calendar keeps dates from 1900 on: an older recurring holiday starts on its first day since then. */
function fromYear1900(date: string): string | null {
  if (date > '2999-12-31') return null;
  if (date >= '1900') return date;
  return date.endsWith('-02-29') ? '1904-02-29' : `1900${date.slice(4)}`;
}
