// A stand-in for the WhatsApp Cloud API (Meta's Graph API) on a local port, speaking what Frontline
// uses as documented (https://developers.facebook.com/docs/whatsapp/cloud-api/reference): GET
// /{phone-number-id}, POST /{phone-number-id}/messages, POST /{phone-number-id}/media (multipart),
// GET /{media-id} (a URL) and that URL's bytes, all with the Bearer token. Tests add numbers and
// media, read what was sent, make calls fail, and build webhook payloads shaped as Meta sends them.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  phoneNumberId: string;
  body: Record<string, unknown>;
  id: string;
}

export class FakeGraphApi {
  url = '';
  /** phone number id → its access token and profile. */
  readonly numbers = new Map<string, { token: string; display: string; name: string }>();
  readonly sent: SentMessage[] = [];
  readonly uploads: Array<{ phoneNumberId: string; filename: string; contentType: string; data: Buffer; id: string }> = [];
  private readonly media = new Map<string, { data: Buffer; mime: string; declared?: number }>();
  private failures: Array<{ call: string; status: number; code: number; message: string }> = [];
  private server: http.Server | undefined;
  private port = 0;
  private next = 1;

  addNumber(phoneNumberId: string, token: string, display = '+1 555 0100', name = 'Acme Support'): void {
    this.numbers.set(phoneNumberId, { token, display, name });
  }

  /** Media for GET /{media-id}; `declared` is the file_size Graph says (default: the real size). */
  addMedia(mediaId: string, data: Buffer, mime: string, declared?: number): void {
    this.media.set(mediaId, { data, mime, ...(declared !== undefined && { declared }) });
  }

  /** The next call of `call` ('messages', 'media', 'number', 'get-media') answers this Graph error. */
  failNext(call: string, status: number, message: string, code = status === 429 ? 130429 : 100): void {
    this.failures.push({ call, status, code, message });
  }

  reset(): void {
    this.sent.length = 0;
    this.uploads.length = 0;
    this.failures = [];
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => this.answer(response, 500, { error: { message: `stand-in failed: ${(error as Error).message}`, code: 1 } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}/v21.0`;
  }

  /** Stops listening: calls are refused (ECONNREFUSED) until start() again, on the same port. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const tokenOk = (phoneNumberId?: string) => (phoneNumberId ? this.numbers.get(phoneNumberId)?.token === token : [...this.numbers.values()].some((entry) => entry.token === token));
    const unauthorized = () => this.answer(response, 401, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 } });
    const fail = (call: string) => {
      const at = this.failures.findIndex((entry) => entry.call === call);
      if (at < 0) return false;
      const [failure] = this.failures.splice(at, 1);
      this.answer(response, failure!.status, { error: { message: failure!.message, type: 'OAuthException', code: failure!.code } });
      return true;
    };
    const download = /^\/download\/([^/]+)$/.exec(url.pathname);
    if (download) {
      if (!tokenOk()) return unauthorized();
      const entry = this.media.get(decodeURIComponent(download[1]!));
      if (!entry) return this.answer(response, 404, { error: { message: 'not found', code: 100 } });
      response.writeHead(200, { 'content-type': entry.mime, 'content-length': entry.data.byteLength });
      response.end(entry.data);
      return;
    }
    const path = /^\/v21\.0\/([^/]+)(?:\/(messages|media))?$/.exec(url.pathname);
    if (!path) return this.answer(response, 404, { error: { message: 'Unknown path components', code: 2500 } });
    const id = decodeURIComponent(path[1]!);
    const edge = path[2];
    if (request.method === 'GET' && !edge) {
      if (this.numbers.has(id)) {
        if (!tokenOk(id)) return unauthorized();
        if (fail('number')) return;
        const number = this.numbers.get(id)!;
        return this.answer(response, 200, { id, display_phone_number: number.display, verified_name: number.name, quality_rating: 'GREEN' });
      }
      const entry = this.media.get(id);
      if (entry) {
        if (!tokenOk()) return unauthorized();
        if (fail('get-media')) return;
        return this.answer(response, 200, { messaging_product: 'whatsapp', url: `http://127.0.0.1:${this.port}/download/${encodeURIComponent(id)}`, mime_type: entry.mime, sha256: crypto.createHash('sha256').update(entry.data).digest('hex'), file_size: entry.declared ?? entry.data.byteLength, id });
      }
      if (!tokenOk()) return unauthorized();
      return this.answer(response, 400, { error: { message: `Unsupported get request. Object with ID '${id}' does not exist`, type: 'GraphMethodException', code: 100 } });
    }
    if (request.method === 'POST' && edge === 'messages') {
      if (!tokenOk(id)) return unauthorized();
      if (fail('messages')) return;
      const params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (params.messaging_product !== 'whatsapp') return this.answer(response, 400, { error: { message: '(#100) The parameter messaging_product is required.', code: 100 } });
      const wamid = `wamid.HBgL${String(this.next++).padStart(6, '0')}`;
      this.sent.push({ phoneNumberId: id, body: params, id: wamid });
      return this.answer(response, 200, { messaging_product: 'whatsapp', contacts: [{ input: params.to, wa_id: params.to }], messages: [{ id: wamid }] });
    }
    if (request.method === 'POST' && edge === 'media') {
      if (!tokenOk(id)) return unauthorized();
      if (fail('media')) return;
      const form = await new Response(body, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (!(file instanceof Blob) || form.get('messaging_product') !== 'whatsapp') return this.answer(response, 400, { error: { message: '(#100) file and messaging_product are required', code: 100 } });
      const mediaId = `${900000 + this.next++}`;
      this.uploads.push({ phoneNumberId: id, filename: (file as File).name, contentType: file.type, data: Buffer.from(await file.arrayBuffer()), id: mediaId });
      return this.answer(response, 200, { id: mediaId });
    }
    return this.answer(response, 400, { error: { message: 'Unsupported request', code: 100 } });
  }

  private answer(response: http.ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}

export async function startFakeGraphApi(): Promise<FakeGraphApi> {
  const api = new FakeGraphApi();
  await api.start();
  return api;
}

/** A webhook body as Meta sends it for one number: its messages (with the senders' contacts) and statuses. */
export function webhookBody(phoneNumberId: string, value: { messages?: unknown[]; contacts?: unknown[]; statuses?: unknown[] }) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: phoneNumberId }, ...value } }] }],
  };
}

/** A customer's message in a webhook body, with their profile name. */
export function customerMessage(phoneNumberId: string, waId: string, name: string, message: Record<string, unknown>, id = `wamid.IN${crypto.randomBytes(8).toString('hex')}`, at = new Date()) {
  return webhookBody(phoneNumberId, {
    contacts: [{ profile: { name }, wa_id: waId }],
    messages: [{ from: waId, id, timestamp: String(Math.floor(at.getTime() / 1000)), ...message }],
  });
}

export function statusUpdate(phoneNumberId: string, wamid: string, status: string, recipient: string, errors?: unknown[]) {
  return webhookBody(phoneNumberId, { statuses: [{ id: wamid, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipient, ...(errors && { errors }) }] });
}

export const signature = (secret: string, body: string | Buffer) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
