// The website chat's verbs: sites admins set up, visitors (a token per browser that reads only its
// own conversations), whether anyone answers now, and a visitor's send: stored raw in the inbox
// first, deduplicated by the widget's client id, then made a message by the inbox job (adapter.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { locales, type ChatConversation, type ChatMessage, type Locale } from '@frontline/shared';
import type { ChatSitesTable, ChatTexts, ChatTopic, DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import type { IncomingFile } from '../../attachments/verbs.ts';
import { appendEvent } from '../../events/append.ts';
import { AppError, notFound, refused, unauthenticated } from '../../errors.ts';
import { updateCustomer } from '../../customers/verbs.ts';
import { addMessage, customerPreview } from '../../tickets/verbs.ts';
import { findMailbox } from '../../mailboxes/verbs.ts';
import { ReceiveBatcher, receiveRaw } from '../../inbox/receive.ts';
import { connectedAgentIds } from '../../live/verbs.ts';
import { originOf } from '../origins.ts';
import { hoursProblem, isOpen } from './hours.ts';
import {
  deleteSiteRow,
  findSite,
  findSiteByKey,
  findVisitorByToken,
  insertSite,
  insertVisitor,
  teamExists,
  updateSiteRow,
  updateVisitorRow,
  conversationsOfVisitor,
  type ChatSiteRow,
  type ChatVisitorRow,
  type ConversationRow,
} from './store.ts';
import type { CustomerMessageRow } from '../../tickets/verbs.ts';
import { membersOf } from '../../teams/verbs.ts';
import { EMAIL_SHAPE } from '../../customers/identity.ts';

export { findSite, listSites, type ChatSiteRow, type ChatVisitorRow } from './store.ts';

export const CHAT_CHANNEL = 'chat';
export const MAX_ALLOWED_ORIGINS = 20;
export const MAX_TOPICS = 20;
/** Bounds of what a visitor sends. */
export const chatLimits = { text: 10_000, files: 10, name: 200, email: 320, fileBytes: 10 * 1024 * 1024 } as const;
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const TOPIC_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

// ---- sites ----------------------------------------------------------------------------------

export type AskEmail = 'never' | 'offline' | 'always';
/** Hours as a request gives them: checked (hoursProblem) before they are a site's ChatHours. */
export type HoursInput = { timeZone: string; days: Record<string, Array<[string, string]> | undefined> };

export interface ChatSiteInput {
  name?: string | undefined;
  teamId?: number | null | undefined;
  mailboxId?: number | null | undefined;
  allowedOrigins?: string[] | undefined;
  texts?: ChatTexts | undefined;
  color?: string | undefined;
  position?: 'right' | 'left' | undefined;
  topics?: Array<Omit<ChatTopic, 'teamId'> & { teamId?: number | null | undefined }> | undefined;
  hours?: HoursInput | null | undefined;
  askEmail?: AskEmail | undefined;
  active?: boolean | undefined;
}

export const presentSite = (row: ChatSiteRow) => ({
  id: row.id,
  name: row.name,
  key: row.public_key,
  teamId: row.team_id,
  mailboxId: row.mailbox_id,
  allowedOrigins: row.allowed_origins,
  texts: row.texts,
  color: row.color,
  position: row.position as 'right' | 'left',
  topics: row.topics,
  hours: row.hours,
  askEmail: row.ask_email as AskEmail,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** What the widget may know of a site: its look and texts, never its team, mailbox or origins. */
export const publicSite = (row: ChatSiteRow, ctx: Context) => ({
  key: row.public_key,
  name: row.name,
  color: row.color,
  position: row.position as 'right' | 'left',
  texts: row.texts,
  topics: row.topics.map((topic) => ({ id: topic.id, label: topic.label })),
  askEmail: row.ask_email as AskEmail,
  maxFileBytes: maxFileBytes(ctx),
});

export const maxFileBytes = (ctx: Context) => Math.min(chatLimits.fileBytes, ctx.config.maxAttachmentBytes);

/** A site's public key: in every page that embeds the widget, long enough that nobody guesses one. */
const newSiteKey = () => `fcs_${randomBytes(18).toString('base64url')}`;

export async function createSite(tx: Kysely<DB>, input: ChatSiteInput & { name: string }, actorAgentId: number, now: Date) {
  const values = await checked(tx, input);
  const row = await insertSite(tx, { ...values, name: input.name.trim(), public_key: newSiteKey(), created_at: now, updated_at: now } as Parameters<typeof insertSite>[1]);
  await appendEvent(tx, { type: 'chat_site.created', actorAgentId, payload: { siteId: row.id } });
  return presentSite(row);
}

export async function updateSite(tx: Kysely<DB>, id: number, input: ChatSiteInput, actorAgentId: number, now: Date) {
  if (!(await findSite(tx, id))) throw notFound('chat_site_not_found', `There is no chat site ${id}.`);
  const row = (await updateSiteRow(tx, id, { ...(await checked(tx, input)), updated_at: now }))!;
  await appendEvent(tx, { type: 'chat_site.updated', actorAgentId, payload: { siteId: id, fields: Object.keys(input) } });
  return presentSite(row);
}

/** Removes a site: its widget stops, its visitors' tokens end; its tickets stay. */
export async function deleteSite(tx: Kysely<DB>, id: number, actorAgentId: number): Promise<void> {
  if (!(await deleteSiteRow(tx, id))) throw notFound('chat_site_not_found', `There is no chat site ${id}.`);
  await appendEvent(tx, { type: 'chat_site.deleted', actorAgentId, payload: { siteId: id } });
}

async function checked(tx: Kysely<DB>, input: ChatSiteInput): Promise<Updateable<ChatSitesTable>> {
  const values: Updateable<ChatSitesTable> = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw refused('name_required', 'The site needs a name.', { field: 'name' });
    values.name = input.name.trim();
  }
  const teamIds = [...(input.teamId ? [input.teamId] : []), ...(input.topics ?? []).flatMap((topic) => (topic.teamId ? [topic.teamId] : []))];
  for (const teamId of new Set(teamIds)) if (!(await teamExists(tx, teamId))) throw refused('team_not_found', `There is no team ${teamId}.`, { field: 'teamId' });
  if (input.teamId !== undefined) values.team_id = input.teamId;
  if (input.mailboxId !== undefined) {
    if (input.mailboxId !== null && !(await findMailbox(tx, input.mailboxId))) throw refused('mailbox_not_found', `There is no mailbox ${input.mailboxId}.`, { field: 'mailboxId' });
    values.mailbox_id = input.mailboxId;
  }
  if (input.allowedOrigins !== undefined) values.allowed_origins = [...new Set(input.allowedOrigins.map(originOf))];
  if (input.texts !== undefined) values.texts = JSON.stringify(cleanTexts(input.texts));
  if (input.color !== undefined) values.color = input.color.toLowerCase();
  if (input.position !== undefined) values.position = input.position;
  if (input.topics !== undefined) values.topics = JSON.stringify(cleanTopics(input.topics));
  if (input.hours !== undefined) {
    const problem = input.hours && hoursProblem(input.hours);
    if (problem) throw refused('invalid_hours', problem, { field: 'hours' });
    values.hours = input.hours ? JSON.stringify(input.hours) : null;
  }
  if (input.askEmail !== undefined) values.ask_email = input.askEmail;
  if (input.active !== undefined) values.active = input.active;
  return values;
}

function cleanTexts(texts: ChatTexts): ChatTexts {
  const clean: ChatTexts = {};
  for (const locale of locales) {
    const greeting = texts[locale]?.greeting?.trim();
    const offline = texts[locale]?.offline?.trim();
    if (greeting || offline) clean[locale] = { ...(greeting && { greeting }), ...(offline && { offline }) };
  }
  return clean;
}

function cleanTopics(topics: NonNullable<ChatSiteInput['topics']>): ChatTopic[] {
  const seen = new Set<string>();
  return topics.map((topic) => {
    if (!TOPIC_ID.test(topic.id)) throw refused('invalid_topic', `A topic's id is 1–40 lower-case letters, digits, - or _ ("${topic.id.slice(0, 40)}" is not).`, { field: 'topics' });
    if (seen.has(topic.id)) throw refused('invalid_topic', `The topic id "${topic.id}" is given twice.`, { field: 'topics' });
    seen.add(topic.id);
    const label: ChatTopic['label'] = {};
    for (const locale of locales) if (topic.label[locale]?.trim()) label[locale] = topic.label[locale]!.trim();
    if (!Object.keys(label).length) throw refused('invalid_topic', `The topic "${topic.id}" needs a label in at least one language.`, { field: 'topics' });
    return { id: topic.id, label, teamId: topic.teamId ?? null };
  });
}

/** The active site a public request names, or not found (the same answer for a switched-off site). */
export async function openSite(db: Kysely<DB>, key: string): Promise<ChatSiteRow> {
  const site = /^fcs_[A-Za-z0-9_-]{1,60}$/.test(key) ? await findSiteByKey(db, key) : undefined;
  if (!site?.active) throw notFound('chat_site_not_found', 'This chat does not exist or is switched off.');
  return site;
}

export type Availability = { open: boolean; reason: 'open' | 'closed' | 'nobody_online' };

/** Whether someone answers now: inside the site's hours, with an agent of its team (any agent, for a site without one) connected. */
export async function availability(ctx: Context, site: ChatSiteRow): Promise<Availability> {
  const now = ctx.clock.now();
  if (!isOpen(site.hours, now)) return { open: false, reason: 'closed' };
  const connected = await connectedAgentIds(ctx.db, now);
  const candidates = site.team_id === null ? connected : (await membersOf(ctx.db, site.team_id)).map(Number).filter((id: number) => connected.includes(id));
  return candidates.length ? { open: true, reason: 'open' } : { open: false, reason: 'nobody_online' };
}

// ---- visitors -------------------------------------------------------------------------------

export const VISITOR_TOKEN_PREFIX = 'flv_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const presentVisitor = (row: ChatVisitorRow) => ({ id: row.id, name: row.name, email: row.email, locale: row.locale });

const asLocale = (value: unknown): Locale | null => (typeof value === 'string' && (locales as readonly string[]).includes(value.slice(0, 2).toLowerCase()) ? (value.slice(0, 2).toLowerCase() as Locale) : null);

/** A visitor of the site and its token, shown once: only the token's hash is kept. */
export async function createVisitor(db: Kysely<DB>, site: ChatSiteRow, locale: unknown, now: Date) {
  const token = `${VISITOR_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  const row = await insertVisitor(db, { site_id: site.id, token_hash: hashToken(token), locale: asLocale(locale), created_at: now, last_seen_at: now });
  return { token, visitor: row };
}

/** The visitor a token names, or 401: unknown, malformed, or of a site switched off or removed. */
export async function visitorOfToken(db: Kysely<DB>, token: string | undefined): Promise<ChatVisitorRow> {
  const found = token && token.startsWith(VISITOR_TOKEN_PREFIX) && token.length <= 80 ? await findVisitorByToken(db, hashToken(token)) : undefined;
  if (!found?.site_active) throw unauthenticated('This chat session is not valid any more; the widget starts a new one.');
  const { site_active: _active, ...visitor } = found;
  return visitor;
}

/**
 * What a visitor says of themselves, so answers reach them by email while they are away. A visitor
 * who has written already gets the address on their customer (claimEmail), in the caller's transaction.
 */
export async function updateVisitor(tx: Kysely<DB>, visitor: ChatVisitorRow, input: { name?: string | undefined; email?: string | undefined; locale?: string | undefined }, now: Date) {
  const values: Updateable<ChatVisitorRow> = {};
  if (input.name !== undefined) values.name = input.name.trim().slice(0, chatLimits.name) || null;
  if (input.email !== undefined) {
    const email = input.email.trim().toLowerCase();
    if (email && (email.length > chatLimits.email || !EMAIL_SHAPE.test(email))) throw refused('invalid_email', `"${email.slice(0, 100)}" is not an email address.`, { field: 'email' });
    values.email = email || null;
  }
  if (input.locale !== undefined) values.locale = asLocale(input.locale);
  if (!Object.keys(values).length) return visitor;
  const updated = await updateVisitorRow(tx, visitor.id, values);
  if (updated.email && updated.email !== visitor.email && updated.customer_id !== null) {
    const notes: string[] = [];
    await claimEmail(tx, updated.customer_id, updated.email, now, notes);
    const [latest] = await conversationsOfVisitor(tx, visitor.id, 1);
    for (const note of notes) if (latest) await addMessage(tx, latest.ticket_id, { direction: 'outbound', internal: true, bodyText: note, channel: CHAT_CHANNEL }, { kind: 'system' }, now);
  }
  return updated;
}

/**
 * Adds the address a visitor gave to their customer. An address another customer has stays off:
 * typing someone's address must not open their history; agents can merge the two if it is them.
 */
export async function claimEmail(tx: Kysely<DB>, customerId: number, email: string, now: Date, notes: string[]): Promise<void> {
  try {
    await updateCustomer(tx, customerId, { addIdentities: [{ kind: 'email', value: email }] }, {}, now);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'identity_taken') throw error;
    notes.push(`The visitor gave the address ${email}, which is another customer's (customer ${(error.details as { customerId: number }).customerId}); it was not added. If it is the same person, merge the two customers.`);
  }
}


// ---- sends ----------------------------------------------------------------------------------

export interface ChatSend {
  clientId: string;
  conversationKey: string;
  conversationId: number | null;
  text: string;
  topic: string | null;
}

/** A send as it came (a WebSocket frame, JSON or multipart fields), checked; or what is wrong. */
export function readSend(fields: Record<string, unknown>, hasFiles: boolean): ChatSend | { code: string; message: string } {
  const clientId = fields.clientId;
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) return { code: 'invalid_client_id', message: 'clientId must be 8–64 letters, digits, - or _.' };
  const key = fields.conversationKey;
  if (typeof key !== 'string' || !CLIENT_ID.test(key)) return { code: 'invalid_conversation_key', message: 'conversationKey must be 8–64 letters, digits, - or _.' };
  const id = typeof fields.conversationId === 'string' && /^\d{1,15}$/.test(fields.conversationId) ? Number(fields.conversationId) : fields.conversationId;
  if (id !== undefined && id !== null && !(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) return { code: 'invalid_conversation', message: 'conversationId must be a conversation id.' };
  const text = typeof fields.text === 'string' ? fields.text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '') : '';
  if (text.length > chatLimits.text) return { code: 'text_too_long', message: `A message holds at most ${chatLimits.text} characters.` };
  if (!text.trim() && !hasFiles) return { code: 'empty_message', message: 'The message is empty.' };
  const topic = fields.topic;
  if (topic !== undefined && topic !== null && !(typeof topic === 'string' && TOPIC_ID.test(topic))) return { code: 'invalid_topic', message: 'topic must be one of the site\'s topic ids.' };
  return { clientId, conversationKey: key, conversationId: (id as number | null | undefined) ?? null, text, topic: (topic as string | null | undefined) ?? null };
}

/** What the inbox stores of a send: the send, who sent it, and its files (base64). */
export interface StoredSend extends ChatSend {
  visitorId: number;
  siteId: number;
  files: Array<{ filename: string; contentType: string; data: string }>;
}

/** Stores the send raw in the inbox (or finds it stored before, by its client id); through `db`, or a batcher that many sockets share. */
export async function receiveSend(db: Kysely<DB> | ReceiveBatcher, visitor: ChatVisitorRow, send: ChatSend, files: IncomingFile[], ip: string): Promise<{ duplicate: boolean; itemId: number }> {
  const stored: StoredSend = {
    ...send,
    visitorId: visitor.id,
    siteId: visitor.site_id,
    files: files.map((file) => ({ filename: file.filename.slice(0, 255), contentType: file.contentType.slice(0, 200), data: Buffer.from(file.data).toString('base64') })),
  };
  const input = {
    channel: CHAT_CHANNEL,
    dedupeKey: `${visitor.id}:${send.clientId}`,
    raw: new TextEncoder().encode(JSON.stringify(stored)),
    meta: { visitorId: visitor.id, siteId: visitor.site_id, ip },
    sender: `visitor ${visitor.id}`,
  };
  const received = db instanceof ReceiveBatcher ? await db.receive(input) : await receiveRaw(db, input);
  return { duplicate: received.duplicate, itemId: received.item.id };
}

// ---- views ----------------------------------------------------------------------------------


export function chatMessageView(row: CustomerMessageRow, conversationKey: string, attachments: Array<{ id: number; message_id: number; filename: string; content_type: string; size: number }>): ChatMessage {
  const fromVisitor = row.direction === 'inbound';
  return {
    id: row.id,
    conversationId: row.ticket_id,
    conversationKey,
    // A chat message keeps the widget's client id as its external id.
    clientId: fromVisitor && row.channel === CHAT_CHANNEL ? row.external_id : null,
    from: fromVisitor ? 'visitor' : row.agent_alias ? 'agent' : 'system',
    author: !fromVisitor && row.agent_alias ? { alias: row.agent_alias, avatarUrl: row.agent_avatar_url } : null,
    text: row.body_text,
    at: row.created_at.toISOString(),
    attachments: attachments.filter((file) => file.message_id === row.id).map((file) => ({ id: file.id, filename: file.filename, size: Number(file.size), contentType: file.content_type })),
  };
}

export const conversationView = (row: ConversationRow): ChatConversation => ({
  id: row.ticket_id,
  key: row.conversation_key,
  number: row.number,
  subject: row.subject,
  status: row.status,
  topic: row.topic,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  lastMessage: customerPreview(row) ? { text: customerPreview(row), from: row.last_message_author === 'customer' ? 'visitor' : 'agent' } : null,
  agentReadId: Number(row.agent_read_id),
  visitorReadId: Number(row.visitor_read_id),
});
