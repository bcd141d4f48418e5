// Triage at a glance: what an inbox row tells, unread rows, compact density, and "New ticket".
import { join } from 'node:path';
import { Api } from '../harness.mjs';
import { AGENT2, assert, newPage, signIn, until } from '../pages.mjs';

const HOUR = 3_600_000;

/** The row of ticket `number` on the admin's "All tickets" view, once it shows. */
async function rowOf(page, number) {
  const row = `li.row[data-number="${number}"]`;
  await page.waitForSelector(row);
  return row;
}

async function triagePage(ctx, viewport) {
  const page = await newPage(ctx, viewport);
  await signIn(page, ctx.base, ctx.adminCredentials);
  await page.goto(`${ctx.base}/views/all`);
  await page.waitForSelector('li.row');
  return page;
}

/** Rows at this width, comfortable and compact: the page never scrolls sideways, no row spills. */
async function rowsFit(ctx, width) {
  const page = await triagePage(ctx, { width, height: 844 });
  for (const density of ['comfortable', 'compact']) {
    if (density === 'compact') await page.check('.density-toggle input');
    await page.waitForSelector(`.rows-scroll.density-${density}`);
    const overflow = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('li.row')];
      return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        // A row's parts must fit inside it: nothing cut off at the bottom or spilling sideways.
        rows: rows.filter((row) => row.scrollWidth > row.clientWidth + 1 || row.querySelector('.row-link').scrollHeight > row.clientHeight + 1).length,
      };
    });
    assert(overflow.page <= 0, `${width} px ${density}: the page scrolls sideways by ${overflow.page} px`);
    assert(overflow.rows === 0, `${width} px ${density}: ${overflow.rows} rows overflow`);
    await page.screenshot({ path: join(ctx.resultsDir, `triage-rows-${width}-${density}.png`) });
  }
  await page.uncheck('.density-toggle input');
  await page.context().close();
}

export const scenarios = [
  [
    'triage: a row shows the customer, subject, preview, channel, priority label, team, assignee and waiting time',
    async (ctx) => {
      const teams = (await ctx.admin.get('/teams')).items;
      const nino = await Api.login(ctx.base, AGENT2.email, AGENT2.password);
      const ticket = await nino.post('/tickets', {
        subject: `Triage row ${Date.now()}`,
        channel: 'phone',
        priority: 'high',
        teamId: teams[0].id,
        customer: { email: 'lela@example.ge', name: 'Lela Triage' },
        message: { body: 'My parcel 7781 was sent back to the warehouse.\nCan you send it again?' },
      });
      const page = await triagePage(ctx);
      const row = await rowOf(page, ticket.number);
      const text = (selector) => page.textContent(`${row} ${selector}`).then((value) => value?.replace(/\s+/g, ' ').trim());
      assert((await text('.row-customer')) === 'Lela Triage', `customer: ${await text('.row-customer')}`);
      assert((await text('.row-preview')) === 'Customer: My parcel 7781 was sent back to the warehouse. Can you send it again?', `preview: ${await text('.row-preview')}`);
      assert((await text('.row-channel')) === 'Phone', `channel: ${await text('.row-channel')}`);
      assert(await page.$(`${row} .row-channel svg`), 'the channel has an icon');
      assert((await text('.row-priority')) === 'Priority: High', `priority: ${await text('.row-priority')}`);
      assert((await text('.row-team')) === teams[0].name, `team: ${await text('.row-team')}`);
      assert((await text('.row-waiting')) === 'waiting < 1 min', `waiting: ${await text('.row-waiting')}`);
      // At 1440 px every column has room: none is hidden or squeezed to nothing.
      const widths = await page.$$eval(`${row} .row-link > *`, (cells) => cells.map((cell) => [cell.className, Math.round(cell.getBoundingClientRect().width)]));
      for (const [name, width] of widths) assert(width >= 24, `${name} is ${width} px wide`);
      assert(widths.length === 8, `${widths.length} columns`);
      await page.screenshot({ path: join(ctx.resultsDir, 'triage-rows-1440.png') });

      // An agent's reply ends the wait and becomes the preview, live.
      await ctx.admin.post(`/tickets/${ticket.id}/messages`, { body: 'We have asked the courier to deliver it again tomorrow.' });
      await until(async () => (await text('.row-preview'))?.startsWith('Agent: We have asked the courier'), 'the reply as the preview', 8000);
      assert((await text('.row-waiting')) === '', 'nobody waits once answered');
      await page.context().close();

      // The wait is counted on the browser's clock: two hours on, the row says so by itself.
      const other = await newPage(ctx);
      await other.clock.install({ time: new Date(Date.now() + 2 * HOUR + 60_000) });
      const waiting = await nino.post('/tickets', { subject: `Waiting ${Date.now()}`, customer: { email: 'lela@example.ge' }, message: { body: 'Still no parcel.' } });
      await signIn(other, ctx.base, ctx.adminCredentials);
      await other.goto(`${ctx.base}/views/all`);
      const waitingRow = await rowOf(other, waiting.number);
      const said = await other.textContent(`${waitingRow} .row-waiting`);
      assert(said === 'waiting 2 h', `waiting: ${said}`);
      await other.context().close();
    },
  ],
  [
    'triage: an unread row stands out, and stops being unread once opened',
    async (ctx) => {
      const nino = await Api.login(ctx.base, AGENT2.email, AGENT2.password);
      const ticket = await nino.post('/tickets', { subject: `Unread ${Date.now()}`, customer: { email: 'lela@example.ge' }, message: { body: 'Is anyone there?' } });
      const page = await triagePage(ctx);
      const row = await rowOf(page, ticket.number);
      assert(await page.$(`${row}.unread .unread-dot`), 'a colleague opened the ticket: it is unread for the admin');
      const weight = await page.$eval(`${row} .row-subject`, (el) => Number(getComputedStyle(el).fontWeight));
      assert(weight >= 700, `unread subject weight ${weight}`);
      const name = await page.$eval(`${row} .row-link`, (el) => el.textContent);
      assert(name.includes('Unread:'), `the link says it is unread: ${name}`);
      await page.click(`${row} .row-link`);
      await page.waitForSelector('main.ticket-page h1');
      await page.goBack();
      await page.waitForSelector(`${row}:not(.unread)`);
      const after = await page.$eval(`${row} .row-subject`, (el) => Number(getComputedStyle(el).fontWeight));
      assert(after < 700, `read subject weight ${after}`);
      const api = (await ctx.admin.get('/tickets?view=all&limit=100')).items.find((item) => item.id === ticket.id);
      assert(api.unread === false, 'the server remembers it');
      await page.context().close();
    },
  ],
  [
    'triage: the compact toggle changes the row height and is remembered',
    async (ctx) => {
      const page = await triagePage(ctx);
      const height = () => page.$eval('li.row', (el) => Math.round(el.getBoundingClientRect().height));
      const comfortable = await height();
      await page.check('.density-toggle input');
      await until(async () => (await height()) < comfortable, 'rows get lower');
      const compact = await height();
      await page.screenshot({ path: join(ctx.resultsDir, 'triage-compact-1440.png') });
      await page.reload();
      await page.waitForSelector('li.row');
      assert((await height()) === compact, 'the density survives a reload');
      assert(await page.isChecked('.density-toggle input'), 'the toggle shows it');
      await page.uncheck('.density-toggle input');
      await until(async () => (await height()) === comfortable, 'rows back to comfortable');
      console.log(`    row height: comfortable ${comfortable} px, compact ${compact} px`);
      await page.context().close();
    },
  ],
  [
    'triage: at 1024 and 390 px rows fit the screen in both densities',
    async (ctx) => {
      for (const width of [1024, 390]) await rowsFit(ctx, width);
    },
  ],
  [
    'triage: New ticket for an existing customer found by name opens the new ticket',
    async (ctx) => {
      const page = await triagePage(ctx);
      const teams = (await ctx.admin.get('/teams')).items;
      await page.click('.new-ticket-button');
      await page.waitForSelector('dialog.new-ticket-dialog[open]');
      await page.fill('.customer-picker input[type=search]', 'Sam Car');
      await page.click('.customer-result:has-text("Sam Carter")');
      await page.waitForSelector('.customer-chosen');
      const subject = `Phoned about the dashboard ${Date.now()}`;
      await page.fill('input[name=subject]', subject);
      await page.fill('textarea[name=body]', 'Called at 11:40: still locked out, wants a call back.');
      await page.selectOption('select[name=priority]', 'urgent');
      await page.selectOption('select[name=team]', String(teams[0].id));
      await page.screenshot({ path: join(ctx.resultsDir, 'triage-new-ticket-1440.png') });
      await page.click('.new-ticket-form button[type=submit]');
      await page.waitForSelector(`main.ticket-page h1:has-text("${subject}")`);
      const number = Number(new URL(page.url()).pathname.split('/').pop());
      const ticket = await ctx.admin.get(`/tickets/by-number/${number}`);
      assert(ticket.customer.email === 'sam@example.com', `customer ${ticket.customer.email}`);
      assert(ticket.channel === 'phone' && ticket.priority === 'urgent' && ticket.teamId === teams[0].id, JSON.stringify([ticket.channel, ticket.priority, ticket.teamId]));
      assert(ticket.messages[0].internal === true, 'the description of the call is an agent note');
      await page.context().close();
    },
  ],
  [
    'triage: New ticket with a new customer created inline',
    async (ctx) => {
      const page = await triagePage(ctx, { width: 390, height: 844 });
      await page.click('.new-ticket-button');
      await page.waitForSelector('dialog.new-ticket-dialog[open]');
      await page.click('.create-customer');
      const phone = `+995 555 ${String(Date.now()).slice(-6)}`;
      await page.fill('input[name=customer-name]', 'Walk-in Visitor');
      await page.fill('input[name=customer-phone]', phone);
      await page.selectOption('select[name=channel]', 'api');
      await page.fill('input[name=subject]', 'Came to the office about a refund');
      await page.fill('textarea[name=body]', 'I want my money back for the broken kettle.');
      await page.check('input[name=as][value=customer]');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the form scrolls sideways by ${overflow} px at 390`);
      await page.screenshot({ path: join(ctx.resultsDir, 'triage-new-ticket-390.png') });
      await page.click('.new-ticket-form button[type=submit]');
      await page.waitForSelector('main.ticket-page h1:has-text("Came to the office")');
      const number = Number(new URL(page.url()).pathname.split('/').pop());
      const ticket = await ctx.admin.get(`/tickets/by-number/${number}`);
      const customer = await ctx.admin.get(`/customers/${ticket.customerId}`);
      assert(customer.name === 'Walk-in Visitor', customer.name);
      assert(customer.identities.some((identity) => identity.kind === 'phone' && identity.value === phone.replace(/\s/g, '')), JSON.stringify(customer.identities));
      assert(ticket.messages[0].direction === 'inbound' && !ticket.messages[0].internal, "the customer's own words");
      await page.context().close();
    },
  ],
];
