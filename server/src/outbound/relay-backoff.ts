// When a relay that failed is tried again, and what a message waiting for it says: pure rules.
// The relay is probed after 5 s, then twice as long after each failed probe, at most every 5 minutes.

export const FIRST_PROBE_MS = 5_000;
export const MAX_PROBE_MS = 5 * 60_000;

/** The wait before the next probe after `failures` failed tries in a row (1, 2, …). */
export function probeDelay(failures: number): number {
  return Math.min(MAX_PROBE_MS, FIRST_PROBE_MS * 2 ** Math.max(0, failures - 1));
}

/** Failures in a row, counting this one: a new relay (or new settings) starts again at 1. */
export function failuresAfter(previous: { fingerprint: string; failures: number } | undefined, fingerprint: string): number {
  return previous && previous.fingerprint === fingerprint ? previous.failures + 1 : 1;
}

/** A waiting message's delivery error; the app adds "next try at …" from deliveryRetryAt. */
export const waitingReason = (label: string, lastError: string) => `the relay ${label} is not answering: ${lastError}`;

export const refusingReason = (label: string, lastError: string) => `not sent: the relay ${label} refuses us: ${lastError}`;

export const gaveUpReason = (label: string, waitedMs: number, lastError: string) =>
  `not delivered: the relay ${label} did not answer for ${Math.round(waitedMs / 60_000)} minutes: ${lastError}`;
