// The write path under load: GET /api/v1/me (the baseline: one authenticated request and nothing
// else), POST /api/v1/tickets, the unassigned view and a public reply, each reported with its ratio
// to the baseline. The same requests feed statements.ts, which counts their SQL.
import { ticketBody } from './load.ts';

export interface WritePathRequest {
  label: string;
  method: 'GET' | 'POST';
  path(n: number): string;
  body?(n: number): string;
  send(n: number): Promise<{ status: number; body: string }>;
}

export type Send = (method: string, path: string, body?: string) => Promise<{ status: number; body: string }>;

/** Replies go round this many tickets: agents answer different customers, not all the same ticket. */
const REPLY_TICKETS = 200;

export const replyBody = (n: number) => JSON.stringify({ body: `Thank you, we are looking into it (reply ${n}). The transfer left our bank yesterday; it should arrive within two working days.` });

/** The four requests, after opening the tickets the replies go to (through `send`, as the admin). */
export async function writePathRequests(send: Send): Promise<WritePathRequest[]> {
  const ticketIds: number[] = [];
  for (let n = 0; n < REPLY_TICKETS; n++) {
    const created = await send('POST', '/api/v1/tickets', ticketBody(1_000_000 + n));
    if (created.status !== 201) throw new Error(`opening a ticket to reply to: ${created.status} ${created.body}`);
    ticketIds.push((JSON.parse(created.body) as { id: number }).id);
  }
  const request = (label: string, method: 'GET' | 'POST', path: (n: number) => string, body?: (n: number) => string): WritePathRequest => ({
    label,
    method,
    path,
    ...(body && { body }),
    send: (n) => send(method, path(n), body?.(n)),
  });
  let created = 0;
  return [
    request('GET /api/v1/me', 'GET', () => '/api/v1/me'),
    request('POST /api/v1/tickets', 'POST', () => '/api/v1/tickets', () => ticketBody(created++)),
    request('GET /api/v1/tickets?view=unassigned', 'GET', () => '/api/v1/tickets?view=unassigned'),
    request('POST /api/v1/tickets/:id/messages (public reply)', 'POST', (n) => `/api/v1/tickets/${ticketIds[n % ticketIds.length]}/messages`, replyBody),
  ];
}
