// A small client of the WhatsApp Cloud API (Meta's Graph API) over fetch: the phone number's
// profile, sending messages, uploading and downloading media. Graph's errors are kept apart (its
// answer's HTTP status and error object, or no answer at all); the access token travels only in the
// Authorization header and is scrubbed from any text that leaves here.
import { readBounded } from '../provider-http.ts';

/** Graph's JSON answers are small; media bytes are read with their own bound. */
const MAX_ANSWER_BYTES = 1024 * 1024;
const CALL_TIMEOUT_MS = 30_000;

/** Graph answered with an error (`status` its HTTP status), or did not answer (`status` null). */
export class GraphError extends Error {
  constructor(
    readonly call: string,
    readonly status: number | null,
    readonly description: string,
    readonly code?: number,
  ) {
    super(status === null ? `WhatsApp did not answer ${call}: ${description}` : `WhatsApp refused ${call} (${status}): ${description}`);
  }
}

export interface PhoneNumberProfile {
  id: string;
  display_phone_number?: string;
  verified_name?: string;
}

export interface MediaInfo {
  url?: string;
  mime_type?: string;
  file_size?: number;
}

export class GraphApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  phoneNumber = (phoneNumberId: string) => this.json<PhoneNumberProfile>('GET /{phone-number-id}', 'GET', `/${encodeURIComponent(phoneNumberId)}?fields=display_phone_number,verified_name`);

  /** POST /{phone-number-id}/messages; the wamid Graph gave the message. */
  async sendMessage(phoneNumberId: string, body: Record<string, unknown>): Promise<string> {
    const answer = await this.json<{ messages?: Array<{ id?: unknown }> }>('POST /messages', 'POST', `/${encodeURIComponent(phoneNumberId)}/messages`, JSON.stringify({ messaging_product: 'whatsapp', ...body }));
    const id = answer.messages?.[0]?.id;
    if (typeof id !== 'string') throw new GraphError('POST /messages', null, 'the answer named no message id');
    return id;
  }

  /** POST /{phone-number-id}/media (multipart); the media id. */
  async uploadMedia(phoneNumberId: string, file: { filename: string; contentType: string; data: Uint8Array }): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', file.contentType);
    form.set('file', new Blob([file.data], { type: file.contentType }), file.filename);
    const answer = await this.json<{ id?: unknown }>('POST /media', 'POST', `/${encodeURIComponent(phoneNumberId)}/media`, form);
    if (typeof answer.id !== 'string') throw new GraphError('POST /media', null, 'the answer named no media id');
    return answer.id;
  }

  media = (mediaId: string) => this.json<MediaInfo>('GET /{media-id}', 'GET', `/${encodeURIComponent(mediaId)}`);

  /** The bytes behind a media URL (fetched with the token); more than `maxBytes` is refused without reading it all. */
  async download(url: string, maxBytes: number): Promise<Uint8Array> {
    const response = await this.fetch('media download', url, { method: 'GET' });
    if (!response.ok) {
      await response.body?.cancel();
      throw new GraphError('media download', response.status, `the media download answered ${response.status}`);
    }
    return readBounded(response, maxBytes, (reason) => new GraphError('media download', null, reason));
  }

  private async json<T>(call: string, method: 'GET' | 'POST', path: string, body?: string | FormData): Promise<T> {
    const headers: Record<string, string> = typeof body === 'string' ? { 'content-type': 'application/json' } : {};
    const response = await this.fetch(call, `${this.baseUrl}${path}`, { method, headers, ...(body !== undefined && { body }) });
    let answer: { error?: { message?: unknown; code?: unknown; error_user_msg?: unknown } } & Record<string, unknown>;
    try {
      answer = JSON.parse(new TextDecoder().decode(await readBounded(response, MAX_ANSWER_BYTES, (reason) => new GraphError(call, null, reason))));
    } catch (error) {
      if (error instanceof GraphError) throw error;
      throw new GraphError(call, response.status >= 400 ? response.status : null, `the answer (${response.status}) is not Graph's JSON`);
    }
    if (response.ok && !answer.error) return answer as T;
    const message = typeof answer.error?.message === 'string' ? this.scrub(answer.error.message).slice(0, 500) : `HTTP ${response.status}`;
    const code = typeof answer.error?.code === 'number' ? answer.error.code : undefined;
    throw new GraphError(call, response.ok ? 400 : response.status, message, code);
  }

  private async fetch(call: string, url: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
    const timeout = AbortSignal.timeout(CALL_TIMEOUT_MS);
    try {
      return await fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${this.token}` }, signal: timeout, redirect: 'error' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = timeout.aborted ? `no answer within ${CALL_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new GraphError(call, null, this.scrub(String(reason)));
    }
  }

  private scrub(text: string): string {
    return this.token ? text.split(this.token).join('***') : text;
  }
}
