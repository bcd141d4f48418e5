// The manifest's reactions become subscription rows: one per event type, with their order and
// attempts; names that would clash in the jobs table, or a reaction to nothing, stop the boot.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventType } from '@frontline/shared';
import { DEFAULT_REACTION_ATTEMPTS, subscriptionsOf, type Reaction } from './reactions.ts';

const handle = async () => undefined;
const reaction = (name: string, on: string[], extra: Partial<Reaction> = {}): Reaction => ({ name, on: on as EventType[], handle, ...extra });

describe('subscriptions from the manifest', () => {
  test('one row per reaction and event type (a type listed twice once), with per-ticket order, attempts and payload filter', () => {
    assert.deepEqual(subscriptionsOf([reaction('sla.start', ['ticket.created', 'ticket.created', 'ticket.updated'], { perTicket: true, maxAttempts: 3, when: { channel: 'email' } }), reaction('webhooks.send', ['ticket.created'])]), [
      { eventType: 'ticket.created', reaction: 'sla.start', ordered: true, maxAttempts: 3, filter: { channel: 'email' } },
      { eventType: 'ticket.updated', reaction: 'sla.start', ordered: true, maxAttempts: 3, filter: { channel: 'email' } },
      { eventType: 'ticket.created', reaction: 'webhooks.send', ordered: false, maxAttempts: DEFAULT_REACTION_ATTEMPTS, filter: {} },
    ]);
  });

  test('a name that is not <feature>.<what>, a name used twice, or a reaction to no event is refused', () => {
    assert.throws(() => subscriptionsOf([reaction('Acknowledge', ['ticket.created'])]), /must read <feature>\.<what>/);
    assert.throws(() => subscriptionsOf([reaction('sla.start', ['ticket.created']), reaction('sla.start', ['ticket.updated'])]), /two reactions are named "sla\.start"/);
    assert.throws(() => subscriptionsOf([reaction('sla.start', [])]), /applies to no event type/);
  });
});
