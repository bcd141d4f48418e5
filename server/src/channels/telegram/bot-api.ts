// A small client of the Telegram Bot API over fetch: JSON or multipart calls, the file download
// path, and Telegram's errors kept apart (its answer with error_code, or no answer at all). The
// token is part of every URL, so no error text leaves here without it scrubbed.
import { noAnswerReason, readBounded } from '../provider-http.ts';
import type { TelegramFile, TelegramMessage, TelegramUpdate, TelegramUser } from './types.ts';

/** Answers of the Bot API are small; getUpdates of 100 updates stays well below this. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
const CALL_TIMEOUT_MS = 30_000;
/** The largest file a bot may download (Bot API: getFile, 20 MB). */
export const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/** Telegram answered with ok: false (`status` is its error_code), or did not answer (`status` null). */
export class TelegramError extends Error {
  constructor(
    readonly method: string,
    readonly status: number | null,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(status === null ? `Telegram did not answer ${method}: ${description}` : `Telegram refused ${method} (${status}): ${description}`);
  }
}

export class BotApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  getMe = () => this.call<TelegramUser>('getMe', {});
  setWebhook = (url: string, secretToken: string) => this.call<true>('setWebhook', { url, secret_token: secretToken, drop_pending_updates: false });
  deleteWebhook = () => this.call<true>('deleteWebhook', { drop_pending_updates: false });
  getFile = (fileId: string) => this.call<TelegramFile>('getFile', { file_id: fileId });
  sendMessage = (chatId: number, text: string) => this.call<TelegramMessage>('sendMessage', { chat_id: chatId, text });

  /** Long polling: waits up to `timeout` seconds for updates from `offset` on. */
  getUpdates(offset: number, timeout: number, signal?: AbortSignal): Promise<TelegramUpdate[]> {
    return this.call<TelegramUpdate[]>('getUpdates', { offset, timeout, limit: 100 }, { signal, timeoutMs: timeout * 1000 + CALL_TIMEOUT_MS });
  }

  /** sendPhoto or sendDocument with the file uploaded as multipart/form-data. */
  sendFile(method: 'sendPhoto' | 'sendDocument', chatId: number, file: { filename: string; contentType: string; data: Uint8Array }): Promise<TelegramMessage> {
    const form = new FormData();
    form.set('chat_id', String(chatId));
    form.set(method === 'sendPhoto' ? 'photo' : 'document', new Blob([file.data], { type: file.contentType }), file.filename);
    return this.call<TelegramMessage>(method, form);
  }

  /** The bytes of a file getFile described; more than `maxBytes` is refused without reading it all. */
  async download(filePath: string, maxBytes: number): Promise<Uint8Array> {
    const url = `${this.baseUrl}/file/bot${this.token}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
    const response = await this.fetch('download', url, { method: 'GET' }, CALL_TIMEOUT_MS * 2);
    if (!response.ok) {
      await response.body?.cancel();
      throw new TelegramError('download', response.status, `the file download answered ${response.status}`);
    }
    return readBounded(response, maxBytes, (reason) => new TelegramError('download', null, reason));
  }

  async call<T>(method: string, params: Record<string, unknown> | FormData, options: { signal?: AbortSignal | undefined; timeoutMs?: number } = {}): Promise<T> {
    const body = params instanceof FormData ? params : JSON.stringify(params);
    const headers = params instanceof FormData ? undefined : { 'content-type': 'application/json' };
    const response = await this.fetch(method, `${this.baseUrl}/bot${this.token}/${method}`, { method: 'POST', body, ...(headers && { headers }), ...(options.signal && { signal: options.signal }) }, options.timeoutMs ?? CALL_TIMEOUT_MS);
    let answer: { ok?: unknown; result?: unknown; error_code?: unknown; description?: unknown; parameters?: { retry_after?: unknown } };
    try {
      answer = JSON.parse(new TextDecoder().decode(await readBounded(response, MAX_ANSWER_BYTES, (reason) => new TelegramError(method, null, reason))));
    } catch (error) {
      if (error instanceof TelegramError) throw error;
      throw new TelegramError(method, response.status >= 400 ? response.status : null, `the answer (${response.status}) is not the Bot API's JSON`);
    }
    if (answer.ok === true) return answer.result as T;
    const status = typeof answer.error_code === 'number' ? answer.error_code : response.status;
    const description = typeof answer.description === 'string' ? this.scrub(answer.description).slice(0, 500) : `HTTP ${response.status}`;
    const retryAfter = typeof answer.parameters?.retry_after === 'number' ? answer.parameters.retry_after : undefined;
    throw new TelegramError(method, status, description, retryAfter);
  }

  private async fetch(method: string, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetch(url, { ...init, signal, redirect: 'error' });
    } catch (error) {
      throw new TelegramError(method, null, this.scrub(noAnswerReason(error, timeout.aborted, timeoutMs)));
    }
  }

  private scrub(text: string): string {
    return this.token ? text.split(this.token).join('***') : text;
  }
}
