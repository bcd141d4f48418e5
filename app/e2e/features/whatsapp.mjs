// WhatsApp numbers in Chromium: an admin connects a Cloud API number on Admin → WhatsApp, is told in
// words why a wrong access token is refused, sees the verify token to paste into Meta's dashboard
// (and never the token or app secret), and deactivates the number. A stand-in Graph API on a local
// port plays Meta (GET /{phone-number-id}).
import http from 'node:http';
import { join } from 'node:path';
import { assert, newPage, signIn, until } from '../pages.mjs';

const PHONE_NUMBER_ID = '109876543210777';
const TOKEN = 'EAAGe2eTokenOfTheStandInNumber0001';
const APP_SECRET = 'e2eappsecret0123456789';

function startStandIn() {
  const server = http.createServer((request, response) => {
    const answer = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    request.resume();
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return answer(401, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 } });
      if (path === `/v21.0/${PHONE_NUMBER_ID}`) return answer(200, { id: PHONE_NUMBER_ID, display_phone_number: '+1 555 0177', verified_name: 'Acme E2E' });
      return answer(400, { error: { message: 'Unsupported get request', code: 100 } });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/v21.0`)));
}

// Read by the server the harness starts after the feature files are loaded (it passes process.env on).
process.env.WHATSAPP_API_URL ??= await startStandIn();

export const scenarios = [
  [
    'whatsapp: an admin connects a number, learns why a wrong token is refused, sees the verify token, and deactivates it',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.click('#sidebar a[href="/admin/whatsapp"]');
      await page.waitForSelector('.state.empty, .mailbox-card');

      await page.click('.page-head button.primary');
      const form = page.locator('form.mailbox-form');
      await form.locator('input[name=phoneNumberId]').fill(PHONE_NUMBER_ID);
      await form.locator('input[name=businessAccountId]').fill('102290129340398');
      await form.locator('input[name=accessToken]').fill('EAAGnotTheTokenOfAnyNumber00000000');
      await form.locator('input[name=appSecret]').fill(APP_SECRET);
      await form.locator('button[type=submit]').click();
      await until(async () => (await form.locator('[role=alert]').textContent())?.includes('Meta does not accept this access token'), 'the wrong token refused in words');

      await form.locator('input[name=accessToken]').fill(TOKEN);
      await form.locator('button[type=submit]').click();
      const card = page.locator(`li.mailbox-card[data-number="${PHONE_NUMBER_ID}"]`);
      await card.waitFor();
      assert((await card.textContent())?.includes('+1 555 0177'), 'the card shows the number Meta named');
      assert(((await card.locator('[data-testid=verify-token]').textContent()) ?? '').length >= 20, 'the verify token is shown');
      const html = await page.content();
      assert(!html.includes(TOKEN) && !html.includes(APP_SECRET), 'neither secret is shown anywhere');

      await card.getByRole('button', { name: 'Deactivate' }).click();
      await until(async () => (await card.getAttribute('class'))?.includes('inactive'), 'the number shown inactive');
      await page.screenshot({ path: join(ctx.resultsDir, 'whatsapp-numbers-1440.png'), fullPage: true });
      await page.context().close();
    },
  ],
];
