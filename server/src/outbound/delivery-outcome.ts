// What one delivery attempt means, as pure rules: each pending recipient's new state from the
// provider's answer, and the message's state from all its recipients (failed only when the
// customer did not get it; a partial delivery says who did and who did not).
import type { RecipientAnswer } from '../channels/registry.ts';

export type RecipientStatus = 'queued' | 'sent' | 'failed';

export interface RecipientState {
  address: string;
  kind: 'to' | 'cc';
  status: RecipientStatus;
  response: string | null;
}

/** The message's delivery state after an attempt: queued means "retry later". */
export interface Outcome {
  status: RecipientStatus;
  error: string | null;
}

/** How the attempt went: the provider's answers, or one failure for the whole attempt. */
export type Attempt = { answers: RecipientAnswer[] } | { failure: { reason: string; permanent: boolean } };

export interface RecipientUpdate {
  address: string;
  status: RecipientStatus;
  response: string | null;
}

/**
 * Each pending recipient's state after the attempt. A refusal that is permanent, or any refusal on
 * the last attempt, fails the recipient; a temporary one leaves it queued for the next attempt. A
 * recipient the provider said nothing about was accepted with the rest.
 */
export function recipientUpdates(pending: string[], attempt: Attempt, final: boolean): RecipientUpdate[] {
  const refused = (reason: string, permanent: boolean): Omit<RecipientUpdate, 'address'> => ({ status: permanent || final ? 'failed' : 'queued', response: reason });
  if ('failure' in attempt) return pending.map((address) => ({ address, ...refused(attempt.failure.reason, attempt.failure.permanent) }));
  const byAddress = new Map(attempt.answers.map((answer) => [answer.address.toLowerCase(), answer]));
  return pending.map((address) => {
    const answer = byAddress.get(address);
    if (answer && !answer.accepted) return { address, ...refused(answer.reason, answer.permanent) };
    return { address, status: 'sent', response: answer?.response ?? null };
  });
}

/** A message without recipients of its own (a channel that does not address them) after an attempt. */
export function messageOutcome(attempt: Attempt, final: boolean): Outcome {
  if (!('failure' in attempt)) return { status: 'sent', error: null };
  return { status: attempt.failure.permanent || final ? 'failed' : 'queued', error: attempt.failure.reason };
}

/**
 * The message's state from its recipients: queued while anyone is waiting for a retry; failed when
 * the customer (To) was refused; otherwise sent, with the refused Cc named in the error.
 */
export function outcomeOf(recipients: RecipientState[]): Outcome {
  const status: RecipientStatus = recipients.some((r) => r.status === 'queued')
    ? 'queued'
    : recipients.some((r) => r.kind === 'to' && r.status === 'failed')
      ? 'failed'
      : 'sent';
  const troubled = recipients.some((r) => r.status === 'failed' || (r.status === 'queued' && r.response !== null));
  return { status, error: troubled ? summary(recipients) : null };
}

/** "sent to a@x; not delivered to b@y: 550 …; not yet delivered to c@z (will retry): 451 …" */
export function summary(recipients: RecipientState[]): string {
  const sent = recipients.filter((r) => r.status === 'sent').map((r) => r.address);
  const parts = sent.length ? [`sent to ${sent.join(', ')}`] : [];
  for (const r of recipients) {
    if (r.status === 'failed') parts.push(`not delivered to ${r.address}: ${r.response ?? 'refused'}`);
    else if (r.status === 'queued' && r.response !== null) parts.push(`not yet delivered to ${r.address} (will retry): ${r.response}`);
  }
  return parts.join('; ');
}
