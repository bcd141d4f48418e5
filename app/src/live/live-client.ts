// The WebSocket connection to /api/v1/live: says hello with the last event id, hands new events
// on once, repeats our own presence every 10 s, and reconnects with backoff after a drop.
import { liveCloseCodes, type LiveClientMessage, type LiveEvent, type PresenceState } from '@frontline/shared';
import { backoffDelay, LiveStore, parseServerMessage } from './live-store';

export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;
export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface LiveClientOptions {
  url: string;
  createSocket: SocketFactory;
  /** `message`: a new message itself, as `GET /messages/:id` answers it, when the server sent it along. */
  onEvent: (event: LiveEvent, message?: Record<string, unknown>) => void;
  onStatus?: (status: LiveStatus) => void;
  onPresence?: () => void;
  onReady?: () => void;
  /** The server ended the session (signed out elsewhere, expired, revoked): the client has stopped. */
  onSessionEnded?: () => void;
  /** The agent's role or teams changed: the client reconnects at once; what is shown may have changed. */
  onScopeChanged?: () => void;
  now?: () => number;
  random?: () => number;
}

const OPEN = 1;
const PRESENCE_REPEAT_MS = 10_000;
/** The server pings every 25 s; silence for longer than this means the connection is dead. */
const SILENCE_LIMIT_MS = 60_000;

export class LiveClient {
  readonly store = new LiveStore();
  status: LiveStatus = 'offline';
  private socket: SocketLike | null = null;
  private attempt = 0;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private presenceTimer: ReturnType<typeof setInterval> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private own: { ticketId: number; state: PresenceState } | null = null;

  constructor(private readonly options: LiveClientOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
    this.presenceTimer = setInterval(() => this.sendOwnPresence(), PRESENCE_REPEAT_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.reconnectTimer = this.presenceTimer = this.silenceTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
      socket.close(1000, 'bye');
    }
    this.setStatus('offline');
  }

  /** Says what we do on a ticket; repeated every 10 s until it changes or is "left". */
  setPresence(ticketId: number, state: PresenceState): void {
    if (state === 'left') {
      if (this.own?.ticketId === ticketId) this.own = null;
      this.send({ type: 'presence', ticketId, state: 'left' });
      return;
    }
    const changed = this.own?.ticketId !== ticketId || this.own.state !== state;
    this.own = { ticketId, state };
    if (changed) this.sendOwnPresence();
  }

  /** Drops the connection now and reconnects at once (the browser came back online). */
  reconnectNow(): void {
    if (this.stopped) return;
    this.attempt = 0;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.socket) this.socket.close(4000, 'reconnect');
    else this.connect();
  }

  private sendOwnPresence(): void {
    if (this.own) this.send({ type: 'presence', ticketId: this.own.ticketId, state: this.own.state });
  }

  private send(message: LiveClientMessage): void {
    if (this.socket && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'hello', lastEventId: this.store.lastEventId }));
      this.sendOwnPresence();
      this.armSilence();
    };
    socket.onmessage = ({ data }) => this.receive(data);
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.store.clearPresence();
      this.options.onPresence?.();
      const code = (event as { code?: unknown } | null)?.code;
      if (code === liveCloseCodes.sessionEnded) {
        this.stop();
        this.options.onSessionEnded?.();
        return;
      }
      this.setStatus('offline');
      if (code === liveCloseCodes.scopeChanged) {
        this.attempt = 0;
        this.options.onScopeChanged?.();
        this.connect();
        return;
      }
      this.scheduleReconnect();
    };
  }

  private receive(data: unknown): void {
    this.armSilence();
    const message = parseServerMessage(data);
    if (!message) return;
    switch (message.type) {
      case 'event':
        if (this.store.accept(message.event)) this.options.onEvent(message.event, message.message);
        break;
      case 'ready':
        this.store.ready(message.lastEventId);
        this.attempt = 0;
        this.setStatus('live');
        this.options.onReady?.();
        break;
      case 'presence':
        this.store.notePresence(message, this.now());
        this.options.onPresence?.();
        break;
      case 'visitor':
        this.store.noteVisitor(message.ticketId, message.state, this.now());
        this.options.onPresence?.();
        break;
      // A reset comes just before ready, which refreshes what is shown; a ping only keeps the
      // silence timer quiet; an error answers a message of ours the server could not take.
      case 'reset':
      case 'ping':
      case 'error':
        break;
    }
  }

  private armSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.socket?.close(4001, 'silent'), SILENCE_LIMIT_MS);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    const delay = backoffDelay(this.attempt++, this.options.random);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }
}

export function liveUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/v1/live`;
}
