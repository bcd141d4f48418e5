// The shape of a business-hours calendar: what an admin configures, what the SLA clock, reports and
// the chat widget's "we are online" state read. The arithmetic on it is in calendar.ts (pure).

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * One opening period of a weekday, in the calendar's zone, as wall-clock "HH:MM". `to` may be
 * "24:00" (end of the day); a `to` at or before `from` crosses midnight (22:00–06:00 opens on the
 * evening of its weekday and closes the next morning).
 */
export interface Period {
  from: string;
  to: string;
}

/**
 * A closed local day. `date` is "YYYY-MM-DD" in the calendar's zone; a recurring holiday is closed
 * on that month and day every year from `date`'s year on (1 January, 25 December; a recurring
 * 29 February only in leap years). The whole local day is closed, 00:00–24:00 in the zone.
 */
export interface Holiday {
  date: string;
  name: string;
  recurring: boolean;
}

export interface Calendar {
  /** An IANA zone (Asia/Tbilisi; "Europe/Tbilisi" is not one). */
  timeZone: string;
  /** Open around the clock: the week and the holidays are ignored. */
  alwaysOpen: boolean;
  /** Opening periods per weekday; a missing or empty day is closed. DST rules: calendar.ts's header. */
  week: Partial<Record<Weekday, Period[]>>;
  holidays: Holiday[];
}

export const MAX_PERIODS_PER_DAY = 6;
export const MAX_HOLIDAYS = 500;
