// Keyboard and screen-reader scenarios: axe on every screen at 1440 and 390 px, a keyboard-only
// walk that checks where focus is after each step, and the bugs of issue 10 §7 (r on a row, arrows
// on a select, drafts, shortcuts on a Russian layout, undo, the phone drawer, contrast).
import { createRequire } from 'node:module';
import { AGENT2, assert, newPage, signIn, until } from '../pages.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
const PHONE = [{ width: 390, height: 844 }, { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }];

/** What has focus: tag, classes, and the ticket row or heading it belongs to. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? null,
      className: typeof el?.className === 'string' ? el.className : '',
      name: el?.getAttribute('name') ?? null,
      row: el?.closest('li.row')?.getAttribute('data-number') ?? null,
      inMain: !!el?.closest('#main'),
      inSidebar: !!el?.closest('#sidebar'),
      heading: el?.tagName === 'H1' ? el.textContent.trim() : null,
    };
  });

async function expectFocus(page, check, what) {
  try {
    await until(async () => check(await focused(page)), what, 3000);
  } catch {
    throw new Error(`focus is not on ${what}: ${JSON.stringify(await focused(page))}`);
  }
}

const announced = (page) => page.evaluate(() => document.getElementById('announcer')?.textContent ?? '');
async function expectAnnounced(page, text) {
  await until(async () => (await announced(page)).includes(text), `the live region to say "${text}"`, 5000).catch(async () => {
    throw new Error(`the live region says "${await announced(page)}", not "${text}"`);
  });
}

async function newTicket(ctx, subject, extra = {}) {
  return ctx.admin.post('/tickets', { subject, customer: { email: `a11y-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`, name: 'Keyboard Customer' }, message: { body: 'Hello, my account is locked.' }, ...extra });
}

async function signedIn(ctx, viewport, extra) {
  const page = await newPage(ctx, viewport, extra);
  await signIn(page, ctx.base, ctx.adminCredentials);
  await page.waitForSelector('main.inbox h1');
  return page;
}

/** Runs axe in the page; fails on serious or critical violations. */
async function axe(page, screen) {
  // Through the DevTools protocol: the app's Content-Security-Policy refuses inline scripts, rightly.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const run = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return run.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert(result.length === 0, `axe on ${screen}: ${result.join('; ')}`);
}

function ratio(a, b) {
  const lum = ([r, g, b]) => {
    const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
const rgb = (css) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);

export const scenarios = [
  [
    'a11y: axe finds no serious violation on any screen at 1440 and 390 px',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Axe scan ticket');
      for (const [viewport, extra] of [[{ width: 1440, height: 900 }, {}], PHONE]) {
        const w = viewport.width;
        const guest = await newPage(ctx, viewport, extra);
        await guest.goto(`${ctx.base}/`);
        await guest.waitForSelector('form.signin-card');
        await axe(guest, `sign-in at ${w}`);
        await guest.context().close();
        const page = await signedIn(ctx, viewport, extra);
        // Every screen the sidebar leads to (new screens of other features included), then a ticket and the dialog.
        const links = await page.$$eval('#sidebar a.nav-link', (as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
        assert(links.length >= 8, `only ${links.length} screens in the sidebar`);
        for (const href of links) {
          await page.goto(`${ctx.base}${href}`);
          await page.waitForSelector('#main h1');
          await page.waitForSelector('.state.loading', { state: 'detached' }).catch(() => {});
          await page.waitForTimeout(150);
          await axe(page, `${href} at ${w}`);
        }
        await page.goto(`${ctx.base}/tickets/${ticket.number}`);
        await page.waitForSelector('main.ticket-page h1');
        await axe(page, `a ticket at ${w}`);
        await page.keyboard.press('Shift+Slash');
        await page.waitForSelector('dialog[open].shortcuts-dialog');
        await axe(page, `the shortcuts dialog at ${w}`);
        await page.context().close();
      }
    },
  ],
  [
    'a11y: keyboard-only walk — sign in, triage with j/k, open, reply, change status, back — focus is where it should be',
    async (ctx) => {
      const ticket = await newTicket(ctx, `Account locked ${Date.now()}`, { priority: 'urgent' });
      await ctx.admin.patch(`/tickets/${ticket.id}`, { status: 'open' });
      const page = await newPage(ctx);
      await page.goto(`${ctx.base}/views/open`);
      await page.waitForSelector('form.signin-card');
      await expectFocus(page, (f) => f.name === 'email', 'the email field');
      await page.keyboard.type(ctx.adminCredentials.email);
      await page.keyboard.press('Tab');
      await expectFocus(page, (f) => f.name === 'password', 'the password field');
      await page.keyboard.type(ctx.adminCredentials.password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('main.inbox h1');
      await expectFocus(page, (f) => f.heading === 'Open', 'the inbox heading after sign-in');
      assert((await page.title()).includes('Open — Frontline'), `window title: ${await page.title()}`);
      await page.waitForSelector(`li.row[data-number="${ticket.number}"]`);
      // j moves real focus to the rows; walk down to our ticket.
      await page.keyboard.press('j');
      await expectFocus(page, (f) => f.row !== null && f.className.includes('row-link'), 'a row after j');
      const index = await page.$$eval('li.row', (rows, n) => rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).findIndex((r) => r.dataset.number === String(n)), ticket.number);
      for (let i = 0; i < index; i++) await page.keyboard.press('j');
      await expectFocus(page, (f) => f.row === String(ticket.number), `the row of #${ticket.number}`);
      if (index > 0) {
        await page.keyboard.press('k');
        await expectFocus(page, (f) => f.row !== String(ticket.number) && f.row !== null, 'the row above after k');
        await page.keyboard.press('j');
        await expectFocus(page, (f) => f.row === String(ticket.number), `the row of #${ticket.number} again`);
      }
      await page.keyboard.press('Enter');
      await page.waitForSelector('main.ticket-page h1');
      await expectFocus(page, (f) => f.heading?.includes(`#${ticket.number}`), 'the ticket heading');
      await until(async () => (await page.title()).includes(`#${ticket.number} ${ticket.subject} — Frontline`), `the window title of #${ticket.number}`);
      await page.keyboard.press('r');
      await expectFocus(page, (f) => f.tag === 'textarea', 'the composer after r');
      await page.keyboard.type('We unlocked your account.');
      await page.keyboard.press('Control+Enter');
      await page.waitForSelector('li.message.outbound:has-text("We unlocked your account.")');
      await expectFocus(page, (f) => f.tag === 'textarea', 'the composer after sending');
      await expectAnnounced(page, 'Reply sent');
      await page.keyboard.press('Escape');
      await expectFocus(page, (f) => f.heading?.includes(`#${ticket.number}`), 'the heading after Escape in the composer');
      await page.keyboard.press('3');
      await until(async () => (await ctx.admin.get(`/tickets/${ticket.id}`)).status === 'pending', 'status pending after 3');
      await expectAnnounced(page, `Pending: #${ticket.number}`);
      await expectFocus(page, (f) => f.inMain && f.tag !== 'body', 'the ticket after a status change');
      await page.keyboard.press('Escape');
      await page.waitForSelector('main.inbox');
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('main.inbox h1');
      await page.waitForSelector('li.row');
      await page.keyboard.press('j');
      await expectFocus(page, (f) => f.row !== null, 'a row of All tickets');
      // Back from a ticket, focus returns to its row.
      const number = (await focused(page)).row;
      await page.keyboard.press('Enter');
      await page.waitForSelector('main.ticket-page h1');
      await page.keyboard.press('Escape');
      await page.waitForSelector('main.inbox');
      await expectFocus(page, (f) => f.row === number, `the row of #${number} after going back`);
      await page.goBack();
      await page.waitForSelector('main.ticket-page h1');
      await page.goBack();
      await page.waitForSelector('main.inbox');
      await expectFocus(page, (f) => f.row === number, `the row of #${number} after the browser's back`);
      await page.context().close();
    },
  ],
  [
    'a11y: back from a ticket, an agent who clicks the search box while the list still loads keeps typing there (the row does not take focus)',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Come back to me');
      const page = await signedIn(ctx);
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('main.ticket-page h1');
      // A slow list: the answer comes a second and a half after the agent is already in the box.
      await page.route((url) => url.pathname === '/api/v1/tickets', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await page.goto(`${ctx.base}/views/all`);
      await page.click('main.inbox input[role=combobox]');
      await page.keyboard.type('Come');
      await page.waitForSelector(`li.row[data-number="${ticket.number}"]`);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300)))));
      await page.keyboard.type(' back');
      const now = await focused(page);
      assert(now.tag === 'input' && now.row === null, `focus left the search box once the list came: ${JSON.stringify(now)}`);
      assert((await page.inputValue('main.inbox input[role=combobox]')) === 'Come back', 'what the agent typed did not all reach the box');
      await page.context().close();
    },
  ],
  [
    'a11y: r on an inbox row opens the ticket with the composer (the query string keeps the route)',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Press r on me');
      const page = await signedIn(ctx);
      await page.goto(`${ctx.base}/views/all`);
      await page.focus(`li.row[data-number="${ticket.number}"] .row-link`);
      await page.keyboard.press('r');
      await page.waitForSelector('main.ticket-page h1');
      assert(page.url().endsWith(`/tickets/${ticket.number}?compose=reply`), `address: ${page.url()}`);
      await expectFocus(page, (f) => f.tag === 'textarea', 'the composer');
      await page.goto(`${ctx.base}/tickets/${ticket.number}?compose=note`);
      await page.waitForSelector('.composer.note');
      await page.context().close();
    },
  ],
  [
    'a11y: two arrow presses on status save nothing until Enter; Escape puts the saved value back',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Arrow keys on status');
      const page = await signedIn(ctx);
      const saves = [];
      page.on('request', (request) => request.method() === 'PATCH' && request.url().includes(`/tickets/${ticket.id}`) && saves.push(request.postData()));
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('select[name=status]');
      await page.focus('select[name=status]');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(600);
      assert(saves.length === 0, `arrows saved ${saves.length} times: ${saves.join(' ')}`);
      assert((await ctx.admin.get(`/tickets/${ticket.id}`)).status === 'new', 'the status changed without Enter');
      assert((await page.$eval('select[name=status]', (s) => s.value)) === 'pending', 'the select does not show the choice');
      await page.keyboard.press('Escape');
      assert((await page.$eval('select[name=status]', (s) => s.value)) === 'new', 'Escape did not put the saved value back');
      assert(await page.isVisible('main.ticket-page'), 'Escape on a changed select left the ticket');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await until(async () => (await ctx.admin.get(`/tickets/${ticket.id}`)).status === 'pending', 'pending after Enter');
      await page.waitForTimeout(300);
      assert(saves.length === 1, `${saves.length} saves for one Enter`);
      const history = (await ctx.admin.get(`/tickets/${ticket.id}/history`)).items.filter((h) => h.field === 'status');
      assert(history.length === 1, `${history.length} status entries in the history`);
      await expectAnnounced(page, 'Status: Pending');
      // The assignee: arrows, then leaving the field saves once.
      await page.focus('select[name=assignee]');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(400);
      assert(saves.length === 1, 'arrows on the assignee saved');
      await page.keyboard.press('Tab');
      await until(async () => (await ctx.admin.get(`/tickets/${ticket.id}`)).assigneeId !== null, 'the assignee saved on blur');
      assert(saves.length === 2, `${saves.length} saves after leaving the assignee`);
      // A mouse choice still saves at once.
      await page.selectOption('select[name=priority]', 'high');
      await until(async () => (await ctx.admin.get(`/tickets/${ticket.id}`)).priority === 'high', 'the priority chosen with the mouse');
      // Solved → Pending is not one allowed step: the side panel takes the way through Open.
      await ctx.admin.patch(`/tickets/${ticket.id}`, { status: 'solved', reason: 'Answered on the phone.' });
      await page.reload();
      await page.waitForSelector('select[name=status]');
      await until(async () => (await page.$eval('select[name=status]', (el) => el.value)) === 'solved', 'the select shows Solved');
      await page.selectOption('select[name=status]', 'pending');
      await until(async () => (await ctx.admin.get(`/tickets/${ticket.id}`)).status === 'pending', 'pending from solved through open');
      await page.context().close();
    },
  ],
  [
    'a11y: a draft survives Escape, navigation and a reload, per agent and ticket, and is gone once sent',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Draft keeper');
      const other = await newTicket(ctx, 'Another ticket');
      const page = await signedIn(ctx);
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('textarea');
      await page.click('textarea');
      await page.keyboard.type('Half-written answer');
      await page.keyboard.press('Escape');
      await expectAnnounced(page, 'Draft kept');
      assert((await page.inputValue('textarea')) === 'Half-written answer', 'Escape threw the draft away');
      await page.keyboard.press('Escape');
      await page.waitForSelector('main.inbox');
      await page.goto(`${ctx.base}/tickets/${other.number}`);
      await page.waitForSelector('textarea');
      assert((await page.inputValue('textarea')) === '', 'a draft of one ticket showed on another');
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('textarea');
      assert((await page.inputValue('textarea')) === 'Half-written answer', 'the draft did not come back');
      await page.reload();
      await page.waitForSelector('textarea');
      assert((await page.inputValue('textarea')) === 'Half-written answer', 'the draft did not survive a reload');
      await page.click('button[type=submit].primary');
      await page.waitForSelector('li.message.outbound:has-text("Half-written answer")');
      assert((await page.inputValue('textarea')) === '', 'the composer kept the sent text');
      await expectFocus(page, (f) => f.tag === 'textarea', 'the composer after Send');
      const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('frontline.draft.')));
      assert(left.length === 0, `drafts left after sending: ${left}`);
      // Another agent does not see my draft.
      await page.fill('textarea', 'Only mine');
      const nino = await newPage(ctx);
      await signIn(nino, ctx.base, AGENT2);
      await nino.goto(`${ctx.base}/tickets/${ticket.number}`);
      await nino.waitForSelector('textarea');
      assert((await nino.inputValue('textarea')) === '', 'another agent saw the draft');
      await nino.context().close();
      await page.context().close();
    },
  ],
  [
    'a11y: shortcuts work with a Russian layout (code KeyJ, key о) and ? lists them',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Russian layout');
      const page = await signedIn(ctx);
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      const press = (key, code, shiftKey = false) =>
        page.evaluate(([k, c, s]) => (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: k, code: c, shiftKey: s, bubbles: true, cancelable: true })), [key, code, shiftKey]);
      await press('о', 'KeyJ');
      await expectFocus(page, (f) => f.row !== null, 'a row after о (KeyJ)');
      const first = (await focused(page)).row;
      await press('о', 'KeyJ');
      await expectFocus(page, (f) => f.row !== null && f.row !== first, 'the next row after о (KeyJ)');
      await press('л', 'KeyK');
      await expectFocus(page, (f) => f.row === first, 'the first row again after л (KeyK)');
      await press(',', 'Slash', true);
      await page.waitForSelector('dialog[open].shortcuts-dialog');
      await expectFocus(page, (f) => f.inMain === false && f.tag === 'button', 'the dialog');
      const rows = await page.$$eval('.shortcuts-table tbody tr', (trs) => trs.length);
      assert(rows >= 10, `the dialog lists ${rows} shortcuts`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog.shortcuts-dialog:not([open])', { state: 'attached' });
      await expectFocus(page, (f) => f.row === first, 'the row after closing the dialog');
      await page.focus(`li.row[data-number="${ticket.number}"] .row-link`);
      await press('к', 'KeyR');
      await page.waitForSelector('main.ticket-page h1');
      assert(page.url().includes('compose=reply'), `к (KeyR) did not open the reply: ${page.url()}`);
      await expectFocus(page, (f) => f.tag === 'textarea', 'the composer after к (KeyR)');
      await page.keyboard.press('Escape');
      await press('у', 'KeyE');
      // Its customer waits for an answer: the reason is asked first, in a modal dialog.
      await page.waitForSelector('dialog[open][data-testid=solve-reason]');
      await expectFocus(page, (f) => f.tag === 'textarea', 'the reason');
      await page.keyboard.type('Answered on the phone.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await until(async () => (await ctx.admin.get(`/tickets/${ticket.id}`)).status === 'solved', 'solved by у (KeyE)');
      const reasons = (await ctx.admin.get(`/tickets/${ticket.id}/history`)).items.filter((entry) => entry.field === 'unanswered_reason');
      assert(reasons.length === 1 && reasons[0].after === 'Answered on the phone.', `the reason in the history: ${JSON.stringify(reasons)}`);
      await page.context().close();
    },
  ],
  [
    'a11y: e solves with "Solved #N — Undo" once the reason is given (Escape asks again later, changing nothing); u and the bulk Undo put the previous values back; focus stays on a row',
    async (ctx) => {
      const a = await newTicket(ctx, 'Undo me');
      await ctx.admin.patch(`/tickets/${a.id}`, { status: 'open' });
      const b = await newTicket(ctx, 'Undo bulk one');
      const c = await newTicket(ctx, 'Undo bulk two');
      for (const x of [b, c]) await ctx.admin.patch(`/tickets/${x.id}`, { status: 'open' });
      const page = await signedIn(ctx);
      await page.goto(`${ctx.base}/views/open`);
      await page.waitForSelector(`li.row[data-number="${a.number}"]`);
      await page.focus(`li.row[data-number="${a.number}"] .row-link`);
      await page.keyboard.press('e');
      // Its customer waits: Escape leaves it as it was, focus back on its row.
      await page.waitForSelector('dialog[open][data-testid=solve-reason]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog[data-testid=solve-reason]', { state: 'detached' });
      await expectFocus(page, (f) => f.row === String(a.number), 'the row after Escape');
      assert((await ctx.admin.get(`/tickets/${a.id}`)).status === 'open', 'Escape solved the ticket');
      await page.keyboard.press('e');
      await page.fill('dialog[open][data-testid=solve-reason] textarea', 'The customer wrote they found it.');
      await page.click('dialog[open][data-testid=solve-reason] button[type=submit]');
      await page.waitForSelector(`[data-testid=undo-toast]:has-text("Solved: #${a.number}")`);
      await expectAnnounced(page, `Solved: #${a.number}`);
      await until(async () => (await ctx.admin.get(`/tickets/${a.id}`)).status === 'solved', 'solved by e');
      await page.waitForSelector(`li.row[data-number="${a.number}"]`, { state: 'detached' });
      await expectFocus(page, (f) => f.row !== null, 'a row after the solved one left the view');
      await page.keyboard.press('u');
      await until(async () => (await ctx.admin.get(`/tickets/${a.id}`)).status === 'open', 'open again after u');
      await expectAnnounced(page, 'Undone');
      await page.waitForSelector(`li.row[data-number="${b.number}"]`, { state: 'attached' }).catch(async (error) => {
        console.log(`    rows: ${await page.$$eval('li.row', (rows) => rows.map((r) => r.dataset.number).join(' '))}`);
        throw error;
      });
      await page.check(`li.row[data-number="${b.number}"] input.row-check`);
      await page.check(`li.row[data-number="${c.number}"] input.row-check`);
      await page.evaluate(() => {
        window.__focusLog = [];
        const log = (e) => window.__focusLog.push(`${e.type}:${e.target.tagName}.${e.target.className}`);
        document.addEventListener('focusin', log);
        document.addEventListener('focusout', log);
      });
      await page.click('.bulk-bar button:has-text("Solve")');
      // One reason for the selection, naming the tickets whose customer waits.
      await page.waitForSelector(`dialog[open][data-testid=solve-reason]:has-text("#${b.number}"):has-text("#${c.number}")`);
      await page.fill('dialog[open][data-testid=solve-reason] textarea', 'Duplicates of an answered ticket.');
      await page.click('dialog[open][data-testid=solve-reason] button[type=submit]');
      await page.waitForSelector('[data-testid=undo-toast] button:has-text("Undo")');
      await until(async () => (await ctx.admin.get(`/tickets/${b.id}`)).status === 'solved' && (await ctx.admin.get(`/tickets/${c.id}`)).status === 'solved', 'both solved');
      await expectFocus(page, (f) => f.tag !== 'body', 'something after the bulk action (not the page body)').catch(async (error) => {
        console.log(`    focus log: ${(await page.evaluate(() => window.__focusLog)).join(' ')}`);
        throw error;
      });
      await page.click('[data-testid=undo-toast] button:has-text("Undo")');
      await until(async () => (await ctx.admin.get(`/tickets/${b.id}`)).status === 'open' && (await ctx.admin.get(`/tickets/${c.id}`)).status === 'open', 'both open again');
      await page.context().close();
    },
  ],
  [
    'a11y: the phone drawer is out of the tab order while closed, keeps focus while open, Escape closes it; the inbox keeps its heading',
    async (ctx) => {
      const page = await signedIn(ctx, ...PHONE);
      assert(await page.isVisible('main.inbox h1'), 'the inbox has no visible heading on a phone');
      assert(await page.$eval('#sidebar', (el) => el.inert), 'the closed drawer is not inert');
      await page.focus('[data-testid=menu-button]');
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        assert(!(await focused(page)).inSidebar, `Tab ${i + 1} reached the closed drawer`);
      }
      await page.focus('[data-testid=menu-button]');
      await page.keyboard.press('Enter');
      await expectFocus(page, (f) => f.inSidebar, 'the open drawer');
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        assert((await focused(page)).inSidebar, `Tab ${i + 1} left the open drawer`);
      }
      await page.keyboard.press('Escape');
      await expectFocus(page, (f) => f.className.includes('icon-button') && !f.inSidebar, 'the menu button after Escape');
      assert(await page.$eval('#sidebar', (el) => el.inert), 'the drawer is not inert after closing');
      await page.context().close();
    },
  ],
  [
    'a11y: focus ring, selected tabs and priority markers are at least 3:1; priority has text and shape',
    async (ctx) => {
      const ticket = await newTicket(ctx, 'Contrast check', { priority: 'high' });
      const page = await signedIn(ctx);
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      const measure = (selector, property, background) =>
        page.$eval(selector, (el, [prop, bg]) => {
          const style = getComputedStyle(el);
          let node = bg ? document.querySelector(bg) : el.parentElement;
          let back = 'rgba(0, 0, 0, 0)';
          while (node && /rgba\(0, 0, 0, 0\)|transparent/.test(back)) {
            back = getComputedStyle(node).backgroundColor;
            node = node.parentElement;
          }
          return [style[prop], back];
        }, [property, background]);
      const checks = [];
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      checks.push(['focus ring on a row', ...(await measure('li.row .row-link:focus', 'outlineColor', 'li.row.cursor'))]);
      await page.focus('#sidebar .nav-link');
      await page.keyboard.press('Tab');
      checks.push(['focus ring in the sidebar', ...(await measure('#sidebar .nav-link:focus-visible', 'outlineColor', '#sidebar'))]);
      for (const priority of ['low', 'normal', 'high', 'urgent']) {
        // The row says the priority in words (high and urgent with a triangle of the same colour).
        const row = await page.$(`li.row.priority-${priority} .row-priority`);
        if (row) checks.push([`${priority} marker`, ...(await measure(`li.row.priority-${priority} .row-priority`, 'color', 'li.row'))]);
      }
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('.composer');
      checks.push(['selected reply tab', ...(await measure('.tab.active', 'borderTopColor', '.composer'))]);
      await page.keyboard.press('n');
      await page.waitForSelector('.composer.note');
      checks.push(['selected note tab', ...(await measure('.tab.active', 'borderTopColor', '.composer'))]);
      const chip = await page.textContent('[data-testid=ticket-priority]');
      assert(chip.includes('High'), `the ticket's priority has no text: ${chip}`);
      assert(await page.$('[data-testid=ticket-priority] .prio-shape'), 'the ticket priority has no shape');
      const report = checks.map(([what, fg, bg]) => [what, Math.round(ratio(rgb(fg), rgb(bg)) * 100) / 100, fg, bg]);
      console.log(`    contrast: ${report.map(([w, r]) => `${w} ${r}:1`).join(', ')}`);
      const low = report.filter(([, r]) => r < 3);
      assert(low.length === 0, `below 3:1: ${JSON.stringify(low)}`);
      await page.context().close();
    },
  ],
  [
    'a11y: messages carry their language and say who wrote them; one live region announces new tickets and the colleague warning',
    async (ctx) => {
      const ticket = await ctx.admin.post('/tickets', { subject: 'Не могу войти', customer: { email: `ru-${Date.now()}@example.ru`, name: 'Ирина Петрова' }, message: { body: 'Здравствуйте, не могу войти в личный кабинет уже второй день.' } });
      const page = await newPage(ctx);
      await signIn(page, ctx.base, AGENT2);
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('li.message.inbound');
      const lang = await page.$eval('li.message.inbound .message-body, li.message.inbound', (el) => el.closest('li').querySelector('[lang]')?.getAttribute('lang'));
      assert(lang === 'ru', `the Russian message is marked lang=${lang}`);
      const name = await page.$eval('li.message.inbound article', (el) => document.getElementById(el.getAttribute('aria-labelledby'))?.textContent);
      assert(name?.includes('Message from the customer Ирина Петрова'), `the message is named "${name}"`);
      // Counted once the page has loaded: a panel still loading shows its own status (ui/states.tsx) until its data comes.
      await page.waitForFunction(() => !document.querySelector('.state.loading'));
      assert((await page.$$('[role=status], [aria-live]')).length === 1, 'more than one live region on the ticket page');
      // A colleague opens the same ticket: the warning is announced.
      const admin = await signedIn(ctx);
      await admin.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector('[data-testid=collision]');
      await expectAnnounced(page, 'viewing');
      await admin.context().close();
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
      assert(!(await announced(page)).includes('Live'), 'the connection was announced on load');
      const fresh = await newTicket(ctx, 'Announced ticket');
      await expectAnnounced(page, `New ticket #${fresh.number}`);
      await page.context().close();
    },
  ],
];
