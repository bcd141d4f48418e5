// VK communities in Chromium: an admin connects a community on Admin → VK, is told in words why a
// wrong token is refused, is shown the callback URL and the secret key once, and VK's confirmation
// request to that URL is answered with the confirmation string. A stand-in VK API on a local port
// plays VK (groups.getById).
import http from 'node:http';
import { join } from 'node:path';
import { assert, newPage, signIn, until } from '../pages.mjs';

const TOKEN = 'vk1.a.e2e-token-of-the-stand-in-community';
const GROUP_ID = 424243;

function startStandIn() {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const answer = (body) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (params.get('access_token') !== TOKEN) return answer({ error: { error_code: 5, error_msg: 'User authorization failed: invalid access_token (4).' } });
      if (request.url === '/method/groups.getById') return answer({ response: { groups: [{ id: GROUP_ID, name: 'Acme Support', screen_name: `club${GROUP_ID}` }], profiles: [] } });
      return answer({ error: { error_code: 3, error_msg: 'Unknown method passed' } });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/method`)));
}

// Read by the server the harness starts after the feature files are loaded (it passes process.env on).
process.env.VK_API_URL ??= await startStandIn();

export const scenarios = [
  [
    'vk: an admin connects a community, learns why a wrong token is refused, sees the secret key once, and VK\'s confirmation is answered',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      await page.click('#sidebar a[href="/admin/vk"]');
      await page.waitForSelector('.state.empty, .mailbox-card');

      await page.click('.page-head button.primary');
      const form = page.locator('form.mailbox-form');
      await form.locator('input[name=groupId]').fill(`club${GROUP_ID}`);
      await form.locator('input[name=confirmation]').fill('e2ec0nf1rm');
      await form.locator('input[name=token]').fill('vk1.a.not-the-token-of-any-community');
      await form.locator('button[type=submit]').click();
      await until(async () => (await form.locator('[role=alert]').textContent())?.includes('VK does not accept this token'), 'the wrong token refused in words');

      await form.locator('input[name=token]').fill(TOKEN);
      await form.locator('button[type=submit]').click();
      const shown = page.locator('[data-secret-shown]');
      await shown.waitFor();
      const secret = (await shown.locator('[data-secret-key]').textContent()) ?? '';
      assert(/^[A-Za-z0-9]{32}$/.test(secret), `a secret key is shown once: ${secret}`);
      const path = (await shown.locator('code').first().textContent()) ?? '';
      assert(/\/api\/v1\/channels\/vk\/\d+\/callback$/.test(path), `the callback URL is shown: ${path}`);
      await page.screenshot({ path: join(ctx.resultsDir, 'vk-secret-shown-1440.png'), fullPage: true });

      const confirmation = await fetch(`${ctx.base}${new URL(path, ctx.base).pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'confirmation', group_id: GROUP_ID }) });
      assert((await confirmation.text()) === 'e2ec0nf1rm', 'VK\'s confirmation request is answered with the confirmation string');

      await shown.getByRole('button').click();
      const card = page.locator(`li.mailbox-card[data-community="${GROUP_ID}"]`);
      await card.waitFor();
      assert((await card.textContent())?.includes('Acme Support'), 'the card names the community as VK does');
      const html = await page.content();
      assert(!html.includes(TOKEN) && !html.includes(secret), 'neither the token nor the secret key is shown any more');
      await page.screenshot({ path: join(ctx.resultsDir, 'vk-communities-1440.png'), fullPage: true });
      await page.context().close();
    },
  ],
];
