// Dates, times and sizes for people: in the agent's time zone and language, through Intl.

export interface FormatContext {
  locale: string;
  timeZone?: string;
}

function safeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** Date and time, short: "25 Nov, 14:05" (or with the year when it is not this year). */
export function formatDateTime(iso: string, ctx: FormatContext, now: Date = new Date()): string {
  const date = new Date(iso);
  const timeZone = safeZone(ctx.timeZone);
  const sameYear = yearIn(date, timeZone) === yearIn(now, timeZone);
  if (ctx.locale === 'ka' && !intlKnows('ka')) return georgianDateTime(date, timeZone, sameYear);
  return cached(`dt|${ctx.locale}|${timeZone}|${sameYear}`, () =>
    new Intl.DateTimeFormat(ctx.locale, {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: sameYear ? undefined : 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
  ).format(date);
}

function yearIn(date: Date, timeZone: string | undefined): string {
  return cached(`y|${timeZone}`, () => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' })).format(date);
}

// Intl formatters are slow to build and a long list formats hundreds of dates per scroll.
const formatters = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let value = formatters.get(key) as T | undefined;
  if (value === undefined) {
    value = make();
    formatters.set(key, value);
  }
  return value;
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** Relative time: "5 min ago", "in 2 hours", "now" for under 45 seconds. */
export function formatRelative(iso: string, ctx: FormatContext, now: Date = new Date()): string {
  let value = (new Date(iso).getTime() - now.getTime()) / 1000;
  const format = ctx.locale === 'ka' && !intlKnows('ka') ? georgianRelative : cached(`rt|${ctx.locale}`, () => new Intl.RelativeTimeFormat(ctx.locale, { numeric: 'auto', style: 'short' }));
  if (Math.abs(value) < 45) return format.format(0, 'second');
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return format.format(Math.round(value), 'year');
}

/** Bytes as "812 B", "14 KB", "3.2 MB". */
export function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index++;
  }
  const digits = value < 10 && index > 0 ? 1 : 0;
  return cached(`size|${locale}|${index}|${digits}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: units[index], unitDisplay: 'narrow', maximumFractionDigits: digits })).format(value);
}

/** A count for a badge: 10000 and capped → "10000+", large numbers grouped by the locale. */
export function formatCount(count: number | undefined, locale: string, capped = false): string {
  if (count === undefined) return '';
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(count) + (capped ? '+' : '');
}

/** The page title: "(3) Frontline" when something is unanswered. */
export function titleWithCount(base: string, unanswered: number): string {
  return unanswered > 0 ? `(${unanswered > 99 ? '99+' : unanswered}) ${base}` : base;
}

/** Two letters for an avatar: "John Smith" → "JS". */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : '';
  // Georgian has no capitals in ordinary writing; toUpperCase would turn it into Mtavruli.
  return [...(first + last)].map((c) => (/[\u10D0-\u10FF]/.test(c) ? c : c.toUpperCase())).join('');
}

/** Picks the interface language: the agent's own, else the browser's first supported one, else English. */
export function pickLocale(agentLocale: string | null | undefined, browser: readonly string[], supported: readonly string[]): string {
  if (agentLocale && supported.includes(agentLocale)) return agentLocale;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0]!;
    if (supported.includes(base)) return base;
  }
  return 'en';
}

/**
 * Some browser builds (Debian's Chromium among them) ship ICU without Georgian and silently fall
 * back to English; these two stand in for Intl's Georgian date and relative-time formats.
 */
export function intlKnows(locale: string): boolean {
  return cached(`knows|${locale}`, () => Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 && Intl.RelativeTimeFormat.supportedLocalesOf([locale]).length > 0);
}

const georgianMonths = ['იან', 'თებ', 'მარ', 'აპრ', 'მაი', 'ივნ', 'ივლ', 'აგვ', 'სექ', 'ოქტ', 'ნოე', 'დეკ'];

export function georgianDateTime(date: Date, timeZone: string | undefined, sameYear: boolean): string {
  const parts = Object.fromEntries(
    cached(`kaparts|${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }))
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const month = georgianMonths[Number(parts.month) - 1];
  return `${Number(parts.day)} ${month}${sameYear ? '' : ` ${parts.year}`}, ${parts.hour}:${parts.minute}`;
}

const georgianUnits: Partial<Record<Intl.RelativeTimeFormatUnit, [string, string]>> = {
  second: ['წმ', 'წამში'],
  minute: ['წთ', 'წუთში'],
  hour: ['სთ', 'საათში'],
  day: ['დღის', 'დღეში'],
  month: ['თვის', 'თვეში'],
  year: ['წლის', 'წელიწადში'],
};

export const georgianRelative = {
  format(value: number, unit: Intl.RelativeTimeFormatUnit): string {
    if (value === 0 && unit === 'second') return 'ახლა';
    if (unit === 'day' && value === -1) return 'გუშინ';
    if (unit === 'day' && value === 1) return 'ხვალ';
    const [past, future] = georgianUnits[unit] ?? ['', ''];
    return value < 0 ? `${-value} ${past} წინ` : `${value} ${future}`;
  },
};
