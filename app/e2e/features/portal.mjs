// The customer portal in Chromium, as a customer on a phone uses it: ask for a sign-in link, open it
// from the mail, see the requests of every channel, read the agent's answer (never a note), answer
// with a file, open a new request; the agent sees it all on the ticket.
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { assert, newPage, relay, until } from '../pages.mjs';

export const scenarios = [
  [
    'portal: a customer signs in by a mailed link, reads the agent\'s answer, answers with a file and opens a request',
    async (ctx) => {
      const { sink } = await relay(ctx);
      const email = 'lasha@example.ge';
      const phone = await ctx.admin.post('/tickets', { subject: 'Courier did not come', customer: { email, name: 'Lasha' }, message: { body: 'I waited all day.' }, channel: 'phone' });
      await ctx.admin.post(`/tickets/${phone.id}/messages`, { body: 'Internal: courier company notified', internal: true });
      await ctx.admin.post(`/tickets/${phone.id}/messages`, { body: 'The courier comes tomorrow between 10 and 12.' });

      const page = await newPage(ctx, { width: 390, height: 844 }, { locale: 'ka-GE' });
      await page.goto(`${ctx.base}/portal`);
      await page.waitForSelector('h1:has-text("თქვენი მოთხოვნები")');
      const before = sink.received.length;
      await page.fill('input[name=email]', email);
      await page.click('button[type=submit]');
      await page.waitForSelector('[role=status]:has-text("lasha@example.ge")');
      let mail;
      await until(async () => {
        mail = sink.received.slice(before).find((item) => item.to.includes(email));
        return !!mail;
      }, 'the sign-in mail reached the relay', 10_000);
      const text = (await simpleParser(mail.raw)).text ?? '';
      const link = /https?:\/\/\S+#token=[A-Za-z0-9_-]+/.exec(text)?.[0];
      assert(link, 'the mail carries the link');
      // PUBLIC_URL is not set in the suite: the link names localhost; the customer opens it on this server.
      await page.goto(`${ctx.base}${new URL(link).pathname}${new URL(link).hash}`);
      await page.waitForSelector('.portal-row:has-text("Courier did not come")');
      assert(new URL(page.url()).pathname === '/portal', `after signing in the list shows: ${page.url()}`);
      await page.click('.portal-row a');
      await page.waitForSelector('.portal-message[data-from=agent]:has-text("tomorrow between 10 and 12")');
      assert(!(await page.textContent('.portal-conversation'))?.includes('courier company notified'), 'an internal note never shows to the customer');
      await page.fill('textarea[name=body]', 'მადლობა, დაველოდები.');
      await page.setInputFiles('input[type=file]', { name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('receipt 123') });
      await page.click('button[type=submit]');
      await page.waitForSelector('.portal-message[data-from=customer]:has-text("დაველოდები")');
      await page.waitForSelector('.portal-files a:has-text("receipt.txt")');
      await page.screenshot({ path: join(ctx.resultsDir, 'portal-ticket-390.png'), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the portal is ${overflow} px wider than a phone`);

      const detail = await ctx.admin.get(`/tickets/${phone.id}`);
      const answer = detail.messages.find((m) => m.bodyText === 'მადლობა, დაველოდები.');
      assert(answer && answer.direction === 'inbound' && answer.attachments.length === 1, 'the agent sees the answer with its file on the ticket');

      await page.click('a.portal-brand');
      await page.click('a[href="/portal/new"]');
      await page.fill('input[name=subject]', 'Invoice copy');
      await page.fill('textarea[name=body]', 'Please send a copy of the invoice.');
      await page.click('button[type=submit]');
      await page.waitForSelector('h1:has-text("Invoice copy")');
      const opened = (await ctx.admin.get('/tickets?view=all&limit=50')).items.find((item) => item.subject === 'Invoice copy');
      assert(opened?.channel === 'web', `the new request is a web ticket: ${opened?.channel}`);
      await page.context().close();
    },
  ],
];
