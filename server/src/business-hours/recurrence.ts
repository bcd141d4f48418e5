// The days an RFC 5545 recurrence rule of an all-day event falls on, in a bounded range. Our own,
// not ical.js's iterator: that one loops forever on rules that never match (FREQ=DAILY;BYMONTH=2;
// BYMONTHDAY=30) and invents days for others (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 gave 1 March).
// Days are numbers: days since 1970-01-01 of the calendar's own dates.

const DAY_MS = 86_400_000;

export interface DayRule {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  count: number | null;
  /** The last day an occurrence may fall on. */
  until: number | null;
  byMonth: number[] | null;
  byMonthDay: number[] | null;
  byYearDay: number[] | null;
  /** `n` 0 is every such weekday of the period; weekday 0 is Sunday. */
  byDay: Array<{ n: number; weekday: number }> | null;
  bySetPos: number[] | null;
  /** The weekday weeks start on (0 = Sunday). */
  weekStart: number;
}

/** Shared by every rule of one import, so a file of many rules stays bounded as a whole. */
export interface Budget {
  daysLeft: number;
}

export const dayOf = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;
const yearLength = (year: number) => (dayOf(year + 1, 1, 1) - dayOf(year, 1, 1));
const monthLength = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The days of the rule's occurrences that lie in [from, to], DTSTART (`start`) counted as the first as
 * RFC 5545 says, in order. Null when the budget ran out (the rule is too expensive to unroll).
 */
export function ruleDays(rule: DayRule, start: number, from: number, to: number, budget: Budget): number[] | null {
  const begin = new Date(start * DAY_MS);
  const startYear = begin.getUTCFullYear();
  const startMonth = begin.getUTCMonth() + 1;
  const startDate = begin.getUTCDate();
  // RFC 5545's defaults: a rule with no day part repeats DTSTART's day.
  let { byMonth, byMonthDay, byDay } = rule;
  if (!rule.byYearDay && !byMonthDay && !byDay) {
    if (rule.freq === 'YEARLY') {
      byMonth ??= [startMonth];
      byMonthDay = [startDate];
    } else if (rule.freq === 'MONTHLY') byMonthDay = [startDate];
    else if (rule.freq === 'WEEKLY') byDay = [{ n: 0, weekday: weekdayOf(start) }];
  }
  const inMonthScope = rule.freq === 'MONTHLY' || (rule.freq === 'YEARLY' && byMonth !== null);
  const matches = (day: number, year: number, month: number, date: number): boolean => {
    if (byMonth && !byMonth.includes(month)) return false;
    if (byMonthDay) {
      const length = monthLength(year, month);
      if (!byMonthDay.some((wanted) => wanted === date || wanted === date - length - 1)) return false;
    }
    if (rule.byYearDay) {
      const dayOfYear = day - dayOf(year, 1, 1) + 1;
      const length = yearLength(year);
      if (!rule.byYearDay.some((wanted) => wanted === dayOfYear || wanted === dayOfYear - length - 1)) return false;
    }
    if (byDay) {
      const weekday = weekdayOf(day);
      const ordinals = rule.freq === 'MONTHLY' || rule.freq === 'YEARLY';
      const position = inMonthScope ? date : day - dayOf(year, 1, 1) + 1;
      const length = inMonthScope ? monthLength(year, month) : yearLength(year);
      const nth = Math.ceil(position / 7);
      const nthFromEnd = -(Math.floor((length - position) / 7) + 1);
      if (!byDay.some((wanted) => wanted.weekday === weekday && (!ordinals || wanted.n === 0 || wanted.n === nth || wanted.n === nthFromEnd))) return false;
    }
    return true;
  };

  const found: number[] = [];
  let counted = 0;
  const take = (day: number): boolean => {
    // false: stop, the rule has ended
    if (rule.until !== null && day > rule.until) return false;
    if (rule.count !== null && counted >= rule.count) return false;
    counted++;
    if (day >= from && day <= to) found.push(day);
    return true;
  };
  if (!take(start)) return found;

  const weekOrigin = start - ((weekdayOf(start) - rule.weekStart + 7) % 7);
  const periodOf = (index: number): [number, number] => {
    switch (rule.freq) {
      case 'YEARLY': {
        const year = startYear + index * rule.interval;
        return [dayOf(year, 1, 1), dayOf(year + 1, 1, 1) - 1];
      }
      case 'MONTHLY': {
        const months = startMonth - 1 + index * rule.interval;
        const first = dayOf(startYear + Math.floor(months / 12), (months % 12) + 1, 1);
        return [first, first + monthLength(startYear + Math.floor(months / 12), (months % 12) + 1) - 1];
      }
      case 'WEEKLY':
        return [weekOrigin + index * 7 * rule.interval, weekOrigin + index * 7 * rule.interval + 6];
      case 'DAILY':
        return [start + index * rule.interval, start + index * rule.interval];
    }
  };
  // Without COUNT nothing before `from` matters, so the walk starts at the period holding `from`.
  let index = 0;
  if (rule.count === null && from > start) {
    const periodDays = { YEARLY: 366, MONTHLY: 31, WEEKLY: 7, DAILY: 1 }[rule.freq] * rule.interval;
    index = Math.max(0, Math.floor((from - start) / periodDays) - 1);
  }
  for (; ; index++) {
    const [first, last] = periodOf(index);
    if (!Number.isFinite(first) || first > to || (rule.until !== null && first > rule.until)) return found;
    if (--budget.daysLeft < 0) return null;
    const days: number[] = [];
    for (let day = first; day <= last; day++) {
      const date = new Date(day * DAY_MS);
      const month = date.getUTCMonth() + 1;
      if (byMonth && !byMonth.includes(month)) {
        day = dayOf(date.getUTCFullYear(), month, monthLength(date.getUTCFullYear(), month)); // skip the month
        continue;
      }
      if (--budget.daysLeft < 0) return null;
      if (matches(day, date.getUTCFullYear(), month, date.getUTCDate())) days.push(day);
    }
    const chosen = rule.bySetPos
      ? [...new Set(rule.bySetPos.map((position) => days[position > 0 ? position - 1 : days.length + position]).filter((day): day is number => day !== undefined))].sort((a, b) => a - b)
      : days;
    for (const day of chosen) {
      if (day <= start) continue;
      if (!take(day)) return found;
    }
  }
}
