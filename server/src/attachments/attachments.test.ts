import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/harness.ts';

function multipart(fields: Record<string, string>, files: Array<{ name: string; filename: string; type: string; data: Buffer }>) {
  const boundary = `----frontline${Date.now()}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const store of ['database', 'directory'] as const) {
  describe(`attachments (${store} blob store)`, () => {
    let t: TestApp;
    let ticketId: number;
    let dir: string | undefined;
    before(async () => {
      dir = store === 'directory' ? fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-blobs-')) : undefined;
      t = await startTestApp({ env: { MAX_ATTACHMENT_BYTES: '50000', ...(dir && { BLOB_DIR: dir }) } });
      const teams = (await t.request('GET', '/api/v1/teams', { token: t.adminToken })).json<{ items: Array<{ id: number }> }>().items;
      ticketId = (await t.request('POST', '/api/v1/tickets', { token: t.adminToken, body: { subject: 'Files', customer: { email: 'files@example.test' }, message: { body: 'see attached' }, teamId: teams[1]!.id } })).json<{ id: number }>().id;
    });
    after(async () => {
      await t.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test('uploads files with a message and serves them back with safe headers', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const html = Buffer.from('<script>alert(1)</script>');
      const body = multipart({ body: 'Here are the screenshots', internal: 'true' }, [
        { name: 'file', filename: 'screen.png', type: 'image/png', data: png },
        { name: 'file', filename: '../../evil.html', type: 'text/html', data: html },
      ]);
      const response = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, payload: body.payload, headers: body.headers });
      assert.equal(response.statusCode, 201, response.body);
      const message = response.json<{ internal: boolean; attachments: Array<{ id: number; filename: string; size: number; url: string }> }>();
      assert.equal(message.internal, true);
      assert.deepEqual(message.attachments.map((a) => a.filename), ['screen.png', 'evil.html']);
      assert.equal(message.attachments[0]!.size, png.length);

      const image = await t.request('GET', message.attachments[0]!.url, { token: t.adminToken });
      assert.equal(image.statusCode, 200);
      assert.deepEqual(image.rawPayload, png);
      assert.equal(image.headers['content-type'], 'image/png');
      assert.equal(image.headers['x-content-type-options'], 'nosniff');

      const dangerous = await t.request('GET', message.attachments[1]!.url, { token: t.adminToken });
      assert.equal(dangerous.headers['content-type'], 'application/octet-stream', 'HTML is never served as HTML');
      assert.match(String(dangerous.headers['content-disposition']), /^attachment;/);
      assert.match(String(dangerous.headers['content-security-policy']), /sandbox/);

      const detail = await t.request('GET', `/api/v1/tickets/${ticketId}`, { token: t.adminToken });
      const withFiles = detail.json().messages.find((m: { attachments: unknown[] }) => m.attachments.length === 2);
      assert.ok(withFiles, 'the ticket shows the attachments on their message');
    });

    test('only those who may see the ticket may download', async () => {
      const data = Buffer.from('secret');
      const body = multipart({ body: 'doc' }, [{ name: 'file', filename: 'a.txt', type: 'text/plain', data }]);
      const url = (await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, payload: body.payload, headers: body.headers })).json<{ attachments: Array<{ url: string }> }>().attachments[0]!.url;
      const outsider = await t.agent({ email: `outsider-${store}@example.test`, role: 'agent', teamIds: [] });
      assert.equal((await t.request('GET', url, { token: outsider.token })).statusCode, 403);
      assert.equal((await t.request('GET', url)).statusCode, 401);
    });

    test('a file over the limit answers 413 and nothing is stored', async () => {
      const before = await t.frontline.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const body = multipart({ body: 'big' }, [{ name: 'file', filename: 'big.bin', type: 'application/octet-stream', data: Buffer.alloc(60_000, 1) }]);
      const response = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, payload: body.payload, headers: body.headers });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error.code, 'attachment_too_large');
      const afterCount = await t.frontline.ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });

    test('multipart fields are validated like JSON', async () => {
      const body = multipart({ body: 'x', colour: 'red' }, []);
      const response = await t.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token: t.adminToken, payload: body.payload, headers: body.headers });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'invalid_request');
    });
  });
}
