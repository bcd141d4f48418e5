import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PREVIEW_LENGTH, authorOf, previewOf } from './preview.ts';

test('a preview is one line without the quoted history', () => {
  assert.equal(previewOf('Hello,\n\n  my card\twas charged twice.\n> On Monday you wrote:\n> old', 37), 'Hello, my card was charged twice.');
  assert.equal(previewOf('Plain text', null), 'Plain text');
});

test('a long preview is clipped on code points with an ellipsis, never splitting a letter', () => {
  const georgian = 'გამარჯობა '.repeat(40);
  const preview = previewOf(georgian);
  assert.ok(Array.from(preview).length <= PREVIEW_LENGTH);
  assert.ok(preview.endsWith('…'));
  const emoji = '😀'.repeat(300);
  assert.equal(Array.from(previewOf(emoji)).length, PREVIEW_LENGTH);
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(previewOf(emoji)), 'no lone surrogate');
});

test('bidi overrides and zero-width characters do not reach the row', () => {
  assert.equal(previewOf('pay\u202Emoc.live\u200B now'), 'pay moc.live now');
});

test('who wrote a message: the customer, an agent, or a note', () => {
  assert.equal(authorOf({ direction: 'inbound' }), 'customer');
  assert.equal(authorOf({ direction: 'outbound' }), 'agent');
  assert.equal(authorOf({ direction: 'outbound', internal: true }), 'note');
});
