import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIRST_LOCK_MS, LOCK_AFTER, LONGEST_LOCK_MS, lockDurationMs, secondsUntil } from './lockout.ts';

test('failures below the threshold lock nothing; from there each one locks twice as long, up to the cap', () => {
  assert.equal(lockDurationMs(0), 0);
  assert.equal(lockDurationMs(LOCK_AFTER - 1), 0);
  assert.equal(lockDurationMs(LOCK_AFTER), FIRST_LOCK_MS);
  assert.equal(lockDurationMs(LOCK_AFTER + 1), 2 * FIRST_LOCK_MS);
  assert.equal(lockDurationMs(LOCK_AFTER + 2), 4 * FIRST_LOCK_MS);
  assert.equal(lockDurationMs(LOCK_AFTER + 20), LONGEST_LOCK_MS);
  assert.equal(lockDurationMs(Number.MAX_SAFE_INTEGER), LONGEST_LOCK_MS);
});

test('Retry-After rounds up to whole seconds and is never zero', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  assert.equal(secondsUntil(new Date(now.getTime() + 1500), now), 2);
  assert.equal(secondsUntil(now, now), 1);
});
