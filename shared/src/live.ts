// The messages of the live socket (/api/v1/live), both ways, as the server sends them and the web
// app reads them: committed events, the replay's end, presence of other agents, a chat visitor
// typing, pings and errors.
import { isEventType, isLiveEvent, type LiveEvent } from './events.ts';

export const presenceStates = ['viewing', 'typing', 'left'] as const;
export type PresenceState = (typeof presenceStates)[number];

/** An agent viewing, typing on or leaving a ticket; never stored, it expires after 30 s unless repeated. */
export interface LivePresence {
  ticketId: number;
  agentId: number;
  agentName: string;
  state: PresenceState;
  /** When the server heard it (the browser expires presence by its own clock). */
  at: string;
}

export const visitorStates = ['typing', 'idle'] as const;
/** A website chat visitor typing on the ticket of their conversation, or no longer (docs/chat-widget.md). */
export type VisitorState = (typeof visitorStates)[number];

/** Browser → server. */
export type LiveClientMessage =
  /** First message after connecting: the last event id the browser has, or null to hear only what comes next. */
  | { type: 'hello'; lastEventId: number | null }
  /** What the agent does on a ticket; repeated every 10 s while it lasts. */
  | { type: 'presence'; ticketId: number; state: PresenceState };

/** Server → browser. */
export type LiveServerMessage =
  /**
   * A committed event the agent may see, each once per connection. A live `message.created` also
   * carries `message`: the message as `GET /messages/:id` answers it (not on a replay).
   */
  | { type: 'event'; event: LiveEvent; message?: Record<string, unknown> }
  /** The replay after hello is done (events up to lastEventId were sent); live events follow. */
  | { type: 'ready'; lastEventId: number }
  /** Sent before ready when the browser is too far behind to replay: it should reload what it shows. */
  | { type: 'reset'; lastEventId: number }
  /** Another agent on a ticket this connection has open. */
  | ({ type: 'presence' } & LivePresence)
  /** The chat visitor of a ticket this connection has open is typing or stopped; never stored. */
  | { type: 'visitor'; ticketId: number; state: VisitorState }
  /** Every 25 s, so the browser can tell a dead connection from a quiet one. */
  | { type: 'ping' }
  /** A message the server could not take; the connection stays open. */
  | { type: 'error'; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPresenceState = (value: unknown): value is PresenceState => presenceStates.some((state) => state === value);
const isVisitorState = (value: unknown): value is VisitorState => visitorStates.some((state) => state === value);

/** A browser's message as parsed JSON, or null when it is none of the client messages. */
export function readLiveClientMessage(value: unknown): LiveClientMessage | null {
  if (!isObject(value)) return null;
  if (value.type === 'hello') return { type: 'hello', lastEventId: typeof value.lastEventId === 'number' ? value.lastEventId : null };
  if (value.type === 'presence' && typeof value.ticketId === 'number' && isPresenceState(value.state)) return { type: 'presence', ticketId: value.ticketId, state: value.state };
  return null;
}

/**
 * The server's message from its text, or null when it is not one this build knows (an event of
 * a type this build has not heard of is dropped: the server and the app it serves are one build).
 */
export function parseLiveServerMessage(text: string): LiveServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'event': {
      const event = value.event;
      if (!isObject(event) || typeof event.id !== 'number' || typeof event.type !== 'string' || !isEventType(event.type) || !isObject(event.payload)) return null;
      // Checked as far as the envelope: the payload is the server's, written from the same types.
      const typed = event as unknown as LiveEvent;
      if (!isLiveEvent(typed)) return null;
      return isObject(value.message) ? { type: 'event', event: typed, message: value.message } : { type: 'event', event: typed };
    }
    case 'ready':
    case 'reset':
      return typeof value.lastEventId === 'number' ? { type: value.type, lastEventId: value.lastEventId } : null;
    case 'presence':
      return typeof value.ticketId === 'number' && typeof value.agentId === 'number' && typeof value.agentName === 'string' && isPresenceState(value.state)
        ? { type: 'presence', ticketId: value.ticketId, agentId: value.agentId, agentName: value.agentName, state: value.state, at: typeof value.at === 'string' ? value.at : '' }
        : null;
    case 'visitor':
      return typeof value.ticketId === 'number' && isVisitorState(value.state) ? { type: 'visitor', ticketId: value.ticketId, state: value.state } : null;
    case 'ping':
      return { type: 'ping' };
    case 'error':
      return { type: 'error', message: typeof value.message === 'string' ? value.message : '' };
    default:
      return null;
  }
}
