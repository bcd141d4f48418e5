// Live connections of this node: committed domain events fan out to every agent allowed to see
// them; presence (viewing, typing) crosses nodes through NOTIFY and is never stored.
// A client says which event it saw last; the hub replays what came after, then streams, so a
// reconnect loses nothing. Event ids only grow, and clients drop ids they have already seen.
// A connection lives only as long as its credential: events that may end or narrow it (sign-out,
// revoked token, agent or team changes, heard from every node) make the hub check it again.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import type { WebSocket } from 'ws';
import { isLiveEvent, liveCloseCodes, readLiveClientMessage, type LivePresence, type LiveServerMessage, type PresenceState } from '@frontline/shared';
import type { Context } from '../context.ts';
import type { Principal } from '../auth/principal.ts';
import { checkCredential, type Credential } from '../auth/verbs.ts';
import { toDomainEvent, type DomainEvent } from '../events/append.ts';
import { canSeeTicket } from '../auth/policy.ts';
import { findTicket } from '../tickets/verbs.ts';
import { messageViews } from '../tickets/queries.ts';
import { lookUpScopes, mayReceive, narrowFor, type EventScope } from './visibility.ts';
import { ONLINE_BEAT_MS, forgetNode, recordNode } from './store.ts';

export const PRESENCE_CHANNEL = 'frontline_presence';
/** A website chat visitor typing on a chat ticket ({ ticketId, state }), NOTIFYed by the chat hub of the visitor's node. */
export const VISITOR_CHANNEL = 'frontline_visitor';
const PRESENCE_TTL_MS = 30_000;
const PING_MS = 25_000;
/** A client further behind than this reloads instead of replaying. */
const MAX_REPLAY = 1000;

/** Presence as nodes tell each other: what browsers hear, and which connection said it. */
export interface Presence extends LivePresence {
  connection: string;
}

interface Connection {
  id: string;
  socket: WebSocket;
  principal: Principal;
  credential: Credential;
  /** When the session ends by itself (null: an API token, until revoked). */
  expiresAt: Date | null;
  ready: boolean;
  /** Live events that arrived while the replay ran, with their scope. */
  pending: Array<{ event: DomainEvent; scope: EventScope }>;
  lastSentId: number;
  ticketId: number | null;
}

export class LiveHub {
  private readonly connections = new Set<Connection>();
  private readonly presence = new Map<number, Map<string, Presence>>();
  private readonly cleanup: Array<() => void | Promise<void>> = [];
  private sequence = 0;
  private stopped = false;
  /** This node in live_nodes, where it says which agents are connected (who answers a chat now). */
  private readonly nodeId = `${os.hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  private beatSoon: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: Context) {}

  async start(): Promise<void> {
    this.cleanup.push(this.ctx.events.subscribeBatches((events) => this.onEvents(events)));
    this.cleanup.push(await this.ctx.database.listen(PRESENCE_CHANNEL, (payload) => this.onPresence(payload)));
    this.cleanup.push(await this.ctx.database.listen(VISITOR_CHANNEL, (payload) => this.onVisitor(payload)));
    const ping = setInterval(() => this.broadcastPing(), PING_MS);
    ping.unref();
    this.cleanup.push(() => clearInterval(ping));
    const beat = setInterval(() => this.beat(), ONLINE_BEAT_MS);
    beat.unref();
    this.cleanup.push(() => {
      clearInterval(beat);
      if (this.beatSoon) clearTimeout(this.beatSoon);
    });
    this.cleanup.push(async () => {
      await forgetNode(this.ctx.db, this.nodeId).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'live node not forgotten'));
    });
  }

  /** Which agents have a connection here, written for every node to read (live/verbs.ts onlineAgentIds). */
  private beat(): void {
    if (this.stopped) return;
    const agentIds = [...new Set([...this.connections].map((connection) => connection.principal.id))];
    recordNode(this.ctx.db, this.nodeId, agentIds, this.ctx.clock.now()).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'live node not recorded'));
  }

  /** A connection came or went: said within a second, not at the next beat. */
  private beatAfterChange(): void {
    if (this.beatSoon || this.stopped) return;
    this.beatSoon = setTimeout(() => {
      this.beatSoon = null;
      this.beat();
    }, 1000);
    this.beatSoon.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const undo of this.cleanup.splice(0)) await undo();
    for (const connection of this.connections) connection.socket.terminate();
    this.connections.clear();
  }

  get size(): number {
    return this.connections.size;
  }

  attach(socket: WebSocket, principal: Principal, credential: Credential): void {
    const connection: Connection = { id: `${process.pid}-${++this.sequence}`, socket, principal, credential, expiresAt: null, ready: false, pending: [], lastSentId: 0, ticketId: null };
    this.connections.add(connection);
    this.beatAfterChange();
    // Learns when the session expires, and catches one that ended since the upgrade was authorized.
    void this.reauthorize(connection).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'live connection not checked'));
    socket.on('message', (data) => void this.onMessage(connection, data.toString()).catch((error: unknown) => this.ctx.log.warn({ err: error }, 'live message failed')));
    socket.on('close', () => {
      this.connections.delete(connection);
      this.beatAfterChange();
      if (connection.ticketId !== null && !this.stopped) {
        this.announce(connection, connection.ticketId, 'left').catch((error: unknown) => this.ctx.log.warn({ err: error }, 'presence not announced'));
      }
    });
  }

  private async onMessage(connection: Connection, text: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.send(connection, { type: 'error', message: 'Messages must be JSON.' });
    }
    const message = readLiveClientMessage(value);
    if (message?.type === 'hello') return this.hello(connection, message.lastEventId);
    if (message?.type === 'presence') return this.presenceFrom(connection, message.ticketId, message.state);
    this.send(connection, { type: 'error', message: 'Unknown message; send {"type":"hello"} or {"type":"presence"}.' });
  }

  private async hello(connection: Connection, lastEventId: number | null): Promise<void> {
    const db = this.ctx.db;
    const latest = Number((await db.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
    const replayed = new Set<number>();
    if (lastEventId !== null && latest - lastEventId > MAX_REPLAY) {
      this.send(connection, { type: 'reset', lastEventId: latest });
    } else if (lastEventId !== null) {
      const rows = await db.selectFrom('events').selectAll().where('id', '>', lastEventId).where('id', '<=', latest).orderBy('id').execute();
      // A type this node does not know reaches nobody (see visibility.ts), so it is left out.
      const events = rows.map(toDomainEvent).filter((event): event is DomainEvent => event !== null);
      const scopes = await lookUpScopes(db, events);
      for (const event of events) {
        replayed.add(event.id);
        this.deliver(connection, event, scopes.get(event.id)!);
      }
    }
    connection.lastSentId = Math.max(connection.lastSentId, latest);
    connection.ready = true;
    // What came while the replay ran, but not twice what the replay sent.
    for (const { event, scope } of connection.pending.splice(0)) if (!replayed.has(event.id)) this.deliver(connection, event, scope);
    this.send(connection, { type: 'ready', lastEventId: connection.lastSentId });
  }

  /**
   * Events in the order heard, a batch at a time (what arrived while the last batch went out): the
   * scopes and new messages of a batch are read together, a few statements per batch rather than
   * per event. A connection that an event may end or narrow is checked again before that event and
   * anything after it goes out, so it never hears what was committed after the change.
   */
  private async onEvents(events: DomainEvent[]): Promise<void> {
    let segment: DomainEvent[] = [];
    for (const event of events) {
      const concerned = agentsConcerned(event);
      if (concerned.length > 0) {
        await this.fanOut(segment);
        segment = [];
        await Promise.all([...this.connections].filter((connection) => concerned.includes(connection.principal.id)).map((connection) => this.reauthorize(connection)));
      }
      segment.push(event);
    }
    await this.fanOut(segment);
  }

  private async fanOut(events: DomainEvent[]): Promise<void> {
    if (events.length === 0 || this.connections.size === 0) return;
    const scopes = await lookUpScopes(this.ctx.db, events);
    // A new message comes with itself, read once for every socket: the open ticket shows it
    // without asking (what the event alone does not carry: its body, files and recipients).
    const heard = (event: DomainEvent) => isLiveEvent(event) && [...this.connections].some((connection) => connection.ready && mayReceive(connection.principal, event, scopes.get(event.id)!));
    const wanted = events.flatMap((event) => (event.type === 'message.created' && heard(event) ? [event.payload.messageId] : []));
    const views = await messageViews(this.ctx.db, wanted);
    for (const event of events) {
      const scope = scopes.get(event.id)!;
      const message = event.type === 'message.created' ? views.get(event.payload.messageId) : undefined;
      for (const connection of this.connections) {
        if (connection.ready) this.deliver(connection, event, scope, message);
        else connection.pending.push({ event, scope });
      }
    }
  }

  /** Checks the connection's credential again: ended → closed; another role or teams → closed to reconnect in the new scope. */
  private async reauthorize(connection: Connection): Promise<void> {
    const checked = await checkCredential(this.ctx.db, connection.credential, this.ctx.clock.now());
    if (!checked) return this.end(connection, liveCloseCodes.sessionEnded, 'session_ended');
    const before = connection.principal;
    if (checked.principal.role !== before.role || [...checked.principal.teamIds].sort().join() !== [...before.teamIds].sort().join()) {
      return this.end(connection, liveCloseCodes.scopeChanged, 'scope_changed');
    }
    connection.principal = checked.principal;
    connection.expiresAt = checked.expiresAt;
  }

  private end(connection: Connection, code: number, reason: string): void {
    if (!this.connections.delete(connection)) return;
    connection.socket.close(code, reason);
  }

  private expired(connection: Connection): boolean {
    if (!connection.expiresAt || connection.expiresAt > this.ctx.clock.now()) return false;
    this.end(connection, liveCloseCodes.sessionEnded, 'session_ended');
    return true;
  }

  private deliver(connection: Connection, event: DomainEvent, scope: EventScope, message?: object): void {
    // Live events come in commit order, which is not always id order (two transactions commit the
    // other way round): a lower id than the last sent is news too, never dropped.
    if (this.expired(connection) || !this.connections.has(connection)) return;
    if (!isLiveEvent(event) || !mayReceive(connection.principal, event, scope)) return;
    connection.lastSentId = Math.max(connection.lastSentId, event.id);
    const heard = narrowFor(connection.principal, event);
    this.send(connection, message ? { type: 'event', event: heard, message: message as Record<string, unknown> } : { type: 'event', event: heard });
  }

  private async presenceFrom(connection: Connection, ticketId: number, state: PresenceState): Promise<void> {
    if (state !== 'left' && connection.ticketId !== ticketId) {
      const ticket = await findTicket(this.ctx.db, ticketId);
      if (!ticket || !canSeeTicket(connection.principal, ticket)) return this.send(connection, { type: 'error', message: `You cannot see ticket ${ticketId}.` });
      if (connection.ticketId !== null) await this.announce(connection, connection.ticketId, 'left');
      connection.ticketId = ticketId;
      // Tell the newcomer who is already there.
      for (const other of this.current(ticketId)) if (other.connection !== connection.id) this.send(connection, { type: 'presence', ...publicPresence(other) });
    }
    if (state === 'left' && connection.ticketId === ticketId) connection.ticketId = null;
    await this.announce(connection, ticketId, state);
  }

  private async announce(connection: Connection, ticketId: number, state: PresenceState): Promise<void> {
    const presence: Presence = {
      ticketId,
      agentId: connection.principal.id,
      agentName: connection.principal.name,
      state,
      at: this.ctx.clock.now().toISOString(),
      connection: connection.id,
    };
    await sql`SELECT pg_notify(${PRESENCE_CHANNEL}, ${JSON.stringify(presence)})`.execute(this.ctx.db);
  }

  private onPresence(payload: string): void {
    let presence: Presence;
    try {
      presence = JSON.parse(payload) as Presence;
    } catch {
      return;
    }
    let onTicket = this.presence.get(presence.ticketId);
    if (!onTicket) this.presence.set(presence.ticketId, (onTicket = new Map()));
    if (presence.state === 'left') onTicket.delete(presence.connection);
    else onTicket.set(presence.connection, presence);
    if (onTicket.size === 0) this.presence.delete(presence.ticketId);
    for (const connection of this.connections) {
      if (connection.id !== presence.connection && connection.ticketId === presence.ticketId && connection.principal.id !== presence.agentId) {
        this.send(connection, { type: 'presence', ...publicPresence(presence) });
      }
    }
  }

  /** A chat's visitor typing: the agents who have that ticket open hear it (they were allowed to open it). */
  private onVisitor(payload: string): void {
    let heard: { ticketId?: unknown; state?: unknown };
    try {
      heard = JSON.parse(payload) as typeof heard;
    } catch {
      return;
    }
    const { ticketId, state } = heard;
    if (typeof ticketId !== 'number' || (state !== 'typing' && state !== 'idle')) return;
    for (const connection of this.connections) if (connection.ticketId === ticketId) this.send(connection, { type: 'visitor', ticketId, state });
  }

  private current(ticketId: number): Presence[] {
    const now = this.ctx.clock.now().getTime();
    return [...(this.presence.get(ticketId)?.values() ?? [])].filter((p) => now - Date.parse(p.at) < PRESENCE_TTL_MS);
  }

  private broadcastPing(): void {
    for (const connection of this.connections) if (!this.expired(connection)) this.send(connection, { type: 'ping' });
  }

  private send(connection: Connection, message: LiveServerMessage): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(message));
  }
}

/** Agents whose sessions, role or teams an event may have changed. */
function agentsConcerned(event: DomainEvent): number[] {
  switch (event.type) {
    case 'session.ended':
    case 'token.revoked':
    case 'agent.updated':
      return [event.payload.agentId];
    case 'team.created':
    case 'team.updated':
      return event.payload.agentIds;
    default:
      return [];
  }
}

const publicPresence = ({ connection: _connection, ...rest }: Presence): LivePresence => rest;
