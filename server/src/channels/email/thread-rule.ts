// Which ticket an inbound mail joins, and whether the people it copies are trusted. Ticket numbers
// are sequential and Message-IDs leak to everyone once copied, so only our own Message-IDs thread
// anyone; every other clue (a [#n] tag, the customer's own Message-IDs) needs a known sender.

/** How a mail points at a ticket, strongest first. */
export type ThreadClue = 'our-message-id' | 'their-message-id' | 'subject-tag';

export interface ThreadCandidate {
  ticketId: number;
  clue: ThreadClue;
  /** The sender is the ticket's customer (any of their addresses) or one of its accepted participants. */
  senderKnown: boolean;
}

export type ThreadDecision =
  | { join: number; senderKnown: boolean }
  /** A new ticket; linked to the ticket the mail pointed at when its sender was not let in. */
  | { open: true; refused: ThreadCandidate | null };

/**
 * `claimed`: the From is an agent's or a mailbox's address, which anyone can write; such mail is
 * never a known sender, so it joins only by our own Message-IDs.
 */
export function decideThread(candidates: ThreadCandidate[], claimed: boolean): ThreadDecision {
  const ours = candidates.find((candidate) => candidate.clue === 'our-message-id');
  if (ours) return { join: ours.ticketId, senderKnown: ours.senderKnown && !claimed };
  const known = claimed ? undefined : candidates.find((candidate) => candidate.senderKnown);
  if (known) return { join: known.ticketId, senderKnown: true };
  return { open: true, refused: candidates[0] ?? null };
}

/** People copied by a known sender join the ticket; those copied by anyone else wait for an agent. */
export const participantState = (senderKnown: boolean): 'accepted' | 'proposed' => (senderKnown ? 'accepted' : 'proposed');

const clueText: Record<ThreadClue, string> = {
  'our-message-id': 'answers one of its replies',
  'their-message-id': 'answers one of its earlier emails',
  'subject-tag': 'names it in the subject',
};

/** The note on a ticket opened instead of joining another, for the agent who reads both. */
export function refusedThreadNote(refused: ThreadCandidate, number: number, sender: string, claimed: boolean): string {
  const who = claimed
    ? `claims to be from ${sender}, an address of this help desk, which an email cannot prove`
    : `is from ${sender}, who is neither that ticket's customer nor an accepted participant`;
  return `This email ${clueText[refused.clue]} (ticket #${number}), but it ${who}. It was opened as a new ticket linked to #${number} instead of joining it.`;
}
