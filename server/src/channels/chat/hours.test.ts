import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hoursProblem, isOpen, localTime } from './hours.ts';

const tbilisi = { timeZone: 'Asia/Tbilisi', days: { mon: [['09:00', '13:00'], ['14:00', '18:00']] as Array<[string, string]>, sat: [['10:00', '24:00']] as Array<[string, string]> } };

describe('chat opening hours', () => {
  test('no hours: always open', () => assert.equal(isOpen(null, new Date('2026-12-06T03:00:00Z')), true));

  test('the time is read in the site zone, not the server one', () => {
    // Monday 2026-12-07 05:30 UTC is 09:30 in Tbilisi (UTC+4).
    assert.deepEqual(localTime('Asia/Tbilisi', new Date('2026-12-07T05:30:00Z')), { day: 'mon', time: '09:30' });
    assert.equal(isOpen(tbilisi, new Date('2026-12-07T05:30:00Z')), true);
    assert.equal(isOpen(tbilisi, new Date('2026-12-07T04:59:00Z')), false, '08:59 there');
  });

  test('a lunch break closes; a range ends before its end minute; 24:00 covers the last minute', () => {
    assert.equal(isOpen(tbilisi, new Date('2026-12-07T09:30:00Z')), false, '13:30 there');
    assert.equal(isOpen(tbilisi, new Date('2026-12-07T14:00:00Z')), false, '18:00 there');
    assert.equal(isOpen(tbilisi, new Date('2026-12-12T19:59:00Z')), true, 'Saturday 23:59 there');
    assert.equal(isOpen(tbilisi, new Date('2026-12-08T06:00:00Z')), false, 'Tuesday has no ranges');
  });

  test('ranges that overlap (the chat allows them) still open; a DST night counts its real hours', () => {
    const overlapping = { timeZone: 'UTC', days: { mon: [['09:00', '12:00'], ['11:00', '14:00']] as Array<[string, string]> } };
    assert.equal(hoursProblem(overlapping), null);
    assert.equal(isOpen(overlapping, new Date('2026-12-07T13:30:00Z')), true);
    assert.equal(isOpen(overlapping, new Date('2026-12-07T14:00:00Z')), false);
    // New York repeats 01:00–02:00 on Sunday 2026-11-01: open through both of them.
    const night = { timeZone: 'America/New_York', days: { sun: [['01:00', '02:00']] as Array<[string, string]> } };
    assert.equal(isOpen(night, new Date('2026-11-01T05:30:00Z')), true, '01:30 EDT');
    assert.equal(isOpen(night, new Date('2026-11-01T06:30:00Z')), true, '01:30 EST');
    assert.equal(isOpen(night, new Date('2026-11-01T07:00:00Z')), false, '02:00 EST');
  });

  test('bad hours are named', () => {
    assert.equal(hoursProblem(tbilisi), null);
    assert.match(hoursProblem({ timeZone: 'Mars/Olympus', days: {} })!, /not a time zone/);
    assert.match(hoursProblem({ timeZone: 'UTC', days: { mon: [['18:00', '09:00']] } })!, /ends after it starts/);
    assert.match(hoursProblem({ timeZone: 'UTC', days: { mon: [['9:00', '25:00']] } })!, /HH:MM/);
    assert.match(hoursProblem({ timeZone: 'UTC', days: { funday: [['09:00', '10:00']] } } as never)!, /not a weekday/);
  });
});
