// A ticket's participants: people copied on it besides its customer (today by mail). A channel adds
// them as it reads a message (accepted when the sender is known on the ticket, proposed when a
// stranger copied them); agents accept a proposed one (then copied on replies) or remove anyone.
// Each change an agent makes, and each proposal, is in the ticket's history; agents' changes are events.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { appendEvent } from '../events/append.ts';
import { notFound } from '../errors.ts';
import { acceptParticipantRow, acceptedParticipantsOf, deleteParticipant, findParticipant, insertHistory, insertParticipants, lockTicket, participantsWithStateOf, ticketsKnowingAddress, type AddedBy, type CopiedPerson, type ParticipantRow, type TicketRow } from './store.ts';
import { eventView } from './verbs.ts';

export type { ParticipantRow } from './store.ts';

/** Who replies are copied to: accepted participants only (a proposed one waits for an agent). */
export const participantsOf = (db: Kysely<DB>, ticketId: number): Promise<Array<{ email: string; name: string }>> => acceptedParticipantsOf(db, ticketId);

/** Every participant with their state, for the agents who decide on proposals. */
export const participantsWithState = (db: Kysely<DB>, ticketId: number): Promise<ParticipantRow[]> => participantsWithStateOf(db, ticketId);

/** Of these tickets, those where the address is known: one of the customer's email identities, or an accepted participant. */
export const ticketsKnowing = (db: Kysely<DB>, ticketIds: number[], address: string): Promise<Set<number>> => ticketsKnowingAddress(db, ticketIds, address);

/**
 * Adds people copied on a message to its ticket. Accepted ones are added or, when proposed before,
 * accepted; proposed ones (`by.sender` copied them) never change someone already there, and each new
 * proposal is written in the ticket's history. Returns who was added or changed.
 */
export async function addParticipants(tx: Kysely<DB>, ticketId: number, people: CopiedPerson[], now: Date, by: AddedBy): Promise<Array<{ email: string; state: string }>> {
  const added = await insertParticipants(tx, ticketId, people, now, by);
  if (by.state === 'proposed' && added.length) {
    await insertHistory(
      tx,
      added.map((person) => ({ ticket_id: ticketId, actor_agent_id: null, actor_kind: 'customer' as const, field: 'participant', before: null, after: JSON.stringify({ email: person.email, state: 'proposed', proposedBy: by.sender }) })),
    );
  }
  return added;
}

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

/** The API's shape of a ticket participant. */
export const presentParticipant = (row: ParticipantRow) => ({
  email: row.email,
  name: row.name,
  state: row.state,
  proposedBy: row.state === 'proposed' ? row.proposed_by : null,
});

async function lockParticipant(tx: Kysely<DB>, input: ParticipantChange) {
  const ticket = await lockTicket(tx, input.ticketId);
  if (!ticket) throw notFound('ticket_not_found', `There is no ticket ${input.ticketId}.`);
  const participant = await findParticipant(tx, ticket.id, input.email.trim().toLowerCase());
  if (!participant) throw notFound('participant_not_found', `${input.email} is not a participant of ticket #${ticket.number}.`);
  return { ticket, participant };
}

type Side = { email: string; state: string } | null;

async function recordChange(tx: Kysely<DB>, ticket: TicketRow, agentId: number, before: Side, after: Side) {
  await insertHistory(tx, [{ ticket_id: ticket.id, actor_agent_id: agentId, actor_kind: 'agent', field: 'participant', before: JSON.stringify(before), after: JSON.stringify(after) }]);
  await appendEvent(tx, { type: 'ticket.updated', ticketId: ticket.id, actorAgentId: agentId, payload: { ...eventView(ticket), changes: { participant: [before, after] } } });
}
