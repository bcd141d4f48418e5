// A small client of the VK API (https://dev.vk.com/method) over fetch: method calls with the
// community token and API version 5.199, uploads to the upload servers VK names, and downloads of
// the files a message links to. VK answers its errors with HTTP 200 and {error: {error_code,
// error_msg}}; those and a VK that does not answer are kept apart in VkError. The token travels in
// the form body, never in a URL, and is scrubbed from any text that leaves here.
import { noAnswerReason, readBounded } from '../provider-http.ts';

export const VK_API_VERSION = '5.199';
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const CALL_TIMEOUT_MS = 30_000;

/** VK answered with an error (`code` is its error_code, or the HTTP status of a failed upload), or did not answer (`code` null). */
export class VkError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | null,
    readonly description: string,
    /** The HTTP status when VK answered with one other than 200. */
    readonly httpStatus: number | null = null,
  ) {
    super(code === null ? `VK did not answer ${method}: ${description}` : `VK refused ${method} (${code}): ${description}`);
  }
}

export interface VkGroup {
  id: number;
  name: string;
  screen_name?: string;
}

export interface VkUser {
  id: number;
  first_name?: string;
  last_name?: string;
}

export type Params = Record<string, string | number | undefined>;

export class VkApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** The community the token belongs to (5.199 answers {groups: [...]}; older versions an array). */
  async getGroup(groupId: number): Promise<VkGroup | undefined> {
    const answer = await this.call<{ groups?: VkGroup[] } | VkGroup[]>('groups.getById', { group_id: groupId });
    const groups = Array.isArray(answer) ? answer : (answer.groups ?? []);
    return groups.find((group) => group && group.id === groupId);
  }

  getUser = async (userId: number): Promise<VkUser | undefined> => (await this.call<VkUser[]>('users.get', { user_ids: userId }))[0];

  sendMessage = (params: { peer_id: number; random_id: number; message?: string; attachment?: string }) => this.call<number>('messages.send', params);

  async call<T>(method: string, params: Params): Promise<T> {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) form.set(key, String(value));
    form.set('access_token', this.token);
    form.set('v', VK_API_VERSION);
    const response = await this.fetch(method, `${this.baseUrl}/${method}`, { method: 'POST', body: form });
    const answer = await this.json(method, response);
    const error = answer.error as { error_code?: unknown; error_msg?: unknown } | undefined;
    if (error && typeof error === 'object') {
      const code = typeof error.error_code === 'number' ? error.error_code : 0;
      const description = typeof error.error_msg === 'string' ? this.scrub(error.error_msg).slice(0, 500) : 'no reason given';
      throw new VkError(method, code, description);
    }
    if (!('response' in answer)) throw new VkError(method, null, `the answer (${response.status}) has no "response"`, response.status);
    return answer.response as T;
  }

  /** A multipart upload of one file to an upload server VK named; its JSON answer as VK gave it. */
  async upload(what: string, url: string, field: string, file: { filename: string; contentType: string; data: Uint8Array }): Promise<Record<string, unknown>> {
    if (!/^https?:\/\//.test(url)) throw new VkError(what, null, 'VK named an upload server that is not an http(s) URL');
    const form = new FormData();
    form.set(field, new Blob([file.data], { type: file.contentType }), file.filename);
    const response = await this.fetch(what, url, { method: 'POST', body: form }, CALL_TIMEOUT_MS * 4);
    const answer = await this.json(what, response);
    if (typeof answer.error === 'string' || answer.error) throw new VkError(what, 0, `the upload was refused: ${this.scrub(String(typeof answer.error === 'string' ? answer.error : JSON.stringify(answer.error))).slice(0, 300)}`);
    return answer;
  }

  /** The bytes a message's attachment links to; more than `maxBytes` is refused without reading it all. */
  async download(url: string, maxBytes: number): Promise<Uint8Array> {
    if (!/^https?:\/\//.test(url)) throw new VkError('download', 0, 'the attachment\'s URL is not http(s)');
    const response = await this.fetch('download', url, { method: 'GET' }, CALL_TIMEOUT_MS * 2);
    if (!response.ok) {
      await response.body?.cancel();
      throw new VkError('download', response.status, `the file download answered ${response.status}`, response.status);
    }
    return readBounded(response, maxBytes, (reason) => new VkError('download', null, reason));
  }

  private async json(method: string, response: Response): Promise<Record<string, unknown>> {
    try {
      const answer: unknown = JSON.parse(new TextDecoder().decode(await readBounded(response, MAX_ANSWER_BYTES, (reason) => new VkError(method, null, reason))));
      if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new Error('not an object');
      return answer as Record<string, unknown>;
    } catch (error) {
      if (error instanceof VkError) throw error;
      // A 5xx page, a proxy's error: VK did not answer as the API does; asked again later.
      throw new VkError(method, null, `the answer (${response.status}) is not the VK API's JSON`, response.status);
    }
  }

  private async fetch(method: string, url: string, init: RequestInit, timeoutMs = CALL_TIMEOUT_MS): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await fetch(url, { ...init, signal: timeout, redirect: 'follow' });
    } catch (error) {
      throw new VkError(method, null, this.scrub(noAnswerReason(error, timeout.aborted, timeoutMs)));
    }
  }

  private scrub(text: string): string {
    return this.token ? text.split(this.token).join('***') : text;
  }
}
