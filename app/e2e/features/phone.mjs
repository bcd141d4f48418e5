// The phone channel in the browser: an admin adds an integration and gets its webhook address once;
// a call posted to it pops up live (unknown caller with Create customer; a known caller with their
// open ticket as a link), without taking focus, passes axe, and Escape dismisses it.
import { createRequire } from 'node:module';
import { assert, newPage, signIn, until } from '../pages.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;

async function axe(page, screen) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const run = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return run.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert(result.length === 0, `axe on ${screen}: ${result.join('; ')}`);
}

const postCall = async (url, event) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  assert(response.status === 200, `webhook answered ${response.status} ${await response.text()}`);
};

export const scenarios = [
  [
    'phone: an admin adds an integration, a call to its webhook pops up live with the caller, and Escape dismisses it',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.click('#sidebar a[href="/admin/phone"]');
      await page.waitForSelector('main h1');
      await page.click('.page-head button.primary');
      await page.fill('main form input', 'Office PBX');
      await page.click('main form button[type=submit]');
      const url = await (await page.waitForSelector('.phone-token input')).inputValue();
      assert(/\/api\/v1\/channels\/phone\/flp_[\w-]{43}\/events$/.test(url), `webhook address ${url}`);
      await page.waitForSelector('li[data-integration]');
      await axe(page, 'the phone admin screen with a new webhook address');
      await page.click('.phone-token button:has-text("Done")');
      await page.waitForSelector('.phone-token', { state: 'detached' });
      const listed = await page.textContent('main');
      assert(!listed.includes(url.split('/').at(-2)), 'the token is not shown again');

      await page.goto(`${ctx.base}/views/all`);
      await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
      const search = page.locator('input[type=search]').first();
      await search.focus();
      await postCall(url, { callId: `e2e-${Date.now()}`, event: 'ringing', direction: 'inbound', from: '+995 599 11 22 33', to: '100' });
      const popup = await page.waitForSelector('.call-popup[role=dialog]');
      assert((await popup.textContent()).includes('Unknown caller'), 'an unknown caller');
      assert((await popup.$eval('input[inputmode=tel]', (input) => input.value)) === '+995599112233', 'the number is filled in');
      assert(await search.evaluate((element) => element === document.activeElement), 'the pop-up does not take focus');
      await axe(page, 'the incoming-call pop-up');
      await page.focus('.call-popup button[aria-label]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('.call-popup', { state: 'detached' });

      // A known caller: their open ticket is a link in the pop-up.
      const ticket = await ctx.admin.post('/tickets', { subject: 'Router keeps rebooting', customer: { phone: '+995 599 70 80 90', name: 'Levan' }, message: { body: 'It reboots every hour.' } });
      await postCall(url, { callId: `e2e-${Date.now()}`, event: 'ringing', direction: 'inbound', from: '+995599708090', to: '100' });
      const known = await page.waitForSelector('.call-popup[role=dialog]');
      await until(async () => (await known.textContent()).includes('Levan'), 'the caller\'s name');
      await page.click(`.call-popup a[href="/tickets/${ticket.number}"]`);
      await page.waitForSelector('main.ticket-page h1');
      await page.waitForSelector('.call-popup', { state: 'detached' });
      await page.context().close();
    },
  ],
];
