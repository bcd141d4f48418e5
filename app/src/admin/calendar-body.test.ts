import { describe, expect, it } from 'vitest';
import { addHoliday, calendarBody, calendarProblems, initialCalendarForm, nextPeriod, openState } from './calendar-body';

describe('calendar settings', () => {
  it('a new calendar starts as a working week in the admin\'s zone; a split shift is one more period', () => {
    const form = initialCalendarForm(null, 'Asia/Tbilisi');
    expect(form.timeZone).toBe('Asia/Tbilisi');
    expect(form.week.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(form.week.sat).toEqual([]);
    expect(nextPeriod([])).toEqual({ from: '09:00', to: '13:00' });
    expect(nextPeriod([{ from: '09:00', to: '13:00' }])).toEqual({ from: '14:00', to: '18:00' });
    expect(nextPeriod([{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }])).toEqual({ from: '19:00', to: '20:00' });
  });

  it('sends every weekday, the name trimmed and the holidays as they are', () => {
    const form = initialCalendarForm(null, 'UTC');
    form.name = '  Support  ';
    form.week.mon = [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }];
    form.holidays = [{ date: '2027-01-01', name: ' New Year ', recurring: true }];
    const body = calendarBody(form);
    expect(body.name).toBe('Support');
    expect(body.week?.mon).toHaveLength(2);
    expect(Object.keys(body.week ?? {}).sort()).toEqual(['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed']);
    expect(body.holidays).toEqual([{ date: '2027-01-01', name: 'New Year', recurring: true }]);
  });

  it('asks for a name and both times of every period before saving', () => {
    const form = initialCalendarForm(null, 'UTC');
    form.week.tue = [{ from: '09:00', to: '' }];
    expect(calendarProblems(form)).toEqual([{ code: 'name' }, { code: 'time', day: 'tue' }]);
  });

  it('adds a holiday in date order, not without a date or name, not twice on one day', () => {
    const holidays = [{ date: '2027-03-08', name: 'Women\'s Day', recurring: true }];
    expect(addHoliday(holidays, { date: '2027-01-01', name: ' New Year ', recurring: true })).toEqual([{ date: '2027-01-01', name: 'New Year', recurring: true }, ...holidays]);
    expect(addHoliday(holidays, { date: '', name: 'Nothing', recurring: false })).toBeNull();
    expect(addHoliday(holidays, { date: '2027-05-26', name: '  ', recurring: false })).toBeNull();
    expect(addHoliday(holidays, { date: '2027-03-08', name: 'Again', recurring: false })).toBeNull();
  });

  it('says whether the calendar is open now and until when', () => {
    expect(openState({ openNow: true, nextChange: '2026-03-02T09:00:00Z', alwaysOpen: false })).toEqual({ key: 'openUntil', when: '2026-03-02T09:00:00Z' });
    expect(openState({ openNow: false, nextChange: '2026-03-02T10:00:00Z', alwaysOpen: false })).toEqual({ key: 'closedUntil', when: '2026-03-02T10:00:00Z' });
    expect(openState({ openNow: true, nextChange: null, alwaysOpen: true })).toEqual({ key: 'alwaysOpen', when: null });
    expect(openState({ openNow: false, nextChange: null, alwaysOpen: false })).toEqual({ key: 'neverOpens', when: null });
  });
});
