// A fixed-window counter per key, in memory: how a node limits one visitor's or one address's
// chat frames (the HTTP routes use the rate-limit plugin; a WebSocket's frames do not pass it).
export class RateWindow {
  private counts = new Map<string, number>();
  private windowStart = Date.now();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** True when the key may go on; counts the attempt. */
  take(key: string, now = Date.now()): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.counts = new Map();
      this.windowStart = now;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= this.max;
  }
}
