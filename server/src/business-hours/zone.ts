// Wall-clock time in an IANA zone ↔ UTC instants, from the runtime's Intl data. Offsets are read once
// per zone and UTC year (a sample a day, transitions found to the second) and then looked up without Intl.
//
// A wall time that does not exist (skipped by a spring-forward) maps forward by the length of the gap,
// with the offset from before it (Temporal's "compatible", as RFC 5545 reads DTSTART); a wall time
// that exists twice (a fall-back) takes the earlier instant. Two transitions within one day that cancel
// each other out would not be seen; tzdata has none in the years a help desk works in.

const DAY_MS = 86_400_000;
const YEAR_CACHE_LIMIT = 512;

interface YearOffsets {
  zone: string;
  start: number;
  end: number;
  /** Offset (ms, local − UTC) at the start of the UTC year. */
  initial: number;
  /** Instants (ms) at which the offset changes, ascending, with the offset from then on. */
  at: number[];
  offsets: number[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const years = new Map<string, YearOffsets>();
const zoneValidity = new Map<string, boolean>();

/** Whether the runtime knows the IANA zone (bounded: at most 64 characters are ever handed to Intl). */
export function isKnownTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (zoneValidity.size >= 1024) zoneValidity.clear();
  zoneValidity.set(zone, valid);
  return valid;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    if (formatters.size >= 256) formatters.clear();
    formatters.set(zone, found);
  }
  return found;
}

/** The offset at `instant` straight from Intl (slow: a formatToParts). */
function intlOffset(zone: string, instant: number): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const fields: Record<string, number> = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const part of formatter(zone).formatToParts(wholeSecond)) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type in fields) fields[part.type] = Number(part.value);
  }
  const local = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  local.setUTCFullYear(bc ? 1 - fields.year! : fields.year!, fields.month! - 1, fields.day!);
  local.setUTCHours(fields.hour!, fields.minute!, fields.second!, 0);
  return local.getTime() - wholeSecond;
}

function yearOffsets(zone: string, year: number): YearOffsets {
  const key = `${zone}|${year}`;
  const cached = years.get(key);
  if (cached) return cached;
  const start = utcYearStart(year);
  const end = utcYearStart(year + 1);
  const initial = intlOffset(zone, start);
  const at: number[] = [];
  const offsets: number[] = [];
  let previousInstant = start;
  let previousOffset = initial;
  for (let sample = start + DAY_MS; ; sample += DAY_MS) {
    const instant = Math.min(sample, end);
    const offset = intlOffset(zone, instant);
    if (offset !== previousOffset) {
      // The change lies in (previousInstant, instant]: find its first second.
      let low = previousInstant;
      let high = instant;
      while (high - low > 1000) {
        const middle = Math.floor((low + high) / 2000) * 1000;
        if (middle <= low) break;
        if (intlOffset(zone, middle) === previousOffset) low = middle;
        else high = middle;
      }
      if (high < end) {
        at.push(high);
        offsets.push(offset);
      }
      previousOffset = offset;
    }
    previousInstant = instant;
    if (instant >= end) break;
  }
  const found = { zone, start, end, initial, at, offsets };
  if (years.size >= YEAR_CACHE_LIMIT) years.delete(years.keys().next().value!);
  years.set(key, found);
  return found;
}

function utcYearStart(year: number): number {
  const start = new Date(0);
  start.setUTCFullYear(year, 0, 1);
  return start.getTime();
}

/** The zone's offset (ms, local − UTC) at an instant. */
let lastTable: YearOffsets | undefined;

export function offsetAt(zone: string, instant: number): number {
  let table = lastTable;
  if (!table || table.zone !== zone || instant < table.start || instant >= table.end) {
    if (!Number.isFinite(instant)) throw new RangeError('Invalid time');
    table = lastTable = yearOffsets(zone, new Date(instant).getUTCFullYear());
  }
  let offset = table.initial;
  for (let index = 0; index < table.at.length && table.at[index]! <= instant; index++) offset = table.offsets[index]!;
  return offset;
}

/**
 * The instant of a wall-clock time, given as milliseconds of a "local epoch" (the wall time read as if
 * it were UTC). Nonexistent times map forward, ambiguous ones take the earlier instant (see the header).
 */
export function wallToInstant(zone: string, wall: number): number {
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyValid = offsetAt(zone, early) === before;
  const lateValid = offsetAt(zone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // in a gap: the offset from before it, so the time moves forward by the gap
}

/** The local day (days since 1970-01-01 in the zone's calendar) an instant falls on. */
export function localDayOf(zone: string, instant: number): number {
  return Math.floor((instant + offsetAt(zone, instant)) / DAY_MS);
}
