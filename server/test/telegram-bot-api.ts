// A stand-in for the Telegram Bot API on a local port, speaking what Frontline uses as documented
// (https://core.telegram.org/bots/api): getMe, setWebhook, deleteWebhook, getUpdates (long polling
// with offset), getFile and the download path /file/bot<token>/<file_path>, sendMessage, sendPhoto
// and sendDocument (multipart). Tests queue updates and files, read what was sent, and make it fail.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBot {
  id: number;
  username: string;
  first_name: string;
}

export interface SentItem {
  token: string;
  method: string;
  chat_id: number;
  text?: string;
  filename?: string;
  contentType?: string;
  data?: Buffer;
}

interface Failure {
  method: string;
  status: number;
  description: string;
  retryAfter?: number;
}

export class FakeBotApi {
  url = '';
  readonly bots = new Map<string, FakeBot>();
  readonly webhooks = new Map<string, { url: string; secret: string } | null>();
  /** Every call, in order, with its JSON parameters (multipart calls: their text fields). */
  readonly calls: Array<{ token: string; method: string; params: Record<string, unknown> }> = [];
  readonly sent: SentItem[] = [];
  /** The offsets getUpdates was asked with, per token. */
  readonly offsets = new Map<string, number[]>();
  private readonly updates = new Map<string, Array<Record<string, unknown> & { update_id: number }>>();
  private readonly files = new Map<string, { path: string; data: Buffer }>();
  private failures: Failure[] = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private server: http.Server | undefined;
  private port = 0;
  private readonly waiting = new Set<() => void>();

  addBot(token: string, username: string, id = 7000 + this.bots.size): FakeBot {
    const bot = { id, username, first_name: username.replace(/_?bot$/i, '') || username };
    this.bots.set(token, bot);
    return bot;
  }

  /** An update for getUpdates; returns it with its update_id. */
  queueUpdate(token: string, body: Record<string, unknown>): Record<string, unknown> & { update_id: number } {
    const update = { update_id: this.nextUpdateId++, ...body };
    const list = this.updates.get(token) ?? [];
    list.push(update);
    this.updates.set(token, list);
    for (const wake of this.waiting) wake();
    return update;
  }

  addFile(fileId: string, data: Buffer, path = `documents/${fileId}.bin`): void {
    this.files.set(fileId, { path, data });
  }

  /** The next call of `method` answers this error (error_code, description, parameters.retry_after). */
  failNext(method: string, status: number, description: string, retryAfter?: number): void {
    this.failures.push({ method, status, description, ...(retryAfter !== undefined && { retryAfter }) });
  }

  reset(): void {
    this.calls.length = 0;
    this.sent.length = 0;
    this.failures = [];
    this.offsets.clear();
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: false, error_code: 500, description: `stand-in failed: ${(error as Error).message}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }

  /** Stops listening: calls are refused (ECONNREFUSED) until start() again, on the same port. */
  async stop(): Promise<void> {
    for (const wake of this.waiting) wake();
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
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const found = this.bots.has(decodeURIComponent(file[1]!)) && [...this.files.values()].find((entry) => entry.path === decodeURIComponent(file[2]!));
      if (!found) return this.answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.data.byteLength });
      response.end(found.data);
      return;
    }
    const call = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!call) return this.answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const token = decodeURIComponent(call[1]!);
    const method = call[2]!;
    const type = request.headers['content-type'] ?? '';
    let params: Record<string, unknown> = {};
    let form: FormData | undefined;
    if (type.startsWith('multipart/form-data')) {
      form = await new Response(body, { headers: { 'content-type': type } }).formData();
      for (const [key, value] of form.entries()) if (typeof value === 'string') params[key] = value;
    } else if (body.length) {
      params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    }
    this.calls.push({ token, method, params });
    const bot = this.bots.get(token);
    if (!bot) return this.answer(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const failure = this.failures.findIndex((entry) => entry.method === method);
    if (failure >= 0) {
      const [{ status, description, retryAfter }] = this.failures.splice(failure, 1) as [Failure];
      return this.answer(response, status, { ok: false, error_code: status, description, ...(retryAfter !== undefined && { parameters: { retry_after: retryAfter } }) });
    }
    const chatId = Number(params.chat_id);
    const message = (extra: Record<string, unknown>) => ({ message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username }, ...extra });
    switch (method) {
      case 'getMe':
        return this.ok(response, { ...bot, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'setWebhook':
        if (typeof params.url !== 'string' || !params.url) return this.answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' });
        this.webhooks.set(token, { url: params.url, secret: String(params.secret_token ?? '') });
        return this.ok(response, true);
      case 'deleteWebhook':
        this.webhooks.set(token, null);
        return this.ok(response, true);
      case 'getUpdates': {
        if (this.webhooks.get(token)) return this.answer(response, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
        const offset = Number(params.offset ?? 0);
        this.offsets.set(token, [...(this.offsets.get(token) ?? []), offset]);
        // An offset confirms every update before it: Telegram forgets them.
        const kept = (this.updates.get(token) ?? []).filter((update) => update.update_id >= offset);
        this.updates.set(token, kept);
        if (!kept.length && Number(params.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              this.waiting.delete(done);
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(done, Number(params.timeout) * 1000);
            this.waiting.add(done);
          });
        }
        return this.ok(response, (this.updates.get(token) ?? []).filter((update) => update.update_id >= offset).slice(0, Number(params.limit ?? 100)));
      }
      case 'getFile': {
        const entry = this.files.get(String(params.file_id));
        if (!entry) return this.answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return this.ok(response, { file_id: params.file_id, file_unique_id: `u-${params.file_id}`, file_size: entry.data.byteLength, file_path: entry.path });
      }
      case 'sendMessage':
        if (!Number.isSafeInteger(chatId)) return this.answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
        this.sent.push({ token, method, chat_id: chatId, text: String(params.text) });
        return this.ok(response, message({ text: params.text }));
      case 'sendPhoto':
      case 'sendDocument': {
        const upload = form?.get(method === 'sendPhoto' ? 'photo' : 'document');
        if (!(upload instanceof Blob)) return this.answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: there is no file in the request' });
        const data = Buffer.from(await upload.arrayBuffer());
        this.sent.push({ token, method, chat_id: chatId, filename: (upload as File).name, contentType: upload.type, data });
        return this.ok(response, message(method === 'sendPhoto' ? { photo: [{ file_id: `sent-${this.nextMessageId}`, width: 1, height: 1 }] } : { document: { file_id: `sent-${this.nextMessageId}`, file_name: (upload as File).name } }));
      }
      default:
        return this.answer(response, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private ok(response: http.ServerResponse, result: unknown): void {
    this.answer(response, 200, { ok: true, result });
  }

  private answer(response: http.ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const api = new FakeBotApi();
  await api.start();
  return api;
}

/** A private-chat message update as Telegram sends it, from a person with this user id. */
export function messageUpdate(from: { id: number; first_name?: string; last_name?: string; username?: string }, extra: Record<string, unknown>, messageId = Math.floor(Math.random() * 1e9)) {
  return {
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      from: { is_bot: false, first_name: 'Nino', ...from },
      chat: { id: from.id, type: 'private', first_name: from.first_name ?? 'Nino' },
      ...extra,
    },
  };
}
