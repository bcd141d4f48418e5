import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKOFF_MAX_MS, BACKOFF_MIN_MS, backoffDelay } from './backoff.ts';
import { isClientId, newClientId } from './ids.ts';
import { readServerFrame } from './protocol.ts';
import { ManualTimers } from './timers.ts';
import { TypingThrottle } from './typing.ts';

describe('backoff', () => {
  it('grows from 0.5 s and stays within 15 s whatever the jitter', () => {
    for (const r of [0, 0.5, 0.999]) {
      const delays = Array.from({ length: 12 }, (_, i) => backoffDelay(i, () => r));
      assert.ok(delays.every((d) => d >= BACKOFF_MIN_MS && d <= BACKOFF_MAX_MS), String(delays));
      assert.ok(delays[5]! > delays[0]!);
    }
    assert.equal(backoffDelay(0, () => 1), 500);
    assert.equal(backoffDelay(20, () => 1), 15_000);
    assert.equal(backoffDelay(20, () => 0), 7_500);
  });
});

describe('client ids', () => {
  it('are 32 characters the server accepts', () => {
    const id = newClientId();
    assert.equal(id.length, 32);
    assert.ok(isClientId(id));
    assert.ok(!isClientId('short'));
    assert.ok(!isClientId('has space in it'));
  });
});

describe('typing throttle', () => {
  it('sends typing at most every 2 s, idle after 5 s quiet or on stop', () => {
    const timers = new ManualTimers();
    const sent: string[] = [];
    const t = new TypingThrottle((s) => sent.push(`${timers.now()}:${s}`), timers);
    t.input();
    timers.advance(1000);
    t.input();
    timers.advance(1000);
    t.input();
    timers.advance(5000);
    t.input();
    t.stop();
    t.stop();
    assert.deepEqual(sent, ['0:typing', '2000:typing', '7000:idle', '7000:typing', '7000:idle']);
  });
});

import { DEFAULT_COLOR, readSiteConfig } from './site.ts';

describe('site config', () => {
  it('keeps a plain colour and refuses CSS that could break out of the rule', () => {
    const ok = readSiteConfig({ site: { color: '#ff0066', position: 'left' }, availability: { open: true } }, 'fcs_a');
    assert.equal(ok.color, '#ff0066');
    assert.equal(ok.position, 'left');
    const bad = readSiteConfig({ site: { color: 'red;} :host{display:none' } }, 'fcs_a');
    assert.equal(bad.color, DEFAULT_COLOR);
    assert.equal(bad.position, 'right');
  });
  it('reads topics, texts and availability, dropping malformed parts', () => {
    const c = readSiteConfig(
      {
        site: { name: 'Shop', topics: [{ id: 'billing', label: { en: 'Billing', ru: 'Оплата' } }, { label: {} }], texts: { ru: { greeting: 'Привет' } }, askEmail: 'always' },
        availability: { open: false, reason: 'nobody_online' },
      },
      'fcs_a',
    );
    assert.deepEqual(c.topics, [{ id: 'billing', label: { en: 'Billing', ru: 'Оплата' } }]);
    assert.deepEqual(c.texts, { ru: { greeting: 'Привет' } });
    assert.deepEqual(c.availability, { open: false, reason: 'nobody_online' });
    assert.equal(c.askEmail, 'always');
  });
});

import { checkFiles, formatBytes } from './files.ts';

describe('file checks', () => {
  it('refuses more than 10 files or one over the site limit, before upload', () => {
    const small = { name: 'a.png', size: 100 };
    assert.equal(checkFiles([small], 1000), null);
    assert.deepEqual(checkFiles(Array(11).fill(small), 1000), { kind: 'too_many', max: 10 });
    assert.deepEqual(checkFiles([small, { name: 'big.pdf', size: 1001 }], 1000), { kind: 'too_large', name: 'big.pdf', max: 1000 });
    assert.equal(formatBytes(10 * 1024 * 1024), '10 MB');
  });
});

describe('reading server frames', () => {
  const conversation = { id: 7, key: 'k1', number: 1042, subject: 'Order 5512', status: 'open', topic: null, createdAt: '2026-12-04T10:00:00.000Z', updatedAt: '2026-12-04T10:05:00.000Z', lastMessage: { text: 'Your refund is on its way', from: 'agent' }, agentReadId: 3, visitorReadId: 2 };

  it('takes a conversation as the server sends it, its last message included', () => {
    assert.deepEqual(readServerFrame(JSON.stringify({ type: 'conversation', conversation })), { type: 'conversation', conversation });
  });

  it('drops a last message that is not the documented shape, and a frame without an id', () => {
    const odd = readServerFrame(JSON.stringify({ type: 'conversation', conversation: { ...conversation, lastMessage: { text: 'x', from: 'note' } } }));
    assert.equal(odd?.type === 'conversation' && odd.conversation.lastMessage, null);
    assert.equal(readServerFrame(JSON.stringify({ type: 'conversation', conversation: { ...conversation, id: -1 } })), null);
  });
});
