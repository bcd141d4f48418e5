// Small HTTP helpers for the benchmarks: sign in, and time sequential requests.
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests that did not answer 200. */
  failed: number;
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token) throw new Error(`sign-in as ${email} failed: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

export async function getJson(url: string, token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

/**
 * Sends the same GET one after the other (the latency one agent sees, not throughput) until
 * `count` requests are done or `budgetMs` has passed.
 */
export async function timeRequests(url: string, token: string, count: number, budgetMs: number): Promise<Latency> {
  const times: number[] = [];
  let failed = 0;
  // A few warm-up requests: the first ones pay for connection set-up and cold caches.
  for (let n = 0; n < Math.min(3, count); n++) await fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  const until = performance.now() + budgetMs;
  // At least one timed request, however slow: a request that never finishes in time is the finding.
  while (times.length < count && (times.length === 0 || performance.now() < until)) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    times.push(performance.now() - started);
    if (response.status !== 200) failed++;
  }
  return { count: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(0, ...times), failed };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
