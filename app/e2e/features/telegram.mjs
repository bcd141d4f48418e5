// Telegram bots in Chromium: an admin connects a bot by its token on Admin → Telegram bots, is told
// in words why webhook mode needs PUBLIC_URL and why a wrong token is refused, and deactivates the
// bot. A stand-in Bot API on a local port plays Telegram (getMe, deleteWebhook, getUpdates).
import http from 'node:http';
import { join } from 'node:path';
import { assert, newPage, signIn, until } from '../pages.mjs';

const TOKEN = '424242:AAH-e2e-token-of-the-stand-in-bot';

function startStandIn() {
  const server = http.createServer((request, response) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    const answer = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    request.resume();
    request.on('end', () => {
      if (!match || decodeURIComponent(match[1]) !== TOKEN) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      if (match[2] === 'getMe') return answer(200, { ok: true, result: { id: 424242, is_bot: true, first_name: 'Acme Help', username: 'acme_e2e_bot' } });
      if (match[2] === 'deleteWebhook' || match[2] === 'setWebhook') return answer(200, { ok: true, result: true });
      if (match[2] === 'getUpdates') return answer(200, { ok: true, result: [] });
      return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

// Read by the server the harness starts after the feature files are loaded (it passes process.env on).
process.env.TELEGRAM_API_URL ??= await startStandIn();

export const scenarios = [
  [
    'telegram: an admin connects a bot by its token, learns why webhook mode and a wrong token are refused, and deactivates it',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.click('#sidebar a[href="/admin/telegram"]');
      await page.waitForSelector('.state.empty, .mailbox-card');

      await page.click('.page-head button.primary');
      const form = page.locator('form.mailbox-form');
      await form.locator('input[name=token]').fill('999:AAH-not-the-token-of-any-bot');
      await form.locator('input[name=mode][value=polling]').check();
      await form.locator('button[type=submit]').click();
      await until(async () => (await form.locator('[role=alert]').textContent())?.includes('Telegram does not accept this token'), 'the wrong token refused in words');

      await form.locator('input[name=token]').fill(TOKEN);
      await form.locator('input[name=mode][value=webhook]').check();
      await form.locator('button[type=submit]').click();
      await until(async () => (await form.locator('[role=alert]').textContent())?.includes('PUBLIC_URL'), 'webhook mode without PUBLIC_URL explained');
      await page.screenshot({ path: join(ctx.resultsDir, 'telegram-needs-public-url-1440.png'), fullPage: true });

      await form.locator('input[name=mode][value=polling]').check();
      await form.locator('button[type=submit]').click();
      const card = page.locator('li.mailbox-card[data-bot="acme_e2e_bot"]');
      await card.waitFor();
      assert((await card.textContent())?.includes('Polling'), 'the card says how messages arrive');
      assert(!(await page.content()).includes(TOKEN), 'the token is not shown anywhere');

      await card.getByRole('button', { name: 'Deactivate' }).click();
      await until(async () => (await card.getAttribute('class'))?.includes('inactive'), 'the bot shown inactive');
      await page.screenshot({ path: join(ctx.resultsDir, 'telegram-bots-1440.png'), fullPage: true });
      await page.context().close();
    },
  ],
];
