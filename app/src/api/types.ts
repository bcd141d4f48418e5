// The shapes the app reads from /api/v1 (see the OpenAPI document at /api/v1/openapi.json).
import type { AgentRole, Locale, TicketPriority, TicketStatus } from '@frontline/shared';

export type { AgentRole, Locale, TicketPriority, TicketStatus };

export interface Agent {
  id: number;
  email: string;
  name: string;
  alias: string;
  role: AgentRole;
  avatarUrl: string | null;
  signature: string;
  languages: string[];
  locale: string;
  timeZone: string;
  /** False until the agent or an admin chose a zone: the app then saves the browser's. */
  timeZoneSet: boolean;
  active: boolean;
  teamIds: number[];
  createdAt: string;
  /** Present for admins only: failed sign-ins in a row and the lock they caused. */
  signIn?: { failedAttempts: number; lockedUntil: string | null };
}

export interface Me extends Agent {
  csrfToken: string;
}

export interface Team {
  id: number;
  name: string;
  agentIds: number[];
  createdAt: string;
}

export interface CustomerRef {
  id: number;
  name: string | null;
  email: string | null;
  /** Made for an email with no sender address: shown as "Unknown sender"; nothing can be sent to it. */
  unknownSender?: boolean;
}

export interface Ticket {
  id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: string;
  teamId: number | null;
  assigneeId: number | null;
  tags: string[];
  language: string | null;
  customerId: number;
  organizationId: number | null;
  linkedTicketId: number | null;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  lastCustomerMessageAt: string | null;
  lastAgentMessageAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  /** The last message a person wrote: one clipped line of plain text, and who wrote it. */
  lastMessagePreview: string;
  lastMessageAuthor: 'customer' | 'agent' | 'note' | null;
  /** The customer's first message since the last agent reply; null when answered. */
  customerWaitingSince: string | null;
  customer?: CustomerRef;
  /** Set when this ticket was merged into another: its conversation continues there. */
  mergedIntoId?: number | null;
  /** In lists: the customer wrote after you last opened the ticket. */
  unread?: boolean;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  /** Content-ID of an inline part: HTML bodies reference it as src="cid:…". */
  contentId: string | null;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed';

/** One recipient of an outbound email and how its delivery went. */
export interface MessageRecipient {
  address: string;
  name: string;
  kind: 'to' | 'cc';
  status: 'queued' | 'sent' | 'failed';
  /** The relay's last answer about this recipient. */
  response: string | null;
  attempts: number;
  answeredAt: string | null;
}

export interface Message {
  id: number;
  ticketId: number;
  internal: boolean;
  direction: 'inbound' | 'outbound';
  authorAgentId: number | null;
  authorCustomerId: number | null;
  bodyText: string;
  bodyHtml: string | null;
  language: string | null;
  channel: string;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
  /** While a queued message waits for its relay (not answering): when it is tried next. */
  deliveryRetryAt?: string | null;
  sentAt: string | null;
  /** For an outbound email: each recipient with its state (empty until the first attempt). */
  recipients: MessageRecipient[];
  createdAt: string;
  attachments: Attachment[];
  /** Where quoted history or a signature starts in bodyText (folded away until asked for). */
  foldAt: number | null;
  cc: string[];
  /** The raw source (message/rfc822) of a message that came in by email. */
  sourceUrl: string | null;
  /** An email whose From is an agent's or a mailbox's own address: unverified, shown as a claim. */
  claimedFrom: string | null;
  /** The ticket this message belonged to before that ticket was merged into this one. */
  mergedFromTicketId?: number | null;
}

export interface Participant {
  email: string;
  name: string;
  /** Only accepted participants are copied on replies; proposed ones were copied by a stranger. */
  state: 'proposed' | 'accepted';
  /** The sender whose email proposed them. */
  proposedBy: string | null;
}

export interface TicketDetail extends Ticket {
  messages: Message[];
  mailboxId: number | null;
  /** People copied on the conversation: replies go to the accepted ones too. */
  participants: Participant[];
  /** Where a public reply goes; null when nothing can reach the customer (replyIssue says why). */
  replyTarget: ReplyTarget | null;
  /** Why a reply cannot reach the customer, or cannot go out yet; null when it can. */
  replyIssue: ReplyIssue | null;
  /** The ticket this one was merged into, and the tickets merged into this one. */
  mergedInto?: TicketRef | null;
  mergedFrom?: TicketRef[];
}

export interface TicketRef {
  id: number;
  number: number;
  subject: string;
}

export interface ReplyTarget {
  channel: string;
  address: string | null;
  /** The ticket's own channel cannot send: the reply goes by email instead. */
  byEmail: boolean;
  mailbox: { id: number; address: string; name: string; hasRelay: boolean } | null;
}

export interface ReplyIssue {
  code: 'no_address' | 'no_mailbox' | 'no_relay';
  message: string;
}

/** A reply or acknowledgement whose delivery failed (GET /deliveries/failed). */
export interface FailedDelivery {
  messageId: number;
  ticketId: number;
  ticketNumber: number;
  subject: string;
  customer: { id: number; name: string };
  channel: string;
  kind: 'reply' | 'acknowledgement';
  authorAgentId: number | null;
  reason: string | null;
  attempts: number;
  failedAt: string | null;
  createdAt: string;
  recipients: MessageRecipient[];
}

export interface HistoryEntry {
  id: number;
  field: string;
  before: unknown;
  after: unknown;
  actorKind: string;
  actorAgentId: number | null;
  createdAt: string;
}

export interface Identity {
  id: number;
  kind: string;
  value: string;
}

export interface Customer {
  id: number;
  name: string | null;
  organizationId: number | null;
  language: string | null;
  notes: string | null;
  /** Made for an email with no sender address: no identities, nothing can be sent to it. */
  unknownSender?: boolean;
  identities: Identity[];
  recentTickets: { id: number; number: number; subject: string; status: TicketStatus; updatedAt: string }[];
}

export const views = ['unassigned', 'mine', 'team', 'open', 'pending', 'solved', 'spam', 'all'] as const;
export type View = (typeof views)[number];

export type Counts = Record<View, number> & { capped?: View[] };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
  token?: string;
}

export type MailSecurity = 'none' | 'starttls' | 'tls';

export interface Mailbox {
  id: number;
  address: string;
  name: string;
  teamId: number | null;
  inbound: 'smtp' | 'imap';
  imap: {
    host: string;
    port: number;
    tls: boolean;
    user: string;
    hasPassword: boolean;
    folder: string;
    after: 'seen' | 'move';
    moveTo: string | null;
    lastUid: number;
    polledAt: string | null;
    error: string | null;
  } | null;
  smtp: { host: string; port: number; security: MailSecurity; user: string | null; hasPassword: boolean } | null;
  acknowledge: boolean;
  /** The mailbox's own acknowledgement per language; null where the built-in text goes out. */
  acknowledgementTexts: Record<Locale, string | null>;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const inboundStatuses = ['failed', 'held', 'pending', 'processed'] as const;
export type InboundStatus = (typeof inboundStatuses)[number];

/** One item of the raw inbox: an email (or chat update) as received, and how processing went. */
export interface InboundItem {
  id: number;
  channel: string;
  dedupeKey: string;
  status: InboundStatus;
  sender: string | null;
  outcome: string | null;
  error: string | null;
  attempts: number;
  size: number;
  meta: Record<string, unknown>;
  ticketId: number | null;
  ticketNumber: number | null;
  messageId: number | null;
  receivedAt: string;
  processedAt: string | null;
}

export interface SetupState {
  needed: boolean;
  deskName: string | null;
}

export interface TagUse {
  name: string;
  tickets: number;
}
