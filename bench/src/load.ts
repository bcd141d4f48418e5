// Concurrent load with autocannon on the write path (write-path.ts): each request for a few
// seconds with the same number of connections, one after the other on the same server.
import autocannon from 'autocannon';
import { writePathRequests, type WritePathRequest } from './write-path.ts';

export interface LoadOptions {
  durationS: number;
  connections: number;
}

export interface LoadResult {
  endpoint: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  durationS: number;
}

const subjects = ['Payout for March not received', 'Сайт недоступен с утра', 'საიტი არ იხსნება', 'Refund for the annual plan', 'Не могу войти в аккаунт'];

export function ticketBody(n: number): string {
  return JSON.stringify({
    subject: `${subjects[n % subjects.length]} #${n}`,
    customer: { email: `load-${process.pid}-${n}@customers.bench.example`, name: `Load customer ${n}` },
    message: { body: `Hello, this is load request ${n}. Our affiliate payout is still pending since yesterday, please check the bank transfer.` },
    priority: n % 10 === 0 ? 'high' : 'normal',
  });
}

/** One request under concurrent load for `durationS`: a fresh path and body for each (setupRequest). */
export async function runLoad(url: string, token: string, request: WritePathRequest, options: LoadOptions): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        method: request.method,
        setupRequest: (sent) => {
          const index = n++;
          return { ...sent, path: request.path(index), ...(request.body && { body: request.body(index) }) };
        },
      },
    ],
  });
  return {
    endpoint: request.label,
    requests: result['2xx'],
    rps: Math.round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
  };
}

/** The write path on a running server: the /me baseline first, then each write-path request. */
export async function runWritePath(url: string, token: string, options: LoadOptions, log: (message: string) => void): Promise<LoadResult[]> {
  const requests = await writePathRequests(async (method, path, body) => {
    const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body && { 'content-type': 'application/json' }) }, ...(body && { body }) });
    return { status: response.status, body: await response.text() };
  });
  const results: LoadResult[] = [];
  // BENCH_WRITE_ONLY=unassigned (a part of the label) loads only the /me baseline and that request: to profile one of them.
  const only = process.env.BENCH_WRITE_ONLY;
  for (const request of requests.filter((request, index) => index === 0 || !only || request.label.includes(only))) {
    const result = await runLoad(url, token, request, options);
    log(`${request.label}: ${result.rps} requests/s, p50 ${result.p50} ms, p99 ${result.p99} ms, non-2xx ${result.non2xx}`);
    results.push(result);
  }
  return results;
}
