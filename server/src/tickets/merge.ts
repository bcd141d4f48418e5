// Merging two tickets of one customer: the source's conversation moves into the target (in time
// order, attachments and participants with it), the source is closed and points at the target.
import type { Kysely } from 'kysely';
import type { TicketStatus } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import { appendEvents } from '../events/append.ts';
import { recordAudit, type AuditActor } from '../audit/verbs.ts';
import { conflict, notFound, refused, type AppError } from '../errors.ts';
import { absorbTicket, insertHistory, lockTickets, moveConversation, refreshRowFacts, updateTicketRow, type TicketRow } from './store.ts';
import { eventView, type Actor } from './verbs.ts';

export interface MergeResult {
  source: TicketRow;
  target: TicketRow;
  movedMessages: number;
}

/** Why a merge is refused (the error to throw), or null when it may go ahead: a pure rule, tested on its own. */
export function mergeRefusal(source: TicketRow, target: TicketRow): AppError | null {
  if (source.id === target.id) return refused('merge_into_self', 'A ticket cannot be merged into itself; choose another ticket of the customer.');
  if (source.merged_into_id !== null) return conflict('ticket_merged', `Ticket #${source.number} was already merged into another ticket.`);
  if (target.merged_into_id !== null) {
    return conflict('target_merged', `Ticket #${target.number} was itself merged into another ticket; merge into that one instead.`);
  }
  if (target.status === 'closed') return conflict('target_closed', `Ticket #${target.number} is closed and takes no more messages; merge into an open ticket.`);
  if (source.customer_id !== target.customer_id) {
    return refused('different_customers', `Tickets #${source.number} and #${target.number} belong to different customers; only tickets of one customer can be merged (merge the customers first).`);
  }
  return null;
}

/** Merges `sourceId` into `targetId`; the caller has checked that the principal may see both. */
export async function mergeTickets(tx: Kysely<DB>, sourceId: number, targetId: number, actor: Actor & { address?: string | null }, now: Date): Promise<MergeResult> {
  if (sourceId === targetId) throw refused('merge_into_self', 'A ticket cannot be merged into itself; choose another ticket of the customer.');
  const locked = await lockTickets(tx, [sourceId, targetId]);
  const source = locked.get(sourceId);
  const target = locked.get(targetId);
  if (!source) throw notFound('ticket_not_found', `There is no ticket ${sourceId}.`);
  if (!target) throw notFound('ticket_not_found', `There is no ticket ${targetId}.`);
  const refusal = mergeRefusal(source, target);
  if (refusal) throw refusal;

  const movedMessages = await moveConversation(tx, source.id, target.id);
  const closed = await updateTicketRow(tx, source.id, { status: 'closed', closed_at: now, merged_into_id: target.id, updated_at: now });
  const absorbed = await absorbTicket(tx, source, target.id, now);
  // The inbox rows of both: the target's preview and wait now span both conversations, the source has none.
  await refreshRowFacts(tx, [source.id, target.id]);
  const by = { actor_agent_id: actor.agentId ?? null, actor_kind: actor.kind };
  await insertHistory(tx, [
    ...(source.status !== 'closed' ? [{ ticket_id: source.id, ...by, field: 'status', before: JSON.stringify(source.status), after: JSON.stringify('closed') }] : []),
    { ticket_id: source.id, ...by, field: 'merged_into', before: null, after: JSON.stringify({ ticketId: target.id, number: target.number }) },
    { ticket_id: target.id, ...by, field: 'merged_from', before: null, after: JSON.stringify({ ticketId: source.id, number: source.number, messages: movedMessages }) },
  ]);
  const merge = { sourceId: source.id, sourceNumber: source.number, targetId: target.id, targetNumber: target.number };
  const actorAgentId = actor.agentId ?? null;
  await appendEvents(tx, [
    { type: 'ticket.updated', ticketId: source.id, actorAgentId, payload: { ...eventView(closed), changes: { status: [source.status as TicketStatus, 'closed'], mergedIntoId: [null, target.id] } } },
    { type: 'ticket.merged', ticketId: source.id, actorAgentId, payload: { ...merge, role: 'source' } },
    { type: 'ticket.merged', ticketId: target.id, actorAgentId, payload: { ...merge, role: 'target', movedMessages } },
  ]);
  const audit: AuditActor = { agentId: actorAgentId, address: actor.address ?? null };
  await recordAudit(
    tx,
    [source, target].map((ticket) => ({
      actor: audit,
      action: 'ticket.merged' as const,
      subject: { type: 'ticket' as const, id: ticket.id },
      before: { status: ticket.status },
      after: { ...merge, movedMessages },
    })),
    now,
  );
  return { source: closed, target: absorbed, movedMessages };
}
