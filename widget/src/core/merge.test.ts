import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeMessages, type PendingMessage } from './merge.ts';
import type { ChatMessage } from './protocol.ts';

const m = (id: number, clientId: string | null = null): ChatMessage => ({
  id,
  conversationId: 1,
  conversationKey: 'k1234567',
  clientId,
  from: clientId ? 'visitor' : 'agent',
  author: null,
  text: `m${id}`,
  at: '2026-01-01T00:00:00Z',
  attachments: [],
});
const p = (clientId: string, seq: number): PendingMessage => ({ clientId, text: clientId, at: '', seq, state: 'sending' });

describe('merge', () => {
  it('orders server messages by id and shows each once', () => {
    const items = mergeMessages([m(3), m(1), m(3), m(2)], [], 0);
    assert.deepEqual(items.map((i) => i.key), ['m1', 'm2', 'm3']);
  });
  it('puts pending ones last, in send order, and drops those the server sent back', () => {
    const items = mergeMessages([m(1), m(2, 'cid00002')], [p('cid00003', 3), p('cid00002', 2), p('cid00001', 1)], 0);
    assert.deepEqual(items.map((i) => i.key), ['m1', 'm2', 'ccid00001', 'ccid00003']);
  });
  it('marks own messages read up to the agent read cursor', () => {
    const items = mergeMessages([m(1, 'cid00001'), m(2), m(3, 'cid00003')], [], 2);
    assert.deepEqual(items.map((i) => i.own), ['read', null, 'sent']);
  });
});
