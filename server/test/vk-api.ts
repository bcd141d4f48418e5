// A stand-in for the VK API on a local port, speaking what Frontline uses as documented
// (https://dev.vk.com/method): form-encoded method calls under /method/<name> with access_token and
// v, answered {response} or, as VK does, HTTP 200 with {error: {error_code, error_msg}};
// groups.getById, users.get, messages.send (remembering random_ids per peer and dropping a repeat,
// as VK does), photos.getMessagesUploadServer / saveMessagesPhoto, docs.getMessagesUploadServer /
// docs.save with their upload servers, and file downloads. Also builds Callback API events shaped
// as VK delivers them. Tests read what was sent and make calls fail.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  token: string;
  peer_id: number;
  random_id: number;
  message?: string;
  attachment?: string;
}

export interface Upload {
  kind: 'photo' | 'doc';
  filename: string;
  contentType: string;
  data: Buffer;
}

export class FakeVkApi {
  url = '';
  /** The method base to give Frontline (VK_API_URL). */
  methodUrl = '';
  readonly groups = new Map<string, { id: number; name: string }>();
  readonly users = new Map<number, { first_name: string; last_name: string }>();
  readonly calls: Array<{ method: string; params: Record<string, string> }> = [];
  readonly sent: SentMessage[] = [];
  readonly uploads: Upload[] = [];
  private readonly files = new Map<string, Buffer>();
  private readonly seenRandomIds = new Set<string>();
  private failures: Array<{ method: string; code: number; message: string; httpStatus?: number }> = [];
  private nextId = 1;
  private server: http.Server | undefined;
  private port = 0;

  addGroup(token: string, id: number, name: string): void {
    this.groups.set(token, { id, name });
  }

  /** A file at a URL a message may link to; returns the URL. */
  addFile(name: string, data: Buffer): string {
    this.files.set(name, data);
    return `${this.url}/files/${name}`;
  }

  /** The next call of `method` answers this VK error (or, with httpStatus, that HTTP status and a page that is not JSON). */
  failNext(method: string, code: number, message: string, httpStatus?: number): void {
    this.failures.push({ method, code, message, ...(httpStatus !== undefined && { httpStatus }) });
  }

  reset(): void {
    this.calls.length = 0;
    this.sent.length = 0;
    this.uploads.length = 0;
    this.failures = [];
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => this.json(response, { error: { error_code: 10, error_msg: `stand-in failed: ${(error as Error).message}` } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.methodUrl = `${this.url}/method`;
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
    const file = /^\/files\/(.+)$/.exec(url.pathname);
    if (file) {
      const data = this.files.get(decodeURIComponent(file[1]!));
      if (!data) {
        response.writeHead(404).end('Not Found');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.byteLength });
      response.end(data);
      return;
    }
    const upload = /^\/upload\/(photo|doc)$/.exec(url.pathname);
    if (upload) {
      const kind = upload[1] as 'photo' | 'doc';
      const form = await new Response(body, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const part = form.get(kind === 'photo' ? 'photo' : 'file');
      if (!(part instanceof Blob)) return this.json(response, { error: 'no file' });
      const id = this.nextId++;
      this.uploads.push({ kind, filename: (part as File).name, contentType: part.type, data: Buffer.from(await part.arrayBuffer()) });
      return this.json(response, kind === 'photo' ? { server: 777, photo: `[{"photo":"p${id}"}]`, hash: `h${id}` } : { file: `f${id}` });
    }
    const call = /^\/method\/([A-Za-z.]+)$/.exec(url.pathname);
    if (!call) {
      response.writeHead(404).end('Not Found');
      return;
    }
    const method = call[1]!;
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    this.calls.push({ method, params });
    const failure = this.failures.findIndex((entry) => entry.method === method);
    if (failure >= 0) {
      const [entry] = this.failures.splice(failure, 1);
      if (entry!.httpStatus !== undefined) {
        response.writeHead(entry!.httpStatus, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
        return;
      }
      return this.json(response, { error: { error_code: entry!.code, error_msg: entry!.message, request_params: [{ key: 'method', value: method }] } });
    }
    if (params.v !== '5.199') return this.json(response, { error: { error_code: 8, error_msg: 'Invalid request: v is required' } });
    const group = this.groups.get(params.access_token ?? '');
    if (!group) return this.json(response, { error: { error_code: 5, error_msg: 'User authorization failed: invalid access_token (4).' } });
    const peerId = Number(params.peer_id);
    switch (method) {
      case 'groups.getById':
        return this.ok(response, { groups: [{ id: group.id, name: group.name, screen_name: `club${group.id}`, type: 'group' }], profiles: [] });
      case 'users.get':
        return this.ok(response, params.user_ids ? [{ id: Number(params.user_ids), ...(this.users.get(Number(params.user_ids)) ?? { first_name: 'DELETED', last_name: '' }) }] : []);
      case 'messages.send': {
        if (!Number.isSafeInteger(peerId) || !params.random_id) return this.json(response, { error: { error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: peer_id' } });
        const key = `${group.id}:${peerId}:${params.random_id}`;
        const id = this.nextId++;
        // VK answers a repeated random_id without sending the message again.
        if (this.seenRandomIds.has(key)) return this.ok(response, id);
        this.seenRandomIds.add(key);
        this.sent.push({ token: params.access_token!, peer_id: peerId, random_id: Number(params.random_id), ...(params.message !== undefined && { message: params.message }), ...(params.attachment !== undefined && { attachment: params.attachment }) });
        return this.ok(response, id);
      }
      case 'photos.getMessagesUploadServer':
        return this.ok(response, { upload_url: `${this.url}/upload/photo`, album_id: -3, group_id: group.id });
      case 'photos.saveMessagesPhoto':
        if (!params.photo || !params.hash) return this.json(response, { error: { error_code: 100, error_msg: 'photo is undefined' } });
        return this.ok(response, [{ id: 457239000 + this.nextId++, owner_id: -group.id, access_key: 'ak1' }]);
      case 'docs.getMessagesUploadServer':
        return this.ok(response, { upload_url: `${this.url}/upload/doc` });
      case 'docs.save':
        if (!params.file) return this.json(response, { error: { error_code: 100, error_msg: 'file is undefined' } });
        return this.ok(response, { type: 'doc', doc: { id: 600000 + this.nextId++, owner_id: -group.id, title: params.title } });
      default:
        return this.json(response, { error: { error_code: 3, error_msg: 'Unknown method passed' } });
    }
  }

  private ok(response: http.ServerResponse, result: unknown): void {
    this.json(response, { response: result });
  }

  private json(response: http.ServerResponse, body: unknown): void {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}

export async function startFakeVkApi(): Promise<FakeVkApi> {
  const api = new FakeVkApi();
  await api.start();
  return api;
}

let events = 0;

/** A Callback API event as VK delivers it: {type, event_id, v, object, group_id, secret}. */
export function vkEvent(type: string, groupId: number, secret: string | undefined, object: Record<string, unknown>, eventId = `${Date.now().toString(16)}${(++events).toString(16).padStart(8, '0')}`) {
  return { group_id: groupId, type, event_id: eventId, v: '5.199', object, ...(secret !== undefined && { secret }) };
}

/** The object of a message_new event: the message from a person (from_id = peer_id) and client_info. */
export function newMessage(fromId: number, message: Record<string, unknown>) {
  return {
    message: { date: Math.floor(Date.now() / 1000), from_id: fromId, id: 1000 + ++events, out: 0, attachments: [], conversation_message_id: events, fwd_messages: [], important: false, is_hidden: false, peer_id: fromId, random_id: 0, text: '', ...message },
    client_info: { button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback'], keyboard: true, inline_keyboard: true, carousel: true, lang_id: 0 },
  };
}
