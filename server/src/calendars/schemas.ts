// The shapes of business-hours calendars on the API: what an admin sends (bounded at the edge) and
// what every agent reads, with whether the calendar is open now and when that next changes.
import { Type } from '@sinclair/typebox';
import { MAX_HOLIDAYS, MAX_PERIODS_PER_DAY, type Weekday } from '../business-hours/types.ts';
import { Nullable, Strict, Timestamp } from '../http/schema-kit.ts';
import { MAX_HOLIDAY_NAME_LENGTH, MAX_NAME_LENGTH } from './verbs.ts';

/** The largest iCal file an import takes, in characters. */
export const MAX_ICS_LENGTH = 1024 * 1024;

const Time = (to: boolean) =>
  Type.String({
    pattern: to ? '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' : '^([01][0-9]|2[0-3]):[0-5][0-9]$',
    maxLength: 5,
    description: to ? 'Wall-clock "HH:MM" in the calendar\'s zone; "24:00" is the end of the day, a time at or before `from` the next morning.' : 'Wall-clock "HH:MM" in the calendar\'s zone.',
  });

export const Period = Type.Object({ from: Time(false), to: Time(true) }, { additionalProperties: false, title: 'CalendarPeriod' });
const Day = Type.Array(Period, { maxItems: MAX_PERIODS_PER_DAY });

const HolidayFields = {
  date: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', maxLength: 10, description: 'The closed day, "YYYY-MM-DD" in the calendar\'s zone.' }),
  name: Type.String({ minLength: 1, maxLength: MAX_HOLIDAY_NAME_LENGTH }),
};
export const Holiday = Type.Object({ ...HolidayFields, recurring: Type.Boolean({ description: 'Closed on this month and day every year from the date\'s year on.' }) }, { title: 'CalendarHoliday' });
const HolidayBody = Strict({ ...HolidayFields, recurring: Type.Optional(Type.Boolean({ default: false, description: 'Every year on this month and day (default false).' })) });

const OptionalDay = Type.Optional(Day);
const WeekBody = Strict(
  { sun: OptionalDay, mon: OptionalDay, tue: OptionalDay, wed: OptionalDay, thu: OptionalDay, fri: OptionalDay, sat: OptionalDay } satisfies Record<Weekday, unknown>,
  { description: 'Opening periods per weekday; a day left out or empty is closed.' },
);
const Week = Type.Object({ sun: Day, mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day } satisfies Record<Weekday, unknown>, { title: 'CalendarWeek', description: 'Every weekday, an empty list when closed.' });

const fields = {
  name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'Unique, in any case ("Support hours").' }),
  timeZone: Type.String({ minLength: 1, maxLength: 100, description: 'An IANA zone: "Europe/Tbilisi".' }),
  alwaysOpen: Type.Optional(Type.Boolean({ description: 'Open around the clock (24/7): the week and the holidays are kept but not used.' })),
  week: Type.Optional(WeekBody),
  holidays: Type.Optional(Type.Array(HolidayBody, { maxItems: MAX_HOLIDAYS })),
};
export const CalendarBody = Strict(fields);
export const CalendarPatch = Strict({ ...fields, name: Type.Optional(fields.name), timeZone: Type.Optional(fields.timeZone) });

export const Calendar = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    timeZone: Type.String(),
    alwaysOpen: Type.Boolean(),
    week: Week,
    holidays: Type.Array(Holiday),
    isDefault: Type.Boolean({ description: 'The calendar used where none is named; at most one is.' }),
    openNow: Type.Boolean(),
    nextChange: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Calendar' },
);

export const ImportBody = Strict({
  ics: Type.String({ minLength: 1, maxLength: MAX_ICS_LENGTH, description: 'The text of an iCal (.ics) file: its all-day events become holidays.' }),
  replace: Type.Optional(Type.Boolean({ description: 'Replace all holidays with the file\'s (default: add those on days not yet closed).' })),
});

export const ImportResult = Type.Object({ added: Type.Integer({ description: 'Holidays added.' }), calendar: Calendar }, { title: 'CalendarImport' });
