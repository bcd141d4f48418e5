// Counting failed password checks per email address and refusing while one is locked. Used by
// sign-in and by the own-password change, so a stolen session cannot guess the password either.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { throttled, type AppError } from '../errors.ts';
import { FAILURES_FORGOTTEN_AFTER_MS, lockDurationMs, secondsUntil } from './lockout.ts';
import { addSignInFailure, clearSignInFailures, findSignInFailures, lockSignIn, pruneSignInFailures } from './store.ts';

/** Throttled (429) account_locked, saying when it ends in details and (over HTTP) in Retry-After. */
function accountLocked(lockedUntil: Date, now: Date): AppError {
  const retryAfterSeconds = secondsUntil(lockedUntil, now);
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return throttled(
    'account_locked',
    `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to unlock it.`,
    retryAfterSeconds,
    { retryAfterSeconds, lockedUntil: lockedUntil.toISOString() },
  );
}

export async function refuseWhileLocked(db: Kysely<DB>, email: string, now: Date): Promise<void> {
  const row = await findSignInFailures(db, email);
  if (row?.locked_until && row.locked_until > now) throw accountLocked(row.locked_until, now);
}

/**
 * Counts a failure against the address, whether an agent has it or not, and throws account_locked
 * when this failure locks it. Call it outside a transaction that the refusal will roll back.
 */
export async function countFailure(db: Kysely<DB>, email: string, now: Date): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FAILURES_FORGOTTEN_AFTER_MS);
  await pruneSignInFailures(db, forgetBefore, now);
  const failures = await addSignInFailure(db, email, now, forgetBefore);
  const lockMs = lockDurationMs(failures);
  if (lockMs === 0) return;
  const until = new Date(now.getTime() + lockMs);
  await lockSignIn(db, email, until);
  throw accountLocked(until, now);
}

export const forgetFailures = (db: Kysely<DB>, email: string) => clearSignInFailures(db, email);
