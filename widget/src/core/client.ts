// The chat client without the DOM: the visitor's token, the live socket (hello, resume, reconnect with
// backoff), the outbox flush, cursors per conversation and the merged view the panel draws.

import type { ChatApi } from './api.ts';
import { backoffDelay } from './backoff.ts';
import { newClientId } from './ids.ts';
import { mergeMessages, type DisplayItem, type PendingMessage } from './merge.ts';
import { Outbox, type OutboxEntry } from './outbox.ts';
import { isTransientError, readServerFrame, type ChatMessage, type ClientFrame, type ConversationSummary, type Cursors } from './protocol.ts';
import type { SiteStore } from './storage.ts';
import type { Timers } from './timers.ts';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface ClientOptions {
  wsUrl: string;
  store: SiteStore;
  api: ChatApi;
  openSocket: (url: string) => SocketLike;
  timers: Timers;
  random?: () => number;
  randomUUID?: () => string;
}

export interface ConversationView {
  key: string;
  id: number | null;
  summary: ConversationSummary | null;
  lastAt: string;
}

const OPEN = 1;
const TOKEN_KEY = 'token';
const ACTIVE_KEY = 'active';
const AGENT_TYPING_MS = 8_000;
/** Ticket statuses after which the conversation no longer counts as open for the loader. */
const ENDED_STATUSES = new Set(['solved', 'closed']);

export class ChatClient {
  readonly outbox: Outbox;
  readonly #o: ClientOptions;
  #token: string | null;
  #socket: SocketLike | null = null;
  #ready = false;
  #attempt = 0;
  #authFailures = 0;
  #reconnectTimer: unknown = null;
  #stopped = false;
  /** Client ids sent on the current socket: flushed again only on a new one. */
  #sentOnSocket = new Set<string>();
  #httpInFlight = new Set<string>();
  /** Files of outbox entries, by client id; gone after a reload (see README). */
  readonly #files = new Map<string, readonly Blob[]>();
  /** Acknowledged, not yet seen back from the server: shown as sent meanwhile. */
  readonly #acked = new Map<string, OutboxEntry>();
  readonly #messages = new Map<number, Map<number, ChatMessage>>();
  readonly #conversations = new Map<string, ConversationView>();
  readonly #agentRead = new Map<number, number>();
  readonly #readSent = new Map<number, number>();
  readonly #agentTyping = new Map<number, { alias: string; until: number }>();
  readonly #listeners = new Set<() => void>();

  constructor(options: ClientOptions) {
    this.#o = options;
    this.outbox = new Outbox(options.store);
    this.#token = options.store.get(TOKEN_KEY);
    for (const e of this.outbox.entries()) {
      // After a reload an entry's files are gone: it cannot be sent as it was, so it is shown failed.
      if (e.files?.length && e.state === 'pending') this.outbox.update(e.clientId, { state: 'failed', error: 'files_lost' });
      this.#touchConversation(e.conversationKey, e.conversationId ?? null, e.at);
    }
  }

  // ---- observing -------------------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }

  get connected(): boolean {
    return this.#ready;
  }

  get token(): string | null {
    return this.#token;
  }

  /** Per conversation id, the highest message id held: what hello and resume send. */
  cursors(): Cursors {
    const cursors: Cursors = {};
    for (const [conversationId, messages] of this.#messages) {
      let max = 0;
      for (const id of messages.keys()) max = Math.max(max, id);
      if (max > 0) cursors[String(conversationId)] = max;
    }
    return cursors;
  }

  /** The visitor's conversations, newest first. */
  conversations(): ConversationView[] {
    return [...this.#conversations.values()].sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0));
  }

  conversation(key: string): ConversationView | undefined {
    return this.#conversations.get(key);
  }

  items(conversationKey: string): DisplayItem[] {
    const view = this.#conversations.get(conversationKey);
    const server = view?.id != null ? (this.#messages.get(view.id)?.values() ?? []) : [];
    const pending: PendingMessage[] = [];
    const add = (e: OutboxEntry, state: PendingMessage['state']) => {
      if (e.conversationKey !== conversationKey) return;
      pending.push({
        clientId: e.clientId,
        text: e.text,
        at: e.at,
        seq: e.seq,
        state,
        ...(e.error ? { error: e.error } : {}),
        ...(e.files ? { files: e.files } : {}),
      });
    };
    for (const e of this.outbox.entries()) add(e, e.state === 'failed' ? 'failed' : 'sending');
    for (const e of this.#acked.values()) add(e, 'sent');
    return mergeMessages(server, pending, view?.id != null ? (this.#agentRead.get(view.id) ?? 0) : 0);
  }

  agentTyping(conversationId: number | null): string | null {
    if (conversationId === null) return null;
    const t = this.#agentTyping.get(conversationId);
    return t && t.until > this.#o.timers.now() ? t.alias : null;
  }

  hasUnsent(): boolean {
    return this.outbox.entries().some((e) => e.state === 'pending');
  }

  // ---- connecting ------------------------------------------------------------------------------

  /** Makes sure there is a visitor token, then opens the socket. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#ensureToken();
    void this.refreshConversations();
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#reconnectTimer !== null) this.#o.timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#socket?.close(1000);
    this.#socket = null;
    this.#ready = false;
  }

  async #ensureToken(): Promise<string> {
    if (this.#token) return this.#token;
    const token = await this.#o.api.createVisitor();
    this.#token = token;
    this.#o.store.set(TOKEN_KEY, token);
    return token;
  }

  async refreshConversations(): Promise<void> {
    if (!this.#token) return;
    try {
      const list = await this.#o.api.conversations(this.#token);
      for (const c of list) this.#upsertSummary(c);
      this.#emit();
    } catch {
      // the socket's replay brings the conversations too
    }
  }

  #connect(): void {
    if (this.#stopped || this.#socket) return;
    if (!this.#token) {
      this.#ensureToken().then(() => this.#connect(), () => this.#scheduleReconnect());
      return;
    }
    const socket = this.#o.openSocket(this.#o.wsUrl);
    this.#socket = socket;
    this.#sentOnSocket = new Set();
    socket.onopen = () => {
      if (this.#socket !== socket || !this.#token) return;
      this.#write({ type: 'hello', token: this.#token, cursors: this.cursors() });
    };
    socket.onmessage = (ev) => {
      if (this.#socket === socket) this.#onFrame(ev.data);
    };
    socket.onclose = (ev) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#ready = false;
      if (ev.code === 4401 && ++this.#authFailures >= 3) {
        // The token is refused again and again (revoked, or the database was reset): a new visitor.
        this.#authFailures = 0;
        this.#token = null;
        this.#o.store.remove(TOKEN_KEY);
      }
      this.#emit();
      this.#scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and reconnects
    };
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#reconnectTimer !== null) return;
    const delay = backoffDelay(this.#attempt++, this.#o.random);
    this.#reconnectTimer = this.#o.timers.setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect();
    }, delay);
  }

  /** Tab became visible, or the browser came back online: catch up now rather than after the backoff. */
  resume(): void {
    if (this.#stopped) return;
    if (this.#ready) {
      this.#write({ type: 'resume', cursors: this.cursors() });
      this.flush();
      return;
    }
    if (!this.#socket) {
      if (this.#reconnectTimer !== null) this.#o.timers.clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
      this.#attempt = 0;
      this.#connect();
    }
    this.#flushHttp();
  }

  #write(frame: ClientFrame): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  // ---- frames ----------------------------------------------------------------------------------

  #onFrame(data: unknown): void {
    const frame = readServerFrame(data);
    if (!frame) return;
    switch (frame.type) {
      case 'ready':
        this.#ready = true;
        this.#attempt = 0;
        this.#authFailures = 0;
        this.flush();
        break;
      case 'ack': {
        const entry = this.outbox.remove(frame.clientId);
        // An ack for a client id this widget does not hold (another tab's, or a repeat) changes nothing.
        if (!entry) return;
        if (!this.#hasServerCopy(entry.clientId)) this.#acked.set(entry.clientId, entry);
        this.#files.delete(entry.clientId);
        break;
      }
      case 'message':
        this.#addMessage(frame.message);
        break;
      case 'conversation':
        this.#upsertSummary(frame.conversation);
        break;
      case 'typing':
        if (frame.state === 'typing') {
          this.#agentTyping.set(frame.conversationId, { alias: frame.alias, until: this.#o.timers.now() + AGENT_TYPING_MS });
          this.#o.timers.setTimeout(() => this.#emit(), AGENT_TYPING_MS + 10);
        } else this.#agentTyping.delete(frame.conversationId);
        break;
      case 'read':
        this.#agentRead.set(frame.conversationId, Math.max(frame.messageId, this.#agentRead.get(frame.conversationId) ?? 0));
        break;
      case 'error':
        if (frame.clientId && !isTransientError(frame.code) && this.outbox.has(frame.clientId)) {
          this.outbox.update(frame.clientId, { state: 'failed', error: frame.code });
        }
        // A transient refusal stays pending: it goes again on the next connect, focus or online.
        break;
      case 'ping':
        return;
    }
    this.#emit();
  }

  #hasServerCopy(clientId: string): boolean {
    for (const messages of this.#messages.values()) for (const m of messages.values()) if (m.clientId === clientId) return true;
    return false;
  }

  #addMessage(m: ChatMessage): void {
    let messages = this.#messages.get(m.conversationId);
    if (!messages) this.#messages.set(m.conversationId, (messages = new Map()));
    messages.set(m.id, m);
    this.#touchConversation(m.conversationKey, m.conversationId, m.at);
    this.outbox.setConversationId(m.conversationKey, m.conversationId);
    if (m.clientId) {
      this.#acked.delete(m.clientId);
      // The server has it, whether or not its ack reached us: it must not be sent again.
      if (this.outbox.has(m.clientId)) this.outbox.remove(m.clientId);
    }
    if (m.from === 'agent') this.#agentTyping.delete(m.conversationId);
  }

  #touchConversation(key: string, id: number | null, at: string): void {
    const view = this.#conversations.get(key);
    if (!view) {
      this.#conversations.set(key, { key, id, summary: null, lastAt: at });
      return;
    }
    if (id !== null) view.id = id;
    if (at > view.lastAt) view.lastAt = at;
  }

  #upsertSummary(c: ConversationSummary): void {
    this.#touchConversation(c.key, c.id, c.updatedAt);
    const view = this.#conversations.get(c.key)!;
    view.summary = c;
    this.#agentRead.set(c.id, Math.max(c.agentReadId, this.#agentRead.get(c.id) ?? 0));
    this.#readSent.set(c.id, Math.max(c.visitorReadId, this.#readSent.get(c.id) ?? 0));
    this.outbox.setConversationId(c.key, c.id);
    const active = [...this.#conversations.values()].some((v) => v.summary && !ENDED_STATUSES.has(v.summary.status));
    if (active) this.#o.store.set(ACTIVE_KEY, '1');
    else this.#o.store.remove(ACTIVE_KEY);
  }

  // ---- sending ---------------------------------------------------------------------------------

  newConversationKey(): string {
    return newClientId(this.#o.randomUUID);
  }

  /** Writes the message to the outbox first, then tries to send it; returns its client id. */
  send(input: { conversationKey: string; text: string; topic?: string; files?: readonly File[] }): string {
    const clientId = newClientId(this.#o.randomUUID);
    const view = this.#conversations.get(input.conversationKey);
    const entry: OutboxEntry = {
      clientId,
      conversationKey: input.conversationKey,
      text: input.text,
      seq: this.outbox.nextSeq(),
      at: new Date(this.#o.timers.now()).toISOString(),
      state: 'pending',
    };
    if (view?.id != null) entry.conversationId = view.id;
    if (input.topic) entry.topic = input.topic;
    if (input.files?.length) {
      entry.files = input.files.map((f) => ({ name: f.name, size: f.size, type: f.type }));
      this.#files.set(clientId, input.files);
    }
    this.outbox.add(entry);
    this.#touchConversation(input.conversationKey, view?.id ?? null, entry.at);
    this.flush();
    this.#emit();
    return clientId;
  }

  /** A failed message, tried again at the visitor's request. */
  retry(clientId: string): void {
    const entry = this.outbox.get(clientId) ?? this.outbox.entries().find((e) => e.clientId === clientId);
    if (!entry || entry.state !== 'failed' || entry.error === 'files_lost') return;
    this.outbox.update(clientId, { state: 'pending' });
    this.#sentOnSocket.delete(clientId);
    this.flush();
    this.#emit();
  }

  /** A failed message the visitor gives up on. */
  discard(clientId: string): void {
    const entry = this.outbox.entries().find((e) => e.clientId === clientId);
    if (entry?.state !== 'failed') return;
    this.outbox.remove(clientId);
    this.#files.delete(clientId);
    this.#emit();
  }

  /** Sends what the outbox holds, in order: text on the socket once it is ready, files over HTTP. */
  flush(): void {
    for (const e of this.outbox.entries()) {
      if (e.state !== 'pending' || e.files?.length || this.#sentOnSocket.has(e.clientId)) continue;
      if (!this.#ready) break;
      const frame: ClientFrame = { type: 'send', clientId: e.clientId, conversationKey: e.conversationKey, text: e.text };
      if (e.conversationId !== undefined) frame.conversationId = e.conversationId;
      if (e.topic) frame.topic = e.topic;
      if (!this.#write(frame)) break;
      this.#sentOnSocket.add(e.clientId);
    }
    this.#flushHttp();
  }

  #flushHttp(): void {
    const token = this.#token;
    if (!token) return;
    for (const e of this.outbox.entries()) {
      if (e.state !== 'pending' || !e.files?.length || this.#httpInFlight.has(e.clientId)) continue;
      const files = this.#files.get(e.clientId);
      if (!files) continue;
      this.#httpInFlight.add(e.clientId);
      void this.#o.api.sendWithFiles(token, e, files).then((result) => {
        this.#httpInFlight.delete(e.clientId);
        if (result.ok) {
          this.outbox.remove(e.clientId);
          this.#files.delete(e.clientId);
          if (!this.#hasServerCopy(e.clientId)) this.#acked.set(e.clientId, e);
        } else if (result.permanent) {
          this.outbox.update(e.clientId, { state: 'failed', error: result.code });
        }
        this.#emit();
      });
    }
  }

  // ---- presence --------------------------------------------------------------------------------

  typing(conversationId: number, state: 'typing' | 'idle'): void {
    if (this.#ready) this.#write({ type: 'typing', conversationId, state });
  }

  /** The visitor sees the conversation: tells the server once per new highest message. */
  markRead(conversationId: number): void {
    if (!this.#ready) return;
    const messages = this.#messages.get(conversationId);
    if (!messages) return;
    let max = 0;
    for (const id of messages.keys()) max = Math.max(max, id);
    if (max <= (this.#readSent.get(conversationId) ?? 0)) return;
    if (this.#write({ type: 'read', conversationId, messageId: max })) this.#readSent.set(conversationId, max);
  }

  /** Older messages of a conversation the socket has not replayed (a list opened from the summary). */
  async loadMessages(conversationId: number): Promise<void> {
    if (!this.#token) return;
    let after = 0;
    for (let page = 0; page < 20; page++) {
      const { messages, hasMore } = await this.#o.api.messages(this.#token, conversationId, after);
      for (const m of messages) {
        this.#addMessage(m);
        after = Math.max(after, m.id);
      }
      if (!hasMore || messages.length === 0) break;
    }
    this.#emit();
  }
}
