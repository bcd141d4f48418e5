// Agents decide on a ticket's participants: accept someone a stranger's mail proposed (they are
// then copied on replies) or remove anyone. Each change is in the ticket's history and events.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { appendEvent } from '../../events/append.ts';
import { notFound } from '../../errors.ts';
import { insertHistory, lockTicket } from '../../tickets/store.ts';
import { eventView } from '../../tickets/verbs.ts';
import { acceptParticipantRow, deleteParticipant, findParticipant, type ParticipantRow } from './store.ts';

export interface ParticipantChange {
  ticketId: number;
  email: string;
  agentId: number;
}

/** Accepting someone already accepted changes nothing. */
export async function acceptParticipant(tx: Kysely<DB>, input: ParticipantChange): Promise<ParticipantRow> {
  const { participant, ticket } = await lockParticipant(tx, input);
  if (participant.state === 'accepted') return participant;
  await acceptParticipantRow(tx, ticket.id, participant.email);
  await recordChange(tx, ticket, input.agentId, { email: participant.email, state: participant.state }, { email: participant.email, state: 'accepted' });
  return { ...participant, state: 'accepted' };
}

export async function removeParticipant(tx: Kysely<DB>, input: ParticipantChange): Promise<void> {
  const { participant, ticket } = await lockParticipant(tx, input);
  await deleteParticipant(tx, ticket.id, participant.email);
  await recordChange(tx, ticket, input.agentId, { email: participant.email, state: participant.state }, null);
}

async function lockParticipant(tx: Kysely<DB>, input: ParticipantChange) {
  const ticket = await lockTicket(tx, input.ticketId);
  if (!ticket) throw notFound('ticket_not_found', `There is no ticket ${input.ticketId}.`);
  const participant = await findParticipant(tx, ticket.id, input.email.trim().toLowerCase());
  if (!participant) throw notFound('participant_not_found', `${input.email} is not a participant of ticket #${ticket.number}.`);
  return { ticket, participant };
}

type Side = { email: string; state: string } | null;

async function recordChange(tx: Kysely<DB>, ticket: NonNullable<Awaited<ReturnType<typeof lockTicket>>>, agentId: number, before: Side, after: Side) {
  await insertHistory(tx, [{ ticket_id: ticket.id, actor_agent_id: agentId, actor_kind: 'agent', field: 'participant', before: JSON.stringify(before), after: JSON.stringify(after) }]);
  await appendEvent(tx, { type: 'ticket.updated', ticketId: ticket.id, actorAgentId: agentId, payload: { ...eventView(ticket), changes: { participant: [before, after] } } });
}
