// The visitor's own typing, throttled: 'typing' at most every 2 s while keys come, 'idle' after 5 s
// without one or at once on send. Time and timers are injected so tests drive them.

import type { Timers } from './timers.ts';

export const TYPING_EVERY_MS = 2_000;
export const TYPING_IDLE_AFTER_MS = 5_000;

export class TypingThrottle {
  readonly #emit: (state: 'typing' | 'idle') => void;
  readonly #timers: Timers;
  #lastTypingAt = -Infinity;
  #idleTimer: unknown = null;
  #typing = false;

  constructor(emit: (state: 'typing' | 'idle') => void, timers: Timers) {
    this.#emit = emit;
    this.#timers = timers;
  }

  /** A key was typed. */
  input(): void {
    const now = this.#timers.now();
    if (!this.#typing || now - this.#lastTypingAt >= TYPING_EVERY_MS) {
      this.#typing = true;
      this.#lastTypingAt = now;
      this.#emit('typing');
    }
    if (this.#idleTimer !== null) this.#timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = this.#timers.setTimeout(() => this.stop(), TYPING_IDLE_AFTER_MS);
  }

  /** The message was sent, or the visitor left: 'idle' once if 'typing' was the last word. */
  stop(): void {
    if (this.#idleTimer !== null) this.#timers.clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    if (!this.#typing) return;
    this.#typing = false;
    this.#lastTypingAt = -Infinity;
    this.#emit('idle');
  }
}
