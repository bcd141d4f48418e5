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
  active: boolean;
  teamIds: number[];
  createdAt: string;
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
  customer?: CustomerRef;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed';

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
  sentAt: string | null;
  createdAt: string;
  attachments: Attachment[];
}

export interface TicketDetail extends Ticket {
  messages: Message[];
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
  identities: Identity[];
  recentTickets: { id: number; number: number; subject: string; status: TicketStatus; updatedAt: string }[];
}

export const views = ['unassigned', 'mine', 'team', 'open', 'pending', 'solved', 'all'] as const;
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
