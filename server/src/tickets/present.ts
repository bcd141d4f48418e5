// Turns rows into the API's camelCase shapes.
import type { Selectable } from 'kysely';
import type { MessageRecipientsTable } from '../db/tables.ts';
import type { TicketRow, MessageRow } from './store.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const presentTicket = (row: TicketRow) => ({
  id: row.id,
  number: row.number,
  subject: row.subject,
  status: row.status as 'new',
  priority: row.priority as 'normal',
  channel: row.channel,
  teamId: row.team_id,
  assigneeId: row.assignee_id,
  tags: row.tags,
  language: row.language,
  customerId: row.customer_id,
  organizationId: row.organization_id,
  linkedTicketId: row.linked_ticket_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  firstResponseAt: iso(row.first_response_at),
  lastCustomerMessageAt: iso(row.last_customer_message_at),
  lastAgentMessageAt: iso(row.last_agent_message_at),
  solvedAt: iso(row.solved_at),
  closedAt: iso(row.closed_at),
  mailboxId: row.mailbox_id,
  mergedIntoId: row.merged_into_id,
  lastMessagePreview: row.last_message_preview,
  lastMessageAuthor: row.last_message_author,
  customerWaitingSince: iso(row.customer_waiting_since),
});

/** Unread for an agent: the customer wrote after the agent last opened the ticket (or it was never opened). */
export const isUnread = (row: Pick<TicketRow, 'last_customer_message_at'>, readAt: Date | undefined): boolean =>
  row.last_customer_message_at !== null && (readAt === undefined || readAt < row.last_customer_message_at);

export interface AttachmentRow {
  id: number;
  message_id: number;
  filename: string;
  content_type: string;
  size: number;
  content_id: string | null;
}

export const presentAttachment = (row: AttachmentRow) => ({
  id: row.id,
  messageId: row.message_id,
  filename: row.filename,
  contentType: row.content_type,
  size: row.size,
  contentId: row.content_id,
  url: `/api/v1/attachments/${row.id}`,
});

/** A message's recipient as the outbound pipeline records it. */
export type RecipientRow = Omit<Selectable<MessageRecipientsTable>, 'created_at' | 'position'>;

export const presentRecipient = (row: RecipientRow) => ({
  address: row.address,
  name: row.name,
  kind: row.kind,
  status: row.status,
  response: row.response,
  attempts: row.attempts,
  answeredAt: iso(row.answered_at),
});

export const presentMessage = (row: MessageRow, attachments: AttachmentRow[], recipients: RecipientRow[] = []) => ({
  id: row.id,
  ticketId: row.ticket_id,
  internal: row.internal,
  direction: row.direction,
  authorAgentId: row.author_agent_id,
  authorCustomerId: row.author_customer_id,
  bodyText: row.body_text,
  bodyHtml: row.body_html,
  language: row.language,
  channel: row.channel,
  deliveryStatus: row.delivery_status as 'queued' | 'sent' | 'delivered' | 'failed' | null,
  deliveryError: row.delivery_error,
  deliveryRetryAt: iso(row.delivery_retry_at),
  sentAt: iso(row.sent_at),
  recipients: recipients.filter((r) => r.message_id === row.id).map(presentRecipient),
  createdAt: row.created_at.toISOString(),
  attachments: attachments.filter((a) => a.message_id === row.id).map(presentAttachment),
  foldAt: row.fold_at,
  cc: row.cc,
  claimedFrom: row.claimed_from,
  sourceUrl: row.inbound_item_id === null ? null : `/api/v1/messages/${row.id}/source`,
  mergedFromTicketId: row.merged_from_ticket_id,
});
