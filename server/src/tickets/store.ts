// SQL for tickets, their messages (and whom each went to), participants and history.
import { sql, type ColumnType, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { DB, MessagesTable, TicketHistoryTable, TicketsTable } from '../db/tables.ts';
import { anyOf, arrayOf, inSlices, insertInSlices } from '../db/bulk.ts';

export type TicketRow = Selectable<TicketsTable>;
export type MessageRow = Selectable<MessagesTable>;

const ticketColumns = [
  'tickets.id', 'tickets.number', 'tickets.subject', 'tickets.status', 'tickets.priority', 'tickets.channel', 'tickets.team_id',
  'tickets.assignee_id', 'tickets.tags', 'tickets.language', 'tickets.customer_id', 'tickets.organization_id', 'tickets.linked_ticket_id',
  'tickets.created_at', 'tickets.updated_at', 'tickets.first_response_at', 'tickets.last_customer_message_at',
  'tickets.last_agent_message_at', 'tickets.solved_at', 'tickets.closed_at', 'tickets.mailbox_id', 'tickets.merged_into_id',
  'tickets.last_message_preview', 'tickets.last_message_author', 'tickets.customer_waiting_since',
] as const;

type TicketColumn = (typeof ticketColumns)[number] extends `tickets.${infer C}` ? C : never;

const messageColumns = [
  'id', 'ticket_id', 'internal', 'direction', 'author_agent_id', 'author_customer_id', 'body_text', 'body_html', 'language', 'channel',
  'delivery_status', 'delivery_error', 'delivery_attempts', 'delivery_retry_at', 'sent_at', 'external_id', 'created_at', 'fold_at', 'inbound_item_id', 'cc', 'claimed_from', 'delivery_failed_at',
  'merged_from_ticket_id',
] as const;

const recipients = (db: Kysely<DB>) =>
  db
    .selectFrom('message_recipients')
    .innerJoin('messages', 'messages.id', 'message_recipients.message_id')
    .select(['message_recipients.message_id', 'message_recipients.address', 'message_recipients.name', 'message_recipients.kind', 'message_recipients.status', 'message_recipients.response', 'message_recipients.attempts', 'message_recipients.answered_at'])
    .orderBy('message_recipients.message_id')
    .orderBy('message_recipients.kind', 'desc')
    .orderBy('message_recipients.position')
    .orderBy('message_recipients.address');

/** Whom each message of a ticket went to, for the conversation (outbound writes these rows as it delivers; docs/decisions.md). */
export const recipientsOfTicket = (db: Kysely<DB>, ticketId: number) => recipients(db).where('messages.ticket_id', '=', ticketId).execute();

/** Whom these messages went to. */
export const recipientsOfMessages = (db: Kysely<DB>, messageIds: number[]) => recipients(db).where('message_recipients.message_id', '=', anyOf(messageIds, 'bigint')).execute();

/** A message's words, for its ticket's search vector. */
export interface SearchText {
  language: string | null;
  text: string;
}

/** Words beyond this many characters of a message are not searched (and the text sent for them is clipped). */
const SEARCHED_CHARACTERS = 10_000;

/**
 * The tickets table with its search vector, which only the writes below touch: a message's words
 * join the vector in the statement that writes the ticket row anyway (migration 0024), as a
 * stripped vector in the message's language.
 */
type SearchableDB = Omit<DB, 'tickets'> & { tickets: TicketsTable & { search_vector: ColumnType<never, RawBuilder<unknown> | undefined, RawBuilder<unknown>> } };
const searchable = (tx: Kysely<DB>) => tx as unknown as Kysely<SearchableDB>;
/** A message's words as a stripped vector in its language (values or columns). */
const wordsIn = (language: unknown, text: unknown) => sql`strip(frontline_ts_vector(${language}, left(${text}, ${SEARCHED_CHARACTERS})))`;
const wordsOf = ({ language, text }: SearchText) => wordsIn(language, text.slice(0, SEARCHED_CHARACTERS));
/** A vector this large stops growing rather than fail the write (PostgreSQL's limit is 1 MB). */
const VECTOR_LIMIT = sql.lit(512 * 1024);
/** The ticket's search vector with these words added. */
const grownBy = (words: RawBuilder<unknown>) =>
  sql`CASE WHEN pg_column_size(tickets.search_vector) < ${VECTOR_LIMIT} THEN tickets.search_vector || ${words} ELSE tickets.search_vector END`;

/** Who opened a ticket, as its history's first entry names them. */
export interface Opener {
  agentId: number | null;
  kind: 'agent' | 'customer' | 'system';
  /** The agent who has read the new ticket as of its creation (whoever opens it in the workspace). */
  readerId?: number | null | undefined;
}

/**
 * New tickets in the order given (identity values are drawn in VALUES order), each searchable by
 * its first message's words, with its history's `created` entry and its opener's read marker
 * (markRead's row for a ticket nobody has seen yet) written by the same statement.
 */
export const insertTickets = async (tx: Kysely<DB>, rows: Array<Insertable<TicketsTable> & { firstMessage: SearchText; openedBy: Opener }>) =>
  (
    await insertInSlices(
      rows.map(({ firstMessage, ...row }) => ({ ...row, search_vector: wordsOf(firstMessage) })),
      (slice) =>
        searchable(tx)
          .with('t', (db) => db.insertInto('tickets').values(slice.map(({ openedBy, ...row }) => row)).returning(ticketColumns))
          // The n-th ticket (by id, so in VALUES order) with the n-th opener.
          .with(
            'h',
            () => sql`(INSERT INTO ticket_history (ticket_id, actor_agent_id, actor_kind, field, before, after, created_at)
              SELECT r.id, o.agent_id, o.kind, 'created', NULL, jsonb_build_object('status', r.status, 'channel', r.channel), r.created_at
              FROM (SELECT id, status, channel, created_at, row_number() OVER (ORDER BY id) AS n FROM t) AS r
              JOIN unnest(${sql`${slice.map((row) => row.openedBy.agentId)}::bigint[]`}, ${arrayOf(slice.map((row) => row.openedBy.kind), 'text')}) WITH ORDINALITY AS o(agent_id, kind, n) ON o.n = r.n)`,
          )
          .with(
            'rd',
            () => sql`(INSERT INTO ticket_reads (agent_id, ticket_id, read_at)
              SELECT o.reader_id, r.id, r.created_at
              FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n FROM t) AS r
              JOIN unnest(${sql`${slice.map((row) => row.openedBy.readerId ?? null)}::bigint[]`}) WITH ORDINALITY AS o(reader_id, n) ON o.n = r.n
              WHERE o.reader_id IS NOT NULL)`,
          )
          .selectFrom('t')
          // Named columns, not `*`: the statement stays preparable (db/connect.ts).
          .select(ticketColumns.map((column) => column.replace('tickets.', 't.') as `t.${TicketColumn}`))
          .execute(),
    )
  ).sort((a, b) => a.id - b.id);

export const findTicket = (db: Kysely<DB>, id: number) => db.selectFrom('tickets').select(ticketColumns).where('id', '=', id).executeTakeFirst();

/** Several tickets by id; missing ids are left out. */
export const findTicketsById = async (db: Kysely<DB>, ids: number[]): Promise<Map<number, TicketRow>> =>
  new Map(ids.length === 0 ? [] : (await db.selectFrom('tickets').select(ticketColumns).where('id', '=', anyOf(ids, 'bigint')).execute()).map((row) => [row.id, row]));

/**
 * A customer's tickets still being worked on (not solved, closed or merged away), the most recently
 * changed first: what a call pop-up lists, and where a call is logged.
 */
export const openTicketsOfCustomer = (db: Kysely<DB>, customerId: number, limit: number) =>
  db
    .selectFrom('tickets')
    .select(ticketColumns)
    .where('customer_id', '=', customerId)
    .where('status', 'not in', ['solved', 'closed'])
    .where('merged_into_id', 'is', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

export const findTicketIdByNumber = async (db: Kysely<DB>, number: number) =>
  (await db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirst())?.id;

/** Reads the ticket and locks it until the transaction ends, so concurrent changes apply one after the other. */
export const lockTicket = (tx: Kysely<DB>, id: number) => tx.selectFrom('tickets').select(ticketColumns).where('id', '=', id).forUpdate().executeTakeFirst();

/**
 * Changes the ticket's row; with `message`, the message's words join its search vector in the same
 * statement (a vector nearing PostgreSQL's 1 MB limit stops growing rather than failing the message).
 */
export const updateTicketRow = (tx: Kysely<DB>, id: number, changes: Updateable<TicketsTable>, message?: SearchText, history: Insertable<TicketHistoryTable>[] = []) => {
  const update = (db: Kysely<SearchableDB>) =>
    db
      .updateTable('tickets')
      .set(changes)
      .$if(message !== undefined, (query) => query.set({ search_vector: grownBy(wordsOf(message!)) }))
      .where('id', '=', id)
      .returning(ticketColumns);
  if (history.length === 0) return update(searchable(tx)).executeTakeFirstOrThrow();
  // The change and its history entries in one statement (one round trip less on every status change).
  return searchable(tx)
    .with('u', (db) => update(db as unknown as Kysely<SearchableDB>))
    .with('h', (db) => db.insertInto('ticket_history').values(history))
    .selectFrom('u')
    .select(ticketColumns.map((column) => column.replace('tickets.', 'u.') as `u.${TicketColumn}`))
    .executeTakeFirstOrThrow();
};

/** In the order given (identity values are drawn in VALUES order). */
export const insertMessages = async (tx: Kysely<DB>, rows: Insertable<MessagesTable>[]) =>
  (await insertInSlices(rows, (slice) => tx.insertInto('messages').values(slice).returning(messageColumns).execute())).sort((a, b) => a.id - b.id);

export const messagesOf = (db: Kysely<DB>, ticketId: number, includeInternal: boolean) => {
  let query = db.selectFrom('messages').select(messageColumns).where('ticket_id', '=', ticketId);
  if (!includeInternal) query = query.where('internal', '=', false);
  // In time order: a merge brings older messages of another ticket in with later ids.
  return query.orderBy('created_at').orderBy('id').execute();
};

export const findMessage = (db: Kysely<DB>, id: number) => db.selectFrom('messages').select(messageColumns).where('id', '=', id).executeTakeFirst();

/** Several messages by id; missing ids are left out. */
export const findMessagesById = async (db: Kysely<DB>, ids: number[]): Promise<Map<number, MessageRow>> =>
  new Map(ids.length === 0 ? [] : (await db.selectFrom('messages').select(messageColumns).where('id', '=', anyOf(ids, 'bigint')).execute()).map((row) => [row.id, row]));

/**
 * Several tickets' rows changed alike (`changes`), each ticket's message's words joining its search
 * vector (as updateTicketRow does for one): one statement. One entry per ticket.
 */
export async function updateTicketRows(tx: Kysely<DB>, entries: Array<{ id: number; message: SearchText; preview?: string }>, changes: Updateable<TicketsTable>): Promise<Map<number, TicketRow>> {
  if (entries.length === 0) return new Map();
  // With a preview per entry (each ticket's newest message), the row's preview becomes it.
  const previews = entries.every((entry) => entry.preview !== undefined);
  const rows = await inSlices(entries, 4, (slice) =>
    searchable(tx)
      .updateTable('tickets')
      .from(
        sql<{ id: number; language: string | null; text: string; preview: string }>`unnest(${arrayOf(slice.map((entry) => entry.id), 'bigint')}, ${arrayOf(slice.map((entry) => entry.message.language ?? ''), 'text')}, ${arrayOf(slice.map((entry) => entry.message.text.slice(0, SEARCHED_CHARACTERS)), 'text')}, ${arrayOf(slice.map((entry) => entry.preview ?? ''), 'text')})`.as<'m'>(sql`m(id, language, text, preview)`),
      )
      .set(changes)
      .$if(previews, (query) => query.set({ last_message_preview: sql`m.preview` }))
      .set({ search_vector: grownBy(wordsIn(sql`nullif(m.language, '')`, sql`m.text`)) })
      .whereRef('tickets.id', '=', 'm.id')
      .returning(ticketColumns)
      .execute(),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

const attachmentsWhere = (db: Kysely<DB>, column: 'ticket_id' | 'message_id', ids: number[]) =>
  db
    .selectFrom('attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size', 'content_id'])
    .where(column, '=', anyOf(ids, 'bigint'))
    .orderBy('id')
    .execute();

export const attachmentsOfTicket = (db: Kysely<DB>, ticketId: number) => attachmentsWhere(db, 'ticket_id', [ticketId]);
export const attachmentsOfMessages = (db: Kysely<DB>, messageIds: number[]) => attachmentsWhere(db, 'message_id', messageIds);

export async function insertHistory(tx: Kysely<DB>, rows: Insertable<TicketHistoryTable>[]) {
  await insertInSlices(rows, (slice) => tx.insertInto('ticket_history').values(slice).execute());
}

/** Who may see each ticket: its team and assignee, by ticket id (missing ids are not in the map). */
export async function ticketScopes(db: Kysely<DB>, ids: number[]): Promise<Map<number, { team_id: number | null; assignee_id: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tickets').select(['id', 'team_id', 'assignee_id']).where('id', '=', anyOf(ids, 'bigint')).execute();
  return new Map(rows.map((row) => [row.id, { team_id: row.team_id, assignee_id: row.assignee_id }]));
}

/** The number of each ticket, by id (missing ids are not in the map). */
export async function ticketNumbers(db: Kysely<DB>, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tickets').select(['id', 'number']).where('id', '=', anyOf([...new Set(ids)], 'bigint')).execute();
  return new Map(rows.map((row) => [row.id, row.number]));
}

export const historyOf = (db: Kysely<DB>, ticketId: number) =>
  db.selectFrom('ticket_history').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();

export interface TicketScope {
  /** Sees every ticket (admins, supervisors). */
  all: boolean;
  agentId: number;
  teamIds: number[];
}

export type TicketSort = 'updated' | '-updated' | 'created' | '-created' | 'waiting';

export interface TicketFilter {
  scope: TicketScope;
  statuses?: readonly string[] | undefined;
  unassigned?: boolean | undefined;
  /** Only tickets whose customer has waited for an answer since this time or longer (the Unanswered board). */
  waitingSince?: Date | undefined;
  assigneeId?: number | undefined;
  teamId?: number | undefined;
  /** Only tickets of these teams (an empty list matches nothing). */
  inTeams?: number[] | undefined;
  priority?: string | undefined;
  tag?: string | undefined;
  /** Leaves out tickets with this tag. */
  notTag?: string | undefined;
  customerId?: number | undefined;
  organizationId?: number | undefined;
  channel?: string | undefined;
  language?: string | undefined;
  /** Only the ticket with this number (the search's "jump to #1019"). */
  number?: number | undefined;
  /** Leaves out the ticket with this id (the one already shown first). */
  notId?: number | undefined;
  search?: TicketSearch | undefined;
  sort: TicketSort;
  /** The last row of the previous page: [updated_at as text, id], [customer_waiting_since as text, id] or [id]. */
  after?: readonly (string | number)[] | undefined;
  limit: number;
}

/** What a search looks for: words of the conversation, or tickets of matching customers or organizations. */
export interface TicketSearch {
  text: string;
  customerIds: number[];
  organizationIds: number[];
}

/**
 * The full-text query in every configuration we index with, so stems and exact words both match.
 * It is parsed in a query of its own and passed back as a constant: the planner then sees the
 * words and their frequencies, and walks the recency index for common words but takes the GIN
 * index for rare ones (a tsquery computed inside the list query looks the same for every word).
 */
async function parseSearch(db: Kysely<DB>, search: TicketSearch): Promise<Search> {
  const row = await sql<{ query: string }>`SELECT (websearch_to_tsquery('pg_catalog.russian', ${search.text}) || websearch_to_tsquery('pg_catalog.english', ${search.text}) || websearch_to_tsquery('pg_catalog.simple', ${search.text}))::text AS query`.execute(db);
  const parsed: Search = { query: row.rows[0]?.query || null, customerIds: search.customerIds, organizationIds: search.organizationIds, ids: null };
  // Statistics only know frequent words, so the planner guesses every other word at ~0.5% of
  // tickets and walks the recency index for it, reading the whole table for a rare one. A cheap
  // probe (GIN for the words, the customer and organization indexes for people) tells which case
  // this is: few matches are listed by id, many by walking recency.
  const probe = await db.selectFrom('tickets').select('id').where(searchCondition(parsed)).limit(SEARCH_PROBE + 1).execute();
  return probe.length <= SEARCH_PROBE ? { ...parsed, ids: probe.map((hit) => hit.id) } : parsed;
}

/** Up to this many matches, a search lists the matching tickets by id; above it, by recency. */
const SEARCH_PROBE = 3000;

interface Search {
  /** The tsquery as text; null when the words hold no lexeme (only punctuation, say). */
  query: string | null;
  customerIds: number[];
  organizationIds: number[];
  /** Every matching ticket when there are few; null when there are many. */
  ids: number[] | null;
}

/** Matches the words, or belongs to one of the customers or organizations found. */
const searchCondition = (search: Search) => (eb: ExpressionBuilder<DB, 'tickets'>) => {
  const any: Expression<SqlBool>[] = [];
  if (search.query) any.push(sql<SqlBool>`tickets.search_vector @@ ${search.query}::tsquery`);
  if (search.customerIds.length > 0) any.push(eb('tickets.customer_id', '=', anyOf(search.customerIds, 'bigint')));
  if (search.organizationIds.length > 0) any.push(eb('tickets.organization_id', '=', anyOf(search.organizationIds, 'bigint')));
  return any.length > 0 ? eb.or(any) : eb.lit(false);
};

/** The WHERE clause of a ticket list: scope, view and filters. */
const matching = (filter: TicketFilter, search: Search | null) => (eb: ExpressionBuilder<DB, 'tickets'>) => {
  const where: Expression<SqlBool>[] = [];
  if (search?.ids) where.push(search.ids.length > 0 ? eb('tickets.id', '=', anyOf(search.ids, 'bigint')) : eb.lit(false));
  else if (search) where.push(searchCondition(search)(eb));
  if (filter.number !== undefined) where.push(eb('tickets.number', '=', filter.number));
  if (filter.notId !== undefined) where.push(eb('tickets.id', '<>', filter.notId));
  if (!filter.scope.all) {
    const { agentId, teamIds } = filter.scope;
    const visible: Expression<SqlBool>[] = [eb('tickets.team_id', 'is', null), eb('tickets.assignee_id', '=', agentId)];
    if (teamIds.length > 0) visible.push(eb('tickets.team_id', '=', anyOf(teamIds, 'bigint')));
    where.push(eb.or(visible));
  }
  if (filter.statuses) where.push(eb('tickets.status', 'in', [...filter.statuses]));
  if (filter.unassigned) where.push(eb('tickets.assignee_id', 'is', null));
  if (filter.waitingSince) where.push(eb('tickets.customer_waiting_since', '<=', filter.waitingSince));
  if (filter.sort === 'waiting') where.push(eb('tickets.customer_waiting_since', 'is not', null));
  if (filter.assigneeId !== undefined) where.push(eb('tickets.assignee_id', '=', filter.assigneeId));
  if (filter.teamId !== undefined) where.push(eb('tickets.team_id', '=', filter.teamId));
  if (filter.inTeams) where.push(filter.inTeams.length > 0 ? eb('tickets.team_id', '=', anyOf(filter.inTeams, 'bigint')) : eb.lit(false));
  if (filter.priority) where.push(eb('tickets.priority', '=', filter.priority));
  if (filter.tag) where.push(sql<SqlBool>`tickets.tags @> ARRAY[${filter.tag}]::text[]`);
  if (filter.notTag) where.push(sql<SqlBool>`NOT (tickets.tags @> ARRAY[${filter.notTag}]::text[])`);
  if (filter.customerId !== undefined) where.push(eb('tickets.customer_id', '=', filter.customerId));
  if (filter.organizationId !== undefined) where.push(eb('tickets.organization_id', '=', filter.organizationId));
  if (filter.channel) where.push(eb('tickets.channel', '=', filter.channel));
  if (filter.language) where.push(eb('tickets.language', '=', filter.language));
  return eb.and(where);
};

/** The column a sort orders by before the id, and the keyset cursor's first part (null: the id alone). */
export const sortColumn = (sort: TicketSort): 'updated_at' | 'customer_waiting_since' | null =>
  sort.endsWith('updated') ? 'updated_at' : sort === 'waiting' ? 'customer_waiting_since' : null;

/** The list query: scope, view, filters, keyset cursor, order and one row past the page. */
function listQuery(db: Kysely<DB>, filter: TicketFilter, search: Search | null) {
  let query = db
    .selectFrom('tickets')
    .select(ticketColumns)
    .select(sql<string | null>`${sql.ref(`tickets.${sortColumn(filter.sort) ?? 'updated_at'}`)}::text`.as('sort_key'))
    .where(matching(filter, search));
  const descending = filter.sort.startsWith('-');
  const column = sortColumn(filter.sort);
  const after = filter.after;
  if (after) {
    const op = descending ? '<' : '>';
    query = column
      ? query.where(sql<SqlBool>`(${sql.ref(`tickets.${column}`)}, tickets.id) ${sql.raw(op)} (${after[0]}::timestamptz, ${after[1]}::bigint)`)
      : query.where('tickets.id', op, Number(after[0]));
  }
  const direction = descending ? 'desc' : 'asc';
  if (column) query = query.orderBy(`tickets.${column}`, direction);
  return query.orderBy('tickets.id', direction).limit(filter.limit + 1);
}

export async function listTickets(db: Kysely<DB>, filter: TicketFilter) {
  const search = filter.search ? await parseSearch(db, filter.search) : null;
  return listQuery(db, filter, search).execute();
}

/**
 * A page of the list as the inbox shows it, in one statement: each ticket with its customer's
 * name and first email, and when this agent last read it (null: never).
 */
export async function listTicketRows(db: Kysely<DB>, filter: TicketFilter, agentId: number) {
  const search = filter.search ? await parseSearch(db, filter.search) : null;
  const direction = filter.sort.startsWith('-') ? 'desc' : 'asc';
  let query = db
    .selectFrom(listQuery(db, filter, search).as('page'))
    .innerJoin('customers', 'customers.id', 'page.customer_id')
    .leftJoin('ticket_reads', (join) => join.onRef('ticket_reads.ticket_id', '=', 'page.id').on('ticket_reads.agent_id', '=', agentId))
    .selectAll('page')
    .select((eb) => [
      'customers.name as customer_name',
      'customers.unknown_sender as customer_unknown_sender',
      emailOf(eb).as('customer_email'),
      'ticket_reads.read_at',
    ]);
  const column = sortColumn(filter.sort);
  if (column) query = query.orderBy(`page.${column}`, direction);
  return query.orderBy('page.id', direction).execute();
}

/** The customer's first email address, as a column of a query that has `customers`. */
const emailOf = (eb: ExpressionBuilder<DB, 'customers'>) =>
  eb.selectFrom('customer_identities').select('value').whereRef('customer_identities.customer_id', '=', 'customers.id').where('kind', '=', 'email').orderBy('customer_identities.id').limit(1);

/** How many tickets match, counting at most `cap` (an exact count of a huge view is not worth its cost). */
export async function countTickets(db: Kysely<DB>, filter: TicketFilter, cap: number): Promise<number> {
  const search = filter.search ? await parseSearch(db, filter.search) : null;
  const row = await db
    .selectFrom((eb) => eb.selectFrom('tickets').select(sql`1`.as('one')).where(matching(filter, search)).limit(cap + 1).as('hits'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Name and first email of each customer, for list rows. */
export async function customerRefs(db: Kysely<DB>, ids: number[]) {
  const map = new Map<number, { id: number; name: string; email: string | null; unknownSender: boolean }>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('customers')
    .select((eb) => ['customers.id', 'customers.name', 'customers.unknown_sender', emailOf(eb).as('email')])
    .where('customers.id', '=', anyOf([...new Set(ids)], 'bigint'))
    .execute();
  for (const row of rows) map.set(row.id, { id: row.id, name: row.name, email: row.email, unknownSender: row.unknown_sender });
  return map;
}

export type TicketListRow = Awaited<ReturnType<typeof listTickets>>[number];

/** Locks the tickets in id order (two merges of the same pair cannot deadlock); missing ids are left out. */
export async function lockTickets(tx: Kysely<DB>, ids: number[]): Promise<Map<number, TicketRow>> {
  const rows = await tx.selectFrom('tickets').select(ticketColumns).where('id', '=', anyOf(ids, 'bigint')).orderBy('id').forUpdate().execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Moves the source ticket's conversation to the target: messages (remembering where they came
 * from), attachments, the Message-IDs replies thread by, and its participants (copied, so a
 * participant is known on both). Tickets merged into the source earlier now point at the target.
 * Returns how many messages moved.
 */
export async function moveConversation(tx: Kysely<DB>, sourceId: number, targetId: number): Promise<number> {
  const moved = await tx
    .updateTable('messages')
    .set((eb) => ({ ticket_id: targetId, merged_from_ticket_id: eb.fn.coalesce('merged_from_ticket_id', eb.val(sourceId)) }))
    .where('ticket_id', '=', sourceId)
    .executeTakeFirst();
  await tx.updateTable('attachments').set({ ticket_id: targetId }).where('ticket_id', '=', sourceId).execute();
  await tx.updateTable('email_message_ids').set({ ticket_id: targetId }).where('ticket_id', '=', sourceId).execute();
  await sql`
    INSERT INTO ticket_participants (ticket_id, email, name, created_at, state, proposed_by)
    SELECT ${targetId}, email, name, created_at, state, proposed_by FROM ticket_participants WHERE ticket_id = ${sourceId}
    ON CONFLICT (ticket_id, email) DO UPDATE SET state = 'accepted'
      WHERE ticket_participants.state = 'proposed' AND excluded.state = 'accepted'`.execute(tx);
  await tx.updateTable('tickets').set({ merged_into_id: targetId }).where('merged_into_id', '=', sourceId).execute();
  return Number(moved.numUpdatedRows);
}

/**
 * The target after a merge: the source's tags and searchable words join it, and its message times
 * cover both conversations.
 */
export async function absorbTicket(tx: Kysely<DB>, source: TicketRow, targetId: number, now: Date): Promise<TicketRow> {
  await sql`
    UPDATE tickets SET search_vector = tickets.search_vector || s.search_vector
      FROM tickets s WHERE s.id = ${source.id} AND tickets.id = ${targetId} AND pg_column_size(tickets.search_vector) < ${VECTOR_LIMIT}`.execute(tx);
  return tx
    .updateTable('tickets')
    .set({
      updated_at: now,
      tags: sql<string[]>`ARRAY(SELECT DISTINCT unnest(tickets.tags || ${source.tags}::text[]) ORDER BY 1)`,
      last_customer_message_at: sql<Date>`GREATEST(tickets.last_customer_message_at, ${source.last_customer_message_at}::timestamptz)`,
      last_agent_message_at: sql<Date>`GREATEST(tickets.last_agent_message_at, ${source.last_agent_message_at}::timestamptz)`,
      first_response_at: sql<Date>`LEAST(tickets.first_response_at, ${source.first_response_at}::timestamptz)`,
    })
    .where('id', '=', targetId)
    .returning(ticketColumns)
    .executeTakeFirstOrThrow();
}

/** The tickets merged into this one, oldest first. */
export const ticketsMergedInto = (db: Kysely<DB>, ticketId: number) =>
  db.selectFrom('tickets').select(['id', 'number', 'subject']).where('merged_into_id', '=', ticketId).orderBy('id').limit(100).execute();

/** The ticket that carries this one on: its merge target, or itself (merges point at the end of any chain). */
export async function mergeTargetOf(db: Kysely<DB>, ticketId: number): Promise<number> {
  const row = await db.selectFrom('tickets').select('merged_into_id').where('id', '=', ticketId).executeTakeFirst();
  return row?.merged_into_id ?? ticketId;
}

/**
 * Records that the agent has seen the ticket as of `at`. Writes only when that changes the answer
 * (no marker yet, or the customer wrote since), so opening a ticket again and again writes nothing.
 */
export async function markRead(db: Kysely<DB>, agentId: number, ticketId: number, at: Date, lastCustomerActivity: Date | null): Promise<void> {
  await db
    .insertInto('ticket_reads')
    .values({ agent_id: agentId, ticket_id: ticketId, read_at: at })
    .onConflict((oc) =>
      oc.columns(['agent_id', 'ticket_id']).doUpdateSet({ read_at: at }).where('ticket_reads.read_at', '<', lastCustomerActivity ?? new Date(0)),
    )
    .execute();
}

/**
 * Recomputes what the inbox row shows from a ticket's messages (the rule migration 0016 backfilled
 * with): the last message a person wrote and who, and since when the customer has waited. For a
 * conversation that changed wholesale, as the two tickets of a merge do.
 */
export async function refreshRowFacts(tx: Kysely<DB>, ticketIds: number[]): Promise<void> {
  if (!ticketIds.length) return;
  await sql`
    UPDATE tickets t SET
      last_message_preview = coalesce(last.preview, ''),
      last_message_author = last.author,
      customer_waiting_since = waiting.since
    FROM unnest(${arrayOf(ticketIds, 'bigint')}) AS ids(id)
    LEFT JOIN LATERAL (
      SELECT left(btrim(regexp_replace(CASE WHEN fold_at IS NULL THEN body_text ELSE left(body_text, fold_at) END, '\\s+', ' ', 'g')), 200) AS preview,
             CASE WHEN internal THEN 'note' WHEN direction = 'inbound' THEN 'customer' ELSE 'agent' END AS author
      FROM messages WHERE ticket_id = ids.id AND NOT (direction = 'outbound' AND author_agent_id IS NULL)
      ORDER BY created_at DESC, id DESC LIMIT 1
    ) last ON true
    LEFT JOIN LATERAL (
      SELECT min(m.created_at) AS since FROM messages m
      WHERE m.ticket_id = ids.id AND m.direction = 'inbound' AND NOT m.internal
        AND m.created_at > coalesce((SELECT max(r.created_at) FROM messages r
          WHERE r.ticket_id = ids.id AND r.direction = 'outbound' AND NOT r.internal AND r.author_agent_id IS NOT NULL), '-infinity')
    ) waiting ON true
    WHERE t.id = ids.id`.execute(tx);
}

// Participants: people copied on a ticket (by mail today), proposed or accepted.

/** Who replies are copied to: accepted participants only (a proposed one waits for an agent). */
export const acceptedParticipantsOf = (db: Kysely<DB>, ticketId: number) =>
  db
    .selectFrom('ticket_participants')
    .select(['email', 'name'])
    .where('ticket_id', '=', ticketId)
    .where('state', '=', 'accepted')
    .orderBy('created_at')
    .orderBy('email')
    .execute();

/** Every participant of a ticket with their state, for the agents who decide on proposals. */
export const participantsWithStateOf = (db: Kysely<DB>, ticketId: number) =>
  db.selectFrom('ticket_participants').select(['email', 'name', 'state', 'proposed_by']).where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('email').execute();

export type ParticipantRow = Awaited<ReturnType<typeof participantsWithStateOf>>[number];

/**
 * Adds people copied on a ticket's mail. Accepted ones are added or, when proposed before, accepted;
 * proposed ones never change someone already there. Returns who was added or changed.
 */
export interface CopiedPerson {
  address: string;
  name: string;
}
/** How people came to be added: accepted, or proposed by `sender` (a stranger's mail). */
export interface AddedBy {
  state: 'accepted' | 'proposed';
  sender: string;
}

export async function insertParticipants(tx: Kysely<DB>, ticketId: number, people: CopiedPerson[], now: Date, by: AddedBy): Promise<Array<{ email: string; state: string }>> {
  if (!people.length) return [];
  const proposed = by.state === 'proposed';
  const rows = people.map((person) => ({ ticket_id: ticketId, email: person.address, name: person.name, created_at: now, state: by.state, proposed_by: proposed ? by.sender : null }));
  return insertInSlices(rows, (slice) =>
    tx
      .insertInto('ticket_participants')
      .values(slice)
      .onConflict((oc) =>
        proposed ? oc.columns(['ticket_id', 'email']).doNothing() : oc.columns(['ticket_id', 'email']).doUpdateSet({ state: 'accepted' }).where('ticket_participants.state', '=', 'proposed'),
      )
      .returning(['email', 'state'])
      .execute(),
  );
}

export const findParticipant = (db: Kysely<DB>, ticketId: number, email: string) =>
  db.selectFrom('ticket_participants').select(['email', 'name', 'state', 'proposed_by']).where('ticket_id', '=', ticketId).where('email', '=', email).forUpdate().executeTakeFirst();

export const acceptParticipantRow = (tx: Kysely<DB>, ticketId: number, email: string) =>
  tx.updateTable('ticket_participants').set({ state: 'accepted' }).where('ticket_id', '=', ticketId).where('email', '=', email).execute();

export const deleteParticipant = (tx: Kysely<DB>, ticketId: number, email: string) =>
  tx.deleteFrom('ticket_participants').where('ticket_id', '=', ticketId).where('email', '=', email).execute();

/**
 * Of these tickets, those where the address is known: one of the customer's email identities, or an
 * accepted participant.
 */
export async function ticketsKnowingAddress(db: Kysely<DB>, ticketIds: number[], address: string): Promise<Set<number>> {
  if (!ticketIds.length) return new Set();
  const known = address.toLowerCase();
  const rows = await db
    .selectFrom('tickets')
    .select('tickets.id')
    .where('tickets.id', '=', anyOf(ticketIds, 'bigint'))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('customer_identities')
            .select(sql`1`.as('one'))
            .whereRef('customer_identities.customer_id', '=', 'tickets.customer_id')
            .where('customer_identities.kind', '=', 'email')
            .where(sql`lower(customer_identities.value)`, '=', known),
        ),
        eb.exists(
          eb
            .selectFrom('ticket_participants')
            .select(sql`1`.as('one'))
            .whereRef('ticket_participants.ticket_id', '=', 'tickets.id')
            .where('ticket_participants.email', '=', known)
            .where('ticket_participants.state', '=', 'accepted'),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
