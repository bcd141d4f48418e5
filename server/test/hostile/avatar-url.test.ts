// An avatar is an <img> every agent loads, so its URL may only be https: or a path on this server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../harness.ts';

const refused = [
  'http://tracker.example/a.png',
  'javascript:alert(1)',
  'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  '//evil.example/a.png',
  '/\\evil.example/a.png',
  'https://user:pass@cdn.example/a.png',
  ' https://cdn.example/a.png',
  'https://cdn.example/a b.png',
  'https:///a.png',
  'ftp://files.example/a.png',
  'avatar.png',
];
const accepted = ['https://cdn.example/avatars/maria.png?size=64', '/api/v1/attachments/1/content'];

describe('avatar URLs', () => {
  let t: TestApp;
  let agent: { id: number; token: string };
  before(async () => {
    t = await startTestApp();
    agent = await t.agent({ email: 'avatar@example.test', role: 'agent' });
  });
  after(() => t.close());

  test('anything but https: or a same-origin path is refused with 422 on create, admin update and own profile', async () => {
    for (const [index, avatarUrl] of refused.entries()) {
      const answers = [
        await t.request('POST', '/api/v1/agents', { token: t.adminToken, body: { email: `new${index}@example.test`, name: 'New', role: 'agent', avatarUrl } }),
        await t.request('PATCH', `/api/v1/agents/${agent.id}`, { token: t.adminToken, body: { avatarUrl } }),
        await t.request('PATCH', '/api/v1/me', { token: agent.token, body: { avatarUrl } }),
      ];
      for (const answer of answers) {
        assert.equal(answer.statusCode, 422, `${avatarUrl}: ${answer.body}`);
        assert.equal(answer.json().error.code, 'invalid_avatar_url');
        assert.match(answer.json().error.message, /https:\/\/.*single \//);
      }
    }
    const stored = await t.request('GET', `/api/v1/agents/${agent.id}`, { token: agent.token });
    assert.equal(stored.json().avatarUrl, null);
  });

  test('an https: URL, a path on this server, and no avatar are accepted', async () => {
    for (const avatarUrl of [...accepted, null]) {
      const answer = await t.request('PATCH', '/api/v1/me', { token: agent.token, body: { avatarUrl } });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.equal(answer.json().avatarUrl, avatarUrl);
    }
  });
});
