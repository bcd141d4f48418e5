// Reconnect delays: exponential from 0.5 s to 15 s, jittered so a server restart is not met by every
// widget at the same instant.

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 15_000;

/** The delay before reconnect attempt `attempt` (0 for the first): a random point in the upper half
 * of the exponential step, never below the minimum nor above the maximum. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = step / 2 + (step / 2) * random();
  return Math.round(Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_MIN_MS, jittered)));
}
