// The chat channel's adapter: a stored send becomes a message of the visitor's conversation (a new
// chat ticket for a new conversation key), in the order the visitor sent them. A reply is delivered
// by being in the conversation: the visitor's widget reads it (live, or when it resumes), and an
// answer left unread goes on by email (on-events.ts).
import { TextDecoder } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { subjectFromText } from '../subject.ts';
import type { ChannelAdapter, DeliveryResult, InboundItem, ProcessedInbound } from '../registry.ts';
import { storeAttachments } from '../../attachments/verbs.ts';
import { findOrCreateCustomer } from '../../customers/verbs.ts';
import { addInboundMessages, addMessage, createTicket, lockTickets, type MessageInput } from '../../tickets/verbs.ts';
import { CHAT_CHANNEL, claimEmail, type StoredSend } from './verbs.ts';
import { VISITOR_ORDER_WAIT, conversationByKey, conversationOfTicket, conversationsOfTicketsOrKeys, findSite, findVisitor, findVisitors, insertConversation, renameConversation, updateVisitorRow, type ChatVisitorRow } from './store.ts';
import { takeBatchInConversationOrder, takeInConversationOrder } from '../../inbox/order.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ChatChannel implements ChannelAdapter {
  readonly channel = CHAT_CHANNEL;

  async process(tx: Kysely<DB>, item: InboundItem, ctx: Context): Promise<ProcessedInbound> {
    const send = parseStored(item.raw);
    const visitor = await findVisitor(tx, send.visitorId);
    if (!visitor) return { ticketId: null, messageId: null, outcome: 'ignored', note: 'the visitor was removed with their site' };
    // A visitor's messages one at a time, in the order they were stored; retried until the earlier one is in.
    await takeInConversationOrder(tx, item, { visitorId: visitor.id }, VISITOR_ORDER_WAIT);

    const now = ctx.clock.now();
    const notes: string[] = [];
    const customerId = await customerOf(tx, visitor, now, notes);
    const actor = { kind: 'customer' as const, customerId };
    const message = messageOf(send, customerId, item.id);

    // The conversation the widget names: by id (only one of this visitor's), else by its key.
    const named = send.conversationId !== null ? await conversationOfTicket(tx, send.conversationId) : undefined;
    const existing = named?.visitor_id === visitor.id ? named : await conversationByKey(tx, visitor.id, send.conversationKey);
    let result;
    let topicNote: string | null = null;
    if (existing) {
      result = await addMessage(tx, existing.ticket_id, message, actor, now);
    } else {
      const site = await findSite(tx, visitor.site_id);
      const topic = site?.topics.find((candidate) => candidate.id === send.topic);
      if (send.topic && !topic) topicNote = `the topic "${send.topic}" is not one of the site's`;
      result = await createTicket(
        tx,
        { subject: subjectOf(send.text, visitor), customerId, channel: CHAT_CHANNEL, teamId: topic?.teamId ?? site?.team_id ?? null, mailboxId: site?.mailbox_id ?? null, language: visitor.locale, message },
        actor,
        now,
      );
    }
    // A closed ticket's follow-up is a new ticket (a merged one's, its target): the conversation
    // (its key) goes on there, and the earlier one stays listed under a key no widget sends.
    if (!existing || result.ticket.id !== existing.ticket_id) {
      if (existing) await renameConversation(tx, existing.ticket_id, retiredKey(existing.conversation_key, existing.ticket_id));
      await insertConversation(tx, { ticket_id: result.ticket.id, visitor_id: visitor.id, site_id: visitor.site_id, conversation_key: send.conversationKey, topic: existing?.topic ?? send.topic, created_at: now });
    }
    const target = { ticketId: result.ticket.id, messageId: result.message.id };
    // Told where agents look: on the ticket, as a note.
    for (const note of notes.splice(0)) await addMessage(tx, result.ticket.id, { direction: 'outbound', internal: true, bodyText: note, channel: CHAT_CHANNEL }, { kind: 'system' }, now);
    if (send.files.length) {
      await storeAttachments(tx, ctx.blobs, target, send.files.map((file) => ({ filename: file.filename, contentType: file.contentType, data: Buffer.from(file.data, 'base64') })));
    }
    return { ...target, outcome: existing && result.ticket.id === existing.ticket_id ? 'reply' : 'ticket', ...(topicNote && { note: topicNote }) };
  }

  /**
   * A chat at full tilt is many visitors each sending now and then: a batch's replies to known
   * conversations are taken together — their visitors, order, conversations and tickets read, and
   * the messages added (addInboundMessages), in a handful of statements for the whole batch. What is not
   * that plain (a visitor's first message, files, a second message of one visitor in the batch, a
   * closed or merged ticket, an earlier message still waiting) is left out, and the inbox hands it
   * to process() one at a time after these.
   */
  async processBatch(tx: Kysely<DB>, items: InboundItem[], ctx: Context): Promise<Map<number, ProcessedInbound>> {
    const results = new Map<number, ProcessedInbound>();
    const sends = items.map((item) => ({ item, send: parseStored(item.raw) }));
    const visitors = await findVisitors(tx, [...new Set(sends.map(({ send }) => send.visitorId))]);
    const known = sends.filter(({ send }) => visitors.get(send.visitorId)?.customer_id != null && send.files.length === 0);
    if (known.length === 0) return results;
    const free = await takeBatchInConversationOrder(tx, CHAT_CHANNEL, known.map(({ item, send }) => ({ id: item.id, conversation: { visitorId: send.visitorId } })), VISITOR_ORDER_WAIT);
    const plain = known.filter(({ item }) => free.has(item.id));
    const conversations = await conversationsOfTicketsOrKeys(
      tx,
      plain.flatMap(({ send }) => (send.conversationId === null ? [] : [send.conversationId])),
      plain.map(({ send }) => ({ visitorId: send.visitorId, key: send.conversationKey })),
    );
    const byTicket = new Map(conversations.map((row) => [Number(row.ticket_id), row]));
    const byKey = new Map(conversations.map((row) => [`${row.visitor_id}\u0000${row.conversation_key}`, row]));
    const targets = plain.flatMap(({ item, send }) => {
      const named = send.conversationId !== null ? byTicket.get(send.conversationId) : undefined;
      const existing = Number(named?.visitor_id) === send.visitorId ? named : byKey.get(`${send.visitorId}\u0000${send.conversationKey}`);
      return existing ? [{ item, send, ticketId: Number(existing.ticket_id) }] : [];
    });
    const tickets = await lockTickets(tx, [...new Set(targets.map((target) => target.ticketId))]);
    const taken = new Set<number>();
    const entries = targets.flatMap(({ item, send, ticketId }) => {
      const ticket = tickets.get(ticketId);
      if (!ticket || ticket.status === 'closed' || ticket.merged_into_id !== null || taken.has(ticketId)) return [];
      taken.add(ticketId);
      const customerId = visitors.get(send.visitorId)!.customer_id!;
      return [{ itemId: item.id, ticket, input: messageOf(send, customerId, item.id), actor: { kind: 'customer' as const, customerId } }];
    });
    const added = await addInboundMessages(tx, entries, ctx.clock.now());
    entries.forEach((entry, index) => results.set(entry.itemId, { ticketId: added[index]!.ticket.id, messageId: added[index]!.message.id, outcome: 'reply' }));
    return results;
  }

  /** The answer is in the conversation the widget reads: delivered. */
  async deliver(): Promise<DeliveryResult> {
    return {};
  }
}

/** The visitor's customer, made with their first message; the email they gave attached when nobody else has it. */
async function customerOf(tx: Kysely<DB>, visitor: ChatVisitorRow, now: Date, notes: string[]): Promise<number> {
  if (visitor.customer_id !== null) return visitor.customer_id;
  const customer = await findOrCreateCustomer(tx, { kind: 'widget', value: String(visitor.id), name: visitor.name ?? '' }, now);
  await updateVisitorRow(tx, visitor.id, { customer_id: customer.id });
  if (visitor.email) await claimEmail(tx, customer.id, visitor.email, now, notes);
  return customer.id;
}

/** A key no widget sends ('~' is not among a client key's characters), as long as a widget reads (64). */
const retiredKey = (key: string, ticketId: number) => {
  const suffix = `~${ticketId}`;
  return `${key.slice(0, 64 - suffix.length)}${suffix}`;
};

const messageOf = (send: StoredSend, customerId: number, itemId: number): MessageInput => ({
  direction: 'inbound',
  bodyText: send.text.trim() ? send.text : '(files)',
  authorCustomerId: customerId,
  channel: CHAT_CHANNEL,
  externalId: send.clientId,
  inboundItemId: itemId,
});

const subjectOf = (text: string, visitor: ChatVisitorRow) => subjectFromText(text, `Chat: ${visitor.name || `visitor ${visitor.id}`}`);

/** The stored send, checked again: the inbox keeps what came, and a bad item fails visibly. */
function parseStored(raw: Uint8Array): StoredSend {
  let value: StoredSend;
  try {
    value = JSON.parse(utf8.decode(raw)) as StoredSend;
  } catch (error) {
    throw new Error(`chat: the stored message is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!Number.isSafeInteger(value?.visitorId) || typeof value.clientId !== 'string' || typeof value.conversationKey !== 'string' || typeof value.text !== 'string' || !Array.isArray(value.files)) {
    throw new Error('chat: the stored message is not a chat send');
  }
  return value;
}
