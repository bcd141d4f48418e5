// Every domain event type Frontline appends, and who may receive it on a live connection. The
// server refuses to append a type missing here (a type error) and sends nobody a type it does not
// know; the web app can read the same list to tell which events it will ever hear.

/**
 * Who hears an event live:
 * - `ticket`: whoever may see the event's ticket as it is now (and, for a ticket that just left
 *   their scope, the agents who saw it before, so their lists drop it);
 * - `customer`: whoever may see one of the customer's tickets, or anyone for a customer with none;
 * - `self`: the agent the event is about, and admins;
 * - `admins`: admins only;
 * - `nobody`: not sent to browsers (the server acts on it, e.g. ends live connections).
 */
export const liveAudiences = ['ticket', 'customer', 'self', 'admins', 'nobody'] as const;
export type LiveAudience = (typeof liveAudiences)[number];

export const eventCatalogue = {
  'ticket.created': { audience: 'ticket' },
  'ticket.updated': { audience: 'ticket' },
  // Appended once for each of the two tickets (ticketId the source, then the target).
  'ticket.merged': { audience: 'ticket' },
  'message.created': { audience: 'ticket' },
  'message.sent': { audience: 'ticket' },
  'message.failed': { audience: 'ticket' },
  'message.requeued': { audience: 'ticket' },
  'customer.created': { audience: 'customer' },
  'customer.updated': { audience: 'customer' },
  'customer.merged': { audience: 'customer' },
  'agent.created': { audience: 'admins' },
  'agent.updated': { audience: 'self' },
  'agent.unlocked': { audience: 'admins' },
  'team.created': { audience: 'admins' },
  'team.updated': { audience: 'admins' },
  'mailbox.created': { audience: 'admins' },
  'mailbox.updated': { audience: 'admins' },
  'session.ended': { audience: 'nobody' },
  'token.revoked': { audience: 'nobody' },
} as const satisfies Record<string, { audience: LiveAudience }>;

export type EventType = keyof typeof eventCatalogue;
export const eventTypes = Object.keys(eventCatalogue) as EventType[];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalogue, type);

/** Close codes of the live socket that the web app acts on. */
export const liveCloseCodes = {
  /** The session or token ended (sign-out, expiry, new password, revoked, account switched off): sign in again. */
  sessionEnded: 4401,
  /** The agent's role or teams changed: reconnect at once to hear events in the new scope. */
  scopeChanged: 4403,
} as const;
