// The visitors' live connections on this node (/api/v1/chat/live): a visitor says hello with its
// token and a cursor per conversation, hears every public message after them, then each new one
// as it commits (its own too, by client id, so every tab agrees), agents typing and reading, and
// sends text frames that are stored raw before they are acknowledged.
// What crosses nodes: events (the bus), agents' presence (NOTIFY on the live hub's channel), and
// a visitor's typing (NOTIFY on VISITOR_CHANNEL, heard by the agents' live hub).
import { sql } from 'kysely';
import type { WebSocket } from 'ws';
import type { Context } from '../../context.ts';
import type { DomainEvent } from '../../events/append.ts';
import { findAgent } from '../../agents/verbs.ts';
import { customerAttachments, customerMessages, customerMessagesById } from '../../tickets/verbs.ts';
import { PRESENCE_CHANNEL, VISITOR_CHANNEL, type Presence } from '../../live/hub.ts';
import type { ChatMessage } from '@frontline/shared';
import { chatMessageView, conversationView, readSend, receiveSend, visitorOfToken, CHAT_CHANNEL, type ChatVisitorRow } from './verbs.ts';
import { originAllowed } from '../origins.ts';
import { advanceRead, findSite, conversationsById, conversationsOfVisitor, newestPublicMessageId, updateVisitorRow, type ConversationRow } from './store.ts';
import { RateWindow } from './rate-window.ts';
import { ReceiveBatcher } from '../../inbox/receive.ts';

const HELLO_MS = 10_000;
const PING_MS = 25_000;
const PING_SLICE_MS = 1_000;
/** Conversations and messages per conversation one replay sends; the widget reads more over HTTP. */
const REPLAY_CONVERSATIONS = 50;
const REPLAY_MESSAGES = 200;
export const chatCloseCodes = { unauthorized: 4401, forbidden: 4403, tooSlow: 4408, tooFast: 4429 } as const;
const MAX_WAITING_FRAMES = 64;

interface VisitorConnection {
  socket: WebSocket;
  /** The page's Origin, checked against the visitor's site at hello; and the help desk's own. */
  origin: string | undefined;
  ownOrigin: string;
  ip: string;
  visitor: ChatVisitorRow | null;
  /** The visitor's conversations (ticket id → key) this connection has heard of. */
  conversations: Map<number, string>;
  ready: boolean;
  /** Messages committed while the replay ran: sent after it, never twice. */
  pending: ChatMessage[];
  sentIds: Set<number>;
}

export class ChatHub {
  private readonly connections = new Set<VisitorConnection>();
  private readonly byTicket = new Map<number, Set<VisitorConnection>>();
  private readonly cleanup: Array<() => void | Promise<void>> = [];
  private readonly perVisitor: RateWindow;
  private readonly perIp: RateWindow;
  private readonly aliases = new Map<number, string>();
  /** Sends from every socket stored together while a commit is in flight (one statement per batch). */
  private readonly inbox: ReceiveBatcher;

  constructor(private readonly ctx: Context) {
    this.inbox = new ReceiveBatcher(ctx.db);
    this.perVisitor = new RateWindow(ctx.config.chatMessageRateLimit, 60_000);
    this.perIp = new RateWindow(ctx.config.chatIpRateLimit, 60_000);
  }

  async start(): Promise<void> {
    this.cleanup.push(this.ctx.events.subscribeBatches((events) => this.onEvents(events)));
    this.cleanup.push(await this.ctx.database.listen(PRESENCE_CHANNEL, (payload) => void this.onPresence(payload).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'chat presence failed'))));
    // Every connection hears a ping each PING_MS, a second's share at a time: ten thousand frames
    // at once would hold every socket's messages up behind them.
    let turn = 0;
    const ping = setInterval(() => {
      const slices = PING_MS / PING_SLICE_MS;
      const now = turn++ % slices;
      let index = 0;
      for (const connection of this.connections) if (index++ % slices === now) this.send(connection, { type: 'ping' });
    }, PING_SLICE_MS);
    ping.unref();
    this.cleanup.push(() => clearInterval(ping));
  }

  async stop(): Promise<void> {
    for (const undo of this.cleanup.splice(0)) await undo();
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
  }

  get size(): number {
    return this.connections.size;
  }

  /** Whether a visitor (and their address) may send one more message now; counts it. */
  mayTake(visitorId: number, ip: string): boolean {
    return this.perVisitor.take(String(visitorId)) && this.perIp.take(ip);
  }

  /** A visitor's socket: it must say hello with its token in time, from a page its site allows. */
  attach(socket: WebSocket, origin: string | undefined, ownOrigin: string, ip: string): void {
    const connection: VisitorConnection = { socket, origin, ownOrigin, ip, visitor: null, conversations: new Map(), ready: false, pending: [], sentIds: new Set() };
    this.connections.add(connection);
    const timer = setTimeout(() => {
      if (!connection.visitor) socket.close(chatCloseCodes.tooSlow, 'hello_expected');
    }, HELLO_MS);
    timer.unref();
    // One frame at a time, in the order they came: a visitor's sends are stored in the order sent.
    // A client that sends faster than frames are handled is closed, not buffered without end.
    let queue = Promise.resolve();
    let waiting = 0;
    socket.on('message', (data) => {
      if (++waiting > MAX_WAITING_FRAMES) return socket.close(chatCloseCodes.tooFast, 'too_many_frames');
      queue = queue
        .then(() => this.onFrame(connection, data.toString()))
        .catch((error: unknown) => this.ctx.log.warn({ err: error }, 'chat frame failed'))
        .finally(() => void waiting--);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      this.connections.delete(connection);
      for (const ticketId of connection.conversations.keys()) this.unindex(ticketId, connection);
    });
  }

  private async onFrame(connection: VisitorConnection, text: string): Promise<void> {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
      if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) throw new Error('not an object');
    } catch {
      return this.send(connection, { type: 'error', code: 'invalid_frame', message: 'Frames are JSON objects.' });
    }
    if (frame.type === 'hello') return this.hello(connection, frame.token, frame.cursors);
    const visitor = connection.visitor;
    if (!visitor) return this.send(connection, { type: 'error', code: 'hello_expected', message: 'Say hello with the visitor token first.' });
    switch (frame.type) {
      case 'resume':
        return this.replay(connection, visitor, frame.cursors);
      case 'send':
        return this.sendFrom(connection, visitor, frame);
      case 'typing':
        return this.typing(connection, frame.conversationId, frame.state);
      case 'read':
        return this.read(connection, frame.conversationId, frame.messageId);
      default:
        return this.send(connection, { type: 'error', code: 'unknown_frame', message: 'Frames are hello, resume, send, typing or read.' });
    }
  }

  private async hello(connection: VisitorConnection, token: unknown, cursors: unknown): Promise<void> {
    let visitor: ChatVisitorRow;
    try {
      visitor = await visitorOfToken(this.ctx.db, typeof token === 'string' ? token : undefined);
    } catch {
      return connection.socket.close(chatCloseCodes.unauthorized, 'visitor_unknown');
    }
    const site = await findSite(this.ctx.db, visitor.site_id);
    if (!originAllowed(site?.allowed_origins ?? [], connection.origin, connection.ownOrigin)) return connection.socket.close(chatCloseCodes.forbidden, 'origin_not_allowed');
    connection.visitor = visitor;
    await updateVisitorRow(this.ctx.db, visitor.id, { last_seen_at: this.ctx.clock.now() });
    return this.replay(connection, visitor, cursors);
  }

  /** Every public message after the widget's cursors (a conversation it does not name: all of it), then ready. */
  private async replay(connection: VisitorConnection, visitor: ChatVisitorRow, cursors: unknown): Promise<void> {
    connection.ready = false;
    const known = readCursors(cursors);
    const conversations = await conversationsOfVisitor(this.ctx.db, visitor.id, REPLAY_CONVERSATIONS);
    for (const conversation of conversations) this.index(connection, conversation.ticket_id, conversation.conversation_key);
    for (const conversation of conversations) this.send(connection, { type: 'conversation', conversation: conversationView(conversation) });
    const replayed = new Set<number>();
    for (const conversation of conversations.slice().reverse()) {
      const rows = await customerMessages(this.ctx.db, conversation.ticket_id, { after: known.get(conversation.ticket_id) ?? 0, limit: REPLAY_MESSAGES });
      const files = await customerAttachments(this.ctx.db, rows.map((row) => row.id));
      for (const row of rows) {
        replayed.add(row.id);
        this.deliver(connection, chatMessageView(row, conversation.conversation_key, files), true);
      }
    }
    connection.ready = true;
    for (const message of connection.pending.splice(0)) if (!replayed.has(message.id)) this.deliver(connection, message);
    this.send(connection, { type: 'ready' });
  }

  private async sendFrom(connection: VisitorConnection, visitor: ChatVisitorRow, frame: Record<string, unknown>): Promise<void> {
    const clientId = typeof frame.clientId === 'string' ? frame.clientId.slice(0, 64) : undefined;
    const send = readSend(frame, false);
    if ('code' in send) return this.send(connection, { type: 'error', code: send.code, message: send.message, clientId, retry: false });
    if (!this.mayTake(visitor.id, connection.ip)) {
      return this.send(connection, { type: 'error', code: 'rate_limited', message: 'Too many messages at once; the widget sends this one again in a moment.', clientId, retry: true });
    }
    try {
      const { duplicate } = await receiveSend(this.inbox, visitor, send, [], connection.ip);
      this.send(connection, { type: 'ack', clientId: send.clientId, duplicate });
    } catch (error) {
      this.ctx.log.warn({ err: error, visitorId: visitor.id }, 'chat message not stored');
      this.send(connection, { type: 'error', code: 'unavailable', message: 'The message could not be stored; the widget sends it again.', clientId, retry: true });
    }
  }

  /** A visitor typing, for the agents who have the ticket open, on every node. */
  private async typing(connection: VisitorConnection, conversationId: unknown, state: unknown): Promise<void> {
    if (typeof conversationId !== 'number' || !connection.conversations.has(conversationId) || (state !== 'typing' && state !== 'idle')) return;
    await sql`SELECT pg_notify(${VISITOR_CHANNEL}, ${JSON.stringify({ ticketId: conversationId, state })})`.execute(this.ctx.db);
  }

  private async read(connection: VisitorConnection, conversationId: unknown, messageId: unknown): Promise<void> {
    if (typeof conversationId !== 'number' || !connection.conversations.has(conversationId) || typeof messageId !== 'number' || !Number.isSafeInteger(messageId)) return;
    await advanceRead(this.ctx.db, conversationId, 'visitor_read_id', messageId);
  }

  /**
   * Events a batch at a time, in the order heard: public messages reach the visitors of their
   * conversation, a status change their conversation's state. What the batch needs is read
   * together (whose new conversations are, the messages, their files, changed conversations).
   */
  private async onEvents(events: DomainEvent[]): Promise<void> {
    if (this.connections.size === 0) return;
    const db = this.ctx.db;
    const publicMessage = (event: DomainEvent): event is DomainEvent<'message.created'> => event.type === 'message.created' && event.ticketId !== null && !event.payload.internal;
    // New conversations: their visitor may be connected here.
    const unknown = new Set(events.flatMap((event) => (publicMessage(event) && event.payload.channel === CHAT_CHANNEL && !this.byTicket.has(event.ticketId!) ? [event.ticketId!] : [])));
    if (unknown.size) await this.learn([...unknown]);
    const messages = events.filter((event) => publicMessage(event) && !!this.byTicket.get(event.ticketId!)?.size) as DomainEvent<'message.created'>[];
    const changed = new Set(events.flatMap((event) => (event.type === 'ticket.updated' && event.payload.changes.status && this.byTicket.has(event.ticketId!) ? [event.ticketId!] : [])));
    if (messages.length === 0 && changed.size === 0) return;
    const ids = messages.map((event) => event.payload.messageId);
    const [rows, files, conversations] = await Promise.all([customerMessagesById(db, ids), customerAttachments(db, ids), conversationsById(db, [...changed])]);
    const rowOf = new Map(rows.map((row) => [row.id, row]));
    const conversationOf = new Map(conversations.map((conversation) => [Number(conversation.ticket_id), conversation]));
    for (const event of events) {
      const ticketId = event.ticketId!;
      if (publicMessage(event)) {
        const row = rowOf.get(event.payload.messageId);
        if (!row) continue;
        for (const connection of this.byTicket.get(ticketId) ?? []) {
          const key = connection.conversations.get(ticketId);
          if (key === undefined) continue;
          const message = chatMessageView(row, key, files);
          if (connection.ready) this.deliver(connection, message);
          else connection.pending.push(message);
        }
      } else if (event.type === 'ticket.updated' && changed.has(ticketId)) {
        const conversation = conversationOf.get(ticketId);
        if (conversation) for (const connection of this.byTicket.get(ticketId) ?? []) this.send(connection, { type: 'conversation', conversation: conversationView(conversation) });
      }
    }
  }

  /** Finds whose these chat tickets are; their visitors' connections here start hearing of them. */
  private async learn(ticketIds: number[]): Promise<void> {
    for (const conversation of await conversationsById(this.ctx.db, ticketIds)) {
      const ticketId = Number(conversation.ticket_id);
      for (const connection of this.connections) {
        if (connection.visitor?.id !== Number(conversation.visitor_id) || connection.conversations.has(ticketId)) continue;
        this.index(connection, ticketId, conversation.conversation_key);
        this.send(connection, { type: 'conversation', conversation: conversationView(conversation as ConversationRow) });
      }
    }
  }

  /** Agents typing on a chat ticket reach its visitor by alias; an agent viewing it has read it. */
  private async onPresence(payload: string): Promise<void> {
    if (this.byTicket.size === 0) return;
    let presence: Presence;
    try {
      presence = JSON.parse(payload) as Presence;
    } catch {
      return;
    }
    const listeners = this.byTicket.get(presence.ticketId);
    if (!listeners?.size) return;
    if (presence.state === 'viewing') {
      const newest = await newestPublicMessageId(this.ctx.db, presence.ticketId);
      const moved = newest ? await advanceRead(this.ctx.db, presence.ticketId, 'agent_read_id', newest) : undefined;
      if (moved) for (const connection of listeners) this.send(connection, { type: 'read', conversationId: presence.ticketId, messageId: newest });
    }
    const alias = await this.aliasOf(presence.agentId);
    const state = presence.state === 'typing' ? 'typing' : 'idle';
    for (const connection of listeners) this.send(connection, { type: 'typing', conversationId: presence.ticketId, alias, state });
  }

  private async aliasOf(agentId: number): Promise<string> {
    let alias = this.aliases.get(agentId);
    if (alias === undefined) {
      const agent = await findAgent(this.ctx.db, agentId);
      alias = agent?.alias || agent?.name.split(' ')[0] || '';
      if (this.aliases.size > 10_000) this.aliases.clear();
      this.aliases.set(agentId, alias);
    }
    return alias;
  }

  private index(connection: VisitorConnection, ticketId: number, key: string): void {
    connection.conversations.set(ticketId, key);
    let set = this.byTicket.get(ticketId);
    if (!set) this.byTicket.set(ticketId, (set = new Set()));
    set.add(connection);
  }

  private unindex(ticketId: number, connection: VisitorConnection): void {
    const set = this.byTicket.get(ticketId);
    set?.delete(connection);
    if (set?.size === 0) this.byTicket.delete(ticketId);
  }

  /** Each message once per connection, unless a replay asks for it again (the widget dedupes by id). */
  private deliver(connection: VisitorConnection, message: ChatMessage, replay = false): void {
    if (!replay && connection.sentIds.has(message.id)) return;
    connection.sentIds.add(message.id);
    if (connection.sentIds.size > 5000) connection.sentIds = new Set([...connection.sentIds].slice(-1000));
    this.send(connection, { type: 'message', message });
  }

  private send(connection: VisitorConnection, frame: Record<string, unknown>): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
  }
}

function readCursors(value: unknown): Map<number, number> {
  const cursors = new Map<number, number>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return cursors;
  for (const [key, cursor] of Object.entries(value).slice(0, 200)) {
    const id = Number(key);
    if (Number.isSafeInteger(id) && typeof cursor === 'number' && Number.isSafeInteger(cursor) && cursor >= 0) cursors.set(id, cursor);
  }
  return cursors;
}


