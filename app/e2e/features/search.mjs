// The search box offers tickets and customers while an agent types (a number, an email, a name, a
// phone), from the keyboard, and /tickets/<number> opens the ticket agents call by that number.
import { join } from 'node:path';
import { assert, newPage, signIn, until } from '../pages.mjs';

const BOX = 'main.inbox input[role=combobox]';
const option = (kind) => `[role=listbox] [role=option][data-kind=${kind}]`;

/** A customer with an email and a phone, and one ticket of theirs; made once. */
async function searchData(ctx) {
  if (ctx.state.search) return ctx.state.search;
  const ticket = await ctx.admin.post('/tickets', {
    subject: 'Router keeps dropping the connection',
    customer: { email: 'ketevan.search@example.ge', name: 'Ketevan Lomidze' },
    message: { body: 'Every evening the router drops the connection for a few minutes.' },
  });
  await ctx.admin.patch(`/customers/${ticket.customer.id}`, { addIdentities: [{ kind: 'phone', value: '+995 599 11-22-33' }] });
  const page = await newPage(ctx);
  await signIn(page, ctx.base, ctx.adminCredentials);
  ctx.state.search = { ticket, page };
  return ctx.state.search;
}

async function typeInSearch(page, base, text) {
  if (!page.url().includes('/views/all')) {
    await page.goto(`${base}/views/all`);
    await page.waitForSelector(BOX);
  }
  await page.fill(BOX, '');
  await page.click(BOX);
  await page.keyboard.type(text);
}

/** Types the text and waits until both the customer and her ticket are suggested. */
async function suggestsKetevan(page, base, text) {
  await typeInSearch(page, base, text);
  await page.waitForSelector(`${option('customer')} >> text=Ketevan Lomidze`);
  await page.waitForSelector(`${option('ticket')} >> text=Router keeps dropping`);
}

export const scenarios = [
  [
    'search: a ticket number typed in the search box is the first suggestion; arrow down and Enter open it at /tickets/<number>',
    async (ctx) => {
      const { ticket, page } = await searchData(ctx);
      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector(BOX);
      await page.keyboard.press('/');
      assert(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox'), '/ does not focus the search box');
      await page.keyboard.type(`#${ticket.number}`);
      await page.waitForSelector(`${option('ticket')} >> text=#${ticket.number}`);
      const first = page.locator('[role=listbox] [role=option]').first();
      assert((await first.textContent()).includes(`#${ticket.number}`), 'the numbered ticket is not the first suggestion');
      assert((await page.getAttribute(BOX, 'aria-expanded')) === 'true', 'the combobox does not say it is expanded');
      const listbox = await page.getAttribute(BOX, 'aria-controls');
      assert(listbox && (await page.locator(`[id="${listbox}"][role=listbox]`).count()) === 1, 'aria-controls does not name the listbox');
      await page.keyboard.press('ArrowDown');
      const activeId = await page.getAttribute(BOX, 'aria-activedescendant');
      assert(activeId && (await first.getAttribute('id')) === activeId, 'ArrowDown did not make the first option active');
      assert((await first.getAttribute('aria-selected')) === 'true', 'the active option is not aria-selected');
      await page.screenshot({ path: join(ctx.resultsDir, 'search-number-1440.png') });
      await page.keyboard.press('Enter');
      await page.waitForURL(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector(`main.ticket-page h1 >> text=#${ticket.number}`);
    },
  ],
  [
    'search: part of an email and a name suggest the customer and their tickets; Escape closes; a customer opens /customers/<id>',
    async (ctx) => {
      const { ticket, page } = await searchData(ctx);
      await suggestsKetevan(page, ctx.base, 'ketevan.search');
      await page.keyboard.press('Escape');
      await until(async () => (await page.getAttribute(BOX, 'aria-expanded')) === 'false', 'Escape closes the suggestions');
      assert(!(await page.isVisible('[role=listbox]')), 'the list is still visible after Escape');
      assert(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox'), 'Escape moved the focus away from the box');

      await typeInSearch(page, ctx.base, 'Lomidze');
      await page.waitForSelector(`${option('customer')} >> text=Ketevan Lomidze`);
      const options = page.locator('[role=listbox] [role=option]');
      const count = await options.count();
      let customerIndex = -1;
      for (let i = 0; i < count; i++) if ((await options.nth(i).getAttribute('data-kind')) === 'customer') customerIndex = i;
      assert(customerIndex >= 0, 'no customer option');
      for (let i = 0; i <= customerIndex; i++) await page.keyboard.press('ArrowDown');
      assert((await page.getAttribute(BOX, 'aria-activedescendant')) === (await options.nth(customerIndex).getAttribute('id')), 'arrows did not reach the customer');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${ctx.base}/customers/${ticket.customer.id}`);
    },
  ],
  [
    'search: a phone number written with spaces and dashes suggests its customer; the list filters by it too',
    async (ctx) => {
      const { ticket, page } = await searchData(ctx);
      await suggestsKetevan(page, ctx.base, '+995 599 11 22 33');
      await page.keyboard.press('Enter'); // no option chosen: the inbox list keeps the search
      await page.waitForSelector(`li.row[data-number="${ticket.number}"]`);
      await until(async () => (await page.locator('li.row').count()) === 1, 'the list shows only the customer’s ticket');
      await page.fill(BOX, '');
      const phone = await newPage(ctx, { width: 390, height: 844 }, { isMobile: true, hasTouch: true });
      await signIn(phone, ctx.base, ctx.adminCredentials);
      await phone.goto(`${ctx.base}/views/all`);
      await phone.click(BOX);
      await phone.keyboard.type('ketevan');
      await phone.waitForSelector(`${option('customer')} >> text=Ketevan Lomidze`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `the suggestions overflow a phone screen by ${overflow} px`);
      await phone.screenshot({ path: join(ctx.resultsDir, 'search-suggestions-390.png') });
      await phone.context().close();
    },
  ],
  [
    'search: /tickets/<number> opens that ticket, rows link there, and a number no ticket has says so',
    async (ctx) => {
      const { ticket, page } = await searchData(ctx);
      await page.goto(`${ctx.base}/tickets/${ticket.number}`);
      await page.waitForSelector(`main.ticket-page h1 >> text=#${ticket.number}`);
      assert((await page.textContent('main.ticket-page h1')).includes('Router keeps dropping'), 'another ticket opened');
      await page.goto(`${ctx.base}/views/all`);
      const href = await page.getAttribute(`li.row[data-number="${ticket.number}"] a.row-link`, 'href');
      assert(href === `/tickets/${ticket.number}`, `the row links to ${href}`);
      await page.goto(`${ctx.base}/tickets/999999`);
      await page.waitForSelector('main.ticket-page .state.empty');
      await page.context().close();
      delete ctx.state.search;
    },
  ],
];
