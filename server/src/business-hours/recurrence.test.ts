import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dayOf, ruleDays, type DayRule } from './recurrence.ts';

const day = (iso: string) => dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
const iso = (days: number[]) => days.map((value) => new Date(value * 86_400_000).toISOString().slice(0, 10));
const rule = (parts: Partial<DayRule> & Pick<DayRule, 'freq'>): DayRule => ({
  interval: 1, count: null, until: null, byMonth: null, byMonthDay: null, byYearDay: null, byDay: null, bySetPos: null, weekStart: 1, ...parts,
});
const unroll = (made: DayRule, start: string, from: string, to: string) => iso(ruleDays(made, day(start), day(from), day(to), { daysLeft: 1_000_000 })!);

describe('recurrence rules of all-day events', () => {
  test('the last weekday of each month (BYSETPOS=-1)', () => {
    const made = rule({ freq: 'MONTHLY', byDay: [1, 2, 3, 4, 5].map((weekday) => ({ n: 0, weekday })), bySetPos: [-1] });
    assert.deepEqual(unroll(made, '2026-01-30', '2026-01-01', '2026-04-30'), ['2026-01-30', '2026-02-27', '2026-03-31', '2026-04-30']);
  });

  test('every other Monday; every third day four times; the last day of each year and of February', () => {
    assert.deepEqual(unroll(rule({ freq: 'WEEKLY', interval: 2, byDay: [{ n: 0, weekday: 1 }] }), '2026-01-05', '2026-01-01', '2026-02-05'), ['2026-01-05', '2026-01-19', '2026-02-02']);
    assert.deepEqual(unroll(rule({ freq: 'DAILY', interval: 3, count: 4 }), '2026-01-01', '2026-01-01', '2026-12-31'), ['2026-01-01', '2026-01-04', '2026-01-07', '2026-01-10']);
    assert.deepEqual(unroll(rule({ freq: 'YEARLY', byYearDay: [-1] }), '2025-12-31', '2025-01-01', '2027-12-31'), ['2025-12-31', '2026-12-31', '2027-12-31']);
    assert.deepEqual(unroll(rule({ freq: 'YEARLY', byMonth: [2], byMonthDay: [-1] }), '2024-02-29', '2024-01-01', '2028-12-31'), ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
    assert.deepEqual(unroll(rule({ freq: 'YEARLY' }), '2024-02-29', '2024-01-01', '2032-12-31'), ['2024-02-29', '2028-02-29', '2032-02-29'], '29 February only in leap years');
  });

  test('a budget that runs out answers null', () => {
    assert.equal(ruleDays(rule({ freq: 'DAILY' }), day('1900-01-01'), day('1900-01-01'), day('2000-01-01'), { daysLeft: 1000 }), null);
  });

  test('starting the walk near `from` finds what walking from the start finds', () => {
    const freq = fc.constantFrom<DayRule['freq']>('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY');
    const made = fc.record({
      freq,
      interval: fc.integer({ min: 1, max: 4 }),
      byMonth: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }), { nil: null }),
      byMonthDay: fc.option(fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: -31, max: -1 })), { minLength: 1, maxLength: 3 }), { nil: null }),
      byDay: fc.option(fc.uniqueArray(fc.record({ n: fc.integer({ min: -5, max: 5 }), weekday: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 3 }), { nil: null }),
      weekStart: fc.integer({ min: 0, max: 6 }),
    }).map((parts) => rule(parts));
    fc.assert(fc.property(made, fc.integer({ min: day('2000-01-01'), max: day('2030-01-01') }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 800 }), (r, start, skip, length) => {
      const from = start + skip;
      const whole = ruleDays(r, start, start, from + length, { daysLeft: 10_000_000 })!.filter((value) => value >= from);
      assert.deepEqual(ruleDays(r, start, from, from + length, { daysLeft: 10_000_000 }), whole);
    }), { seed: 20261204, numRuns: 300 });
  });
});
