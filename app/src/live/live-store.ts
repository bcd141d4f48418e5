// The client side of /api/v1/live as plain state: which events were seen (so a replay after a
// reconnect shows nothing twice), the last event id to resume from, who else is on a ticket, and
// whether a chat visitor is typing on it.
// The messages and events themselves are typed once, in shared/ (the server sends the same types).
import { parseLiveServerMessage, type LiveEvent, type LivePresence, type LiveServerMessage, type PresenceState, type VisitorState } from '@frontline/shared';

export interface Presence {
  ticketId: number;
  agentId: number;
  agentName: string;
  state: PresenceState;
  /** When this client heard it (ms), for expiry: the server's clock is not ours. */
  heardAt: number;
}

export const PRESENCE_TTL_MS = 30_000;
/** A visitor's "typing" lasts this long without news (the widget repeats it while typing goes on). */
export const VISITOR_TYPING_TTL_MS = 6_000;
const SEEN_LIMIT = 5000;

/** A frame from the socket as a server message; null for anything else (binary, malformed, unknown). */
export function parseServerMessage(data: unknown): LiveServerMessage | null {
  return typeof data === 'string' ? parseLiveServerMessage(data) : null;
}

export class LiveStore {
  private seen = new Set<number>();
  private order: number[] = [];
  private lowWater = 0;
  private presence = new Map<number, Map<number, Presence>>();
  /** Ticket id → when this client last heard its visitor typing (ms). */
  private visitorTyping = new Map<number, number>();
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
  ready(lastEventId: number): void {
    if (this.lastEventId === null || lastEventId > this.lastEventId) this.lastEventId = lastEventId;
  }

  notePresence(message: LivePresence, now: number): void {
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

  /** The visitor typing or stopped; a message from the customer ends typing too (visitorSent). */
  noteVisitor(ticketId: number, state: VisitorState, now: number): void {
    if (state === 'typing') this.visitorTyping.set(ticketId, now);
    else this.visitorTyping.delete(ticketId);
  }

  /** The customer's message arrived: what they were typing is sent. */
  visitorSent(ticketId: number): boolean {
    return this.visitorTyping.delete(ticketId);
  }

  /** Until when (ms) the visitor of a ticket counts as typing; null when they are not. */
  visitorTypingUntil(ticketId: number, now: number): number | null {
    const heardAt = this.visitorTyping.get(ticketId);
    if (heardAt === undefined) return null;
    if (now - heardAt >= VISITOR_TYPING_TTL_MS) {
      this.visitorTyping.delete(ticketId);
      return null;
    }
    return heardAt + VISITOR_TYPING_TTL_MS;
  }

  /** Presence is only true while connected: a reconnect starts it over. */
  clearPresence(): void {
    this.presence.clear();
    this.visitorTyping.clear();
  }
}

/** Reconnect delay: 0.5 s, 1 s, 2 s … up to 15 s, with jitter so many tabs do not stampede. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}
