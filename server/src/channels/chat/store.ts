// SQL of the website chat: its sites, their visitors, and the chat each chat ticket is.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ChatSitesTable, ChatVisitorsTable, DB } from '../../db/tables.ts';
import { anyOf, arrayOf } from '../../db/bulk.ts';

/** How the error of a message waiting for an earlier one of its visitor starts. */
export const VISITOR_ORDER_WAIT = 'an earlier message of this visitor';

export type ChatSiteRow = Selectable<ChatSitesTable>;
export type ChatVisitorRow = Selectable<ChatVisitorsTable>;

export const listSites = (db: Kysely<DB>) => db.selectFrom('chat_sites').selectAll().orderBy('id').execute();
export const findSite = (db: Kysely<DB>, id: number) => db.selectFrom('chat_sites').selectAll().where('id', '=', id).executeTakeFirst();
export const findSiteByKey = (db: Kysely<DB>, key: string) => db.selectFrom('chat_sites').selectAll().where('public_key', '=', key).executeTakeFirst();
export const insertSite = (tx: Kysely<DB>, values: Insertable<ChatSitesTable>) => tx.insertInto('chat_sites').values(values).returningAll().executeTakeFirstOrThrow();
export const updateSiteRow = (tx: Kysely<DB>, id: number, values: Updateable<ChatSitesTable>) => tx.updateTable('chat_sites').set(values).where('id', '=', id).returningAll().executeTakeFirst();
export const deleteSiteRow = (tx: Kysely<DB>, id: number) => tx.deleteFrom('chat_sites').where('id', '=', id).returningAll().executeTakeFirst();
export const teamExists = async (db: Kysely<DB>, id: number) => !!(await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst());

export const insertVisitor = (db: Kysely<DB>, values: Insertable<ChatVisitorsTable>) => db.insertInto('chat_visitors').values(values).returningAll().executeTakeFirstOrThrow();

/** The visitor a token names, with its site (an inactive or removed site's visitors are nobody). */
export const findVisitorByToken = (db: Kysely<DB>, tokenHash: string) =>
  db
    .selectFrom('chat_visitors')
    .innerJoin('chat_sites', 'chat_sites.id', 'chat_visitors.site_id')
    .selectAll('chat_visitors')
    .select(['chat_sites.active as site_active'])
    .where('chat_visitors.token_hash', '=', tokenHash)
    .executeTakeFirst();

export const findVisitor = (db: Kysely<DB>, id: number) => db.selectFrom('chat_visitors').selectAll().where('id', '=', id).executeTakeFirst();

export const findVisitors = async (db: Kysely<DB>, ids: number[]): Promise<Map<number, ChatVisitorRow>> =>
  new Map(ids.length === 0 ? [] : (await db.selectFrom('chat_visitors').selectAll().where('id', '=', anyOf(ids, 'bigint')).execute()).map((row) => [Number(row.id), row]));

export const updateVisitorRow = (db: Kysely<DB>, id: number, values: Updateable<ChatVisitorsTable>) =>
  db.updateTable('chat_visitors').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();


export const conversationByKey = (db: Kysely<DB>, visitorId: number, key: string) =>
  db.selectFrom('chat_conversations').selectAll().where('visitor_id', '=', visitorId).where('conversation_key', '=', key).executeTakeFirst();

export const conversationOfTicket = (db: Kysely<DB>, ticketId: number) => db.selectFrom('chat_conversations').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();

/** The conversations of these chat tickets, and of these visitors' keys, in one statement. */
export const conversationsOfTicketsOrKeys = (db: Kysely<DB>, ticketIds: number[], keys: Array<{ visitorId: number; key: string }>) =>
  db
    .selectFrom('chat_conversations')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('ticket_id', '=', anyOf(ticketIds, 'bigint')),
        eb(sql`(visitor_id, conversation_key)`, 'in', sql`(SELECT * FROM unnest(${arrayOf(keys.map((k) => k.visitorId), 'bigint')}, ${arrayOf(keys.map((k) => k.key), 'text')}))`),
      ]),
    )
    .execute();

export const renameConversation = (tx: Kysely<DB>, ticketId: number, key: string) => tx.updateTable('chat_conversations').set({ conversation_key: key }).where('ticket_id', '=', ticketId).execute();

export const insertConversation = (tx: Kysely<DB>, row: { ticket_id: number; visitor_id: number; site_id: number; conversation_key: string; topic: string | null; created_at: Date }) =>
  tx.insertInto('chat_conversations').values(row).onConflict((oc) => oc.column('ticket_id').doNothing()).execute();

const conversationColumns = [
  'c.ticket_id',
  'c.conversation_key',
  'c.topic',
  'c.visitor_read_id',
  'c.agent_read_id',
  'c.created_at',
  't.subject',
  't.status',
  't.number',
  't.updated_at',
  't.last_message_preview',
  't.last_message_author',
] as const;

/** The visitor's conversations, newest first. */
export const conversationsOfVisitor = (db: Kysely<DB>, visitorId: number, limit: number) =>
  db
    .selectFrom('chat_conversations as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .select(conversationColumns)
    .where('c.visitor_id', '=', visitorId)
    .orderBy('c.ticket_id', 'desc')
    .limit(limit)
    .execute();

export const conversationsById = (db: Kysely<DB>, ticketIds: number[]) =>
  ticketIds.length
    ? db
        .selectFrom('chat_conversations as c')
        .innerJoin('tickets as t', 't.id', 'c.ticket_id')
        .select([...conversationColumns, 'c.visitor_id'])
        .where('c.ticket_id', '=', anyOf(ticketIds, 'bigint'))
        .execute()
    : Promise.resolve([]);

export type ConversationRow = Awaited<ReturnType<typeof conversationsOfVisitor>>[number];

/** Moves a read cursor forward only (frames may come out of order); the row when it moved. */
export const advanceRead = (db: Kysely<DB>, ticketId: number, side: 'visitor_read_id' | 'agent_read_id', messageId: number) =>
  db
    .updateTable('chat_conversations')
    .set({ [side]: messageId })
    .where('ticket_id', '=', ticketId)
    .where(side, '<', messageId)
    .returning(['ticket_id', 'visitor_id', side])
    .executeTakeFirst();

/** The newest public message of a ticket (what an agent reading the ticket has seen). */
export const newestPublicMessageId = async (db: Kysely<DB>, ticketId: number) =>
  Number((await db.selectFrom('messages').select((eb) => eb.fn.max('id').as('id')).where('ticket_id', '=', ticketId).where('internal', '=', false).executeTakeFirst())?.id ?? 0);

/** The conversation with its visitor and site, for the email of answers a visitor missed. */
export const conversationForEmail = (tx: Kysely<DB>, ticketId: number) =>
  tx
    .selectFrom('chat_conversations as c')
    .innerJoin('chat_visitors as v', 'v.id', 'c.visitor_id')
    .innerJoin('chat_sites as s', 's.id', 'c.site_id')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .select(['c.ticket_id', 'c.visitor_read_id', 'c.emailed_id', 'v.email', 'v.name', 'v.locale', 's.mailbox_id', 's.team_id', 's.name as site_name', 't.number', 't.subject', 't.language'])
    .where('c.ticket_id', '=', ticketId)
    .executeTakeFirst();

/** Records what went by email; false when another run got there first. */
export const markEmailed = async (db: Kysely<DB>, ticketId: number, messageId: number) =>
  !!(await db.updateTable('chat_conversations').set({ emailed_id: messageId }).where('ticket_id', '=', ticketId).where('emailed_id', '<', messageId).returning('ticket_id').executeTakeFirst());

/** The visitor's conversation with this ticket id. */
export const conversationOfVisitor = (db: Kysely<DB>, visitorId: number, ticketId: number) =>
  db.selectFrom('chat_conversations').selectAll().where('ticket_id', '=', ticketId).where('visitor_id', '=', visitorId).executeTakeFirst();

/** Whether some active site lets the widget run on this origin (a CORS preflight, before the token is known). */
export const siteAllowsOrigin = async (db: Kysely<DB>, origin: string) =>
  !!(await db.selectFrom('chat_sites').select('id').where('active', '=', true).where(sql<boolean>`${origin} = ANY(allowed_origins)`).limit(1).executeTakeFirst());

/** A file of a public message in one of the visitor's conversations. */
export const visitorAttachment = (db: Kysely<DB>, visitorId: number, attachmentId: number) =>
  db
    .selectFrom('attachments')
    .innerJoin('messages', 'messages.id', 'attachments.message_id')
    .innerJoin('chat_conversations', 'chat_conversations.ticket_id', 'messages.ticket_id')
    .select(['attachments.filename', 'attachments.content_type', 'attachments.blob_key'])
    .where('attachments.id', '=', attachmentId)
    .where('messages.internal', '=', false)
    .where('chat_conversations.visitor_id', '=', visitorId)
    .executeTakeFirst();
