// Concurrent load with autocannon: new tickets through POST /api/v1/tickets, each from another
// customer email. Falls back to GET /api/v1/me while the tickets API does not exist.
import autocannon from 'autocannon';

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

export async function ticketsApiExists(url: string, token: string): Promise<boolean> {
  const response = await fetch(`${url}/api/v1/tickets?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status !== 404;
}

export async function runLoad(url: string, token: string, options: LoadOptions): Promise<LoadResult> {
  const create = await ticketsApiExists(url, token);
  let n = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: create
      ? [{ method: 'POST', path: '/api/v1/tickets', setupRequest: (request) => ({ ...request, body: ticketBody(n++) }) }]
      : [{ method: 'GET', path: '/api/v1/me' }],
  });
  return {
    endpoint: create ? 'POST /api/v1/tickets' : 'GET /api/v1/me (tickets API missing)',
    requests: result['2xx'],
    rps: Math.round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
  };
}
