// What every e2e scenario file shares: pages, sign-in, waiting, asserting, mail delivery, a relay sink.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export const AGENT2 = { email: 'nino@example.com', password: 'nino e2e passphrase', name: 'Nino Beridze' };

export async function newPage(ctx, viewport = { width: 1440, height: 900 }, extra = {}) {
  const context = await ctx.browser.newContext({ viewport, locale: 'en-US', timezoneId: 'Asia/Tbilisi', ...extra });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => console.log(`    [page error] ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url().includes('/api/') && !response.url().endsWith('/me')) console.log(`    [${response.status()}] ${response.request().method()} ${response.url()}`);
  });
  return page;
}

export async function signIn(page, base, { email, password }) {
  await page.goto(`${base}/`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('nav#sidebar');
}

/** Starts watching the page for a text; `appeared(page, id)` later yields when (Date.now()) it showed. */
export async function watchText(page, id, text) {
  await page.evaluate(
    ([key, needle]) => {
      const w = (window.__watches ??= {});
      w[key] = new Promise((resolve) => {
        const check = () => {
          if (document.body.textContent?.includes(needle)) {
            observer.disconnect();
            resolve(Date.now());
            return true;
          }
          return false;
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        check();
      });
    },
    [id, text],
  );
}

export async function appeared(page, id, timeoutMs = 10_000) {
  return page.evaluate(([key, ms]) => Promise.race([window.__watches[key], new Promise((_, reject) => setTimeout(() => reject(new Error(`not shown within ${ms} ms`)), ms))]), [id, timeoutMs]);
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function until(check, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Delivers mail to the server's built-in SMTP receiver, as a sending mail server would. */
export async function deliver(ctx, message) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ctx.smtpPort, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(message);
  } finally {
    transport.close();
  }
}

export const MAILBOX = 'support@acme.test';

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** A relay that keeps what it is sent and refuses chosen recipients with 550. */
export async function startSink() {
  const received = [];
  const refused = new Set();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.server.address().port, received, refused, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** One relay sink and the mailbox replies@acme.test sending through it, made once for every scenario that reads sent mail. */
export async function relay(ctx) {
  if (ctx.state.relay) return ctx.state.relay;
  const sink = await startSink();
  const mailbox = await ctx.admin.post('/mailboxes', { address: 'replies@acme.test', name: 'Acme Replies', acknowledge: false, smtp: { host: '127.0.0.1', port: sink.port, security: 'none' } });
  ctx.state.relay = { sink, mailbox };
  return ctx.state.relay;
}
