// What a customer may see of their own tickets (the portal): their tickets on every channel, and of
// each only what was said to them — public messages, never internal notes, never who handled it
// beyond the name an agent shows customers (the alias) and their avatar.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { anyOf } from '../db/bulk.ts';

export interface CustomerTicketRow {
  id: number;
  number: number;
  subject: string;
  status: string;
  channel: string;
  created_at: Date;
  updated_at: Date;
  last_message_preview: string;
  last_message_author: 'customer' | 'agent' | 'note' | null;
}

const ticketColumns = ['id', 'number', 'subject', 'status', 'channel', 'created_at', 'updated_at', 'last_message_preview', 'last_message_author'] as const;

/** The ticket's last-message preview as its customer may see it: empty when that message is an internal note. */
export const customerPreview = (row: Pick<CustomerTicketRow, 'last_message_preview' | 'last_message_author'>): string => (row.last_message_author === 'note' ? '' : row.last_message_preview);

/** One page of the customer's tickets, most recently changed first (index tickets_customer_idx). Merged tickets live on in their target. */
export function customerTickets(db: Kysely<DB>, customerId: number, page: { limit: number; after?: { updatedAt: Date; id: number } | undefined }): Promise<CustomerTicketRow[]> {
  let query = db
    .selectFrom('tickets')
    .select(ticketColumns)
    .where('customer_id', '=', customerId)
    .where('merged_into_id', 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.after) query = query.where(sql<boolean>`(updated_at, id) < (${page.after.updatedAt}, ${page.after.id})`);
  return query.execute();
}

/** The customer's ticket with this number; undefined for anyone else's (the same answer as for none). */
export const customerTicket = (db: Kysely<DB>, customerId: number, number: number) =>
  db.selectFrom('tickets').select([...ticketColumns, 'merged_into_id']).where('number', '=', number).where('customer_id', '=', customerId).executeTakeFirst();

export interface CustomerMessageRow {
  id: number;
  ticket_id: number;
  direction: string;
  body_text: string;
  body_html: string | null;
  channel: string;
  created_at: Date;
  delivery_status: string | null;
  external_id: string | null;
  inbound_item_id: number | null;
  agent_alias: string | null;
  agent_avatar_url: string | null;
}

/** The public messages of a ticket, oldest first, with the alias of the agent who wrote each reply. */
export const customerMessages = (db: Kysely<DB>, ticketId: number, page: { after?: number; limit?: number } = {}): Promise<CustomerMessageRow[]> => {
  let query = publicMessages(db).where('messages.ticket_id', '=', ticketId).orderBy('messages.id');
  if (page.after !== undefined) query = query.where('messages.id', '>', page.after);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.execute();
};

/** These messages, where they are public (a chat's live frames). */
export const customerMessagesById = (db: Kysely<DB>, messageIds: number[]): Promise<CustomerMessageRow[]> =>
  messageIds.length ? publicMessages(db).where('messages.id', '=', anyOf(messageIds, 'bigint')).orderBy('messages.id').execute() : Promise.resolve([]);

const publicMessages = (db: Kysely<DB>) =>
  db
    .selectFrom('messages')
    .leftJoin('agents', 'agents.id', 'messages.author_agent_id')
    .select([
      'messages.id',
      'messages.ticket_id',
      'messages.direction',
      'messages.body_text',
      'messages.body_html',
      'messages.channel',
      'messages.created_at',
      'messages.delivery_status',
      'messages.external_id',
      'messages.inbound_item_id',
      'agents.alias as agent_alias',
      'agents.avatar_url as agent_avatar_url',
    ])
    .where('messages.internal', '=', false);

/** The files of these (public) messages. */
export const customerAttachments = (db: Kysely<DB>, messageIds: number[]) =>
  messageIds.length
    ? db.selectFrom('attachments').select(['id', 'message_id', 'filename', 'content_type', 'size']).where('message_id', '=', anyOf(messageIds, 'bigint')).orderBy('id').execute()
    : Promise.resolve([]);

/** A file, if it belongs to a public message of one of the customer's tickets. */
export const customerAttachment = (db: Kysely<DB>, customerId: number, attachmentId: number) =>
  db
    .selectFrom('attachments')
    .innerJoin('messages', 'messages.id', 'attachments.message_id')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select(['attachments.id', 'attachments.filename', 'attachments.content_type', 'attachments.size', 'attachments.blob_key'])
    .where('attachments.id', '=', attachmentId)
    .where('messages.internal', '=', false)
    .where('tickets.customer_id', '=', customerId)
    .executeTakeFirst();
