import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideThread, participantState, refusedThreadNote, type ThreadCandidate } from './thread-rule.ts';

const ours = (ticketId: number, senderKnown = false): ThreadCandidate => ({ ticketId, clue: 'our-message-id', senderKnown });
const theirs = (ticketId: number, senderKnown: boolean): ThreadCandidate => ({ ticketId, clue: 'their-message-id', senderKnown });
const tag = (ticketId: number, senderKnown: boolean): ThreadCandidate => ({ ticketId, clue: 'subject-tag', senderKnown });

describe('which ticket a mail joins', () => {
  test('a subject tag threads only a sender known on that ticket', () => {
    assert.deepEqual(decideThread([tag(7, true)], false), { join: 7, senderKnown: true });
    assert.deepEqual(decideThread([tag(7, false)], false), { open: true, refused: tag(7, false) });
  });

  test("the customer's own Message-IDs thread only a sender known on that ticket: anyone once copied knows them", () => {
    assert.deepEqual(decideThread([theirs(3, true)], false), { join: 3, senderKnown: true });
    assert.deepEqual(decideThread([theirs(3, false)], false), { open: true, refused: theirs(3, false) });
  });

  test('our own Message-IDs thread anyone, and say whether the sender is known', () => {
    assert.deepEqual(decideThread([ours(5)], false), { join: 5, senderKnown: false });
    assert.deepEqual(decideThread([ours(5, true)], false), { join: 5, senderKnown: true });
    assert.deepEqual(decideThread([tag(9, false), ours(5)], false), { join: 5, senderKnown: false });
  });

  test('a mail claiming a help desk address joins only by our Message-IDs, and is never a known sender', () => {
    assert.deepEqual(decideThread([tag(7, true)], true), { open: true, refused: tag(7, true) });
    assert.deepEqual(decideThread([theirs(3, true)], true), { open: true, refused: theirs(3, true) });
    assert.deepEqual(decideThread([ours(5, true)], true), { join: 5, senderKnown: false });
  });

  test('of several tickets pointed at, the first where the sender is known is joined; refused, the first is linked', () => {
    assert.deepEqual(decideThread([theirs(3, false), tag(7, true)], false), { join: 7, senderKnown: true });
    assert.deepEqual(decideThread([theirs(3, false), tag(7, false)], false), { open: true, refused: theirs(3, false) });
  });

  test('a mail pointing at nothing opens a ticket linked to nothing', () => {
    assert.deepEqual(decideThread([], false), { open: true, refused: null });
  });
});

describe('participants from a mail', () => {
  test('copied by a known sender they are accepted, by anyone else proposed', () => {
    assert.equal(participantState(true), 'accepted');
    assert.equal(participantState(false), 'proposed');
  });

  test('the note on a refused mail names the ticket, the sender and why', () => {
    const note = refusedThreadNote(tag(7, false), 1001, 'attacker@evil.org', false);
    assert.match(note, /names it in the subject \(ticket #1001\)/);
    assert.match(note, /attacker@evil\.org, who is neither that ticket's customer nor an accepted participant/);
    assert.match(note, /new ticket linked to #1001/);
    assert.match(refusedThreadNote(theirs(7, true), 1001, 'john@acme.test', true), /claims to be from john@acme\.test/);
  });
});
