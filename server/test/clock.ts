// A clock for tests: real time plus an offset the test moves forward, so waits (backoff, leases)
// pass at once while rows stamped by the database's now() still compare sensibly with it.
import type { Clock } from '../src/context.ts';

export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
