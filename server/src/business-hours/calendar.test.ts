import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addBusinessMs, businessMsBetween, calendarProblem, isOpenAt, nextClosing, nextOpening, openIntervals } from './calendar.ts';
import { MAX_HOLIDAYS, weekdays, type Calendar, type Holiday, type Period } from './types.ts';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const split: Period[] = [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }];
const calendar = (timeZone: string, week: Calendar['week'], holidays: Holiday[] = []): Calendar => ({ timeZone, alwaysOpen: false, week, holidays });
const everyDay = (periods: Period[]): Calendar['week'] => Object.fromEntries(weekdays.map((day) => [day, periods]));
const spans = (c: Calendar, from: string, to: string) => openIntervals(c, at(from), at(to)).map(({ start, end }) => `${start.toISOString()}–${end.toISOString()}`);
// Tbilisi is UTC+4 all year; Monday 2026-12-07 09:00 there is 05:00 UTC.
const tbilisi = calendar('Asia/Tbilisi', { mon: split, tue: split, wed: split, thu: split, fri: split });

describe('business hours: split shifts', () => {
  test('a split shift is open in its periods and closed at lunch; a closing instant is closed', () => {
    assert.equal(isOpenAt(tbilisi, at('2026-12-07T04:59:59Z')), false, '08:59:59');
    assert.equal(isOpenAt(tbilisi, at('2026-12-07T05:00:00Z')), true, '09:00');
    assert.equal(isOpenAt(tbilisi, at('2026-12-07T08:59:59Z')), true, '12:59:59');
    assert.equal(isOpenAt(tbilisi, at('2026-12-07T09:00:00Z')), false, '13:00');
    assert.equal(isOpenAt(tbilisi, at('2026-12-07T10:00:00Z')), true, '14:00');
    assert.equal(isOpenAt(tbilisi, at('2026-12-07T14:00:00Z')), false, '18:00');
    assert.equal(isOpenAt(tbilisi, at('2026-12-12T07:00:00Z')), false, 'Saturday');
    assert.equal(businessMsBetween(tbilisi, at('2026-12-07T00:00Z'), at('2026-12-14T00:00Z')), 40 * HOUR);
  });

  test('business time skips lunch and the weekend, and ends at a closing rather than the next opening', () => {
    assert.equal(addBusinessMs(tbilisi, at('2026-12-07T08:00Z'), 2 * HOUR)?.toISOString(), '2026-12-07T11:00:00.000Z', '12:00 + 2 h = 15:00');
    assert.equal(addBusinessMs(tbilisi, at('2026-12-07T08:00Z'), HOUR)?.toISOString(), '2026-12-07T09:00:00.000Z', 'ends at 13:00');
    assert.equal(addBusinessMs(tbilisi, at('2026-12-11T13:00Z'), 2 * HOUR)?.toISOString(), '2026-12-14T06:00:00.000Z', 'Friday 17:00 + 2 h = Monday 10:00');
    assert.equal(addBusinessMs(tbilisi, at('2026-12-12T10:00Z'), 0)?.toISOString(), '2026-12-14T05:00:00.000Z', '0 ms from a closed start: the next opening');
    assert.equal(addBusinessMs(tbilisi, at('2026-12-07T06:00Z'), 0)?.toISOString(), '2026-12-07T06:00:00.000Z', '0 ms from an open start: the start');
    // 100 hours of an 8-hour week day: 12 days and 4 hours of work, over two weekends.
    assert.equal(addBusinessMs(tbilisi, at('2026-12-07T05:00Z'), 100 * HOUR)?.toISOString(), '2026-12-23T09:00:00.000Z');
  });

  test('the next opening and closing, for "back at 09:00"', () => {
    assert.equal(nextOpening(tbilisi, at('2026-12-11T15:00Z'))?.toISOString(), '2026-12-14T05:00:00.000Z', 'Friday evening: Monday 09:00');
    assert.equal(nextOpening(tbilisi, at('2026-12-07T06:00Z'))?.toISOString(), '2026-12-07T06:00:00.000Z', 'open: now');
    assert.equal(nextClosing(tbilisi, at('2026-12-07T06:00Z'))?.toISOString(), '2026-12-07T09:00:00.000Z', 'lunch');
    assert.equal(nextClosing(tbilisi, at('2026-12-07T09:30Z'))?.toISOString(), '2026-12-07T09:30:00.000Z', 'closed: now');
  });
});

describe('business hours: midnight', () => {
  const nights = calendar('Asia/Tbilisi', { mon: [{ from: '22:00', to: '24:00' }], tue: [{ from: '00:00', to: '06:00' }], wed: [{ from: '22:00', to: '06:00' }], sat: [{ from: '20:00', to: '02:00' }] });

  test('22:00–24:00 on Monday and 00:00–06:00 on Tuesday are one interval', () => {
    assert.deepEqual(spans(nights, '2026-12-07T00:00Z', '2026-12-09T00:00Z'), ['2026-12-07T18:00:00.000Z–2026-12-08T02:00:00.000Z']);
    assert.equal(nextClosing(nights, at('2026-12-07T19:00Z'))?.toISOString(), '2026-12-08T02:00:00.000Z');
  });

  test('a period crossing midnight opens the next morning, Saturday night into Sunday too', () => {
    assert.equal(isOpenAt(nights, at('2026-12-09T23:00Z')), true, 'Thursday 03:00');
    assert.equal(isOpenAt(nights, at('2026-12-10T02:00Z')), false, 'Thursday 06:00');
    assert.equal(isOpenAt(nights, at('2026-12-12T21:30Z')), true, 'Sunday 01:30');
    assert.equal(businessMsBetween(nights, at('2026-12-06T20:00Z'), at('2026-12-13T20:00Z')), 22 * HOUR);
  });

  test('a period that is one stretch across a day boundary counts once', () => {
    assert.equal(addBusinessMs(nights, at('2026-12-07T12:00Z'), 5 * HOUR)?.toISOString(), '2026-12-07T23:00:00.000Z');
  });
});

describe('business hours: holidays are local days', () => {
  const christmas: Holiday = { date: '2026-12-25', name: 'Christmas', recurring: false };

  test('in Los Angeles a holiday closes the local day, not the UTC one', () => {
    const la = calendar('America/Los_Angeles', everyDay([{ from: '00:00', to: '24:00' }]), [christmas]);
    assert.equal(isOpenAt(la, at('2026-12-25T02:00Z')), true, 'Christmas Eve 18:00 in LA is 25 December in UTC');
    assert.equal(isOpenAt(la, at('2026-12-25T08:00Z')), false, '00:00 in LA');
    assert.equal(isOpenAt(la, at('2026-12-26T07:59Z')), false, '23:59 in LA');
    assert.equal(isOpenAt(la, at('2026-12-26T08:00Z')), true, 'the 26th in LA');
    assert.deepEqual(spans(la, '2026-12-24T00:00Z', '2026-12-27T00:00Z'), ['2026-12-24T00:00:00.000Z–2026-12-25T08:00:00.000Z', '2026-12-26T08:00:00.000Z–2026-12-27T00:00:00.000Z']);
  });

  test('in Auckland (UTC+13 in December) the holiday starts the UTC afternoon before', () => {
    const auckland = calendar('Pacific/Auckland', everyDay([{ from: '08:00', to: '20:00' }]), [christmas]);
    assert.equal(isOpenAt(auckland, at('2026-12-24T06:00Z')), true, 'Christmas Eve 19:00 there');
    assert.equal(isOpenAt(auckland, at('2026-12-24T20:00Z')), false, 'Christmas 09:00 there, still the 24th in UTC');
    assert.equal(isOpenAt(auckland, at('2026-12-25T20:00Z')), true, 'the 26th, 09:00 there');
    assert.equal(nextOpening(auckland, at('2026-12-24T08:00Z'))?.toISOString(), '2026-12-25T19:00:00.000Z');
  });

  test('a night shift closes at a holiday midnight; a holiday night shift is closed after midnight too', () => {
    // Christmas 2026 is a Friday; Thursday and Friday nights 22:00–06:00 in Tbilisi.
    const nights = calendar('Asia/Tbilisi', { thu: [{ from: '22:00', to: '06:00' }], fri: [{ from: '22:00', to: '06:00' }] }, [christmas]);
    assert.equal(isOpenAt(nights, at('2026-12-24T19:00Z')), true, 'Thursday 23:00');
    assert.equal(isOpenAt(nights, at('2026-12-24T20:00Z')), false, 'Christmas 00:00');
    assert.equal(isOpenAt(nights, at('2026-12-25T23:00Z')), false, 'Saturday 03:00 belongs to the holiday night');
    assert.equal(businessMsBetween(nights, at('2026-12-21T00:00Z'), at('2026-12-28T00:00Z')), 2 * HOUR);
  });

  test('a recurring holiday closes from its year on; 29 February only in leap years', () => {
    const c = calendar('Asia/Tbilisi', everyDay([{ from: '00:00', to: '24:00' }]), [
      { date: '2020-12-25', name: 'Christmas', recurring: true },
      { date: '2024-02-29', name: 'Leap day', recurring: true },
    ]);
    assert.equal(isOpenAt(c, at('2031-12-25T08:00Z')), false);
    assert.equal(isOpenAt(c, at('2019-12-25T08:00Z')), true, 'before its first year');
    assert.equal(isOpenAt(c, at('2028-02-29T08:00Z')), false);
    assert.equal(businessMsBetween(c, at('2027-02-27T20:00Z'), at('2027-03-01T20:00Z')), 48 * HOUR, 'no 29 February in 2027, nothing moved to 1 March');
  });
});

describe('business hours: DST and odd offsets', () => {
  test('Berlin: 02:00–04:00 on spring-forward is one real hour; 02:00–03:00 on fall-back is two', () => {
    const c = calendar('Europe/Berlin', { sun: [{ from: '02:00', to: '04:00' }] });
    assert.equal(businessMsBetween(c, at('2026-03-28T00:00Z'), at('2026-03-30T00:00Z')), HOUR);
    assert.deepEqual(spans(c, '2026-03-28T00:00Z', '2026-03-30T00:00Z'), ['2026-03-29T01:00:00.000Z–2026-03-29T02:00:00.000Z']);
    const fall = calendar('Europe/Berlin', { sun: [{ from: '02:00', to: '03:00' }] });
    assert.deepEqual(spans(fall, '2026-10-24T00:00Z', '2026-10-26T00:00Z'), ['2026-10-25T00:00:00.000Z–2026-10-25T02:00:00.000Z']);
    const day = calendar('Europe/Berlin', { sun: [{ from: '00:00', to: '24:00' }] });
    assert.equal(businessMsBetween(day, at('2026-03-28T00:00Z'), at('2026-03-30T00:00Z')), 23 * HOUR);
    assert.equal(businessMsBetween(day, at('2026-10-24T00:00Z'), at('2026-10-26T00:00Z')), 25 * HOUR);
  });

  test('New York: the skipped 02:00 maps forward, the repeated 01:00 takes its real two hours', () => {
    const spring = calendar('America/New_York', { sun: [{ from: '02:00', to: '04:00' }] });
    assert.deepEqual(spans(spring, '2026-03-07T00:00Z', '2026-03-09T00:00Z'), ['2026-03-08T07:00:00.000Z–2026-03-08T08:00:00.000Z']);
    const fall = calendar('America/New_York', { sun: [{ from: '01:00', to: '02:00' }] });
    assert.deepEqual(spans(fall, '2026-10-31T00:00Z', '2026-11-02T00:00Z'), ['2026-11-01T05:00:00.000Z–2026-11-01T07:00:00.000Z']);
    const office = calendar('America/New_York', { sun: [{ from: '09:00', to: '17:00' }] });
    assert.equal(businessMsBetween(office, at('2026-03-08T00:00Z'), at('2026-03-09T00:00Z')), 8 * HOUR);
    assert.equal(businessMsBetween(office, at('2026-11-01T00:00Z'), at('2026-11-02T00:00Z')), 8 * HOUR);
  });

  test('a period ending in the gap and one starting after it overlap in real time and are merged', () => {
    // 01:00–02:30 ends at 03:30 EDT (forward), 03:00–05:00 starts at 03:00 EDT.
    const c = calendar('America/New_York', { sun: [{ from: '01:00', to: '02:30' }, { from: '03:00', to: '05:00' }] });
    assert.deepEqual(spans(c, '2026-03-08T00:00Z', '2026-03-09T00:00Z'), ['2026-03-08T06:00:00.000Z–2026-03-08T09:00:00.000Z']);
  });

  test('Lord Howe moves by 30 minutes, Kathmandu is +05:45, Tbilisi has no DST', () => {
    const lordHowe = calendar('Australia/Lord_Howe', { sun: [{ from: '02:00', to: '03:00' }] });
    assert.equal(businessMsBetween(lordHowe, at('2026-10-03T00:00Z'), at('2026-10-05T00:00Z')), HOUR / 2, 'spring: 02:00 → 02:30');
    const lordHoweNight = calendar('Australia/Lord_Howe', { sun: [{ from: '01:00', to: '02:00' }] });
    assert.equal(businessMsBetween(lordHoweNight, at('2026-04-04T00:00Z'), at('2026-04-06T00:00Z')), 1.5 * HOUR, 'autumn: 01:30–02:00 twice');
    const kathmandu = calendar('Asia/Kathmandu', { mon: [{ from: '09:00', to: '17:00' }] });
    assert.equal(nextOpening(kathmandu, at('2026-12-06T12:00Z'))?.toISOString(), '2026-12-07T03:15:00.000Z');
    const noDst = calendar('Asia/Tbilisi', { sun: [{ from: '00:00', to: '24:00' }] });
    assert.equal(businessMsBetween(noDst, at('2026-03-28T00:00Z'), at('2026-03-30T00:00Z')), 24 * HOUR);
  });

  test('Apia skipped 30 December 2011: open time is the real time that passed', () => {
    const apia = calendar('Pacific/Apia', everyDay([{ from: '00:00', to: '24:00' }]));
    // 29 December 00:00 (UTC−10) to 1 January 00:00 (UTC+14) is 48 real hours.
    assert.equal(businessMsBetween(apia, at('2011-12-29T10:00Z'), at('2011-12-31T10:00Z')), 48 * HOUR);
    const kiritimati = calendar('Pacific/Kiritimati', everyDay([{ from: '09:00', to: '17:00' }]));
    assert.equal(businessMsBetween(kiritimati, at('1994-12-29T10:00Z'), at('1995-01-02T10:00Z')), 4 * 8 * HOUR, 'a day without 31 December 1994');
  });
});

describe('business hours: edges', () => {
  test('always open ignores the week and holidays; never open answers null', () => {
    const open: Calendar = { timeZone: 'UTC', alwaysOpen: true, week: {}, holidays: [{ date: '2026-12-25', name: 'x', recurring: false }] };
    assert.equal(isOpenAt(open, at('2026-12-25T12:00Z')), true);
    assert.equal(addBusinessMs(open, at('2026-12-25T12:00Z'), HOUR)?.toISOString(), '2026-12-25T13:00:00.000Z');
    assert.equal(nextClosing(open, at('2026-12-25T12:00Z')), null);
    const closed = calendar('UTC', {});
    assert.equal(addBusinessMs(closed, at('2026-12-25T12:00Z'), HOUR), null);
    assert.equal(nextOpening(closed, at('2026-12-25T12:00Z')), null);
    assert.equal(businessMsBetween(tbilisi, at('2026-12-08T00:00Z'), at('2026-12-07T00:00Z')), 0, 'b before a');
  });

  test('an amount not reached within 400 days is null; open through 400 days never closes', () => {
    const rare = calendar('UTC', { mon: [{ from: '09:00', to: '10:00' }] });
    assert.equal(addBusinessMs(rare, at('2026-12-07T00:00Z'), 50 * HOUR)?.toISOString(), '2027-11-15T10:00:00.000Z');
    assert.equal(addBusinessMs(rare, at('2026-12-07T00:00Z'), 100 * HOUR), null);
    assert.equal(nextClosing(calendar('UTC', everyDay([{ from: '00:00', to: '24:00' }])), at('2026-12-07T00:00Z')), null);
  });

  test('an invalid calendar, time or amount is a RangeError', () => {
    assert.throws(() => isOpenAt(calendar('Mars/Olympus', {}), at('2026-12-07T00:00Z')), RangeError);
    assert.throws(() => isOpenAt(tbilisi, new Date(NaN)), RangeError);
    assert.throws(() => addBusinessMs(tbilisi, at('2026-12-07T00:00Z'), -1), RangeError);
  });
});

describe('calendarProblem', () => {
  const problem = (week: Calendar['week'], holidays: Holiday[] = [], timeZone = 'Europe/Berlin') => calendarProblem(calendar(timeZone, week, holidays));

  test('a valid calendar has none', () => {
    assert.equal(calendarProblem(tbilisi), null);
    assert.equal(problem({ sat: [{ from: '22:00', to: '02:00' }], sun: [{ from: '02:00', to: '06:00' }] }), null, 'touching is not overlapping');
  });

  test('each mistake is named in a sentence', () => {
    assert.match(problem({}, [], 'Europe/Tbilisi')!, /"Europe\/Tbilisi" is not a time zone/);
    assert.match(problem({ mon: [{ from: '9:00', to: '17:00' }] })!, /HH:MM/);
    assert.match(problem({ mon: [{ from: '09:00', to: '24:01' }] })!, /HH:MM/);
    assert.match(problem({ mon: [{ from: '24:00', to: '10:00' }] })!, /HH:MM/);
    assert.match(problem({ mon: [{ from: '09:00', to: '09:00' }] })!, /end at another time than it starts/);
    assert.match(problem({ mon: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '18:00' }] })!, /overlap on Monday \(09:00–13:00 and 12:00–18:00\)/);
    assert.match(problem({ mon: [{ from: '22:00', to: '06:00' }], tue: [{ from: '05:00', to: '09:00' }] })!, /Monday's 22:00–06:00 runs into Tuesday's 05:00–09:00/);
    assert.match(problem({ sat: [{ from: '22:00', to: '03:00' }], sun: [{ from: '02:00', to: '06:00' }] })!, /Saturday's 22:00–03:00 runs into Sunday's/);
    const seven = Array.from({ length: 7 }, (_, hour) => ({ from: `0${hour}:00`, to: `0${hour}:30` }));
    assert.match(problem({ mon: seven })!, /At most 6 periods a day/);
    assert.match(problem({ funday: [] } as never)!, /not a weekday/);
  });

  test('holidays: real dates, once each, at most 500, short names', () => {
    const day = (date: string, recurring = false, name = 'x'): Holiday => ({ date, name, recurring });
    assert.match(problem({}, [day('2026-02-30')])!, /"2026-02-30" is not a date/);
    assert.match(problem({}, [day('2025-02-29')])!, /not a date/);
    assert.equal(problem({}, [day('2024-02-29', true)]), null);
    assert.match(problem({}, [day('2026-12-25'), day('2026-12-25')])!, /listed twice/);
    assert.match(problem({}, [day('2020-12-25', true), day('2024-12-25', true)])!, /same day of the year \(12-25\)/);
    assert.match(problem({}, [day('2026-12-25', false, 'n'.repeat(101))])!, /at most 100 characters/);
    const many = Array.from({ length: MAX_HOLIDAYS + 1 }, (_, index) => day(new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10)));
    assert.match(problem({}, many)!, /At most 500 holidays/);
  });

  test('hostile sizes are answered at once', () => {
    const started = performance.now();
    const hugePeriods = Array.from({ length: 200_000 }, () => ({ from: '09:00', to: '10:00' }));
    assert.match(problem({ mon: hugePeriods })!, /At most 6 periods/);
    assert.match(problem({}, Array.from({ length: 200_000 }, () => ({ date: '2026-01-01', name: 'x', recurring: false })))!, /At most 500/);
    assert.match(calendarProblem({ timeZone: 'x'.repeat(1_000_000), alwaysOpen: false, week: {}, holidays: [] })!, /not a time zone/);
    assert.match(calendarProblem(null as never)!, /is an object/);
    assert.ok(performance.now() - started < 500);
  });
});
