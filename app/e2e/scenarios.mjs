// The core e2e scenarios, in order; later ones use what earlier ones set up (ctx.state).
// Each feature's own scenarios live in e2e/features/*.mjs and run after these (see run.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cases as hostileCases } from './hostile-html/cases.mjs';
import { runHostileSuite } from './hostile-html/suite.mjs';
import { AGENT2, MAILBOX, appeared, assert, deliver, newPage, percentile, signIn, until, watchText } from './pages.mjs';

export const scenarios = [
  [
    'set-up: a second agent and tickets in three languages (through the API)',
    async (ctx) => {
      const teams = (await ctx.admin.get('/teams')).items;
      const me = await ctx.admin.get('/me');
      const nino = await ctx.admin.post('/agents', { ...AGENT2, alias: 'Nino, Acme Support', role: 'supervisor', teamIds: [teams[0].id], languages: ['ka', 'en'], locale: 'en' });
      await ctx.admin.patch('/me', { alias: 'Anna Smith, Acme Support', signature: 'Anna Smith\nAcme Support — we answer 24/7' });
      ctx.state.me = me;
      ctx.state.nino = nino;
      const seed = [
        ['Выплата за октябрь не пришла', 'pyotr@example.org', 'Пётр Иванов', 'Выплата за октябрь так и не пришла на кошелёк.', 'high'],
        ['გადახდა ვერ შევასრულე', 'giorgi@example.ge', 'გიორგი მაისურაძე', 'ბარათით გადახდა არ გადის, რა ვქნა?', 'normal'],
        ['Cannot log in to the dashboard', 'sam@example.com', 'Sam Carter', 'Since this morning the dashboard says my password is wrong.', 'urgent'],
        ['Invoice for November', 'ap@example.net', 'Accounts Payable', 'Please send the invoice for November.', 'low'],
        ['Сайт не открывается', 'olga@example.ru', 'Ольга', 'Сайт не открывается с утра, ошибка 502.', 'urgent'],
      ];
      for (const [subject, email, name, body, priority] of seed) {
        await ctx.admin.post('/tickets', { subject, customer: { email, name }, message: { body }, priority });
      }
    },
  ],
  [
    'sign in (no set-up screen once an admin exists), then the inbox',
    async (ctx) => {
      const page = await newPage(ctx);
      await page.goto(`${ctx.base}/`);
      await page.waitForSelector('form.signin-card');
      assert(!(await page.isVisible('#setup-title')), 'the set-up screen shows although an admin exists');
      await page.fill('input[name=email]', ctx.adminCredentials.email);
      await page.fill('input[name=password]', 'wrong password!');
      await page.click('button[type=submit]');
      await page.waitForSelector('.form-error');
      await page.screenshot({ path: join(ctx.resultsDir, 'signin-1440.png') });
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.waitForSelector('main.inbox h1');
      await page.waitForSelector('li.row, .state.empty');
      ctx.state.page = page;
    },
  ],
  [
    'a ticket created through the API appears in the open inbox within one second, without reload',
    async (ctx) => {
      const page = ctx.state.page;
      await page.click('a[data-view=open]');
      await page.waitForSelector('li.row');
      await page.waitForSelector('#sidebar [data-live=live]', { timeout: 10_000 });
      const subject = `Refund request ${Date.now()}`;
      await watchText(page, 'new-ticket', subject);
      const t0 = Date.now();
      const ticket = await ctx.admin.post('/tickets', { subject, customer: { email: 'rita@example.com', name: 'Rita Moreno' }, message: { body: 'I was charged twice for my order.' }, channel: 'test' });
      const shown = await appeared(page, 'new-ticket', 3000);
      console.log(`    ticket visible in the list ${shown - t0} ms after POST /tickets`);
      assert(shown - t0 <= 1000, `the new ticket took ${shown - t0} ms to appear`);
      ctx.state.ticket = ticket;
      await until(async () => (await page.textContent('[data-testid=count-open]'))?.trim() !== '', 'the open count');
    },
  ],
  [
    'j/k and Enter open a ticket from the keyboard',
    async (ctx) => {
      const page = ctx.state.page;
      await page.click('main.inbox h1');
      await page.keyboard.press('j');
      await page.waitForSelector('li.row.cursor');
      await page.keyboard.press('Enter');
      await page.waitForSelector('main.ticket-page h1');
      await page.goBack();
      await page.waitForSelector('li.row');
    },
  ],
  [
    'bulk: select two tickets, tag them and assign them',
    async (ctx) => {
      const page = ctx.state.page;
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      const numbers = await page.$$eval('li.row', (rows) => rows.slice(-2).map((row) => Number(row.dataset.number)));
      for (const n of numbers) await page.check(`li.row[data-number="${n}"] input.row-check`);
      await page.waitForSelector('.bulk-bar');
      await page.fill('.bulk-tag input', 'vip');
      await page.click('.bulk-tag button');
      await page.waitForSelector('.bulk-bar, .select-all');
      await until(async () => {
        const { items } = await ctx.admin.get('/tickets?view=all&tag=vip');
        return items.length === 2;
      }, 'two tickets tagged vip');
      for (const n of numbers) await page.check(`li.row[data-number="${n}"] input.row-check`);
      await page.selectOption('.bulk-bar select', String(ctx.state.me.id));
      await until(async () => {
        const { items } = await ctx.admin.get(`/tickets?view=all&assigneeId=${ctx.state.me.id}`);
        return numbers.every((n) => items.some((t) => t.number === n));
      }, 'both assigned to the admin');
    },
  ],
  [
    'open the ticket, reply, add a note, change status and assignee',
    async (ctx) => {
      const page = ctx.state.page;
      const { ticket, nino } = ctx.state;
      await page.click(`li.row[data-number="${ticket.number}"] .row-link`);
      await page.waitForSelector('main.ticket-page h1');
      assert((await page.textContent('[data-testid=sender-alias]')).includes('Anna Smith, Acme Support'), 'the sender alias preview is missing');
      await page.fill('textarea', 'Sorry about that — the second charge is being refunded now.');
      await page.setInputFiles('.composer input[type=file]', join(ctx.appDir, 'public', 'icon-192.png'));
      await page.click('button[type=submit].primary');
      await page.waitForSelector('li.message.outbound:has-text("second charge is being refunded")');
      await page.waitForSelector('li.message.outbound img.thumb');
      // The preview loads from the attachment's URL: give it the time a download takes.
      await until(() => page.evaluate(() => document.querySelector('li.message.outbound img.thumb')?.naturalWidth === 192), 'the image preview to load', 5000);
      // The e2e server has no provider for this channel: the reply fails visibly and can be sent again.
      await page.waitForSelector('li.message.outbound [data-delivery]');
      const failed = await page.waitForSelector('li.message.outbound [data-delivery=failed] button', { timeout: 15_000 }).catch(() => null);
      if (failed) {
        const retried = page.waitForResponse((r) => r.url().includes('/retry') && r.request().method() === 'POST');
        await failed.click();
        assert((await retried).ok(), 'retry was refused');
      }
      await page.click('label.tab.note');
      await page.fill('textarea', 'Refund issued in the billing panel, ref 4471.');
      await page.click('button[type=submit].note-button');
      const note = await page.waitForSelector('li.message.note:has-text("ref 4471")');
      assert((await note.textContent()).includes('Internal note'), 'the note is not labelled as internal');
      await page.selectOption('select[name=status]', 'pending');
      await page.selectOption('select[name=assignee]', String(nino.id));
      await until(async () => {
        const fresh = await ctx.admin.get(`/tickets/${ticket.id}`);
        return fresh.status === 'pending' && fresh.assigneeId === nino.id && fresh.messages.some((m) => m.internal);
      }, 'status pending and assignee Nino on the server');
      await page.waitForSelector('.history li:has-text("Pending")');
      await page.screenshot({ path: join(ctx.resultsDir, 'ticket-1440.png'), fullPage: false });
    },
  ],
  [
    'a second agent viewing and typing on the same ticket shows the collision warning',
    async (ctx) => {
      const page = ctx.state.page;
      const other = await newPage(ctx);
      await signIn(other, ctx.base, AGENT2);
      await other.goto(`${ctx.base}/tickets/${ctx.state.ticket.number}`);
      await other.waitForSelector('main.ticket-page h1');
      await page.waitForSelector('[data-testid=collision]:has-text("Nino Beridze")', { timeout: 5000 });
      await other.click('textarea');
      await other.keyboard.type('Checking the refund…');
      await page.waitForSelector('[data-testid=collision].typing:has-text("Nino Beridze")', { timeout: 5000 });
      ctx.state.other = other;
    },
  ],
  [
    'realtime: a message posted by one agent reaches another agent\'s screen (p95 over 20 tries)',
    async (ctx) => {
      const page = ctx.state.page;
      const nino = await Api.loginFrom(ctx, AGENT2);
      // A ticket of its own on a channel with no delivery adapter here, so that failing deliveries
      // and their retries (the e2e server has no real provider) do not add unrelated work.
      const ticket = await ctx.admin.post('/tickets', { subject: 'Latency probe', customer: { email: 'probe@example.com', name: 'Probe' }, message: { body: 'Measuring.' } });
      // When the ticket's message.created frames and its reads reach the browser: the server's part and the app's.
      const frames = [];
      const reads = [];
      const onSocket = (socket) => socket.on('framereceived', ({ payload }) => String(payload).includes('"message.created"') && frames.push(Date.now()));
      const asked = [];
      const onResponse = (response) => {
        const { pathname } = new URL(response.url());
        if (pathname.startsWith('/api/v1/')) asked.push(`${Date.now()} ${response.request().method()} ${pathname}`);
        if (pathname.startsWith('/api/v1/messages/')) reads.push(Date.now());
      };
      page.on('websocket', onSocket);
      page.on('response', onResponse);
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('li.message');
      await page.waitForSelector('#sidebar [data-live=live]');
      const latencies = [];
      const posts = [];
      const toFrame = [];
      const toRead = [];
      for (let i = 0; i < 20; i++) {
        const text = `latency probe ${i} ${Date.now()}`;
        await watchText(page, `probe-${i}`, text);
        const t0 = Date.now();
        await nino.post(`/tickets/${ticket.id}/messages`, { body: text, internal: i % 2 === 0 });
        posts.push(Date.now() - t0);
        latencies.push((await appeared(page, `probe-${i}`, 5000)) - t0);
        const frame = frames.find((at) => at >= t0);
        const read = reads.find((at) => at >= t0);
        if (frame) toFrame.push(frame - t0);
        if (read) toRead.push(read - t0);
        await new Promise((r) => setTimeout(r, 150));
      }
      const p50 = percentile(latencies, 50);
      const p95 = percentile(latencies, 95);
      page.off('websocket', onSocket);
      page.off('response', onResponse);
      console.log(`    realtime POST → other agent's screen: p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms (n=${latencies.length}); the POST itself: p50 ${percentile(posts, 50)} ms, p95 ${percentile(posts, 95)} ms`);
      console.log(`      POST → event frame in the browser: p50 ${percentile(toFrame, 50)} ms, p95 ${percentile(toFrame, 95)} ms; the message read by the tab: ${toRead.length ? `p50 ${percentile(toRead, 50)} ms, p95 ${percentile(toRead, 95)} ms (n=${toRead.length})` : 'never (each came with its event)'}`);
      if (process.env.E2E_DEBUG) console.log(asked.join('\n'), latencies, toFrame, toRead);
      ctx.state.latency = { p50, p95 };
      // The target is under 100 ms at p95; the hard failure is a looser regression guard, because
      // a shared 2-core machine under load adds scheduling noise that is not the app's.
      console.log(`    target p95 < 100 ms: ${p95 < 100 ? 'met' : 'NOT met'}`);
      const limit = Number(process.env.E2E_P95_LIMIT_MS ?? 1000);
      assert(p95 <= limit, `p95 ${p95} ms is over ${limit} ms`);
    },
  ],
  [
    'after a network drop the app reconnects and shows what it missed, once',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.front.base, ctx.adminCredentials);
      await page.goto(`${ctx.front.base}/views/all`);
      await page.waitForSelector('li.row');
      await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
      await page.waitForLoadState('networkidle');
      ctx.front.cut();
      await page.waitForSelector('#sidebar [data-live=offline], #sidebar [data-live=connecting]', { state: 'attached' });
      const subject = `Missed while offline ${Date.now()}`;
      await ctx.admin.post('/tickets', { subject, customer: { email: 'offline@example.com', name: 'Offline Olga' }, message: { body: 'Hello?' } });
      await new Promise((r) => setTimeout(r, 1500));
      assert(!(await page.isVisible(`li.row:has-text("${subject}")`)), 'the ticket showed while the network was down');
      ctx.front.restore();
      await page.waitForSelector(`li.row:has-text("${subject}")`, { timeout: 20_000 });
      await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
      assert((await page.$$(`li.row:has-text("${subject}")`)).length === 1, 'the missed ticket shows twice');
      await page.context().close();
    },
  ],
  [
    'screenshots of the inbox and the ticket at 1440 and 390 px',
    async (ctx) => {
      const page = ctx.state.page;
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      await page.screenshot({ path: join(ctx.resultsDir, 'inbox-1440.png') });
      const phone = await newPage(ctx, { width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await signIn(phone, ctx.base, ctx.adminCredentials);
      await phone.goto(`${ctx.base}/views/all`);
      await phone.waitForSelector('li.row');
      await phone.screenshot({ path: join(ctx.resultsDir, 'inbox-390.png') });
      const inboxWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert(inboxWidth <= 390, `the inbox scrolls sideways at 390 px (${inboxWidth} px wide)`);
      await phone.goto(`${ctx.base}/tickets/${ctx.state.ticket.number}`);
      await phone.waitForSelector('li.message');
      await phone.screenshot({ path: join(ctx.resultsDir, 'ticket-390.png') });
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 390, `the ticket page scrolls sideways at 390 px (${width} px wide)`);
      await phone.context().close();
    },
  ],
  [
    'switching the language to Georgian shows Georgian text and keeps it',
    async (ctx) => {
      const page = ctx.state.page;
      await page.goto(`${ctx.base}/settings`);
      await page.selectOption('.settings select >> nth=0', 'ka');
      await page.waitForSelector('a[data-view=unassigned]:has-text("გაუნაწილებელი")');
      await until(async () => (await ctx.admin.get('/me')).locale === 'ka', 'locale ka saved on the profile');
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('main.inbox h1:has-text("ყველა მიმართვა")');
      await page.screenshot({ path: join(ctx.resultsDir, 'inbox-1440-ka.png') });
      await page.goto(`${ctx.base}/settings`);
      await page.selectOption('.settings select >> nth=0', 'en');
      await until(async () => (await ctx.admin.get('/me')).locale === 'en', 'locale back to en');
    },
  ],
  [
    'admin screens: invite an agent, make a team with them, create and revoke an API token',
    async (ctx) => {
      const page = ctx.state.page;
      await page.goto(`${ctx.base}/admin/agents`);
      await page.waitForSelector('.agent-card');
      await page.click('.page-head button.primary');
      const form = page.locator('form.form-card');
      await form.locator('input[type=email]').fill('levan@example.com');
      await form.locator('input[type=text]').nth(0).fill('Levan Kapanadze');
      await form.locator('input[type=text]').nth(1).fill('Levan, Acme Support');
      await form.locator('input[type=password]').fill('levan e2e passphrase');
      await form.locator('input[type=text]').nth(2).fill('ka, ru');
      await form.locator('button[type=submit]').click();
      await page.waitForSelector('.agent-card:has-text("Levan Kapanadze")');
      await page.goto(`${ctx.base}/admin/teams`);
      await page.fill('.inline-form input[type=text] >> nth=0', 'Night shift');
      await page.click('.inline-form button[type=submit]');
      const team = page.locator('.team-card', { has: page.locator('input[value="Night shift"]') });
      await team.locator('label.check:has-text("Levan Kapanadze") input').check();
      await until(async () => {
        const teams = (await ctx.admin.get('/teams')).items;
        const agents = (await ctx.admin.get('/agents')).items;
        const levan = agents.find((a) => a.email === 'levan@example.com');
        return levan && levan.languages.includes('ka') && teams.find((t) => t.name === 'Night shift')?.agentIds.includes(levan.id);
      }, 'Levan in the Night shift team');
      await page.goto(`${ctx.base}/settings`);
      await page.locator('section', { hasText: 'API tokens' }).locator('input[type=text]').fill('e2e script');
      await page.click('text=Create token');
      const token = (await page.textContent('.token-once code')).trim();
      const viaToken = await fetch(`${ctx.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert(viaToken.ok, 'the new token does not work');
      await page.click('.token-list li:has-text("e2e script") button');
      await until(async () => (await fetch(`${ctx.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status === 401, 'the revoked token refused');
    },
  ],
  [
    'email: an admin adds the mailbox support@acme.test on the Mailboxes screen',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.click('#sidebar a[href="/admin/mailboxes"]');
      await page.waitForSelector('main.admin-page h1:has-text("Mailboxes")');
      await page.waitForSelector('.state.empty, .mailbox-card');
      await page.click('.page-head button.primary');
      const form = page.locator('form.mailbox-form');
      await form.locator('input[name=address]').fill(MAILBOX);
      await form.locator('input[name=name]').fill('Acme Support');
      assert((await form.textContent()).includes('MX record'), 'the help about pointing MX at this server is missing');
      // The IMAP settings show only when mail is fetched by IMAP.
      assert(!(await form.locator('[data-testid=imap-settings]').isVisible()), 'IMAP settings shown for the built-in receiver');
      await form.locator('input[name=inbound][value=imap]').check();
      await form.locator('[data-testid=imap-settings] input[name=imapHost]').waitFor();
      assert((await form.locator('input[name=imapPassword]').getAttribute('type')) === 'password', 'the IMAP password is not a password field');
      await page.screenshot({ path: join(ctx.resultsDir, 'mailbox-form-1440.png'), fullPage: true });
      await form.locator('input[name=inbound][value=smtp]').check();
      await form.locator('[data-testid=imap-settings]').waitFor({ state: 'detached' });
      // The acknowledgement's own text per language, the built-in one shown until one is typed.
      // Without a relay acknowledgements start off (they could not be sent): turn them on to see the texts.
      assert(!(await form.locator('input[name=acknowledge]').isChecked()), 'acknowledgements are on by default without a relay');
      await form.locator('input[name=acknowledge]').check();
      const ackRu = form.locator('[data-testid=acknowledgement-texts] textarea[name=acknowledgement-ru]');
      assert((await ackRu.getAttribute('placeholder')).includes('#{{number}}'), 'the built-in Russian acknowledgement is not shown');
      await ackRu.fill('Заявка №{{number}} принята. {{mailbox}}');
      // No relay in the test: no acknowledgement to send.
      await form.locator('input[name=acknowledge]').uncheck();
      await form.locator('[data-testid=acknowledgement-texts]').waitFor({ state: 'detached' });
      await form.locator('button[type=submit]').click();
      await page.waitForSelector(`.mailbox-card[data-address="${MAILBOX}"]`);
      assert(!(await page.isVisible('form.mailbox-form')), 'the form stayed open after saving');
      const { items } = await ctx.admin.get('/mailboxes');
      const mailbox = items.find((m) => m.address === MAILBOX);
      assert(mailbox && mailbox.inbound === 'smtp' && mailbox.name === 'Acme Support' && mailbox.acknowledge === false && mailbox.active, `mailbox as stored: ${JSON.stringify(mailbox)}`);
      assert(mailbox.acknowledgementTexts.ru === 'Заявка №{{number}} принята. {{mailbox}}' && mailbox.acknowledgementTexts.en === null, `texts as stored: ${JSON.stringify(mailbox.acknowledgementTexts)}`);
      // A second one with the same address is refused, and the form says why.
      await page.click('.page-head button.primary');
      await form.locator('input[name=address]').fill(MAILBOX);
      await form.locator('input[name=name]').fill('Duplicate');
      await form.locator('button[type=submit]').click();
      await page.waitForSelector('form.mailbox-form .form-error:has-text("already exists")');
      await form.locator('button.ghost').click();
      await page.screenshot({ path: join(ctx.resultsDir, 'mailboxes-1440.png') });
      ctx.state.mailPage = page;
      ctx.state.mailbox = mailbox;
    },
  ],
  [
    'email: a reply with quoted history becomes a ticket; the quote stays folded until asked for, the Cc shows',
    async (ctx) => {
      const page = ctx.state.mailPage;
      const subject = `Printer still smoking ${Date.now()}`;
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      await deliver(ctx, {
        from: 'Maria Lopez <maria@customer.test>',
        to: `Acme Support <${MAILBOX}>`,
        cc: 'Boss Person <boss@customer.test>',
        subject,
        text: [
          'The printer is still smoking after the update.',
          'Can someone call me today?',
          '',
          `On Mon, 2 Nov 2026 at 10:00, Acme Support <${MAILBOX}> wrote:`,
          '> Please restart the printer and tell us how it goes.',
          '>',
          '> Acme Support',
          '',
        ].join('\n'),
      });
      // Processing runs as a job right after the SMTP 250; the inbox shows the ticket by itself.
      await page.waitForSelector(`li.row:has-text("${subject}")`, { timeout: 15_000 });
      await page.click(`li.row:has-text("${subject}") .row-link`);
      await page.waitForSelector(`main.ticket-page h1:has-text("${subject}")`);
      const message = page.locator('li.message.inbound').first();
      await message.locator('text=still smoking').waitFor();
      assert(!(await message.textContent()).includes('Please restart the printer'), 'the quoted history shows before it was asked for');
      assert(!(await message.textContent()).includes('wrote:'), 'the attribution line shows before it was asked for');
      const toggle = message.locator('button.fold-toggle');
      assert((await toggle.getAttribute('aria-expanded')) === 'false', 'the fold toggle is not collapsed');
      await toggle.click();
      await message.locator('text=Please restart the printer').waitFor();
      assert((await toggle.getAttribute('aria-expanded')) === 'true', 'the fold toggle did not expand');
      const cc = await message.locator('[data-testid=message-cc]').textContent();
      assert(cc.includes('Cc:') && cc.includes('boss@customer.test'), `the Cc line is "${cc}"`);
      assert((await page.textContent('[data-testid=participants]')).includes('boss@customer.test'), 'the copied person is not listed in the side panel');
      const source = await message.locator('a.source-link').getAttribute('href');
      const raw = await page.request.get(`${ctx.base}${source}`);
      assert(raw.ok() && (await raw.text()).includes(`Subject: ${subject}`), `View source answered ${raw.status()}`);
      await page.screenshot({ path: join(ctx.resultsDir, 'ticket-email-1440.png') });
      await toggle.click();
      await message.locator('text=Please restart the printer').waitFor({ state: 'detached' });

      // An HTML reply folds as HTML: its formatting stays, its quote is hidden until asked for.
      const htmlSubject = `Formatted answer ${Date.now()}`;
      await deliver(ctx, {
        from: 'Maria Lopez <maria@customer.test>',
        to: MAILBOX,
        subject: htmlSubject,
        text: `It works now, thank you!\n\nOn Tue, 3 Nov 2026 at 09:00, Acme Support <${MAILBOX}> wrote:\n> Please try the new driver.\n`,
        html: `<div dir="ltr">It <b>works</b> now, thank you!</div><br><div class="gmail_quote"><div dir="ltr">On Tue, 3 Nov 2026 at 09:00, Acme Support &lt;${MAILBOX}&gt; wrote:<br></div><blockquote class="gmail_quote">Please try the new driver.</blockquote></div>`,
      });
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector(`li.row:has-text("${htmlSubject}")`, { timeout: 15_000 });
      await page.click(`li.row:has-text("${htmlSubject}") .row-link`);
      const formatted = page.locator('li.message.inbound').first();
      // Inbound HTML shows in a sandboxed frame of its own, as tall as its content.
      const shown = formatted.frameLocator('.message-body.html iframe.message-frame');
      await shown.locator('b:has-text("works")').waitFor();
      assert(!(await shown.locator('body').textContent()).includes('new driver'), 'the quoted history of the HTML reply shows before it was asked for');
      await formatted.locator('button.fold-toggle').click();
      await shown.locator('blockquote:has-text("Please try the new driver.")').waitFor();
      const fits = await formatted.locator('iframe.message-frame').evaluate((frame) => Math.abs(frame.getBoundingClientRect().height - frame.contentDocument.body.getBoundingClientRect().height) <= 1);
      assert(fits, 'the message frame is not as tall as its content');
    },
  ],
  [
    'email: an HTML message shows its inline image from the attachment (cid: resolved)',
    async (ctx) => {
      const page = ctx.state.mailPage;
      const subject = `Screenshot of the error ${Date.now()}`;
      await deliver(ctx, {
        from: 'Maria Lopez <maria@customer.test>',
        to: MAILBOX,
        subject,
        text: 'The error is in the screenshot.',
        html: '<p>The error is in the <b>screenshot</b>:</p><p><img src="cid:shot-1@customer.test" alt="screenshot"></p>',
        attachments: [{ filename: 'shot.png', content: readFileSync(join(ctx.appDir, 'public', 'icon-192.png')), cid: 'shot-1@customer.test', contentType: 'image/png' }],
      });
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector(`li.row:has-text("${subject}")`, { timeout: 15_000 });
      await page.click(`li.row:has-text("${subject}") .row-link`);
      const image = page.frameLocator('li.message.inbound .message-body.html iframe.message-frame').locator('img');
      const src = await image.getAttribute('src');
      assert(!src.startsWith('cid:'), `the inline image still points at ${src}`);
      await until(() => image.evaluate((img) => img.complete && img.naturalWidth === 192), 'the inline image loaded');
      // The frame grows with the image that arrived after it was first measured.
      const height = await page.locator('li.message.inbound iframe.message-frame').evaluate((frame) => frame.getBoundingClientRect().height);
      assert(height >= 192, `the message frame is ${height}px tall, shorter than its image`);
    },
  ],
  [
    'email: a message without a From header becomes a ticket from its envelope sender; one with no sender at all is an "Unknown sender" ticket; Unprocessed mail holds a storm and lets it through',
    async (ctx) => {
      const page = ctx.state.mailPage;
      const tag = Date.now();
      const headerless = (subject, id) => [`To: ${MAILBOX}`, `Subject: ${subject}`, `Message-ID: <${id}-${tag}@nowhere.test>`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `Nobody signed this ${tag}.`, ''].join('\r\n');
      // No From: the envelope sender (MAIL FROM) is the customer.
      await deliver(ctx, { envelope: { from: 'ghost@nowhere.test', to: [MAILBOX] }, raw: headerless(`Who sent this ${tag}`, 'nofrom') });
      await until(async () => {
        const { items } = await ctx.admin.get(`/tickets?view=all&q=${encodeURIComponent(`Who sent this ${tag}`)}`);
        return items.find((x) => x.customer.email === 'ghost@nowhere.test');
      }, 'the message without From became a ticket from its envelope sender', 10_000);
      // No sender anywhere (null envelope sender too): visible work, marked as an unknown sender.
      const unknownSubject = `Nobody at all ${tag}`;
      await deliver(ctx, { envelope: { from: '', to: [MAILBOX] }, raw: headerless(unknownSubject, 'nosender') });
      await page.goto(`${ctx.base}/views/all`);
      const row = page.locator(`li.row:has-text("${unknownSubject}")`);
      await row.waitFor({ timeout: 15_000 });
      assert((await row.locator('.row-customer').textContent()) === 'Unknown sender', 'the inbox row does not say Unknown sender');
      await row.locator('.row-link').click();
      const message = page.locator('li.message.inbound').first();
      await message.waitFor();
      assert((await message.locator('.message-author').textContent()) === 'Unknown sender', 'the message is not shown as from an unknown sender');
      await page.locator('[data-testid=unknown-sender-hint]').waitFor();
      await page.screenshot({ path: join(ctx.resultsDir, 'unknown-sender-1440.png') });

      // Nothing failed: the Failed tab (the default) is empty.
      await page.click('#sidebar a[href="/admin/inbox"]');
      await page.waitForSelector('main.unprocessed h1');
      assert((await page.getAttribute('.segmented-tabs [data-status=failed]', 'aria-selected')) === 'true', 'Failed is not the default tab');
      await page.waitForSelector('#inbound-panel .state.empty:has-text("No failed mail")');
      // A storm from one sender (EMAIL_SENDER_LIMIT, 30) is held past the limit; spam-flagged so it stays out of the working views.
      const storm = `storm-${tag}@example.net`;
      for (let index = 0; index <= 30; index++) {
        await deliver(ctx, { from: storm, to: MAILBOX, subject: `Storm ${index} ${tag}`, text: `Storm mail ${index} ${tag}.`, headers: { 'X-Spam-Flag': 'YES' } });
      }
      const item = await until(async () => {
        const { items } = await ctx.admin.get('/admin/inbox?status=held&channel=email');
        return items.find((x) => x.sender === storm);
      }, 'the storm was held past the limit', 20_000);
      await page.click('.segmented-tabs [data-status=held]');
      const held = page.locator(`li.inbound-item[data-item-id="${item.id}"]`);
      await held.waitFor();
      assert((await held.locator('.inbound-error').textContent()).includes('possible mail storm'), 'the held reason is missing');
      const rawHref = await held.locator('a:has-text("Download raw")').getAttribute('href');
      const raw = await page.request.get(`${ctx.base}${rawHref}`);
      assert(raw.ok() && (await raw.text()).includes(`${tag}.`), `Download raw answered ${raw.status()}`);
      const retried = page.waitForResponse((r) => r.url().endsWith(`/admin/inbox/${item.id}/retry`) && r.request().method() === 'POST');
      await held.locator('button:has-text("Retry")').click();
      assert((await retried).ok(), 'retry was refused');
      await until(async () => (await ctx.admin.get(`/admin/inbox/${item.id}`)).status === 'processed', 'the held mail was let through', 12_000);
      await page.screenshot({ path: join(ctx.resultsDir, 'unprocessed-1440.png') });
      // Shown again, the Held tab is empty: the mail became a ticket.
      await page.click('.segmented-tabs [data-status=failed]');
      await page.click('.segmented-tabs [data-status=held]');
      await page.waitForSelector('#inbound-panel .state.empty:has-text("No held mail")', { timeout: 12_000 });
      // Supervisors see unprocessed mail too, but not the mailboxes.
      const supervisor = await newPage(ctx);
      await signIn(supervisor, ctx.base, AGENT2);
      assert(await supervisor.isVisible('#sidebar a[href="/admin/inbox"]'), 'a supervisor has no Unprocessed mail entry');
      assert(!(await supervisor.isVisible('#sidebar a[href="/admin/mailboxes"]')), 'a supervisor sees the Mailboxes entry');
      await supervisor.click('#sidebar a[href="/admin/inbox"]');
      await supervisor.waitForSelector('main.unprocessed h1');
      await supervisor.context().close();
      await page.context().close();
    },
  ],
  [
    `hostile html: ${hostileCases.length} hostile emails over SMTP run no script and draw nothing outside their message (CSP bypassed)`,
    async (ctx) => {
      const result = await runHostileSuite(ctx, { newPage, signIn });
      for (const key of ['executions', 'overlays', 'loads', 'leaving', 'popups', 'navigations', 'positioned']) assert(result[key] === 0, `${result[key]} ${key} (listed above)`);
      // Most cases keep some harmless HTML; were none shown as HTML, the suite would test nothing.
      assert(result.framed >= result.cases / 2, `only ${result.framed} of ${result.cases} hostile messages were shown as HTML`);
    },
  ],
  [
    'hostile html: the same emails shown unsanitized, as an old stored message would be, on a phone: still no script, no overlay',
    async (ctx) => {
      const result = await runHostileSuite(ctx, { newPage, signIn }, { raw: true, viewport: { width: 390, height: 844 } });
      for (const key of ['executions', 'overlays', 'loads', 'leaving', 'popups', 'navigations']) assert(result[key] === 0, `${result[key]} ${key} (listed above)`);
    },
  ],
  [
    "email: mail forged from an agent's address shows as a claim with a warning; whom it copies waits in the side panel until accepted",
    async (ctx) => {
      // Runs on its own too: the mailbox comes from the Mailboxes scenario when that ran.
      const { items } = await ctx.admin.get('/mailboxes');
      if (!items.some((m) => m.address === MAILBOX)) await ctx.admin.post('/mailboxes', { address: MAILBOX, name: 'Acme Support', acknowledge: false });
      const me = await ctx.admin.get('/me');
      const subject = `Change the payout account ${Date.now()}`;
      await deliver(ctx, { from: `"${me.name}" <${ctx.adminCredentials.email}>`, to: MAILBOX, cc: 'Mule <mule@evil.test>', subject, text: 'Approved by me, pay to the new account.' });
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector(`li.row:has-text("${subject}")`, { timeout: 15_000 });
      await page.click(`li.row:has-text("${subject}") .row-link`);
      const claim = page.locator('li.message.inbound').first();
      await claim.locator('[data-testid=claim-warning]').waitFor();
      const author = await claim.locator('.message-author').textContent();
      assert(author === `Claims to be from ${ctx.adminCredentials.email}`, `the forged message is shown as from "${author}"`);
      assert(!(await claim.textContent()).includes(me.name), "the forged message carries the agent's name");
      const proposed = page.locator('[data-testid=proposed-participants] li[data-state=proposed]:has-text("mule@evil.test")');
      await proposed.waitFor();
      assert((await proposed.textContent()).includes(`copied by ${ctx.adminCredentials.email}`), 'who proposed them is not shown');
      await page.screenshot({ path: join(ctx.resultsDir, 'claimed-from-1440.png') });
      const accepted = page.waitForResponse((r) => r.url().includes('/participants/') && r.request().method() === 'PATCH');
      await proposed.locator('button:has-text("Accept")').click();
      assert((await accepted).ok(), 'accepting was refused');
      await page.waitForSelector('[data-testid=participants] li[data-state=accepted]:has-text("mule@evil.test")');
      assert(!(await page.isVisible('[data-testid=proposed-participants]')), 'the accepted participant is still shown as proposed');
      await page.context().close();
    },
  ],
  [
    'installable: the manifest is served and the service worker takes control',
    async (ctx) => {
      const page = ctx.state.page;
      const manifest = await (await fetch(`${ctx.base}/manifest.webmanifest`)).json();
      assert(manifest.icons.some((i) => i.sizes === '512x512') && manifest.display === 'standalone', 'manifest incomplete');
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      assert(scope === `${ctx.base}/`, `service worker scope ${scope}`);
    },
  ],
  [
    'a list of 10,000 tickets scrolls with a small DOM (virtualized rows)',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      // The list answers come from here: 10,000 synthetic tickets, 100 a page, as the API pages them.
      const total = 10_000;
      await page.route((url) => url.pathname === '/api/v1/tickets', async (route) => {
        const url = new URL(route.request().url());
        const offset = Number(url.searchParams.get('cursor') ?? 0);
        const now = new Date().toISOString();
        const items = Array.from({ length: Math.min(100, total - offset) }, (_, k) => {
          const i = offset + k;
          return { id: 1_000_000 + i, number: i, subject: `Synthetic ticket ${i}`, status: 'open', priority: ['low', 'normal', 'high', 'urgent'][i % 4], channel: 'email', teamId: null, assigneeId: null, tags: [], language: 'en', customerId: 1, organizationId: null, linkedTicketId: null, createdAt: now, updatedAt: now, firstResponseAt: null, lastCustomerMessageAt: now, lastAgentMessageAt: null, solvedAt: null, closedAt: null, customer: { id: 1, name: `Customer ${i}`, email: null } };
        });
        await route.fulfill({ json: { items, nextCursor: offset + 100 < total ? String(offset + 100) : null } });
      });
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row[data-number="0"]');
      const stats = await page.evaluate(async (last) => {
        const box = document.querySelector('.rows-scroll');
        // The browser's own frame pace here, doing nothing: the baseline for the numbers below.
        const idle = [];
        let t = performance.now();
        for (let i = 0; i < 60; i++) {
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          idle.push(now - t);
          t = now;
        }
        idle.sort((a, b) => a - b);
        const gaps = [];
        let maxRows = 0;
        let previous = performance.now();
        const started = previous;
        while (!document.querySelector(`li.row[data-number="${last}"]`) && performance.now() - started < 60_000) {
          box.scrollTop += 1500;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          gaps.push(now - previous);
          previous = now;
          maxRows = Math.max(maxRows, document.querySelectorAll('li.row').length);
        }
        gaps.sort((a, b) => a - b);
        const found = !!document.querySelector(`li.row[data-number="${last}"]`);
        // Back to the top through rows already loaded: the cost of rendering alone.
        const back = [];
        previous = performance.now();
        while (box.scrollTop > 0) {
          box.scrollTop -= 1500;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          back.push(now - previous);
          previous = now;
          maxRows = Math.max(maxRows, document.querySelectorAll('li.row').length);
        }
        back.sort((a, b) => a - b);
        return { idleP50: Math.round(idle[30]), found, frames: gaps.length, p95: Math.round(gaps[Math.floor(gaps.length * 0.95)]), backP50: Math.round(back[Math.floor(back.length / 2)]), backP95: Math.round(back[Math.floor(back.length * 0.95)]), maxRows, ms: Math.round(performance.now() - started) };
      }, total - 1);
      console.log(`    idle frame p50 ${stats.idleP50} ms (the browser's pace on this machine)`);
      console.log(`    10,000 rows: reached the end in ${stats.ms} ms over ${stats.frames} frames; frame p95 ${stats.p95} ms while loading pages; scrolling back through loaded rows: frame p50 ${stats.backP50} ms, p95 ${stats.backP95} ms; at most ${stats.maxRows} rows in the DOM`);
      assert(stats.found, 'the last ticket was never reached');
      assert(stats.maxRows < 80, `${stats.maxRows} rows in the DOM`);
      await page.context().close();
    },
  ],
  [
    'a customer message while the tab is hidden raises a notification and counts in the title',
    async (ctx) => {
      // Headless Chromium cannot hide a tab or show a system notification: the page sees a hidden
      // document and a granted Notification that records what it was asked to show.
      const page = await newPage(ctx);
      await page.addInitScript(() => {
        window.__shown = [];
        class RecordingNotification {
          static permission = 'granted';
          static requestPermission() {
            return Promise.resolve('granted');
          }
          constructor(title, options) {
            window.__shown.push({ title, body: options?.body ?? '' });
          }
          close() {}
        }
        window.Notification = RecordingNotification;
        Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden === true });
      });
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
      await page.evaluate(() => {
        window.__hidden = true;
        document.dispatchEvent(new Event('visibilitychange'));
      });
      const subject = `Notify me ${Date.now()}`;
      await ctx.admin.post('/tickets', { subject, customer: { email: 'notify@example.com', name: 'Nora' }, message: { body: 'Are you there?' } });
      await page.waitForFunction((s) => window.__shown.some((n) => n.body.includes(s)), subject, { timeout: 5000 });
      const shown = await page.evaluate(() => window.__shown);
      assert(shown.every((n) => n.title && !n.title.includes('undefined')), `a notification title is incomplete: ${JSON.stringify(shown)}`);
      await page.waitForFunction(() => /^\((\d+|99\+)\)/.test(document.title), null, { timeout: 5000 }); // "(99+)" once more than 99 wait
      console.log(`    notification: ${JSON.stringify(shown.at(-1))}; title: ${await page.title()}`);
      await page.evaluate(() => {
        window.__hidden = false;
        window.__shown.length = 0;
      });
      await ctx.admin.post('/tickets', { subject: `${subject} visible`, customer: { email: 'notify@example.com' }, message: { body: 'Still there?' } });
      await page.waitForSelector(`li.row:has-text("${subject} visible")`).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
      assert((await page.evaluate(() => window.__shown.length)) === 0, 'a visible tab must not notify');
      await page.context().close();
    },
  ],
  [
    'sign out returns to the sign-in screen',
    async (ctx) => {
      const page = ctx.state.page;
      await page.click('.me-line button');
      await page.waitForSelector('form.signin-card');
      await page.reload();
      await page.waitForSelector('form.signin-card');
    },
  ],
];

Api.loginFrom = async (ctx, { email, password }) => {
  const { Api: ApiClass } = await import('./harness.mjs');
  return ApiClass.login(ctx.base, email, password);
};
import { Api } from './harness.mjs';
