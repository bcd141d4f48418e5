// How long a customer has been waiting for an answer, as an inbox row says it ("waiting 2 h").
// The server keeps when the wait started (the first customer message since the last agent reply).
import { useEffect, useState } from 'react';

export type WaitUnit = 'minute' | 'hour' | 'day';

export interface Wait {
  count: number;
  unit: WaitUnit;
  /** Long enough to stand out in the list (over four hours). */
  long: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LONG = 4 * HOUR;

/** The wait in whole minutes, hours or days (rounded down); null when nobody waits. */
export function waitOf(ticket: { status: string; customerWaitingSince: string | null }, now: Date): Wait | null {
  // A solved or closed ticket has its answer, even if the last word was the customer's "thanks".
  if (!ticket.customerWaitingSince || ticket.status === 'solved' || ticket.status === 'closed') return null;
  const since = Date.parse(ticket.customerWaitingSince);
  if (Number.isNaN(since)) return null;
  const ms = Math.max(0, now.getTime() - since);
  const long = ms >= LONG;
  if (ms < HOUR) return { count: Math.floor(ms / MINUTE), unit: 'minute', long };
  if (ms < 2 * DAY) return { count: Math.floor(ms / HOUR), unit: 'hour', long };
  return { count: Math.floor(ms / DAY), unit: 'day', long };
}

/** The i18n key and values for a wait: "waiting 2 h", "waiting < 1 min". */
export function waitText(wait: Wait): { key: string; count: number } {
  if (wait.unit === 'minute' && wait.count === 0) return { key: 'triage.waitingJustNow', count: 0 };
  return { key: `triage.waiting.${wait.unit}`, count: wait.count };
}

/** The current time, ticking every `everyMs`, so relative times on screen stay true. */
export function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
