import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messageOutcome, outcomeOf, recipientUpdates, type RecipientState } from './delivery-outcome.ts';

const to = (status: RecipientState['status'], response: string | null = null): RecipientState => ({ address: 'nino@x.test', kind: 'to', status, response });
const cc = (address: string, status: RecipientState['status'], response: string | null = null): RecipientState => ({ address, kind: 'cc', status, response });

describe('what a delivery attempt means', () => {
  test('accepted recipients are sent; a permanent refusal fails one at once, a temporary one leaves it queued', () => {
    const answers = [
      { address: 'A@x.test', accepted: true as const, response: '250 queued' },
      { address: 'b@x.test', accepted: false as const, reason: '550 unknown', permanent: true },
      { address: 'c@x.test', accepted: false as const, reason: '450 busy', permanent: false },
    ];
    assert.deepEqual(recipientUpdates(['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test'], { answers }, false), [
      { address: 'a@x.test', status: 'sent', response: '250 queued' },
      { address: 'b@x.test', status: 'failed', response: '550 unknown' },
      { address: 'c@x.test', status: 'queued', response: '450 busy' },
      { address: 'd@x.test', status: 'sent', response: null },
    ]);
  });

  test('on the last attempt a temporary refusal fails the recipient too', () => {
    const answers = [{ address: 'c@x.test', accepted: false as const, reason: '450 busy', permanent: false }];
    assert.deepEqual(recipientUpdates(['c@x.test'], { answers }, true), [{ address: 'c@x.test', status: 'failed', response: '450 busy' }]);
  });

  test('a failure of the whole attempt applies to every pending recipient', () => {
    const failure = { reason: 'Invalid login: 535', permanent: true };
    assert.deepEqual(recipientUpdates(['a@x.test', 'b@x.test'], { failure }, false).map((u) => u.status), ['failed', 'failed']);
    assert.deepEqual(recipientUpdates(['a@x.test'], { failure: { reason: 'ETIMEDOUT', permanent: false } }, false).map((u) => u.status), ['queued']);
  });

  test('the message is sent when everyone has it, failed when the customer was refused, and says so when only a Cc was', () => {
    assert.deepEqual(outcomeOf([to('sent'), cc('b@x.test', 'sent')]), { status: 'sent', error: null });
    assert.deepEqual(outcomeOf([to('failed', '550 unknown'), cc('b@x.test', 'sent')]), { status: 'failed', error: 'sent to b@x.test; not delivered to nino@x.test: 550 unknown' });
    assert.deepEqual(outcomeOf([to('sent'), cc('b@x.test', 'failed', '550 unknown'), cc('c@x.test', 'sent')]), {
      status: 'sent',
      error: 'sent to nino@x.test, c@x.test; not delivered to b@x.test: 550 unknown',
    });
  });

  test('the message stays queued while anyone waits for a retry, saying who got it', () => {
    assert.deepEqual(outcomeOf([to('queued', '450 busy'), cc('b@x.test', 'sent')]), { status: 'queued', error: 'sent to b@x.test; not yet delivered to nino@x.test (will retry): 450 busy' });
  });

  test('a channel without recipients: sent, queued for a retry, or failed when permanent or last', () => {
    assert.deepEqual(messageOutcome({ answers: [] }, false), { status: 'sent', error: null });
    assert.deepEqual(messageOutcome({ failure: { reason: 'busy', permanent: false } }, false), { status: 'queued', error: 'busy' });
    assert.deepEqual(messageOutcome({ failure: { reason: 'busy', permanent: false } }, true), { status: 'failed', error: 'busy' });
    assert.deepEqual(messageOutcome({ failure: { reason: 'no adapter', permanent: true } }, false), { status: 'failed', error: 'no adapter' });
  });
});
