// The calls ringing now, as the live socket reports them (call.ringing): a small store the pop-up
// reads. A call is shown once, for at most a minute and a half (a replay after a reconnect does not
// bring back a call long over), and until the agent dismisses it.
import type { DomainEvent } from '@frontline/shared';

export type RingingCall = DomainEvent<'call.ringing'>;

/** A phone stops ringing long before this; a pop-up older than it is gone by itself. */
export const RINGING_MS = 90_000;

export class RingingCalls {
  private calls: RingingCall[] = [];
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes a call.ringing event; an old one, or one already shown or dismissed, is left out. */
  add(event: RingingCall): void {
    if (this.now() - Date.parse(event.createdAt) > RINGING_MS) return;
    if (this.seen.has(this.key(event))) return;
    this.seen.add(this.key(event));
    this.calls = [...this.calls, event];
    this.changed();
  }

  dismiss(event: RingingCall): void {
    this.calls = this.calls.filter((call) => call !== event);
    this.changed();
  }

  /** The calls to show now, oldest first. */
  current = (): RingingCall[] => this.calls;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Drops the calls that rang too long ago. */
  expire(): void {
    const fresh = this.calls.filter((call) => this.now() - Date.parse(call.createdAt) <= RINGING_MS);
    if (fresh.length !== this.calls.length) {
      this.calls = fresh;
      this.changed();
    } else if (this.calls.length) {
      this.timer = setTimeout(() => this.expire(), 5_000);
    }
  }

  private readonly seen = new Set<string>();
  private key = (event: RingingCall) => `${event.payload.integrationId}\u0000${event.payload.callId}`;

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.calls.length ? setTimeout(() => this.expire(), 5_000) : null;
    for (const listener of this.listeners) listener();
  }
}

/** The one store of this tab: the live provider fills it, the pop-up shows it. */
export const ringingCalls = new RingingCalls();
