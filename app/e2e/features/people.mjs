// Customers, organizations and merging, as an agent does it in Chromium: find a customer, read their
// tickets on every channel, edit them, merge two customers, merge two tickets from the ticket page.
import { join } from 'node:path';
import { assert, newPage, signIn, until } from '../pages.mjs';

/** The people of these scenarios, made through the API once. */
async function people(ctx) {
  if (ctx.state.people) return ctx.state.people;
  const api = ctx.admin;
  const org = await api.post('/organizations', { name: 'Rustaveli Books', domain: 'rustaveli-books.test' });
  const tamar = await api.post('/customers', {
    name: 'Tamar Kiknadze',
    identities: [
      { kind: 'email', value: 'tamar@rustaveli-books.test' },
      { kind: 'phone', value: '+995 599 11 22 33' },
    ],
  });
  const byMail = await api.post('/tickets', { subject: 'Order 88 is late', customer: { id: tamar.id }, message: { body: 'My order 88 has not arrived.' }, channel: 'email' });
  const byPhone = await api.post('/tickets', { subject: 'Called about order 88', customer: { id: tamar.id }, message: { body: 'Customer called: still no order 88.' }, channel: 'phone' });
  const telegram = await api.post('/customers', { name: 'tamar_k', identities: [{ kind: 'telegram', value: 'tamar_k' }] });
  const byTelegram = await api.post('/tickets', { subject: 'Telegram question', customer: { id: telegram.id }, message: { body: 'Is the shop open on Sunday?' }, channel: 'telegram' });
  ctx.state.people = { org, tamar, telegram, byMail, byPhone, byTelegram };
  return ctx.state.people;
}

async function page1440(ctx) {
  if (ctx.state.peoplePage) return ctx.state.peoplePage;
  const page = await newPage(ctx);
  await signIn(page, ctx.base, ctx.adminCredentials);
  ctx.state.peoplePage = page;
  return page;
}

const channelsShown = (page) => page.$$eval('[data-testid=people-tickets] [data-channel]', (chips) => chips.map((chip) => chip.getAttribute('data-channel')));

export const scenarios = [
  [
    'people: open Customers, search, open one and see their tickets of two channels, edit them',
    async (ctx) => {
      const { tamar, org } = await people(ctx);
      const page = await page1440(ctx);
      await page.click('nav#sidebar a[href="/customers"]');
      await page.waitForSelector('h1:has-text("Customers")');
      await page.waitForSelector('.people-row');
      await page.fill('[data-testid=customer-search]', 'rustaveli-books');
      await until(async () => (await page.$$eval('.people-row', (rows) => rows.map((row) => row.getAttribute('data-customer-id')))).join() === String(tamar.id), 'the search by part of the email finds just Tamar');
      await page.click(`[data-customer-id="${tamar.id}"] a`);
      await page.waitForSelector('[data-testid=customer-name]:has-text("Tamar Kiknadze")');
      assert(new URL(page.url()).pathname === `/customers/${tamar.id}`, `the customer page has its address: ${page.url()}`);
      await page.waitForSelector('[data-testid=people-tickets] li');
      const channels = await channelsShown(page);
      assert(channels.includes('email') && channels.includes('phone'), `tickets of both channels: ${channels}`);
      assert((await page.textContent('[data-testid=customer-organization]'))?.includes(org.name), 'the organization by the email domain');

      await page.click('button:has-text("Edit")');
      await page.fill('.customer-form input[name=name]', 'Tamar Kiknadze-Beridze');
      await page.fill('.customer-form input[name=phone]', '+995 599 44 55 66');
      await page.selectOption('.customer-form select[name=language]', 'ka');
      await page.fill('.customer-form textarea[name=notes]', 'Prefers phone calls.');
      await page.click('.customer-form button[type=submit]');
      await page.waitForSelector('[data-testid=customer-name]:has-text("Tamar Kiknadze-Beridze")');
      await page.waitForSelector('[data-testid=customer-identities]:has-text("+995599445566")');
      const saved = await ctx.admin.get(`/customers/${tamar.id}`);
      assert(saved.language === 'ka' && saved.notes === 'Prefers phone calls.', `saved: ${JSON.stringify(saved)}`);
      assert(!saved.identities.some((identity) => identity.value === '+995599112233'), 'the old phone is replaced');
      await page.waitForSelector('[data-testid=customer-history] [data-action="customer.identity_changed"]');
    },
  ],
  [
    'people: merge two customers by picking the other one and confirming',
    async (ctx) => {
      const { tamar, telegram, byTelegram } = await people(ctx);
      const page = await page1440(ctx);
      if (new URL(page.url()).pathname !== `/customers/${tamar.id}`) await page.goto(`${ctx.base}/customers/${tamar.id}`);
      await page.fill('.customer-picker input', 'tamar_k');
      await page.click(`.picker-option[data-customer-id="${telegram.id}"]`);
      await page.waitForSelector('.confirm:has-text("tamar_k")');
      await page.click('.confirm button:has-text("Merge")');
      await page.waitForSelector('[data-testid=merge-result]');
      await page.waitForSelector('[data-testid=customer-identities]:has-text("tamar_k")');
      await page.waitForSelector(`[data-testid=people-tickets] [data-ticket-id="${byTelegram.id}"]`);
      const channels = await channelsShown(page);
      assert(['email', 'phone', 'telegram'].every((channel) => channels.includes(channel)), `every channel's tickets after the merge: ${channels}`);
      const old = await ctx.admin.get(`/customers/${telegram.id}`);
      assert(old.mergedIntoId === tamar.id, 'the other record points at the survivor');
      await page.waitForSelector('[data-testid=customer-history] [data-action="customer.merged"]');
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.screenshot({ path: join(ctx.resultsDir, 'customer-390.png'), fullPage: true });
      await page.setViewportSize({ width: 1440, height: 900 });
      assert(overflow <= 0, `the customer page overflows a phone by ${overflow} px`);
      await page.screenshot({ path: join(ctx.resultsDir, 'customer-1440.png'), fullPage: true });
    },
  ],
  [
    'people: the same number on WhatsApp is offered as the same person, and merged with one click and a confirmation',
    async (ctx) => {
      const caller = await ctx.admin.post('/customers', { name: 'Levan Abashidze', identities: [{ kind: 'phone', value: '+995 595 10 20 30' }] });
      const whatsapp = await ctx.admin.post('/customers', { name: 'Levan', identities: [{ kind: 'whatsapp', value: '595102030' }] });
      const page = await page1440(ctx);
      await page.goto(`${ctx.base}/customers/${caller.id}`);
      const offer = page.locator('[data-testid=customer-matches]');
      await offer.waitFor();
      assert((await offer.textContent())?.includes('same phone number'), 'the reason is said');
      await offer.locator('button').first().click();
      await page.waitForSelector('.confirm:has-text("Levan")');
      await page.click('.confirm button:has-text("Merge")');
      await page.waitForSelector('[data-testid=merge-result]');
      await page.waitForSelector('[data-testid=customer-identities]:has-text("595102030")');
      assert((await ctx.admin.get(`/customers/${whatsapp.id}`)).mergedIntoId === caller.id, 'the WhatsApp record points at the survivor');
      assert((await page.locator('[data-testid=customer-matches]').count()) === 0, 'nothing is offered any more');
    },
  ],
  [
    'people: an organization shows its customers and tickets, and its domain is edited',
    async (ctx) => {
      const { org, byMail } = await people(ctx);
      const page = await page1440(ctx);
      await page.click('nav#sidebar a[href="/organizations"]');
      await page.waitForSelector('h1:has-text("Organizations")');
      await page.fill('[data-testid=organization-search]', 'rustaveli');
      await page.click(`[data-organization-id="${org.id}"] a`);
      await page.waitForSelector('[data-testid=organization-name]:has-text("Rustaveli Books")');
      await page.waitForSelector('[data-testid=organization-customers]:has-text("Tamar Kiknadze-Beridze")');
      await page.waitForSelector(`[data-testid=people-tickets] [data-ticket-id="${byMail.id}"]`);
      await page.click('button:has-text("Edit")');
      await page.fill('input[name=domain]', 'rustaveli.test');
      await page.click('button[type=submit]:has-text("Save")');
      await page.waitForSelector('main:has-text("rustaveli.test")');
      assert((await ctx.admin.get(`/organizations/${org.id}`)).domain === 'rustaveli.test', 'the domain is saved');
    },
  ],
  [
    'people: merge two tickets of one customer from the ticket page; the merged one links to the target',
    async (ctx) => {
      const { byMail, byPhone } = await people(ctx);
      const page = await page1440(ctx);
      await page.goto(`${ctx.base}/tickets/${byPhone.number}`);
      await page.waitForSelector('h1:has-text("Called about order 88")');
      await page.click('[data-testid=merge-open]');
      await page.waitForSelector('[data-testid=merge-panel]');
      await page.check(`input[name=merge-target][value="${byMail.id}"]`);
      await page.click('[data-testid=merge-panel] button.primary');
      await until(() => new URL(page.url()).pathname === `/tickets/${byMail.number}`, 'the target opens after the merge');
      await page.waitForSelector('h1:has-text("Order 88 is late")');
      await page.waitForSelector('main:has-text("Customer called: still no order 88.")');
      await page.waitForSelector('[data-testid=merged-from]');
      await page.waitForSelector(`.message:has-text("Customer called: still no order 88.") .merged-from-chip:has-text("#${byPhone.number}")`);
      await page.goto(`${ctx.base}/tickets/${byPhone.number}`);
      await page.waitForSelector('[data-testid=merged-banner]');
      assert((await page.textContent('[data-testid=ticket-status]'))?.includes('Closed'), 'the merged ticket is closed');
      await page.click('[data-testid=merged-banner] a');
      await until(() => new URL(page.url()).pathname === `/tickets/${byMail.number}`, 'the banner links to the target');
      const history = await ctx.admin.get(`/tickets/${byMail.id}/history`);
      assert(history.items.some((entry) => entry.field === 'merged_from'), 'a history entry on the target');
      await page.context().close();
      ctx.state.peoplePage = undefined;
    },
  ],
];
