// Property tests of the business-time arithmetic: random valid calendars in zones with DST, odd
// offsets and day-long jumps, at random instants (many near transitions). A fixed seed by default;
// BUSINESS_HOURS_SEED=<n> and BUSINESS_HOURS_RUNS=<n> change it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addBusinessMs, businessMsBetween, calendarProblem, isOpenAt, nextClosing, nextOpening, openIntervals } from './calendar.ts';
import { weekdays, type Calendar, type Holiday, type Period } from './types.ts';

const SEED = Number(process.env.BUSINESS_HOURS_SEED ?? 20261204);
const RUNS = Number(process.env.BUSINESS_HOURS_RUNS ?? 300);
const options = { seed: SEED, numRuns: RUNS };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const zones = ['UTC', 'Asia/Tbilisi', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Pacific/Auckland', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'Pacific/Kiritimati'];
// Transitions worth landing near (and Apia's missing 30 December 2011).
const interesting = ['2026-03-08T07:00Z', '2026-11-01T06:00Z', '2026-03-29T01:00Z', '2026-10-25T01:00Z', '2026-04-04T15:00Z', '2026-10-03T15:30Z', '2026-04-04T14:00Z', '2026-09-26T14:00Z', '2011-12-30T10:00Z', '2026-12-31T12:00Z'].map(Date.parse);
const instant = fc.oneof(
  fc.integer({ min: Date.parse('2025-12-01T00:00Z'), max: Date.parse('2028-03-01T00:00Z') }),
  fc.tuple(fc.constantFrom(...interesting), fc.integer({ min: -3 * DAY, max: 3 * DAY })).map(([base, shift]) => base + shift),
);

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const weekMinute = fc.oneof(fc.integer({ min: 0, max: 7 * 96 - 1 }).map((quarter) => quarter * 15), fc.integer({ min: 0, max: 7 * 1440 - 1 }));
/** Pairs of sorted points on the weekly circle become periods; overlapping ones are filtered out later. */
const week = fc.uniqueArray(weekMinute, { minLength: 2, maxLength: 12 }).map((points) => {
  points.sort((a, b) => a - b);
  const result: Calendar['week'] = {};
  for (let index = 0; index + 1 < points.length; index += 2) {
    const start = points[index]!;
    const end = points[index + 1]!;
    if (end - start >= 1440) continue;
    const day = Math.floor(start / 1440);
    const from = start - day * 1440;
    const endOfDay = end - day * 1440;
    const to = endOfDay === 1440 ? '24:00' : hhmm(endOfDay % 1440);
    (result[weekdays[day]!] ??= []).push({ from: hhmm(from), to });
  }
  return result;
});
const fullWeek = fc.constant(Object.fromEntries(weekdays.map((day) => [day, [{ from: '00:00', to: '24:00' }] as Period[]])) as Calendar['week']);
const holidays = fc.uniqueArray(
  fc.record({ day: fc.integer({ min: 0, max: 820 }), recurring: fc.boolean() }).map(({ day, recurring }): Holiday => ({ date: new Date(Date.parse('2025-12-01') + day * DAY).toISOString().slice(0, 10), name: 'Holiday', recurring })),
  { maxLength: 8, selector: (holiday) => holiday.date },
);
const calendar = fc
  .record({ timeZone: fc.constantFrom(...zones), alwaysOpen: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }), week: fc.oneof({ arbitrary: week, weight: 5 }, { arbitrary: fullWeek, weight: 1 }), holidays })
  .filter((candidate) => calendarProblem(candidate) === null);

const date = (ms: number) => new Date(ms);
const between = (c: Calendar, a: number, b: number) => businessMsBetween(c, date(a), date(b));

/** Is it open, read the plain way: the local weekday and minute from Intl. Right on days without a DST change. */
function naiveIsOpen(c: Calendar, at: number): boolean {
  if (c.alwaysOpen) return true;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: c.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at).map((part) => [part.type, part.value]));
  const today = `${parts.year}-${parts.month}-${parts.day}`;
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  const dayNumber = Date.parse(today) / DAY;
  const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const holiday = (isoDate: string) => c.holidays.some((h) => h.date === isoDate || (h.recurring && h.date.slice(5) === isoDate.slice(5) && h.date <= isoDate));
  const periodsOf = (day: number) => c.week[weekdays[(((day + 4) % 7) + 7) % 7]!] ?? [];
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  if (holiday(today)) return false;
  for (const period of periodsOf(dayNumber)) {
    const from = minutes(period.from);
    const to = minutes(period.to);
    if (minute >= from && (to <= from || minute < to)) return true;
  }
  if (holiday(dateOf(dayNumber - 1))) return false;
  return periodsOf(dayNumber - 1).some((period) => minutes(period.to) <= minutes(period.from) && minute < minutes(period.to));
}
const offsetNear = (zone: string, at: number) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).map((part) => [part.type, part.value]));
  return parts.timeZoneName;
};

describe('business hours: properties', () => {
  test('open time adds up: [a, b) and [b, c) make [a, c)', () => {
    fc.assert(fc.property(calendar, instant, instant, instant, (c, x, y, z) => {
      const [a, b, d] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
      assert.equal(between(c, a, b) + between(c, b, d), between(c, a, d));
    }), options);
  });

  test('open intervals are sorted, apart, open inside and closed just outside, and sum to the open time', () => {
    fc.assert(fc.property(calendar, instant, fc.integer({ min: 0, max: 10 * DAY }), (c, from, length) => {
      const to = from + length;
      const intervals = openIntervals(c, date(from), date(to)).map(({ start, end }) => [start.getTime(), end.getTime()] as const);
      let sum = 0;
      let previousEnd = -Infinity;
      for (const [start, end] of intervals) {
        assert.ok(start >= from && end <= to && start < end, 'inside the range, not empty');
        assert.ok(start > previousEnd, 'sorted, disjoint, not adjacent');
        assert.equal(isOpenAt(c, date(Math.floor((start + end) / 2))), true, 'the middle is open');
        assert.equal(isOpenAt(c, date(start)), true, 'open from its start');
        if (start > from) assert.equal(isOpenAt(c, date(start - 1)), false, 'closed just before');
        if (end < to) assert.equal(isOpenAt(c, date(end)), false, 'closed at its end');
        previousEnd = end;
        sum += end - start;
      }
      assert.equal(sum, between(c, from, to));
    }), options);
  });

  test('adding business time and measuring it agree', () => {
    fc.assert(fc.property(calendar, instant, fc.integer({ min: 0, max: 300 * HOUR }), (c, start, ms) => {
      const end = addBusinessMs(c, date(start), ms);
      if (end === null) return;
      assert.equal(between(c, start, end.getTime()), ms);
      if (ms > 0) assert.equal(isOpenAt(c, date(end.getTime() - 1)), true, 'the last millisecond counted was open');
      else assert.equal(isOpenAt(c, end) || end.getTime() === start, true);
    }), options);
  });

  test('adding the open time up to x lands at x, or at the closing before it', () => {
    fc.assert(fc.property(calendar, instant, fc.integer({ min: 1, max: 20 * DAY }), (c, start, length) => {
      const x = start + length;
      const ms = between(c, start, x);
      fc.pre(ms > 0);
      const landed = addBusinessMs(c, date(start), ms)!.getTime();
      assert.ok(landed <= x);
      assert.equal(between(c, landed, x), 0);
      if (isOpenAt(c, date(x)) && isOpenAt(c, date(x - 1))) assert.equal(landed, x);
      else assert.equal(isOpenAt(c, date(landed)), false, 'a closing instant');
    }), options);
  });

  test('next opening and closing agree with isOpenAt', () => {
    fc.assert(fc.property(calendar, instant, (c, at) => {
      const open = isOpenAt(c, date(at));
      const opening = nextOpening(c, date(at))?.getTime();
      const closing = nextClosing(c, date(at))?.getTime();
      if (open) {
        assert.equal(opening, at);
        if (closing !== undefined) {
          assert.ok(closing > at);
          assert.equal(isOpenAt(c, date(closing - 1)), true);
          assert.equal(isOpenAt(c, date(closing)), false);
          assert.equal(between(c, at, closing), closing - at, 'open all the way');
        }
      } else {
        assert.equal(closing, at);
        if (opening !== undefined) {
          assert.ok(opening > at);
          assert.equal(isOpenAt(c, date(opening)), true);
          assert.equal(between(c, at, opening), 0, 'closed all the way');
        }
      }
    }), options);
  });

  test('always open is the wall-clock difference', () => {
    fc.assert(fc.property(calendar, instant, instant, (c, a, b) => {
      const open = { ...c, alwaysOpen: true };
      assert.equal(between(open, a, b), Math.max(0, b - a));
      assert.equal(isOpenAt(open, date(a)), true);
      assert.equal(addBusinessMs(open, date(a), Math.abs(b - a))?.getTime(), a + Math.abs(b - a));
    }), options);
  });

  test('a holiday is never open, at any moment of its local day', () => {
    fc.assert(fc.property(calendar.filter((c) => !c.alwaysOpen && c.holidays.length > 0), fc.nat(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (c, pick, within) => {
      const holiday = c.holidays[pick % c.holidays.length]!;
      // The local day's bounds, found with Intl the plain way: the first and last instants whose local date is the holiday.
      const localDate = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: c.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
      let first = Date.parse(holiday.date) - 15 * HOUR;
      while (localDate(first) < holiday.date) first += 15 * 60_000;
      if (localDate(first) !== holiday.date) return; // a day the zone skipped
      let last = first;
      while (localDate(last + 15 * 60_000) === holiday.date) last += 15 * 60_000;
      const at = Math.floor(first + within * (last - first));
      assert.equal(localDate(at), holiday.date);
      assert.equal(isOpenAt(c, date(at)), false, `${holiday.date} in ${c.timeZone}`);
    }), options);
  });

  test('away from DST changes, isOpenAt agrees with reading the local clock', () => {
    fc.assert(fc.property(calendar, instant, (c, at) => {
      fc.pre(offsetNear(c.timeZone, at - 2 * DAY) === offsetNear(c.timeZone, at + 2 * DAY));
      assert.equal(isOpenAt(c, date(at)), naiveIsOpen(c, at), `${c.timeZone} at ${new Date(at).toISOString()}`);
    }), options);
  });
});
