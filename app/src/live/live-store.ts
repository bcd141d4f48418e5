// The client side of /api/v1/live as plain state: which events were seen (so a replay after a
// reconnect shows nothing twice), the last event id to resume from, and who else is on a ticket.

export type LiveEventType = 'ticket.created' | 'ticket.updated' | 'message.created' | 'message.sent' | 'message.failed';

export interface LiveEvent {
  id: number;
  type: LiveEventType | string;
  ticketId: number;
  actorAgentId: number | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type PresenceState = 'viewing' | 'typing' | 'left';

export interface Presence {
  ticketId: number;
  agentId: number;
  agentName: string;
  state: PresenceState;
  /** When this client heard it (ms), for expiry: the server's clock is not ours. */
  heardAt: number;
}

export type ServerMessage =
  | { type: 'event'; event: LiveEvent }
  | { type: 'ready'; lastEventId: number | null }
  | { type: 'presence'; ticketId: number; agentId: number; agentName: string; state: PresenceState; at?: string }
  | { type: 'ping' };

export const PRESENCE_TTL_MS = 30_000;
const SEEN_LIMIT = 5000;

export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const message = value as { type?: unknown; event?: { id?: unknown } };
  switch (message.type) {
    case 'event':
      return typeof message.event?.id === 'number' ? (value as ServerMessage) : null;
    case 'ready':
    case 'presence':
    case 'ping':
      return value as ServerMessage;
    default:
      return null;
  }
}

export class LiveStore {
  private seen = new Set<number>();
  private order: number[] = [];
  private lowWater = 0;
  private presence = new Map<number, Map<number, Presence>>();
  lastEventId: number | null = null;

  /** Records an event; false when it was already seen (a replay or a duplicate). */
  accept(event: LiveEvent): boolean {
    if (this.seen.has(event.id)) return false;
    // Once the window is full, anything older than it was seen long ago (or is too old to matter).
    if (event.id <= this.lowWater) return false;
    this.seen.add(event.id);
    this.order.push(event.id);
    if (this.order.length > SEEN_LIMIT) {
      this.order.sort((a, b) => a - b);
      const dropped = this.order.splice(0, this.order.length - SEEN_LIMIT);
      for (const id of dropped) this.seen.delete(id);
      this.lowWater = dropped[dropped.length - 1] ?? this.lowWater;
    }
    if (this.lastEventId === null || event.id > this.lastEventId) this.lastEventId = event.id;
    return true;
  }

  /** The server's "ready" names the newest id it replayed up to; resume from there next time. */
  ready(lastEventId: number | null): void {
    if (lastEventId !== null && (this.lastEventId === null || lastEventId > this.lastEventId)) this.lastEventId = lastEventId;
  }

  notePresence(message: Extract<ServerMessage, { type: 'presence' }>, now: number): void {
    let agents = this.presence.get(message.ticketId);
    if (message.state === 'left') {
      agents?.delete(message.agentId);
      if (agents && agents.size === 0) this.presence.delete(message.ticketId);
      return;
    }
    if (!agents) {
      agents = new Map();
      this.presence.set(message.ticketId, agents);
    }
    agents.set(message.agentId, {
      ticketId: message.ticketId,
      agentId: message.agentId,
      agentName: message.agentName,
      state: message.state,
      heardAt: now,
    });
  }

  /** Other agents on a ticket, dropping those not heard from in the last 30 s. */
  presenceOn(ticketId: number, now: number, selfId?: number): Presence[] {
    const agents = this.presence.get(ticketId);
    if (!agents) return [];
    const alive: Presence[] = [];
    for (const [agentId, entry] of agents) {
      if (now - entry.heardAt > PRESENCE_TTL_MS) agents.delete(agentId);
      else if (agentId !== selfId) alive.push(entry);
    }
    return alive.sort((a, b) => a.agentName.localeCompare(b.agentName));
  }

  /** Presence is only true while connected: a reconnect starts it over. */
  clearPresence(): void {
    this.presence.clear();
  }
}

/** Reconnect delay: 0.5 s, 1 s, 2 s … up to 15 s, with jitter so many tabs do not stampede. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}
