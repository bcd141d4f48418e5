// When repeated failed sign-ins lock an email address: after LOCK_AFTER failures each further one
// locks it for twice as long as the last (1, 2, 4 … minutes, at most an hour); a success forgets them.

export const LOCK_AFTER = 5;
export const FIRST_LOCK_MS = 60_000;
export const LONGEST_LOCK_MS = 60 * 60_000;
/** Failures this old no longer count: an agent who mistyped last week starts from zero. */
export const FAILURES_FORGOTTEN_AFTER_MS = 24 * 3_600_000;

/** How long the address is locked after its `failures`-th failure in a row (0: not locked). */
export function lockDurationMs(failures: number): number {
  if (failures < LOCK_AFTER) return 0;
  // Capped before doubling so a long run of failures cannot overflow.
  const doublings = Math.min(failures - LOCK_AFTER, Math.ceil(Math.log2(LONGEST_LOCK_MS / FIRST_LOCK_MS)));
  return Math.min(FIRST_LOCK_MS * 2 ** doublings, LONGEST_LOCK_MS);
}

/** Whole seconds until the lock ends, at least 1: what Retry-After says. */
export const secondsUntil = (lockedUntil: Date, now: Date): number => Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
