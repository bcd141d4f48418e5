// The widget's HTTP calls (docs/chat-widget.md, "HTTP"), over an injected fetch; every answer is read
// defensively, bounded, and a failure says whether trying again can help.

import { readConversation, readMessage, type ChatMessage, type ConversationSummary } from './protocol.ts';
import type { OutboxEntry } from './outbox.ts';

export type SendResult = { ok: true } | { ok: false; permanent: boolean; code: string };

export interface ChatApi {
  createVisitor(): Promise<string>;
  conversations(token: string): Promise<ConversationSummary[]>;
  messages(token: string, conversationId: number, after: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
  sendWithFiles(token: string, entry: OutboxEntry, files: readonly Blob[]): Promise<SendResult>;
  updateVisitor(token: string, patch: { email?: string; name?: string; locale?: string }): Promise<boolean>;
  download(token: string, attachmentId: number): Promise<Blob>;
}

type Fetch = typeof globalThis.fetch;

/** A 4xx other than 429 is permanent: the same request would be refused again. */
export function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429;
}

export function httpApi(baseUrl: string, siteKey: string, fetchFn: Fetch = (...a) => globalThis.fetch(...a)): ChatApi {
  const api = `${baseUrl}/api/v1/chat`;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const json = async (res: Response): Promise<unknown> => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as unknown;
  };

  return {
    async createVisitor() {
      const res = await fetchFn(`${api}/sites/${encodeURIComponent(siteKey)}/visitors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: globalThis.navigator?.language?.slice(0, 35) }),
      });
      const body = (await json(res)) as { token?: unknown };
      if (typeof body.token !== 'string' || !/^flv_[A-Za-z0-9_-]{1,200}$/.test(body.token)) throw new Error('no token');
      return body.token;
    },
    async conversations(token) {
      const body = (await json(await fetchFn(`${api}/conversations`, { headers: auth(token) }))) as { conversations?: unknown };
      return Array.isArray(body.conversations)
        ? body.conversations.slice(0, 500).map(readConversation).filter((c): c is ConversationSummary => c !== null)
        : [];
    },
    async messages(token, conversationId, after) {
      const url = `${api}/conversations/${conversationId}/messages?after=${after}&limit=100`;
      const body = (await json(await fetchFn(url, { headers: auth(token) }))) as { messages?: unknown; hasMore?: unknown };
      const messages = Array.isArray(body.messages)
        ? body.messages.map(readMessage).filter((m): m is ChatMessage => m !== null)
        : [];
      return { messages, hasMore: body.hasMore === true };
    },
    async sendWithFiles(token, entry, files) {
      const form = new FormData();
      form.set('clientId', entry.clientId);
      form.set('conversationKey', entry.conversationKey);
      if (entry.conversationId !== undefined) form.set('conversationId', String(entry.conversationId));
      form.set('text', entry.text);
      if (entry.topic) form.set('topic', entry.topic);
      files.forEach((file, i) => form.append('files', file, entry.files?.[i]?.name ?? 'file'));
      let res: Response;
      try {
        res = await fetchFn(`${api}/messages`, { method: 'POST', headers: auth(token), body: form });
      } catch {
        return { ok: false, permanent: false, code: 'network' };
      }
      if (res.status === 202 || res.ok) return { ok: true };
      let code = `http_${res.status}`;
      try {
        const body = (await res.json()) as { code?: unknown };
        if (typeof body.code === 'string') code = body.code.slice(0, 100);
      } catch {
        // the status alone says enough
      }
      return { ok: false, permanent: isPermanentStatus(res.status), code };
    },
    async updateVisitor(token, patch) {
      const res = await fetchFn(`${api}/visitor`, {
        method: 'PATCH',
        headers: { ...auth(token), 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
      return res.ok;
    },
    async download(token, attachmentId) {
      const res = await fetchFn(`${api}/attachments/${attachmentId}`, { headers: auth(token) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.blob();
    },
  };
}
