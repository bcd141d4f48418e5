// What a call's events become, in the inbox job's transaction: a ringing inbound call tells the
// agents it concerns (call.ringing, with the caller's card and open tickets); an answered call that
// ends is logged on the caller's ticket; a missed call becomes a ticket for a call-back, which a
// second missed call joins while it is open. Each call's row puts its events together once.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { appendEvent } from '../../events/append.ts';
import { normalizeIdentity } from '../../customers/identity.ts';
import { customerSummaries, findCustomer, findIdentity, findOrCreateCustomer, type CustomerRow } from '../../customers/verbs.ts';
import { addMessage, createTicket, findTicket, openTicketsOfCustomer, type Actor, type MessageInput } from '../../tickets/verbs.ts';
import { findAgent, findAgentByEmail } from '../../agents/verbs.ts';
import type { ProcessedInbound } from '../registry.ts';
import type { CallEvent } from './schemas.ts';
import { lastMissedCallTicket, lockNumber, updateCallRow, upsertCall, type CallRow, type IntegrationRow } from './store.ts';

/** How many of the caller's open tickets a pop-up lists. */
const POPUP_TICKETS = 10;

interface CallContext {
  integration: IntegrationRow;
  event: CallEvent;
  itemId: number;
  now: Date;
}

export async function handleCallEvent(tx: Kysely<DB>, input: CallContext): Promise<ProcessedInbound> {
  const { integration, event, now } = input;
  const at = event.at ? new Date(event.at) : now;
  const number = normalizeIdentity('phone', event.direction === 'inbound' ? event.from : event.to);
  const agent = event.agentEmail ? await findAgentByEmail(tx, event.agentEmail) : undefined;
  const agentId = agent?.active ? agent.id : null;
  const call = await upsertCall(tx, {
    integration_id: integration.id,
    call_id: event.callId,
    direction: event.direction,
    number,
    agent_id: agentId,
    created_at: now,
    updated_at: now,
  });
  const none = (outcome: string, note?: string): ProcessedInbound => ({ ticketId: null, messageId: null, outcome, ...(note && { note }) });
  const agentOf = agentId ?? call.agent_id;
  switch (event.event) {
    case 'ringing':
      if (call.ringing_at) return none('duplicate', 'this call rang before');
      await updateCallRow(tx, call.id, { ringing_at: at, agent_id: agentOf });
      if (event.direction !== 'inbound') return none('ringing');
      await announceRinging(tx, integration, event, call, agentId);
      return none('ringing');
    case 'answered': {
      const answered = await updateCallRow(tx, call.id, { answered_at: call.answered_at ?? at, agent_id: agentOf });
      // Its end overtook it (their jobs ran the other way round): logged now, after all.
      if (call.ended_at && !call.logged_at) return logCall(tx, input, answered);
      return none('answered');
    }
    case 'ended': {
      if (call.ended_at) return none('duplicate', 'this call ended before');
      const ended = await updateCallRow(tx, call.id, {
        ended_at: at,
        duration_seconds: event.durationSeconds ?? null,
        notes: event.notes?.trim() || null,
        recording_url: event.recordingUrl ?? null,
        agent_id: agentOf,
      });
      if (call.answered_at || (event.durationSeconds ?? 0) > 0) return logCall(tx, input, ended);
      if (call.missed_at) return none('duplicate', 'this missed call has its ticket already');
      // An inbound call that ends unanswered was missed, whether or not the system says so too.
      if (event.direction === 'inbound') return missedCall(tx, input, ended, at);
      return none('ended', 'an outbound call nobody answered');
    }
    case 'missed':
      if (call.missed_at || call.logged_at) return none('duplicate', 'this call was settled already');
      if (event.direction !== 'inbound') return none('ignored', 'an outbound call the customer did not answer');
      return missedCall(tx, input, call, at);
  }
}

async function announceRinging(tx: Kysely<DB>, integration: IntegrationRow, event: CallEvent, call: CallRow, agentId: number | null): Promise<void> {
  const identity = await findIdentity(tx, 'phone', call.number);
  const customer = identity ? await findCustomer(tx, identity.customer_id) : undefined;
  const summary = customer ? (await customerSummaries(tx, [customer.id]))[0] : undefined;
  const tickets = customer ? await openTicketsOfCustomer(tx, customer.id, POPUP_TICKETS) : [];
  await appendEvent(tx, {
    type: 'call.ringing',
    payload: {
      integrationId: integration.id,
      callId: event.callId,
      number: call.number,
      to: normalizeIdentity('phone', event.to),
      agentId,
      teamId: agentId === null ? integration.team_id : null,
      customer: customer ? { id: customer.id, name: customer.name, organization: summary?.organization_name ?? null } : null,
      tickets: tickets.map((ticket) => ({ id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status as 'new', teamId: ticket.team_id, assigneeId: ticket.assignee_id })),
    },
  });
}

/**
 * The answered call, ended: a record on the ticket its unanswered end opened (when the answer came
 * late), else the customer's most recent open ticket, else a new one.
 */
async function logCall(tx: Kysely<DB>, { integration, event, itemId, now }: CallContext, call: CallRow): Promise<ProcessedInbound> {
  await lockNumber(tx, call.number);
  const customer = await findOrCreateCustomer(tx, { kind: 'phone', value: call.number }, now);
  const agent = call.agent_id === null ? undefined : await findAgent(tx, call.agent_id);
  const duration = call.duration_seconds ?? (call.answered_at && call.ended_at ? Math.max(0, Math.round((call.ended_at.getTime() - call.answered_at.getTime()) / 1000)) : 0);
  const message: MessageInput = {
    direction: call.direction,
    bodyText: callRecord({ direction: call.direction, number: call.number, other: normalizeIdentity('phone', call.direction === 'inbound' ? event.to : event.from), duration, agent: agent?.name, notes: call.notes, recordingUrl: call.recording_url }),
    channel: 'phone',
    // A record of what happened on the phone: it neither waits for an answer nor answers one.
    automatic: true,
    authorCustomerId: call.direction === 'inbound' ? customer.id : null,
    authorAgentId: call.direction === 'outbound' ? call.agent_id : null,
    externalId: `call:${event.callId}`,
    inboundItemId: itemId,
  };
  const actor: Actor = call.direction === 'inbound' ? { kind: 'customer', customerId: customer.id } : call.agent_id !== null ? { kind: 'agent', agentId: call.agent_id } : { kind: 'system' };
  const own = call.ticket_id === null ? undefined : await findTicket(tx, call.ticket_id);
  const target = own && isOpen(own) ? own : (await openTicketsOfCustomer(tx, customer.id, 1))[0];
  const label = customer.name || call.number;
  const result = target
    ? await addMessage(tx, target.id, message, actor, now)
    : await createTicket(tx, { subject: call.direction === 'inbound' ? `Call from ${label}` : `Call to ${label}`, customerId: customer.id, channel: 'phone', teamId: integration.team_id, message }, actor, now);
  await updateCallRow(tx, call.id, { logged_at: now, duration_seconds: duration, customer_id: customer.id, ticket_id: result.ticket.id, message_id: result.message.id });
  return { ticketId: result.ticket.id, messageId: result.message.id, outcome: target ? 'call logged' : 'ticket' };
}

const isOpen = (ticket: { status: string }) => ticket.status !== 'solved' && ticket.status !== 'closed';

/** A missed call: a new ticket for a call-back, or the open one an earlier missed call opened. */
async function missedCall(tx: Kysely<DB>, { integration, event, itemId, now }: CallContext, call: CallRow, at: Date): Promise<ProcessedInbound> {
  await lockNumber(tx, call.number);
  const customer = await findOrCreateCustomer(tx, { kind: 'phone', value: call.number }, now);
  const earlier = await openMissedTicket(tx, customer);
  const message: MessageInput = {
    direction: 'inbound',
    bodyText: `Missed call from ${call.number} to ${normalizeIdentity('phone', event.to)} at ${at.toISOString()}.${event.notes ? `\nNotes: ${event.notes}` : ''}`,
    channel: 'phone',
    authorCustomerId: customer.id,
    externalId: `call:${event.callId}`,
    inboundItemId: itemId,
  };
  const actor: Actor = { kind: 'customer', customerId: customer.id };
  const result = earlier
    ? await addMessage(tx, earlier, message, actor, now)
    : await createTicket(tx, { subject: `Missed call from ${customer.name || call.number}`, customerId: customer.id, channel: 'phone', teamId: integration.team_id, message }, actor, now);
  // Not ended: a queue may report one agent's missed ring and another agent's answer of one call.
  await updateCallRow(tx, call.id, { missed_at: at, customer_id: customer.id, ticket_id: result.ticket.id, message_id: result.message.id });
  return { ticketId: result.ticket.id, messageId: result.message.id, outcome: earlier ? 'reply' : 'ticket' };
}

/** The ticket of the customer's last missed call, while it is still open. */
async function openMissedTicket(tx: Kysely<DB>, customer: CustomerRow): Promise<number | null> {
  const ticketId = await lastMissedCallTicket(tx, customer.id);
  const ticket = ticketId === null ? undefined : await findTicket(tx, ticketId);
  return ticket && isOpen(ticket) ? ticket.id : null;
}

/** The call as the conversation shows it (plain text, one fact a line). */
export function callRecord(call: { direction: 'inbound' | 'outbound'; number: string; other: string; duration: number; agent?: string | undefined; notes?: string | null; recordingUrl?: string | null }): string {
  const lines = [
    call.direction === 'inbound' ? `Inbound call from ${call.number} to ${call.other}` : `Outbound call from ${call.other} to ${call.number}`,
    `Duration: ${formatDuration(call.duration)}`,
    ...(call.agent ? [`Agent: ${call.agent}`] : []),
    ...(call.notes ? [`Notes: ${call.notes}`] : []),
    ...(call.recordingUrl ? [`Recording: ${call.recordingUrl}`] : []),
  ];
  return lines.join('\n');
}

export const formatDuration = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h} h ${m} min ${s} s` : m ? `${m} min ${s} s` : `${s} s`;
};
