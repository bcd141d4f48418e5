// Hostile inline CSS in an inbound message: what is stored and served keeps formatting only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../harness.ts';

describe('hostile inline styles', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { JOBS: 'off' } });
  });
  after(() => t.close());

  test('an inbound message keeps its formatting styles and loses the overlay, the url() and the handler', async () => {
    const html = [
      '<p style="color: #c00; font-weight: bold; margin: 0 0 8px">Your account is locked.</p>',
      '<a href="https://phish.test/" style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:2147483647;display:block;background:url(https://phish.test/p.png)">Sign in</a>',
      '<div style="margin-top:-9999px;transform:scale(40);clip-path:inset(0)" onmouseover="alert(1)">x</div>',
    ].join('');
    const created = await t.request('POST', '/api/v1/tickets', {
      token: t.adminToken,
      body: { subject: 'Locked', customer: { email: 'mallory@evil.test' }, message: { body: 'Your account is locked.', html } },
    });
    assert.equal(created.statusCode, 201, created.body);
    const shown = await t.request('GET', `/api/v1/tickets/${created.json<{ id: number }>().id}`, { token: t.adminToken });
    const bodyHtml = shown.json<{ messages: { bodyHtml: string }[] }>().messages[0]!.bodyHtml;
    assert.equal(
      bodyHtml,
      '<p style="color:#c00;font-weight:bold;margin:0 0 8px">Your account is locked.</p>' +
        '<a href="https://phish.test/" style="width:100%;height:100%;display:block" rel="noopener noreferrer nofollow" target="_blank">Sign in</a>' +
        '<div>x</div>',
    );
  });
});
