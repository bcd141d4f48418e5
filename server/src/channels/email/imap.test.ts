// The IMAP poller against a real Dovecot (test/dovecot.ts), on the harness's database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): mail becomes tickets and is flagged or moved, IDLE takes new
// mail within the same poll, a node killed mid-poll loses and duplicates nothing, and a failing
// account shows its error and keeps being polled.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pino from 'pino';
import { ADMIN, TEST_SECRET_KEY, freshDatabase, startTestApp, type TestApp } from '../../../test/harness.ts';
import { DOVECOT_USER, dovecotMissing, rawMessage, startDovecot, type Dovecot, type DovecotUser } from '../../../test/dovecot.ts';
import { boot, type Frontline } from '../../boot.ts';
import { readConfig } from '../../config.ts';
import { IMAP_POLL_JOB, ensureImapPolls } from './imap-poller.ts';

const skip = dovecotMissing();
const MOVE_USER: DovecotUser = { user: 'archive', password: 'archive-pw' };
const LIVE_USER: DovecotUser = { user: 'live', password: 'live-pw' };
const CRASH_USER: DovecotUser = { user: 'crash', password: 'crash-pw' };
const BROKEN_USER: DovecotUser = { user: 'broken', password: 'broken-pw' };
const HISTORY_USER: DovecotUser = { user: 'history', password: 'history-pw' };
const MAX_BYTES = 60_000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pollJobs = (frontline: Frontline, mailboxId: number) =>
  frontline.ctx.db
    .selectFrom('jobs')
    .select(['id', 'status', 'run_at', 'last_error'])
    .where('kind', '=', IMAP_POLL_JOB)
    .where(sql<string>`payload->>'mailboxId'`, '=', String(mailboxId))
    .orderBy('id')
    .execute();

const imapSettings = (dovecot: Dovecot, user: DovecotUser, extra: Record<string, unknown> = {}) => ({
  host: dovecot.host,
  port: dovecot.port,
  tls: false,
  user: user.user,
  password: user.password,
  ...extra,
});

describe('IMAP polling against Dovecot', { skip }, () => {
  let dovecot: Dovecot;
  before(async () => {
    dovecot = await startDovecot([DOVECOT_USER, MOVE_USER, LIVE_USER, CRASH_USER, BROKEN_USER, HISTORY_USER]);
  });
  after(async () => {
    await dovecot?.stop();
  });

  describe('polled by drain(), then by the running job runner', () => {
    let t: TestApp;
    let closed = false;
    before(async () => {
      // Without IDLE and with a far next poll, drain() runs each poll once and returns.
      t = await startTestApp({ env: { JOBS: 'off', IMAP_IDLE_SECONDS: '0', IMAP_POLL_SECONDS: '3600', SMTP_MAX_BYTES: String(MAX_BYTES) } });
    });
    after(async () => {
      if (!closed) await t.close();
    });
    const drain = async () => {
      await ensureImapPolls(t.frontline.ctx);
      await t.frontline.workers.runner.drain();
    };

    test('mail in INBOX becomes tickets and ends up \\Seen; the next poll takes only what is new', async () => {
      await dovecot.append('INBOX', [1, 2, 3].map((n) => rawMessage({ messageId: `seen-${n}@example.org`, subject: `Seen test ${n}` })));
      const created = await t.request('POST', '/api/v1/mailboxes', {
        token: t.adminToken,
        body: { address: 'support@acme.test', name: 'Acme Support', inbound: 'imap', imap: imapSettings(dovecot, DOVECOT_USER) },
      });
      assert.equal(created.statusCode, 201, created.body);
      const mailbox = created.json<{ id: number }>();

      await drain();
      const tickets = await t.frontline.ctx.db.selectFrom('tickets').select(['subject', 'mailbox_id', 'channel']).where('subject', 'like', 'Seen test %').orderBy('subject').execute();
      assert.deepEqual(tickets.map((row) => row.subject), ['Seen test 1', 'Seen test 2', 'Seen test 3']);
      assert.ok(tickets.every((row) => row.mailbox_id === mailbox.id && row.channel === 'email'));
      const items = await t.frontline.ctx.db.selectFrom('inbound_items').select('meta').orderBy('id').execute();
      assert.deepEqual(items.map((row) => row.meta), [1, 2, 3].map((uid) => ({ mailboxId: mailbox.id, uid })));
      const inbox = await dovecot.list('INBOX');
      assert.deepEqual(inbox.map((message) => message.flags), [['\\Seen'], ['\\Seen'], ['\\Seen']]);

      const view = (await t.request('GET', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken })).json();
      assert.equal(view.imap.lastUid, 3);
      assert.equal(view.imap.error, null);
      assert.ok(view.imap.polledAt);
      // Without IDLE, the chain goes on IMAP_POLL_SECONDS later, one job at a time.
      const jobs = await pollJobs(t.frontline, mailbox.id);
      const pending = jobs.filter((job) => job.status === 'pending');
      assert.equal(pending.length, 1);
      assert.ok(pending[0]!.run_at.getTime() > Date.now() + 3500_000);
      assert.ok(jobs.every((job) => job.status === 'pending' || job.status === 'done'));

      // A message that arrives later, and one a person marked unread again, on the next poll.
      await dovecot.append('INBOX', [rawMessage({ messageId: 'seen-4@example.org', subject: 'Seen test 4' })]);
      const client = await dovecot.client(DOVECOT_USER);
      await client.mailboxOpen('INBOX');
      await client.messageFlagsRemove('2', ['\\Seen'], { uid: true });
      await client.logout();
      await t.frontline.workers.imap!.poll(mailbox.id);
      await t.frontline.workers.runner.drain();
      assert.equal(await count(t, 'inbound_items'), 4);
      assert.equal((await t.frontline.ctx.db.selectFrom('tickets').select('id').where('subject', 'like', 'Seen test %').execute()).length, 4);
      assert.ok((await dovecot.list('INBOX')).every((message) => message.flags.includes('\\Seen')));
      assert.equal((await pollJobs(t.frontline, mailbox.id)).filter((job) => job.status === 'pending').length, 1);
    });

    test('a new account: read mail is history and left alone; mail over the size limit is held with its headers until a person lets it through', async () => {
      const to = 'history@acme.test';
      await dovecot.append('INBOX', [rawMessage({ messageId: 'history-read@example.org', to, subject: 'History read' })], HISTORY_USER, ['\\Seen']);
      await dovecot.append('INBOX', [rawMessage({ messageId: 'history-unread@example.org', to, subject: 'History unread' })], HISTORY_USER);
      const big = rawMessage({ messageId: 'history-big@example.org', from: 'Designer <designer@example.org>', to, subject: 'History big', text: 'x'.repeat(MAX_BYTES * 2) });
      await dovecot.append('INBOX', [big], HISTORY_USER);
      const created = await t.request('POST', '/api/v1/mailboxes', { token: t.adminToken, body: { address: to, name: 'History', inbound: 'imap', imap: imapSettings(dovecot, HISTORY_USER) } });
      assert.equal(created.statusCode, 201, created.body);
      const mailbox = created.json<{ id: number }>();
      await drain();

      const subjects = async () => (await t.frontline.ctx.db.selectFrom('tickets').select('subject').where('subject', 'like', 'History %').orderBy('subject').execute()).map((row) => row.subject);
      assert.deepEqual(await subjects(), ['History unread']);
      const held = await t.frontline.ctx.db.selectFrom('inbound_items').selectAll().where('sender', '=', 'designer@example.org').executeTakeFirstOrThrow();
      assert.equal(held.status, 'held');
      assert.match(held.error ?? '', /^the message is 0\.1 MB, over the 0\.1 MB limit \(SMTP_MAX_BYTES\); its headers were stored/);
      assert.ok(held.raw.byteLength < 1000, 'only the header block was fetched and stored');
      assert.match(Buffer.from(held.raw).toString(), /^Subject: History big\r$/m);
      assert.equal((held.meta as { oversize?: number }).oversize, Buffer.byteLength(big));
      const view = (await t.request('GET', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken })).json();
      assert.equal(view.imap.lastUid, 3, 'the cursor passed the history too');
      assert.deepEqual((await dovecot.list('INBOX', HISTORY_USER)).map((message) => message.flags), [['\\Seen'], ['\\Seen'], ['\\Seen']]);

      const retried = await t.request('POST', `/api/v1/admin/inbox/${held.id}/retry`, { token: t.adminToken });
      assert.equal(retried.statusCode, 200, retried.body);
      await t.frontline.workers.runner.drain();
      assert.deepEqual(await subjects(), ['History big', 'History unread']);
      const message = await t.frontline.ctx.db.selectFrom('messages').innerJoin('tickets', 'tickets.id', 'messages.ticket_id').select('body_text').where('tickets.subject', '=', 'History big').executeTakeFirstOrThrow();
      assert.match(message.body_text, /^This email is 0\.1 MB, over the 0\.1 MB limit \(SMTP_MAX_BYTES\): only its headers were imported\./);

      // After the first look, new mail is taken whether or not someone has read it already.
      await dovecot.append('INBOX', [rawMessage({ messageId: 'history-later@example.org', to, subject: 'History later' })], HISTORY_USER, ['\\Seen']);
      await t.frontline.workers.imap!.poll(mailbox.id);
      await t.frontline.workers.runner.drain();
      assert.deepEqual(await subjects(), ['History big', 'History later', 'History unread']);
    });

    test("with after='move', stored mail ends up in the target folder", async () => {
      await dovecot.append('INBOX', [1, 2].map((n) => rawMessage({ messageId: `move-${n}@example.org`, to: 'archive@acme.test', subject: `Move test ${n}` })), MOVE_USER);
      const created = await t.request('POST', '/api/v1/mailboxes', {
        token: t.adminToken,
        body: { address: 'archive@acme.test', name: 'Archive', inbound: 'imap', imap: imapSettings(dovecot, MOVE_USER, { after: 'move', moveTo: 'Processed' }) },
      });
      assert.equal(created.statusCode, 201, created.body);
      await drain();
      const tickets = await t.frontline.ctx.db.selectFrom('tickets').select('subject').where('subject', 'like', 'Move test %').orderBy('subject').execute();
      assert.deepEqual(tickets.map((row) => row.subject), ['Move test 1', 'Move test 2']);
      assert.deepEqual(await dovecot.list('INBOX', MOVE_USER), []);
      const processed = await dovecot.list('Processed', MOVE_USER);
      assert.deepEqual(processed.map((message) => message.messageId), ['<move-1@example.org>', '<move-2@example.org>']);
    });

    test('a wrong password shows as the mailbox error, polling goes on, and fixing it polls at once', async () => {
      await dovecot.append('INBOX', [rawMessage({ messageId: 'broken-1@example.org', to: 'broken@acme.test', subject: 'Broken test' })], BROKEN_USER);
      const created = await t.request('POST', '/api/v1/mailboxes', {
        token: t.adminToken,
        body: { address: 'broken@acme.test', name: 'Broken', inbound: 'imap', imap: imapSettings(dovecot, BROKEN_USER, { password: 'not-the-password' }) },
      });
      assert.equal(created.statusCode, 201, created.body);
      const mailbox = created.json<{ id: number }>();
      await drain();

      const view = (await t.request('GET', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken })).json();
      assert.match(view.imap.error ?? '', /refused the login: Authentication failed/);
      assert.ok(!view.imap.error.includes('not-the-password'));
      assert.ok(view.imap.polledAt);
      const jobs = await pollJobs(t.frontline, mailbox.id);
      assert.deepEqual(jobs.map((job) => job.status), ['done', 'pending'], 'the failed poll completed and the next one waits');
      assert.ok(jobs[1]!.run_at.getTime() > Date.now() + 3500_000);
      assert.equal(await count(t, 'inbound_items', 'broken-1'), 0);

      // The admin fixes the password: the waiting poll is brought forward and succeeds.
      const fixed = await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { imap: imapSettings(dovecot, BROKEN_USER) } });
      assert.equal(fixed.statusCode, 200, fixed.body);
      await waitFor('the waiting poll to be due', async () => (await pollJobs(t.frontline, mailbox.id)).some((job) => job.status === 'pending' && job.run_at.getTime() <= Date.now()));
      await t.frontline.workers.runner.drain();
      const healed = (await t.request('GET', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken })).json();
      assert.equal(healed.imap.error, null);
      assert.equal(healed.imap.lastUid, 1);
      assert.equal(await count(t, 'inbound_items', 'broken-1'), 1);
    });

    test('a refused connection is an error too; a mailbox switched to SMTP is no longer polled', async () => {
      const created = await t.request('POST', '/api/v1/mailboxes', {
        token: t.adminToken,
        body: { address: 'nowhere@acme.test', name: 'Nowhere', inbound: 'imap', imap: { host: '127.0.0.1', port: 1, tls: false, user: 'x', password: 'y' } },
      });
      const mailbox = created.json<{ id: number }>();
      await drain();
      const view = (await t.request('GET', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken })).json();
      assert.match(view.imap.error ?? '', /ECONNREFUSED/);
      assert.deepEqual((await pollJobs(t.frontline, mailbox.id)).map((job) => job.status), ['done', 'pending']);

      await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { inbound: 'smtp' } });
      await waitFor('the waiting poll to be due', async () => (await pollJobs(t.frontline, mailbox.id)).some((job) => job.status === 'pending' && job.run_at.getTime() <= Date.now()));
      await t.frontline.workers.runner.drain();
      assert.deepEqual((await pollJobs(t.frontline, mailbox.id)).map((job) => job.status), ['done', 'done'], 'the chain ended');
    });

    test('IDLE takes new mail within the same poll; deactivating stops polling; shutdown does not wait for IDLE', async () => {
      // The same node, now as it runs in production: runner on, IDLE allowed (config is read once; set here before any poll runs).
      t.frontline.ctx.config.imapIdleSeconds = 60;
      void t.frontline.workers.runner.start();
      const created = await t.request('POST', '/api/v1/mailboxes', {
        token: t.adminToken,
        body: { address: 'live@acme.test', name: 'Live', inbound: 'imap', imap: imapSettings(dovecot, LIVE_USER) },
      });
      assert.equal(created.statusCode, 201, created.body);
      const mailbox = created.json<{ id: number }>();
      // The first poll is running (idling) once it has stamped the mailbox.
      const [job] = await waitFor('a running poll', async () => {
        const jobs = await pollJobs(t.frontline, mailbox.id);
        const row = await t.frontline.ctx.db.selectFrom('mailboxes').select('imap_polled_at').where('id', '=', mailbox.id).executeTakeFirstOrThrow();
        return jobs.length === 1 && jobs[0]!.status === 'running' && row.imap_polled_at ? jobs : undefined;
      });

      await dovecot.append('INBOX', [rawMessage({ messageId: 'live-1@example.org', to: 'live@acme.test', subject: 'Live test' })], LIVE_USER);
      await waitFor('the ticket', () => t.frontline.ctx.db.selectFrom('tickets').select('id').where('subject', '=', 'Live test').executeTakeFirst());
      await waitFor('the \\Seen flag', async () => (await dovecot.list('INBOX', LIVE_USER))[0]?.flags.includes('\\Seen'));
      const jobs = await pollJobs(t.frontline, mailbox.id);
      assert.deepEqual(jobs.map((row) => [row.id, row.status]), [[job!.id, 'running']], 'the same poll took it, in IDLE');

      // Deactivated: the idling poll ends and no next one is queued.
      await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { active: false } });
      await waitFor('the chain to end', async () => (await pollJobs(t.frontline, mailbox.id)).every((row) => row.status === 'done'));
      // Active again: polling resumes.
      await t.request('PATCH', `/api/v1/mailboxes/${mailbox.id}`, { token: t.adminToken, body: { active: true } });
      await waitFor('a running poll again', async () => (await pollJobs(t.frontline, mailbox.id)).some((row) => row.status === 'running'));
      await new Promise((resolve) => setTimeout(resolve, 200)); // into IDLE

      const started = Date.now();
      closed = true;
      await t.close();
      const took = Date.now() - started;
      assert.ok(took < 3000, `shutting down took ${took} ms while a poll was in IDLE`);
    });
  });

  describe('a node killed mid-poll', () => {
    const messages = 30;
    const hangAt = 10;
    let workDir: string;
    let env: Record<string, string>;
    let dropDatabase: () => Promise<void> = async () => {};

    before(async () => {
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-imap-crash-'));
      env = {
        FRONTLINE_SECRET_KEY: TEST_SECRET_KEY,
        FRONTLINE_ADMIN_EMAIL: ADMIN.email,
        FRONTLINE_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'silent',
        SMTP_PORT: '0',
        IMAP_IDLE_SECONDS: '0',
        IMAP_POLL_SECONDS: '3600',
        DATA_DIR: path.join(workDir, 'data'),
      };
      if (process.env.TEST_DATABASE_URL) {
        const fresh = await freshDatabase();
        await fresh.database.close();
        env.DATABASE_URL = fresh.url!;
        dropDatabase = () => fresh.drop();
      }
    });
    after(async () => {
      await dropDatabase();
      fs.rmSync(workDir, { recursive: true, force: true });
    });

    const open = () => boot(readConfig({ ...env, JOBS: 'off' }), { log: pino({ level: 'silent' }) });

    test('every message is stored exactly once and ends up \\Seen', async () => {
      const raws = Array.from({ length: messages }, (_, i) => rawMessage({ messageId: `crash-${i + 1}@example.org`, to: 'crash@acme.test', subject: `Crash test ${i + 1}` }));
      await dovecot.append('INBOX', raws, CRASH_USER);

      // A node adds the mailbox and polls it; it is killed after committing message `hangAt`, before flagging it.
      const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../test/imap-poll-child.ts');
      const mailboxBody = { address: 'crash@acme.test', name: 'Crash', inbound: 'imap', imap: imapSettings(dovecot, CRASH_USER) };
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        env: { ...process.env, ...env, JOBS: 'on', IMAP_TEST_HANG_AT: String(hangAt), IMAP_TEST_MAILBOX: JSON.stringify(mailboxBody) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
      try {
        await waitFor(
          'the child to commit a message and hang before flagging it',
          async () => {
            if (child.exitCode !== null) throw new Error(`the child exited: ${output}`);
            return output.includes('hanging');
          },
          45_000,
        );
      } finally {
        child.kill('SIGKILL');
      }
      assert.equal(await exited, 'SIGKILL', output);
      const mailboxId = Number(/^mailbox (\d+)$/m.exec(output)?.[1]);
      assert.ok(mailboxId > 0, output);

      const left = await dovecot.list('INBOX', CRASH_USER);
      assert.equal(left.length, messages);
      assert.deepEqual(
        left.map((message) => message.flags.includes('\\Seen')),
        left.map((message) => message.uid < hangAt),
      );

      const frontline = await open();
      try {
        const db = frontline.ctx.db;
        const cursor = await db.selectFrom('mailboxes').select(['imap_last_uid']).where('id', '=', mailboxId).executeTakeFirstOrThrow();
        assert.equal(cursor.imap_last_uid, hangAt);
        assert.equal(await countItems(frontline), hangAt, 'some but not all messages were stored before the kill');

        // The dead node's leases run out (as they do five minutes after a node dies): its poll job and
        // the processing job it had claimed run again here, and the poll converges.
        await db.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1000) }).where('status', '=', 'running').execute();
        await frontline.workers.runner.drain();
        assert.deepEqual((await pollJobs(frontline, mailboxId)).map((job) => job.status), ['done', 'pending'], 'the dead node\'s poll ran here; the next one waits');

        const items = await db.selectFrom('inbound_items').select(['meta', 'raw', 'status']).orderBy('id').execute();
        const ids = items.map((item) => /^Message-ID: <([^>]+)>/im.exec(Buffer.from(item.raw).toString('latin1'))?.[1]);
        assert.deepEqual([...ids].sort(), Array.from({ length: messages }, (_, i) => `crash-${i + 1}@example.org`).sort(), 'each Message-ID stored exactly once');
        assert.deepEqual(items.map((item) => (item.meta as { uid: number }).uid), Array.from({ length: messages }, (_, i) => i + 1), 'in UID order, none skipped');
        assert.ok(items.every((item) => item.status === 'processed'), JSON.stringify(items.map((item) => item.status)));
        const tickets = await db.selectFrom('tickets').select('subject').where('mailbox_id', '=', mailboxId).execute();
        assert.equal(tickets.length, messages);
        assert.equal(new Set(tickets.map((ticket) => ticket.subject)).size, messages, 'exactly one ticket per message');
        assert.ok((await dovecot.list('INBOX', CRASH_USER)).every((message) => message.flags.includes('\\Seen')));
        assert.equal((await db.selectFrom('mailboxes').select('imap_last_uid').where('id', '=', mailboxId).executeTakeFirstOrThrow()).imap_last_uid, messages);
      } finally {
        await frontline.close();
      }
    });
  });
});

async function count(t: TestApp, table: 'inbound_items', rawContains?: string): Promise<number> {
  const rows = await t.frontline.ctx.db.selectFrom(table).select('raw').execute();
  return rows.filter((row) => !rawContains || Buffer.from(row.raw).toString('latin1').includes(rawContains)).length;
}

async function countItems(frontline: Frontline): Promise<number> {
  const row = await frontline.ctx.db.selectFrom('inbound_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
