// First run and daily comfort: the set-up screen on a fresh instance, the browser's time zone for
// new agents, every screen at 390 px in English and Georgian (no sideways scroll, no blank band
// under the top bar, the Send button in reach, no stray separators), the token copy button, the
// filter pickers, and "Saved" beside the form that saved.
import { join } from 'node:path';
import { Api, serverServesApp, startFrontProxy, startServer } from '../harness.mjs';
import { assert, newPage, signIn, until } from '../pages.mjs';

const PHONE = { width: 390, height: 844 };
const phoneOptions = { isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Sideways scroll, the gap between the top bar and the content, and separators with nothing beside them. */
async function measure(page) {
  return page.evaluate(() => {
    const topbar = document.querySelector('.topbar');
    const main = document.querySelector('main');
    const barBottom = topbar && getComputedStyle(topbar).display !== 'none' ? topbar.getBoundingClientRect().bottom : 0;
    const stray = /(^|[·,])\s*[·,]|[·,]\s*$|^\s*·/;
    const strays = [...document.querySelectorAll('main *')]
      .filter((element) => element.children.length === 0 && element.offsetParent !== null && !['INPUT', 'TEXTAREA', 'CODE', 'PRE', 'OPTION'].includes(element.tagName))
      .map((element) => element.textContent.trim())
      .filter((text) => text && stray.test(text));
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && element.closest('#sidebar') === null)
      .slice(0, 3)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { wide, scrollWidth: document.documentElement.scrollWidth, gap: main ? Math.round(main.getBoundingClientRect().top + window.scrollY - barBottom) : null, strays };
  });
}

async function checkScreen(page, ctx, name) {
  await page.waitForFunction(() => !document.querySelector('main .state.loading'));
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ctx.resultsDir, `firstrun-${name}-390.png`), fullPage: true });
  const { scrollWidth, wide, gap, strays } = await measure(page);
  assert(scrollWidth <= PHONE.width, `${name}: scrolls sideways at 390 px (${scrollWidth} px wide: ${wide.join(', ')})`);
  assert(gap !== null && gap <= 1, `${name}: a blank band of ${gap} px under the top bar`);
  assert(strays.length === 0, `${name}: stray separators ${JSON.stringify(strays)}`);
}

/** A second server with no agent at all, as after a fresh install without FRONTLINE_ADMIN_EMAIL. */
async function freshInstance(ctx) {
  const server = await startServer({ logFile: join(ctx.resultsDir, 'server-firstrun.log'), withoutAdmin: true });
  const servesApp = await serverServesApp(server.base);
  const front = servesApp ? null : await startFrontProxy(server.base);
  return {
    base: front ? front.base : server.base,
    async stop() {
      await front?.stop();
      await server.stop();
    },
  };
}

export const scenarios = [
  [
    'firstrun: a fresh instance offers the set-up screen (English and Georgian, 390 px); it creates the admin with the browser\'s time zone and signs in',
    async (ctx) => {
      const fresh = await freshInstance(ctx);
      try {
        const page = await newPage(ctx, PHONE, { ...phoneOptions, timezoneId: 'Asia/Tbilisi' });
        await page.goto(`${fresh.base}/`);
        await page.waitForSelector('#setup-title');
        assert((await page.inputValue('select[name=timeZone]')) === 'Asia/Tbilisi', 'the time zone is not the browser\'s');
        await checkScreen(page, ctx, 'setup');
        await page.selectOption('select[name=locale]', 'ka');
        await page.waitForSelector('#setup-title:has-text("დახმარების სამსახურის აწყობა")');
        await checkScreen(page, ctx, 'setup-ka');
        await page.selectOption('select[name=locale]', 'en');
        await page.fill('input[name=deskName]', 'Acme Support');
        await page.fill('input[name=name]', 'Maria Ivanova');
        assert((await page.inputValue('input[name=alias]')) === 'Maria Ivanova', 'the alias does not follow the name');
        await page.fill('input[name=alias]', 'Maria, Acme Support');
        await page.fill('input[name=email]', 'maria@acme.test');
        await page.fill('input[name=password]', 'password1234');
        await page.fill('input[name=repeat]', 'password1234');
        await page.click('button[type=submit]');
        await page.waitForSelector('.form-error');
        await page.fill('input[name=password]', 'violet harbour lantern');
        await page.fill('input[name=repeat]', 'violet harbour lantern');
        await page.click('button[type=submit]');
        await page.waitForSelector('nav#sidebar', { state: 'attached' });
        const maria = await Api.login(fresh.base, 'maria@acme.test', 'violet harbour lantern');
        const me = await maria.get('/me');
        assert(me.role === 'admin' && me.alias === 'Maria, Acme Support' && me.timeZone === 'Asia/Tbilisi' && me.locale === 'en', `the admin is ${JSON.stringify(me)}`);
        const setup = await (await fetch(`${fresh.base}/api/v1/setup`)).json();
        assert(setup.needed === false && setup.deskName === 'Acme Support', `set-up state ${JSON.stringify(setup)}`);
        // A second visitor now gets the sign-in, with the desk's name.
        const other = await newPage(ctx, PHONE, phoneOptions);
        await other.goto(`${fresh.base}/`);
        await other.waitForSelector('form.signin-card .signin-desk:has-text("Acme Support")');
        await checkScreen(other, ctx, 'signin');
        await other.context().close();
        await page.context().close();
      } finally {
        await fresh.stop();
      }
    },
  ],
  [
    'firstrun: an agent with no time zone gets the browser\'s at the first sign-in, and Settings shows it',
    async (ctx) => {
      const agent = await ctx.admin.post('/agents', { email: 'tamar@example.com', name: 'Tamar Lomidze', role: 'agent', password: 'tamar e2e passphrase' });
      assert(agent.timeZoneSet === false, 'a new agent already has a time zone');
      const page = await newPage(ctx, { width: 1440, height: 900 }, { timezoneId: 'Europe/Moscow' });
      await signIn(page, ctx.base, { email: 'tamar@example.com', password: 'tamar e2e passphrase' });
      await until(async () => (await ctx.admin.get(`/agents/${agent.id}`)).timeZone === 'Europe/Moscow', 'the browser\'s zone saved');
      await page.goto(`${ctx.base}/settings`);
      await page.waitForSelector('.settings h1');
      const shown = await page.locator('label.field', { hasText: 'Time zone' }).locator('select').inputValue();
      assert(shown === 'Europe/Moscow', `Settings shows ${shown}`);
      await page.context().close();
    },
  ],
  [
    'firstrun: every screen at 390 px in English and Georgian: no sideways scroll, no blank band under the top bar, Send in reach, no stray separators',
    async (ctx) => {
      // An agent with no languages used to leave "email · alias · " in the list.
      await ctx.admin.post('/agents', { email: 'nolang@example.com', name: 'No Languages', role: 'agent', password: 'no languages passphrase' });
      const ticket = ctx.state.ticket ?? (await ctx.admin.get('/tickets?view=all&limit=1')).items[0];
      const page = await newPage(ctx, PHONE, phoneOptions);
      await signIn(page, ctx.base, ctx.adminCredentials);
      const screens = [
        ['inbox', '/views/all', 'main.inbox'],
        ['ticket', `/tickets/${ticket.number}`, 'li.message'],
        ['agents', '/admin/agents', '.agent-card'],
        ['teams', '/admin/teams', 'main h1'],
        ['mailboxes', '/admin/mailboxes', 'main h1'],
        ['phone', '/admin/phone', 'main h1'],
        ['unprocessed', '/admin/inbox', 'main h1'],
        ['audit', '/admin/audit', 'main h1'],
        ['jobs', '/admin/jobs', 'main h1'],
        ['settings', '/settings', '.settings h1'],
      ];
      try {
        for (const locale of ['en', 'ka']) {
          await ctx.admin.patch('/me', { locale });
          await page.goto(`${ctx.base}/`);
          await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
          for (const [name, path, ready] of screens) {
            await page.goto(`${ctx.base}${path}`);
            await page.waitForSelector(ready);
            await checkScreen(page, ctx, `${name}-${locale}`);
            if (name === 'mailboxes') {
              await page.click('.page-head button.primary');
              await page.waitForSelector('main form');
              await checkScreen(page, ctx, `mailbox-form-${locale}`);
            }
            if (name === 'ticket') {
              const send = page.locator('.composer button[type=submit]');
              await page.fill('.composer textarea', 'Checking the layout');
              await send.scrollIntoViewIfNeeded();
              const box = await send.boundingBox();
              assert(box && box.x >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height, `${locale}: the Send button is out of reach (${JSON.stringify(box)})`);
              const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('button[type=submit]') !== null, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
              assert(onTop, `${locale}: something covers the Send button`);
              await page.fill('.composer textarea', '');
            }
          }
        }
      } finally {
        await ctx.admin.patch('/me', { locale: 'en' });
      }
      await page.context().close();
    },
  ],
  [
    'firstrun: copy a new API token, pick a known tag and language in the filters, "Saved" beside the language that was saved',
    async (ctx) => {
      await ctx.admin.post('/tickets', { subject: 'Payout held for review', customer: { email: 'ketevan@example.ge', name: 'Ketevan' }, message: { body: 'ჩემი გადახდა შეჩერებულია.' }, tags: ['payout-review'], language: 'ka' });
      const page = await newPage(ctx, { width: 1440, height: 900 }, { permissions: ['clipboard-read', 'clipboard-write'] });
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.goto(`${ctx.base}/settings`);
      const tokens = page.locator('section', { hasText: 'API tokens' });
      await tokens.locator('input[type=text]').fill('copied token');
      await page.click('text=Create token');
      const token = (await page.textContent('[data-testid=new-token]')).trim();
      await tokens.locator('.token-copy button').click();
      await page.waitForSelector('.token-copy [role=status]:has-text("Copied")');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert(copied === token, 'the clipboard does not hold the token');

      // The language saves on its own: "Saved" shows beside it, not under the profile form.
      const select = page.locator('.settings .inline-saved select');
      await select.selectOption('ru');
      await page.waitForSelector('.inline-saved [role=status]:has-text("Сохранено")');
      assert((await page.locator('.settings form .form-actions [role=status]').count()) === 0, '"Saved" shows under the profile form too');
      await select.selectOption('en');
      await until(async () => (await ctx.admin.get('/me')).locale === 'en', 'locale back to en');

      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('li.row');
      await page.click('button[aria-controls=filter-panel]');
      await until(async () => (await page.locator('#known-tags option[value="payout-review"]').count()) === 1, 'the tag picker offers the tag in use');
      const languages = await page.locator('#filter-panel label.field:has(> span:text-is("Language")) select option').allTextContents();
      assert(['English', 'Georgian', 'Russian'].every((name) => languages.includes(name)), `the language picker offers ${languages.join(', ')}`);
      await page.locator('#filter-panel label.field:has(> span:text-is("Language")) select').selectOption('ka');
      await page.locator('#filter-panel input[list=known-tags]').fill('payout-review');
      await page.waitForSelector('li.row:has-text("Payout held for review")');
      await until(async () => (await page.locator('li.row').count()) === 1, 'only the tagged Georgian ticket is listed');
      await page.context().close();
    },
  ],
];
