// The contact form as people use it in Chromium: an admin adds a form on its screen; a customer
// opens its hosted page (in Russian, by the browser's language), sends it, is thanked; the message
// is a Web form ticket an agent opens, answered by email.
import { join } from 'node:path';
import { assert, newPage, signIn, until } from '../pages.mjs';

export const scenarios = [
  [
    'web form: an admin adds a contact form; a customer sends its page in Russian; an agent opens the Web form ticket',
    async (ctx) => {
      const admin = await newPage(ctx);
      await signIn(admin, ctx.base, ctx.adminCredentials);
      await admin.click('nav#sidebar a[href="/admin/forms"]');
      await admin.waitForSelector('h1:has-text("Contact forms")');
      await admin.click('button:has-text("Add a contact form")');
      await admin.fill('.web-form-editor input[name=name]', 'Shop contact');
      await admin.fill('.web-form-editor textarea[name=origins]', 'https://shop.example');
      await admin.fill('.web-form-editor input[name=title-ru]', 'Вопрос магазину');
      await admin.click('.web-form-editor button[type=submit]');
      const card = admin.locator('.web-form-card[data-form="Shop contact"]');
      await card.waitFor();
      assert((await card.textContent())?.includes('https://shop.example'), 'the card names the site that may embed it');
      const link = await card.locator('a.web-form-link').getAttribute('href');
      assert(link && new URL(link).pathname.startsWith('/forms/'), `the card links the hosted page: ${link}`);
      await admin.screenshot({ path: join(ctx.resultsDir, 'web-forms-1440.png') });

      // The customer: no session, a Russian browser, a phone-sized window.
      const customer = await newPage(ctx, { width: 390, height: 844 }, { locale: 'ru-RU' });
      await customer.goto(link);
      await customer.waitForSelector('h1:has-text("Вопрос магазину")');
      await customer.fill('input[name=email]', 'not an address');
      await customer.fill('textarea[name=message]', 'Где мой заказ 5521?');
      // The browser's own check stops "not an address"; the server's check is in the server tests.
      await customer.fill('input[name=email]', 'irina@example.ru');
      await customer.fill('input[name=name]', 'Ирина Петрова');
      await customer.click('button[type=submit]');
      await customer.waitForSelector('[role=status]:has-text("ответим на irina@example.ru")');
      await customer.screenshot({ path: join(ctx.resultsDir, 'web-form-sent-390.png') });

      let ticket;
      await until(async () => {
        ticket = (await ctx.admin.get('/tickets?view=all&limit=50')).items.find((item) => item.subject === 'Где мой заказ 5521?');
        return !!ticket;
      }, 'the submission became a ticket', 10_000);
      assert(ticket.channel === 'web', `the ticket's channel is web: ${ticket.channel}`);
      await admin.goto(`${ctx.base}/tickets/${ticket.number}`);
      await admin.waitForSelector('.chip:has-text("Web form")');
      await admin.waitForSelector('text=Где мой заказ 5521?');
      await customer.context().close();
      await admin.context().close();
    },
  ],
];
