// Every domain event type Frontline appends: its payload, and who may receive it on a live
// connection. The server cannot append a type missing here, or a payload of another shape (both
// type errors), and sends nobody a type it does not know; the web app reads the same types.
// docs/events.md lists who appends each event and how to add one.
import type { AgentRole, TicketPriority, TicketStatus } from './index.ts';

/**
 * Who hears an event live:
 * - `ticket`: whoever may see the event's ticket as it is now (and, for a ticket that just left
 *   their scope, the agents who saw it before, so their lists drop it);
 * - `customer`: whoever may see one of the customer's tickets, or anyone for a customer with none;
 * - `self`: the agent the event is about, and admins;
 * - `admins`: admins only;
 * - `call`: a ringing phone call: the agent it names, else the members of the team it names, else
 *   whoever may hear of its customer (as `customer`; anyone for an unknown caller);
 * - `nobody`: not sent to browsers (the server acts on it, e.g. ends live connections).
 */
export const liveAudiences = ['ticket', 'customer', 'self', 'admins', 'call', 'nobody'] as const;
export type LiveAudience = (typeof liveAudiences)[number];

/** Who wrote a ticket's last message, as its list row shows it. */
export type MessageAuthor = 'customer' | 'agent' | 'note';

/**
 * What a ticket's list row shows that changes as messages come and go: the web app updates a
 * cached row from it without asking the server again (docs/live.md).
 */
export interface TicketRowState {
  status: TicketStatus;
  updatedAt: string;
  lastMessagePreview: string;
  lastMessageAuthor: MessageAuthor | null;
  lastCustomerMessageAt: string | null;
  customerWaitingSince: string | null;
}

/**
 * The view of a ticket that ticket events carry: enough for subscribers to route and filter, and
 * for the web app to place the ticket in the lists it shows (every field a view or filter reads).
 */
export interface TicketView extends TicketRowState {
  number: number;
  subject: string;
  priority: TicketPriority;
  channel: string;
  teamId: number | null;
  assigneeId: number | null;
  customerId: number;
  organizationId: number | null;
  tags: string[];
  language: string | null;
}

/** One side of a participant change: who, and whether accepted or only proposed (null: not a participant). */
export type ParticipantSide = { email: string; state: string } | null;

/** What a ticket.updated changed, each field as [before, after]. */
export interface TicketChanges {
  status?: [TicketStatus, TicketStatus];
  priority?: [TicketPriority, TicketPriority];
  teamId?: [number | null, number | null];
  assigneeId?: [number | null, number | null];
  tags?: [string[], string[]];
  subject?: [string, string];
  language?: [string | null, string | null];
  /** Set once, when the ticket is merged into another. */
  mergedIntoId?: [null, number];
  participant?: [ParticipantSide, ParticipantSide];
}

interface MergedPair {
  sourceId: number;
  sourceNumber: number;
  targetId: number;
  targetNumber: number;
}

/** One of a caller's open tickets, as a call pop-up lists it (each recipient hears only those they may see). */
export interface CallTicket {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  teamId: number | null;
  assigneeId: number | null;
}

/** The payload of each event type. Only JSON values: they are stored as jsonb and sent as JSON. */
export interface EventPayloads {
  /**
   * `customer`: the name a new row shows (empty when the customer has none yet); `messageId`: the
   * ticket's first message; `automatic`: that message was written by a machine (an auto-reply, bulk mail).
   */
  'ticket.created': TicketView & { customer: { name: string; unknownSender: boolean }; messageId: number; automatic?: true };
  'ticket.updated': TicketView & { changes: TicketChanges };
  'ticket.merged': MergedPair & ({ role: 'source' } | { role: 'target'; movedMessages: number });
  'message.created': {
    messageId: number;
    /** The ticket's number (also as `number`, as ticket events have it). */
    ticketNumber: number;
    number: number;
    subject: string;
    internal: boolean;
    direction: 'inbound' | 'outbound';
    channel: string;
    teamId: number | null;
    assigneeId: number | null;
    /** Sent or received by a machine (an acknowledgement, an auto-reply). */
    automatic?: true;
  } & TicketRowState;
  /** `error`: some recipients were not reached. */
  'message.sent': { messageId: number; channel: string; externalId: string | null; error?: string };
  /** `bounceItemId`: the inbound bounce that reported it, when the failure came back by mail. */
  'message.failed': { messageId: number; channel: string; error: string | null; bounceItemId?: number };
  'message.requeued': { messageId: number; channel: string };
  /** The provider reports the sent message reached the customer (a WhatsApp delivered or read status). */
  'message.delivered': { messageId: number; channel: string };
  /** A delivery report (a bounce, the inbound item `bounceItemId`) says the outbound message did not arrive, for `reason`. */
  'message.bounced': { messageId: number; reason: string; bounceItemId: number };
  'customer.created': { customerId: number };
  'customer.updated': { customerId: number };
  'customer.merged': { sourceId: number; targetId: number };
  'agent.created': { agentId: number; role: AgentRole };
  /** `fields`: the names of the changed fields (never the password, which is `passwordChanged`). */
  'agent.updated': { agentId: number; fields: string[]; passwordChanged: boolean };
  'agent.unlocked': { agentId: number };
  /** `agentIds`: the agents whose teams changed, so their live connections are checked again. */
  'team.created': { teamId: number; agentIds: number[] };
  'team.updated': { teamId: number; fields: string[]; agentIds: number[] };
  'mailbox.created': { mailboxId: number; address: string };
  'mailbox.updated': { mailboxId: number; address: string; fields: string[] };
  'web_form.created': { formId: number };
  /** `fields`: the names of the changed fields. */
  'web_form.updated': { formId: number; fields: string[] };
  'web_form.deleted': { formId: number };
  'chat_site.created': { siteId: number };
  /** `fields`: the names of the changed fields. */
  'chat_site.updated': { siteId: number; fields: string[] };
  'chat_site.deleted': { siteId: number };
  'calendar.created': { calendarId: number };
  /** `fields`: what changed (name, timeZone, alwaysOpen, week, holidays, isDefault): SLA due times follow a calendar's hours. */
  'calendar.updated': { calendarId: number; fields: string[] };
  'calendar.deleted': { calendarId: number };
  /**
   * An inbound call is ringing (the phone channel): `number` is the caller's, normalized;
   * `customer` null for an unknown caller; `agentId`/`teamId` whom it is for (see the `call` audience).
   */
  'call.ringing': {
    integrationId: number;
    callId: string;
    number: string;
    to: string;
    agentId: number | null;
    teamId: number | null;
    customer: { id: number; name: string; organization: string | null } | null;
    tickets: CallTicket[];
  };
  'session.ended': { agentId: number };
  'token.revoked': { agentId: number; tokenId: number };
}

export type EventType = keyof EventPayloads;
export type EventPayload<T extends EventType> = EventPayloads[T];

/** The runtime kind of a JSON value; `absent` is an optional key left out. */
export type PayloadKind = 'number' | 'string' | 'boolean' | 'null' | 'array' | 'object' | 'absent';
type KindOf<V> = V extends undefined ? 'absent' : V extends null ? 'null' : V extends number ? 'number' : V extends string ? 'string' : V extends boolean ? 'boolean' : V extends readonly unknown[] ? 'array' : 'object';
/** Every key of any member of a union payload (ticket.merged has two). */
type KeysOf<P> = P extends unknown ? keyof P : never;
type ValueOf<P, K extends PropertyKey> = P extends unknown ? (K extends keyof P ? P[K] : undefined) : never;
/**
 * A payload's keys with the kinds each may hold at run time, checked against the payload type: a
 * key missing, a key the type lacks or a kind the type does not allow is a type error.
 */
export type PayloadShape<P> = { readonly [K in KeysOf<P>]-?: readonly KindOf<ValueOf<P, K>>[] };

const rowState = {
  status: ['string'],
  updatedAt: ['string'],
  lastMessagePreview: ['string'],
  lastMessageAuthor: ['string', 'null'],
  lastCustomerMessageAt: ['string', 'null'],
  customerWaitingSince: ['string', 'null'],
} as const satisfies PayloadShape<TicketRowState>;

const ticketView = {
  ...rowState,
  number: ['number'],
  subject: ['string'],
  priority: ['string'],
  channel: ['string'],
  teamId: ['number', 'null'],
  assigneeId: ['number', 'null'],
  customerId: ['number'],
  organizationId: ['number', 'null'],
  tags: ['array'],
  language: ['string', 'null'],
} as const satisfies PayloadShape<TicketView>;

export const eventCatalogue = {
  'ticket.created': { audience: 'ticket', payload: { ...ticketView, customer: ['object'], messageId: ['number'], automatic: ['boolean', 'absent'] } },
  'ticket.updated': { audience: 'ticket', payload: { ...ticketView, changes: ['object'] } },
  // Appended once for each of the two tickets (ticketId the source, then the target).
  'ticket.merged': {
    audience: 'ticket',
    payload: { sourceId: ['number'], sourceNumber: ['number'], targetId: ['number'], targetNumber: ['number'], role: ['string'], movedMessages: ['number', 'absent'] },
  },
  'message.created': {
    audience: 'ticket',
    payload: {
      messageId: ['number'],
      ticketNumber: ['number'],
      number: ['number'],
      subject: ['string'],
      internal: ['boolean'],
      direction: ['string'],
      channel: ['string'],
      teamId: ['number', 'null'],
      assigneeId: ['number', 'null'],
      automatic: ['boolean', 'absent'],
      ...rowState,
    },
  },
  'message.sent': { audience: 'ticket', payload: { messageId: ['number'], channel: ['string'], externalId: ['string', 'null'], error: ['string', 'absent'] } },
  'message.failed': { audience: 'ticket', payload: { messageId: ['number'], channel: ['string'], error: ['string', 'null'], bounceItemId: ['number', 'absent'] } },
  'message.requeued': { audience: 'ticket', payload: { messageId: ['number'], channel: ['string'] } },
  // The channel's report, about a message (not sent to browsers, so no ticket of its own): browsers
  // hear the message.failed that outbound appends in reaction.
  'message.delivered': { audience: 'ticket', payload: { messageId: ['number'], channel: ['string'] } },
  'message.bounced': { audience: 'nobody', payload: { messageId: ['number'], reason: ['string'], bounceItemId: ['number'] } },
  'customer.created': { audience: 'customer', payload: { customerId: ['number'] } },
  'customer.updated': { audience: 'customer', payload: { customerId: ['number'] } },
  'customer.merged': { audience: 'customer', payload: { sourceId: ['number'], targetId: ['number'] } },
  'agent.created': { audience: 'admins', payload: { agentId: ['number'], role: ['string'] } },
  'agent.updated': { audience: 'self', payload: { agentId: ['number'], fields: ['array'], passwordChanged: ['boolean'] } },
  'agent.unlocked': { audience: 'admins', payload: { agentId: ['number'] } },
  'team.created': { audience: 'admins', payload: { teamId: ['number'], agentIds: ['array'] } },
  'team.updated': { audience: 'admins', payload: { teamId: ['number'], fields: ['array'], agentIds: ['array'] } },
  'mailbox.created': { audience: 'admins', payload: { mailboxId: ['number'], address: ['string'] } },
  'mailbox.updated': { audience: 'admins', payload: { mailboxId: ['number'], address: ['string'], fields: ['array'] } },
  'web_form.created': { audience: 'admins', payload: { formId: ['number'] } },
  'web_form.updated': { audience: 'admins', payload: { formId: ['number'], fields: ['array'] } },
  'web_form.deleted': { audience: 'admins', payload: { formId: ['number'] } },
  'chat_site.created': { audience: 'admins', payload: { siteId: ['number'] } },
  'chat_site.updated': { audience: 'admins', payload: { siteId: ['number'], fields: ['array'] } },
  'chat_site.deleted': { audience: 'admins', payload: { siteId: ['number'] } },
  'calendar.created': { audience: 'admins', payload: { calendarId: ['number'] } },
  'calendar.updated': { audience: 'admins', payload: { calendarId: ['number'], fields: ['array'] } },
  'calendar.deleted': { audience: 'admins', payload: { calendarId: ['number'] } },
  'call.ringing': {
    audience: 'call',
    payload: { integrationId: ['number'], callId: ['string'], number: ['string'], to: ['string'], agentId: ['number', 'null'], teamId: ['number', 'null'], customer: ['object', 'null'], tickets: ['array'] },
  },
  'session.ended': { audience: 'nobody', payload: { agentId: ['number'] } },
  'token.revoked': { audience: 'nobody', payload: { agentId: ['number'], tokenId: ['number'] } },
} as const satisfies { readonly [T in EventType]: { readonly audience: LiveAudience; readonly payload: PayloadShape<EventPayloads[T]> } };

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalogue, type);

export type AudienceOf<T extends EventType> = (typeof eventCatalogue)[T]['audience'];
/** The event types heard by one audience, e.g. `EventTypeFor<'ticket'>`. */
export type EventTypeFor<A extends LiveAudience> = { [T in EventType]: AudienceOf<T> extends A ? T : never }[EventType];
/** Types sent to some browser: every type whose audience is not `nobody`. */
export type LiveEventType = EventTypeFor<Exclude<LiveAudience, 'nobody'>>;

/** Events about a ticket always name it; the others never do. */
type TicketIdOf<T extends EventType> = AudienceOf<T> extends 'ticket' ? number : null;

/**
 * A stored (committed) event. `DomainEvent` is the union of every type, narrowed by `type`;
 * `DomainEvent<'ticket.created'>` is one of them.
 */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { id: number; type: K; ticketId: TicketIdOf<K>; actorAgentId: number | null; payload: EventPayloads[K]; createdAt: string };
}[T];

/** An event to append: the server gives it an id and a time when it is written. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; actorAgentId?: number | null; payload: EventPayloads[K] } & (AudienceOf<K> extends 'ticket' ? { ticketId: number } : { ticketId?: null });
}[T];

/** An event a live connection may send to a browser. */
export type LiveEvent<T extends LiveEventType = LiveEventType> = DomainEvent<T>;

export const audienceOf = (type: string): LiveAudience => (isEventType(type) ? eventCatalogue[type].audience : 'nobody');

/** Narrows an event to the types of one audience: `hasAudience(event, 'ticket')` gives ticket events (ticketId a number). */
export const hasAudience = <A extends LiveAudience>(event: DomainEvent, audience: A): event is Extract<DomainEvent, { type: EventTypeFor<A> }> => audienceOf(event.type) === audience;
export const isLiveEvent = (event: DomainEvent): event is LiveEvent => audienceOf(event.type) !== 'nobody';

const kindOf = (value: unknown): PayloadKind =>
  value === undefined ? 'absent' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : (typeof value as PayloadKind);

/**
 * What is wrong with a payload for its type, checked key by key against the catalogue (nested
 * values by kind only); [] when it has the declared shape. For tests and for data from outside
 * the type checker (a stored row, another node's notification).
 */
export function payloadProblems(type: string, payload: unknown): string[] {
  if (!isEventType(type)) return [`${type} is not in the event catalogue`];
  if (kindOf(payload) !== 'object') return [`${type}: the payload is ${kindOf(payload)}, not an object`];
  const shape: Record<string, readonly PayloadKind[]> = eventCatalogue[type].payload;
  const values = payload as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, kinds] of Object.entries(shape)) {
    const kind = kindOf(values[key]);
    if (!kinds.includes(kind)) problems.push(`${type}: ${key} is ${kind}, expected ${kinds.join(' or ')}`);
  }
  for (const key of Object.keys(values)) if (!Object.hasOwn(shape, key)) problems.push(`${type}: ${key} is not a declared field`);
  return problems;
}

/** Close codes of the live socket that the web app acts on. */
export const liveCloseCodes = {
  /** The session or token ended (sign-out, expiry, new password, revoked, account switched off): sign in again. */
  sessionEnded: 4401,
  /** The agent's role or teams changed: reconnect at once to hear events in the new scope. */
  scopeChanged: 4403,
} as const;
