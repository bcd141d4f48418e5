// Domain operations on tickets: open one with its first message, add a message, change fields.
// Each takes a transaction, writes history and domain events in it, and returns the new state.
import type { Kysely } from 'kysely';
import { isDeliveredChannel, type EventType, type TicketChanges as TicketEventChanges, type TicketPriority, type TicketRowState, type TicketStatus, type TicketView } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { appendEvent, appendEvents, type NewEvent } from '../events/append.ts';
import { conflict, notFound, refused } from '../errors.ts';
import { cleanSubject } from '../content/display-text.ts';
import { guessLanguage } from '../content/language.ts';
import { htmlToText, sanitizeMessageHtml } from '../content/sanitize.ts';
import { findCustomers, type CustomerRow } from '../customers/verbs.ts';
import { allowedNext, canTransition, normalizeTags, unansweredReasonNeeded, statusAfterAgentReply, statusAfterCustomerMessage } from './rules.ts';
import { insertHistory, insertMessages, insertTickets, lockTicket, lockTickets, updateTicketRow, updateTicketRows, type MessageRow, type TicketRow } from './store.ts';
import { authorOf, previewOf } from './preview.ts';
import { anyOf } from '../db/bulk.ts';

// What other features read (or, for a few, write) of tickets: the store's own functions, published
// here so that no feature imports another's store.ts.
export { findTicket, findTicketsById, openTicketsOfCustomer, findMessage, findMessagesById, lockTicket, lockTickets, mergeTargetOf, listTickets, ticketNumbers, ticketScopes, type TicketRow, type MessageRow, type TicketScope } from './store.ts';
export { customerPreview, customerTickets, customerTicket, customerMessages, customerMessagesById, customerAttachments, customerAttachment, type CustomerTicketRow, type CustomerMessageRow } from './customer-view.ts';

export interface Actor {
  kind: 'agent' | 'customer' | 'system';
  agentId?: number | null;
  customerId?: number | null;
}

export interface MessageInput {
  bodyText?: string | undefined;
  bodyHtml?: string | null | undefined;
  internal?: boolean | undefined;
  direction: 'inbound' | 'outbound';
  authorAgentId?: number | null | undefined;
  authorCustomerId?: number | null | undefined;
  /** The channel the message travels on; defaults to the ticket's. */
  channel?: string | undefined;
  externalId?: string | null | undefined;
  language?: string | null | undefined;
  /**
   * Sent or received by a machine (an acknowledgement of receipt, an auto-reply): it changes no
   * status and no response time, and notifies as such.
   */
  automatic?: boolean | undefined;
  /** Where quoted history or a signature starts in the text (email). */
  foldAt?: number | null | undefined;
  /** The raw inbound item the message was made from. */
  inboundItemId?: number | null | undefined;
  /** Addresses the message was copied to. */
  cc?: string[] | undefined;
  /** An inbound mail's From that is the help desk's own address (an agent's, a mailbox's): a claim, unverified. */
  claimedFrom?: string | null | undefined;
}

export interface TicketInput {
  subject: string;
  customerId: number;
  channel: string;
  priority?: TicketPriority | undefined;
  teamId?: number | null | undefined;
  assigneeId?: number | null | undefined;
  tags?: string[] | undefined;
  language?: string | null | undefined;
  linkedTicketId?: number | null | undefined;
  /** The mailbox an email ticket came in on and is answered from. */
  mailboxId?: number | null | undefined;
  /** An agent who has read the ticket as it opens (whoever opens it in the workspace): their read marker is written with it. */
  readBy?: number | undefined;
  message: MessageInput;
}

/** What the caller of createTickets has in hand already. */
export interface Known {
  /** Customers' rows it has read or written in this transaction: not read again. */
  customers?: CustomerRow[] | undefined;
  /** Events of its own to append first, in the tickets' one statement (a customer.created). */
  events?: NewEvent[] | undefined;
}

export async function createTicket(tx: Kysely<DB>, input: TicketInput, actor: Actor, now: Date, known: Known = {}): Promise<{ ticket: TicketRow; message: MessageRow }> {
  return (await createTickets(tx, [{ input, actor }], now, known))[0]!;
}

/**
 * Opens several tickets, each with its first message, in a fixed number of statements however many
 * there are (a mail storm turns into tickets in batches). Results in the order given.
 */
export async function createTickets(tx: Kysely<DB>, entries: Array<{ input: TicketInput; actor: Actor }>, now: Date, known: Known = {}): Promise<Array<{ ticket: TicketRow; message: MessageRow }>> {
  if (entries.length === 0) return [];
  const given = new Map((known.customers ?? []).map((customer) => [customer.id, customer]));
  const wanted = [...new Set(entries.map((entry) => entry.input.customerId))];
  const customers = new Map([...given, ...(await findCustomers(tx, wanted.filter((id) => !given.has(id))))]);
  for (const { input } of entries) {
    const customer = customers.get(input.customerId);
    if (!customer) throw refused('customer_not_found', `There is no customer ${input.customerId}.`);
    if (customer.merged_into_id) throw refused('customer_merged', `Customer ${customer.id} was merged into ${customer.merged_into_id}; use that one.`);
  }
  await checkReferences(tx, { teamIds: entries.map((entry) => entry.input.teamId), assigneeIds: entries.map((entry) => entry.input.assigneeId) });
  const prepared = entries.map(({ input }) => {
    const customer = customers.get(input.customerId)!;
    const text = messageText(input.message);
    const language = input.language ?? input.message.language ?? guessLanguage(`${input.subject}\n${text}`) ?? customer.language;
    const fromCustomer = input.message.direction === 'inbound';
    const isPublic = !input.message.internal;
    const byPerson = !input.message.automatic;
    // The first message's language, as insertMessageRows would work it out: stored with it and searched in it.
    const firstLanguage = messageLanguage(input.message.language ?? language, text, language ?? null);
    return {
      row: {
        firstMessage: { text, language: firstLanguage },
        subject: cleanSubject(input.subject) || cleanSubject(firstLine(text)),
        status: input.assigneeId ? 'open' : 'new',
        priority: input.priority ?? 'normal',
        channel: input.channel,
        team_id: input.teamId ?? null,
        assignee_id: input.assigneeId ?? null,
        tags: normalizeTags(input.tags ?? []),
        language: language ?? null,
        customer_id: customer.id,
        organization_id: customer.organization_id,
        linked_ticket_id: input.linkedTicketId ?? null,
        mailbox_id: input.mailboxId ?? null,
        created_at: now,
        updated_at: now,
        last_customer_message_at: fromCustomer ? now : null,
        last_agent_message_at: fromCustomer || !isPublic ? null : now,
        last_message_preview: byPerson ? previewOf(text, input.message.foldAt) : '',
        last_message_author: byPerson ? authorOf(input.message) : null,
        customer_waiting_since: fromCustomer && isPublic && byPerson ? now : null,
      },
    };
  });
  const tickets = await insertTickets(
    tx,
    prepared.map((entry, index) => ({ ...entry.row, openedBy: { agentId: entries[index]!.actor.agentId ?? null, kind: entries[index]!.actor.kind, readerId: entries[index]!.input.readBy } })),
  );
  const messageEntries = tickets.map((ticket, index) => {
    const { input, actor } = entries[index]!;
    return { ticket, input: { ...input.message, language: prepared[index]!.row.firstMessage.language }, actor };
  });
  const messages = await insertMessageRows(tx, messageEntries, now);
  // The caller's events, each ticket's (naming its first message), then the messages' own: one statement for all.
  await appendEvents<EventType>(tx, [
    ...(known.events ?? []),
    ...tickets.map((ticket, index): NewEvent<'ticket.created'> => {
      const customer = customers.get(ticket.customer_id)!;
      return {
        type: 'ticket.created',
        ticketId: ticket.id,
        actorAgentId: entries[index]!.actor.agentId ?? null,
        payload: {
          ...eventView(ticket),
          customer: { name: customer.name, unknownSender: customer.unknown_sender },
          messageId: messages[index]!.id,
          ...(entries[index]!.input.message.automatic && { automatic: true }),
        },
      };
    }),
    ...messageEvents(messageEntries, messages),
  ]);
  return tickets.map((ticket, index) => ({ ticket, message: messages[index]! }));
}

export interface AddedMessage {
  ticket: TicketRow;
  message: MessageRow;
}

/**
 * Adds a reply or note to the ticket with this id, or to this ticket row when the caller has locked
 * it in this transaction already (lockTicket). A customer's message on a closed ticket opens a new
 * ticket linked to it.
 */
export async function addMessage(tx: Kysely<DB>, target: number | TicketRow, input: MessageInput, actor: Actor, now: Date): Promise<AddedMessage> {
  const ticket = typeof target === 'number' ? await lockTicket(tx, target) : target;
  if (!ticket) throw notFound('ticket_not_found', `There is no ticket ${target as number}.`);
  if (ticket.merged_into_id !== null && !input.internal) {
    // A merged ticket lives on in its target: the customer's next message goes there.
    if (input.direction === 'inbound') return addMessage(tx, ticket.merged_into_id, input, actor, now);
    throw conflict('ticket_merged', `Ticket #${ticket.number} was merged into another ticket; reply there.`, { mergedIntoId: ticket.merged_into_id });
  }
  const status = ticket.status as TicketStatus;
  if (status === 'closed') {
    if (input.direction === 'inbound' && !input.internal) {
      const follow = await createTicket(
        tx,
        { subject: ticket.subject, customerId: ticket.customer_id, channel: input.channel ?? ticket.channel, priority: ticket.priority as TicketPriority, teamId: ticket.team_id, tags: ticket.tags, language: ticket.language, linkedTicketId: ticket.id, mailboxId: ticket.mailbox_id, message: input },
        actor,
        now,
      );
      return follow;
    }
    if (!input.internal) throw conflict('ticket_closed', `Ticket #${ticket.number} is closed; a closed ticket takes no more replies (internal notes are still allowed).`);
  }
  // A customer's message: what many customers' messages at once make of each.
  if (input.direction === 'inbound' && !input.internal && !input.automatic) return (await addInboundMessages(tx, [{ ticket, input, actor }], now))[0]!;
  // Its message.created follows the ticket's update, so the event carries the row as it now is.
  const message = (await storeMessages(tx, [{ ticket, input, actor }], now, { events: false }))[0]!;
  const changes: Parameters<typeof updateTicketRow>[2] = { updated_at: now };
  if (!input.automatic) {
    changes.last_message_preview = previewOf(message.body_text, message.fold_at);
    changes.last_message_author = authorOf(message);
  }
  let nextStatus = status;
  if (!input.internal && !input.automatic) {
    changes.last_agent_message_at = now;
    changes.customer_waiting_since = null;
    if (!ticket.first_response_at) changes.first_response_at = now;
    nextStatus = statusAfterAgentReply(status);
  }
  const history: Parameters<typeof updateTicketRow>[4] = [];
  if (nextStatus !== status) {
    Object.assign(changes, statusTimestamps(nextStatus, now));
    changes.status = nextStatus;
    history.push({ ticket_id: ticket.id, actor_agent_id: actor.agentId ?? null, actor_kind: actor.kind, field: 'status', before: JSON.stringify(status), after: JSON.stringify(nextStatus), created_at: now });
  }
  const updated = await updateTicketRow(tx, ticket.id, changes, { text: message.body_text, language: message.language }, history);
  // The message's event, then the status change's: one statement.
  await appendEvents<'message.created' | 'ticket.updated'>(tx, [
    ...messageEvents([{ ticket: updated, input, actor }], [message]),
    ...(nextStatus === status
      ? []
      : [{ type: 'ticket.updated', ticketId: ticket.id, actorAgentId: actor.agentId ?? null, payload: { ...eventView(updated), changes: { status: [status, nextStatus] } } } satisfies NewEvent<'ticket.updated'>]),
  ]);
  return { ticket: updated, message };
}

/**
 * Machine-written messages (acknowledgements of receipt) on many tickets, one each, in a fixed
 * number of statements however many: as addMessage stores an `automatic` message, they change no
 * status, preview or response time, only when the ticket changed and its search words. A ticket
 * closed or merged by now takes none. Returns what was added.
 */
export async function addAutomaticMessages(tx: Kysely<DB>, entries: Array<{ ticketId: number; input: MessageInput }>, actor: Actor, now: Date): Promise<AddedMessage[]> {
  if (new Set(entries.map((entry) => entry.ticketId)).size !== entries.length) throw new Error('addAutomaticMessages takes one message per ticket');
  const locked = await lockTickets(tx, entries.map((entry) => entry.ticketId));
  const open = entries.flatMap(({ ticketId, input }) => {
    const ticket = locked.get(ticketId);
    return ticket && ticket.status !== 'closed' && ticket.merged_into_id === null ? [{ ticket, input: { ...input, automatic: true }, actor }] : [];
  });
  if (open.length === 0) return [];
  const messages = await insertMessageRows(tx, open, now);
  const updated = await updateTicketRows(
    tx,
    open.map((entry, index) => ({ id: entry.ticket.id, message: { text: messages[index]!.body_text, language: messages[index]!.language } })),
    { updated_at: now },
  );
  const added = open.map((entry, index) => ({ ticket: updated.get(entry.ticket.id)!, message: messages[index]! }));
  await appendEvents(tx, messageEvents(open.map((entry, index) => ({ ...entry, ticket: added[index]!.ticket })), messages));
  return added;
}

/**
 * Customers' messages on several tickets, one each, in a fixed number of statements however many:
 * for each, what addMessage does with an inbound message (the preview, the customer's wait, the
 * status after it, its history and events), for a batch of chat replies. The caller has locked
 * every ticket (lockTickets) and found it taking replies: not closed, not merged. In order.
 */
export async function addInboundMessages(tx: Kysely<DB>, entries: MessageEntry[], now: Date): Promise<AddedMessage[]> {
  if (entries.length === 0) return [];
  if (new Set(entries.map((entry) => entry.ticket.id)).size !== entries.length) throw new Error('addInboundMessages takes one message per ticket');
  for (const { ticket, input } of entries) {
    if (input.direction !== 'inbound' || input.internal || input.automatic) throw new Error('addInboundMessages takes customers\' messages only');
    if (ticket.status === 'closed' || ticket.merged_into_id !== null) throw new Error(`ticket ${ticket.id} takes no message here (closed or merged)`);
  }
  const messages = await insertMessageRows(tx, entries, now);
  // Tickets changed alike go in one statement: by their status (which decides the next) and whether the customer was already waiting.
  const groups = new Map<string, number[]>();
  entries.forEach(({ ticket }, index) => {
    const key = `${ticket.status}|${ticket.customer_waiting_since ? 'waiting' : 'new'}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(index);
  });
  const updated = new Map<number, TicketRow>();
  for (const indexes of groups.values()) {
    const { ticket } = entries[indexes[0]!]!;
    const status = ticket.status as TicketStatus;
    const next = statusAfterCustomerMessage(status);
    const changes: Parameters<typeof updateTicketRows>[2] = { updated_at: now, last_message_author: 'customer', last_customer_message_at: now };
    // The wait runs from the first unanswered message: a second "any news?" does not reset it.
    if (!ticket.customer_waiting_since) changes.customer_waiting_since = now;
    if (next !== status) Object.assign(changes, statusTimestamps(next, now), { status: next });
    const rows = indexes.map((index) => ({ id: entries[index]!.ticket.id, message: { text: messages[index]!.body_text, language: messages[index]!.language }, preview: previewOf(messages[index]!.body_text, messages[index]!.fold_at) }));
    for (const [id, row] of await updateTicketRows(tx, rows, changes)) updated.set(id, row);
  }
  const added = entries.map((entry, index) => ({ ticket: updated.get(entry.ticket.id)!, message: messages[index]! }));
  const changed = entries.flatMap((entry, index) => (added[index]!.ticket.status !== entry.ticket.status ? [{ entry, ticket: added[index]!.ticket }] : []));
  await insertHistory(
    tx,
    changed.map(({ entry, ticket }) => ({ ticket_id: ticket.id, actor_agent_id: entry.actor.agentId ?? null, actor_kind: entry.actor.kind, field: 'status', before: JSON.stringify(entry.ticket.status), after: JSON.stringify(ticket.status), created_at: now })),
  );
  // Each message's event, then its ticket's status change (as addMessage orders them): one statement.
  const events = messageEvents(entries.map((entry, index) => ({ ...entry, ticket: added[index]!.ticket })), messages);
  await appendEvents<'message.created' | 'ticket.updated'>(
    tx,
    events.flatMap((event, index) => {
      const before = entries[index]!.ticket.status;
      const ticket = added[index]!.ticket;
      if (ticket.status === before) return [event];
      const update: NewEvent<'ticket.updated'> = { type: 'ticket.updated', ticketId: ticket.id, actorAgentId: entries[index]!.actor.agentId ?? null, payload: { ...eventView(ticket), changes: { status: [before as TicketStatus, ticket.status as TicketStatus] } } };
      return [event, update];
    }),
  );
  return added;
}

export interface TicketChanges {
  status?: TicketStatus | undefined;
  priority?: TicketPriority | undefined;
  teamId?: number | null | undefined;
  assigneeId?: number | null | undefined;
  tags?: string[] | undefined;
  subject?: string | undefined;
  language?: string | null | undefined;
  /** Why an agent solves or closes a ticket whose customer waits for an answer (rules.ts: unansweredReasonNeeded). */
  reason?: string | undefined;
}

const fieldColumns = {
  status: 'status',
  priority: 'priority',
  teamId: 'team_id',
  assigneeId: 'assignee_id',
  tags: 'tags',
  subject: 'subject',
  language: 'language',
} as const;

/** Changes ticket fields; records each change in history and one ticket.updated event. */
export async function updateTicket(tx: Kysely<DB>, ticketId: number, input: TicketChanges, actor: Actor, now: Date): Promise<TicketRow> {
  const ticket = await lockTicket(tx, ticketId);
  if (!ticket) throw notFound('ticket_not_found', `There is no ticket ${ticketId}.`);
  const current = ticket.status as TicketStatus;
  if (input.status && !canTransition(current, input.status)) {
    const reason = current === 'closed' ? 'a closed ticket cannot change status' : `allowed next: ${allowedNext(current).join(', ')}`;
    throw refused('invalid_transition', `Ticket #${ticket.number} cannot go from ${current} to ${input.status}; ${reason}.`, { from: current, to: input.status });
  }
  if (current === 'closed' && Object.keys(input).some((key) => key !== 'tags' && key !== 'status')) {
    throw conflict('ticket_closed', `Ticket #${ticket.number} is closed; only its tags can change.`);
  }
  await checkReferences(tx, { teamIds: [input.teamId], assigneeIds: [input.assigneeId] });
  const reason = unansweredReason(ticket, input, actor);
  const wanted = { ...input, ...(input.tags && { tags: normalizeTags(input.tags) }), ...(input.subject !== undefined && { subject: cleanSubject(input.subject) }) };
  if (wanted.subject === '') throw refused('empty_subject', 'The subject is empty once invisible characters are removed; give it words.');
  const changes: Record<string, unknown> = {};
  // Each pair is [the column's value, the wanted one]: the field's domain values, as the event declares them.
  const diff: Partial<Record<keyof typeof fieldColumns, [unknown, unknown]>> = {};
  for (const [field, column] of Object.entries(fieldColumns) as [keyof typeof fieldColumns, (typeof fieldColumns)[keyof typeof fieldColumns]][]) {
    const next = wanted[field];
    if (next === undefined) continue;
    const before = ticket[column];
    if (JSON.stringify(before) === JSON.stringify(next)) continue;
    changes[column] = next;
    diff[field] = [before, next];
  }
  if (Object.keys(diff).length === 0) return ticket;
  if (diff.status) Object.assign(changes, statusTimestamps(input.status!, now));
  // Assigning a new ticket to someone means work has started on it.
  if (diff.assigneeId && input.assigneeId && current === 'new' && !diff.status) {
    changes.status = 'open';
    diff.status = ['new', 'open'];
  }
  const updated = await updateTicketRow(
    tx,
    ticket.id,
    { ...changes, updated_at: now },
    undefined,
    [...Object.entries(diff), ...(reason !== null && diff.status ? [['unanswered_reason', [null, reason]] as const] : [])].map(([field, [before, after]]) => ({
      ticket_id: ticket.id,
      actor_agent_id: actor.agentId ?? null,
      actor_kind: actor.kind,
      field,
      before: JSON.stringify(before ?? null),
      after: JSON.stringify(after ?? null),
      created_at: now,
    })),
  );
  await appendEvent(tx, { type: 'ticket.updated', ticketId: ticket.id, actorAgentId: actor.agentId ?? null, payload: { ...eventView(updated), changes: diff as TicketEventChanges } });
  return updated;
}

/**
 * The reason an agent gives for solving or closing a ticket whose customer waits (null when none is
 * needed); refuses the change without one. A reason with no solve or close is refused too: it would
 * change nothing.
 */
function unansweredReason(ticket: TicketRow, input: TicketChanges, actor: Actor): string | null {
  const solves = input.status === 'solved' || input.status === 'closed';
  if (input.reason !== undefined && !solves) throw refused('reason_without_solve', 'A reason goes with solving or closing the ticket (status solved or closed); nothing else takes one.');
  if (!unansweredReasonNeeded(ticket, input.status, actor.kind)) return null;
  const reason = input.reason === undefined ? '' : cleanSubject(input.reason);
  if (reason === '') {
    throw conflict('customer_unanswered', `The customer of ticket #${ticket.number} is waiting for an answer; say why it is ${input.status} without one (a "reason").`, {
      customerWaitingSince: ticket.customer_waiting_since!.toISOString(),
    });
  }
  return reason;
}

type MessageEntry = { ticket: TicketRow; input: MessageInput; actor: Actor };

/**
 * Messages on their tickets: rows and their message.created events (unless `events: false`: the
 * caller appends `messageEvents` once it has updated the ticket, whose row state the events carry).
 * A public reply on a delivered channel is stored as queued; the outbound feature's reaction to
 * the event delivers it.
 */
export async function storeMessages(tx: Kysely<DB>, entries: MessageEntry[], now: Date, options: { events?: boolean } = {}): Promise<MessageRow[]> {
  if (entries.length === 0) return [];
  const messages = await insertMessageRows(tx, entries, now);
  if (options.events !== false) await appendEvents(tx, messageEvents(entries, messages));
  return messages;
}

async function insertMessageRows(tx: Kysely<DB>, entries: MessageEntry[], now: Date): Promise<MessageRow[]> {
  const rows = entries.map(({ ticket, input }) => {
    const channel = input.channel ?? ticket.channel;
    const delivered = input.direction === 'outbound' && !input.internal && isDeliveredChannel(channel);
    const text = messageText(input);
    return {
      ticket_id: ticket.id,
      internal: input.internal ?? false,
      direction: input.direction,
      author_agent_id: input.authorAgentId ?? null,
      author_customer_id: input.authorCustomerId ?? (input.direction === 'inbound' ? ticket.customer_id : null),
      body_text: text,
      body_html: input.bodyHtml ? sanitizeMessageHtml(input.bodyHtml) : null,
      language: messageLanguage(input.language, text, ticket.language),
      channel,
      delivery_status: delivered ? 'queued' : null,
      external_id: input.externalId ?? null,
      created_at: now,
      fold_at: input.foldAt ?? null,
      inbound_item_id: input.inboundItemId ?? null,
      cc: input.cc ?? [],
      claimed_from: input.claimedFrom ?? null,
    };
  });
  return insertMessages(tx, rows);
}

/** The message.created event of each message, with its ticket's row as `entries` give it. */
function messageEvents(entries: MessageEntry[], messages: MessageRow[]): NewEvent<'message.created'>[] {
  return messages.map((message, index) => {
    const { ticket, input, actor } = entries[index]!;
    return {
      type: 'message.created',
      ticketId: ticket.id,
      actorAgentId: actor.agentId ?? null,
      payload: {
        messageId: message.id,
        ticketNumber: ticket.number,
        number: ticket.number,
        subject: ticket.subject,
        internal: message.internal,
        direction: message.direction,
        channel: message.channel,
        teamId: ticket.team_id,
        assigneeId: ticket.assignee_id,
        ...(input.automatic && { automatic: true }),
        ...rowState(ticket),
      },
    };
  });
}

/** The language a message is stored (and searched) in. */
const messageLanguage = (given: string | null | undefined, text: string, ticketLanguage: string | null) => given ?? guessLanguage(text) ?? ticketLanguage;

function messageText(input: MessageInput): string {
  const text = input.bodyText?.trim() || (input.bodyHtml ? htmlToText(input.bodyHtml) : '');
  if (!text) throw refused('empty_message', 'A message needs a body: send "body" (text) or "html".');
  return text;
}

function statusTimestamps(status: TicketStatus, now: Date) {
  if (status === 'solved') return { solved_at: now };
  if (status === 'closed') return { closed_at: now };
  if (status === 'open' || status === 'new') return { solved_at: null };
  return {};
}

async function checkReferences(tx: Kysely<DB>, refs: { teamIds: Array<number | null | undefined>; assigneeIds: Array<number | null | undefined> }) {
  const teamIds = [...new Set(refs.teamIds.filter((id): id is number => !!id))];
  const assigneeIds = [...new Set(refs.assigneeIds.filter((id): id is number => !!id))];
  if (teamIds.length) {
    const found = new Set((await tx.selectFrom('teams').select('id').where('id', '=', anyOf(teamIds, 'bigint')).execute()).map((team) => team.id));
    const missing = teamIds.find((id) => !found.has(id));
    if (missing) throw refused('team_not_found', `There is no team ${missing}.`);
  }
  if (assigneeIds.length) {
    const agents = new Map((await tx.selectFrom('agents').select(['id', 'active', 'role']).where('id', '=', anyOf(assigneeIds, 'bigint')).execute()).map((agent) => [agent.id, agent]));
    for (const id of assigneeIds) {
      const agent = agents.get(id);
      if (!agent) throw refused('agent_not_found', `There is no agent ${id}.`);
      if (!agent.active) throw refused('agent_inactive', `Agent ${id} is deactivated and cannot take tickets.`);
      if (agent.role === 'light_agent') throw refused('agent_cannot_take_tickets', `Agent ${id} is a light agent and cannot be assigned tickets.`);
    }
  }
}

const firstLine = (text: string) => text.split('\n')[0]!.slice(0, 200);

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** What a ticket's list row shows of its conversation, as events carry it. */
const rowState = (ticket: TicketRow): TicketRowState => ({
  status: ticket.status as TicketStatus,
  updatedAt: ticket.updated_at.toISOString(),
  lastMessagePreview: ticket.last_message_preview,
  lastMessageAuthor: ticket.last_message_author,
  lastCustomerMessageAt: iso(ticket.last_customer_message_at),
  customerWaitingSince: iso(ticket.customer_waiting_since),
});

/** The view of a ticket that events carry: what subscribers route and filter on, and what a list row places it by. */
export const eventView = (ticket: TicketRow): TicketView => ({
  ...rowState(ticket),
  number: ticket.number,
  subject: ticket.subject,
  priority: ticket.priority as TicketPriority,
  channel: ticket.channel,
  teamId: ticket.team_id,
  assigneeId: ticket.assignee_id,
  customerId: ticket.customer_id,
  organizationId: ticket.organization_id,
  tags: ticket.tags,
  language: ticket.language,
});
