import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calendarProblem } from './calendar.ts';
import { holidaysFromIcal, MAX_ICAL_LENGTH } from './ical.ts';
import type { Holiday } from './types.ts';

const range = { from: new Date('2026-06-01T00:00:00Z'), to: new Date('2028-12-31T00:00:00Z') };
let uid = 0;
const event = (...lines: string[]) => ['BEGIN:VEVENT', `UID:event-${++uid}@frontline.test`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');
const ics = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Frontline//Test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const read = (text: string, within = range) => {
  const result = holidaysFromIcal(text, within);
  if (!Array.isArray(result)) assert.fail(`expected holidays, got: ${result.problem}`);
  return result;
};
const brief = (holidays: Holiday[]) => holidays.map((h) => `${h.date}${h.recurring ? '*' : ''} ${h.name}`);

describe('iCal holidays', () => {
  test('all-day events are local dates; a yearly fixed date is recurring; a multi-day event is one holiday a day', () => {
    const holidays = read(ics(
      event('DTSTART;VALUE=DATE:20261225', 'SUMMARY:Christmas Day', 'RRULE:FREQ=YEARLY'),
      event('DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270104', 'SUMMARY:New Year'),
      event('DTSTART;VALUE=DATE:20270526', 'SUMMARY:Independence Day'),
      event('DTSTART;VALUE=DATE:20250526', 'SUMMARY:Before the range'),
    ));
    assert.deepEqual(brief(holidays), ['2026-12-25* Christmas Day', '2027-01-01 New Year', '2027-01-02 New Year', '2027-01-03 New Year', '2027-05-26 Independence Day']);
    assert.equal(calendarProblem({ timeZone: 'Asia/Tbilisi', alwaysOpen: false, week: {}, holidays }), null, 'a calendar takes them as they are');
  });

  test('other rules are unrolled in the range: the 4th Thursday of November, the last Monday of May, RDATE lists', () => {
    const holidays = read(ics(
      event('DTSTART;VALUE=DATE:20201126', 'SUMMARY:Thanksgiving', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH'),
      event('DTSTART;VALUE=DATE:20200525', 'SUMMARY:Memorial Day', 'RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO'),
      event('DTSTART;VALUE=DATE:20260405', 'RDATE;VALUE=DATE:20270328,20280416', 'SUMMARY:Easter'),
    ));
    assert.deepEqual(brief(holidays), [
      '2026-11-26 Thanksgiving', '2027-03-28 Easter', '2027-05-31 Memorial Day', '2027-11-25 Thanksgiving', '2028-04-16 Easter', '2028-05-29 Memorial Day', '2028-11-23 Thanksgiving',
    ]);
  });

  test('a yearly rule with an end, an exception or a moved occurrence is unrolled, honouring them', () => {
    const holidays = read(ics(
      event('DTSTART;VALUE=DATE:20260704', 'SUMMARY:Until', 'RRULE:FREQ=YEARLY;UNTIL=20271231'),
      event('DTSTART;VALUE=DATE:20260801', 'SUMMARY:Counted', 'RRULE:FREQ=YEARLY;COUNT=2'),
      event('DTSTART;VALUE=DATE:20260901', 'SUMMARY:Skipped 2027', 'RRULE:FREQ=YEARLY', 'EXDATE;VALUE=DATE:20270901'),
      ['BEGIN:VEVENT', 'UID:moved@frontline.test', 'DTSTART;VALUE=DATE:20261010', 'SUMMARY:Moved', 'RRULE:FREQ=YEARLY', 'END:VEVENT'].join('\r\n'),
      ['BEGIN:VEVENT', 'UID:moved@frontline.test', 'RECURRENCE-ID;VALUE=DATE:20271010', 'DTSTART;VALUE=DATE:20271011', 'SUMMARY:Moved', 'END:VEVENT'].join('\r\n'),
      ['BEGIN:VEVENT', 'UID:moved@frontline.test', 'RECURRENCE-ID;VALUE=DATE:20281010', 'DTSTART;VALUE=DATE:20281010', 'STATUS:CANCELLED', 'SUMMARY:Moved', 'END:VEVENT'].join('\r\n'),
      event('DTSTART;VALUE=DATE:20261111', 'SUMMARY:Called off', 'STATUS:CANCELLED'),
    ));
    assert.deepEqual(brief(holidays), [
      '2026-07-04 Until', '2026-08-01 Counted', '2026-09-01 Skipped 2027', '2026-10-10 Moved', '2027-07-04 Until', '2027-08-01 Counted', '2027-10-11 Moved', '2028-09-01 Skipped 2027',
    ]);
  });

  test('a timed event is ignored unless it is an all-day event in disguise', () => {
    const holidays = read(ics(
      event('DTSTART:20270105T100000Z', 'DTEND:20270105T120000Z', 'SUMMARY:Team meeting'),
      event('DTSTART;TZID=Europe/Berlin:20270106T000000', 'DTEND;TZID=Europe/Berlin:20270107T000000', 'X-MICROSOFT-CDO-ALLDAYEVENT:TRUE', 'SUMMARY:Epiphany'),
      event('DTSTART:20270107T000000', 'DTEND:20270109T000000', 'SUMMARY:Two floating days'),
      event('DTSTART:20270110T000000Z', 'DTEND:20270111T000000Z', 'SUMMARY:Midnight UTC is not a local day'),
    ));
    assert.deepEqual(brief(holidays), ['2027-01-06 Epiphany', '2027-01-07 Two floating days', '2027-01-08 Two floating days']);
  });

  test('29 February yearly recurs in leap years only; old start dates and duplicates are folded', () => {
    const holidays = read(ics(
      event('DTSTART;VALUE=DATE:20240229', 'SUMMARY:Leap day', 'RRULE:FREQ=YEARLY'),
      event('DTSTART;VALUE=DATE:18701225', 'SUMMARY:Christmas', 'RRULE:FREQ=YEARLY'),
      event('DTSTART;VALUE=DATE:20261225', 'SUMMARY:Christmas again'),
      event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year'),
      event('DTSTART;VALUE=DATE:20270101', 'SUMMARY:Neujahr'),
    ));
    assert.deepEqual(brief(holidays), ['1900-12-25* Christmas', '2024-02-29* Leap day', '2027-01-01 New Year']);
  });

  test('a rule that never matches ends; one that would in ical.js loop forever does not here', () => {
    const started = performance.now();
    const holidays = read(ics(
      event('DTSTART;VALUE=DATE:20200101', 'SUMMARY:Never', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'),
      event('DTSTART;VALUE=DATE:20200101', 'SUMMARY:Never either', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'),
    ));
    assert.deepEqual(holidays, []);
    assert.ok(performance.now() - started < 1000);
  });

  test('hostile files get a problem, never an exception or a hang', () => {
    const problemOf = (text: string, within = range) => {
      const result = holidaysFromIcal(text, within);
      assert.ok(!Array.isArray(result), 'a problem');
      return result.problem;
    };
    const started = performance.now();
    assert.match(problemOf('not a calendar at all'), /not iCal/);
    assert.match(problemOf('x'.repeat(MAX_ICAL_LENGTH + 1)), /larger than 1 MiB/);
    assert.match(problemOf(ics('X-A;' + 'P=1;'.repeat(1_000) + ':v')), /too many parameters/);
    assert.match(problemOf(ics(event('DTSTART;VALUE=DATE:20270101', 'RDATE;VALUE=DATE:' + Array(50_000).fill('20270102').join(',')))), /longer than 20000/);
    assert.match(problemOf('BEGIN:VCALENDAR\r\n' + 'BEGIN:VEVENT\r\n'.repeat(40_000)), /cannot be read|not iCal/);
    assert.match(problemOf(ics(...Array.from({ length: 2001 }, (_, index) => event(`DTSTART;VALUE=DATE:${20270101 + (index % 28)}`)))), /more than 2000 events/);
    assert.match(problemOf(ics(event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=DAILY'))), /more than 500 holidays/);
    assert.match(problemOf(ics(event('DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20270101', 'SUMMARY:Year off'))), /lasts more than 93 days/);
    assert.match(problemOf(ics(event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=HOURLY'))), /repeats hourly/);
    assert.match(problemOf(ics(event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY;BYMONTH=13'))), /not iCal that can be read \(BYMONTH/);
    assert.match(problemOf(ics(event('DTSTART;VALUE=DATE:20260101')), { from: range.to, to: range.from }), /range/);
    // COUNT makes every rule walk from its start in 1900: 100 of them are too much work.
    const walkers = Array.from({ length: 100 }, () => event('DTSTART;VALUE=DATE:19000101', 'RRULE:FREQ=DAILY;COUNT=1000;BYMONTH=2;BYMONTHDAY=30'));
    assert.match(problemOf(ics(...walkers)), /repeats its events too often/);
    assert.deepEqual(read('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), []);
    assert.ok(performance.now() - started < 5000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
