// Live updates applied to the app's cache: how fast a customer's email reaches an open inbox, and
// that a burst of 100 events costs the open tab a handful of requests, not a hundred.
import { MAILBOX, appeared, assert, deliver, newPage, percentile, signIn, until, watchText } from '../pages.mjs';

/** The API requests a page makes from now on (the live socket is not one). */
function countRequests(page) {
  const seen = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/v1/') && request.resourceType() !== 'websocket') seen.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  return seen;
}

/** Every ticket number the (virtualized) list holds, scrolling it from top to bottom. */
async function numbersInList(page) {
  return page.evaluate(async () => {
    const scroller = document.querySelector('.rows-scroll');
    const numbers = new Set();
    scroller.scrollTop = 0;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const row of document.querySelectorAll('li.row')) numbers.add(Number(row.dataset.number));
      if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
      scroller.scrollTop += scroller.clientHeight;
    }
    return [...numbers];
  });
}

async function inboxPage(ctx, view, filters = {}, before = () => {}) {
  const page = await newPage(ctx);
  before(page);
  await signIn(page, ctx.base, ctx.adminCredentials);
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [`frontline.filters.${view}`, JSON.stringify(filters)]);
  await page.goto(`${ctx.base}/views/${view}`);
  await page.waitForSelector('li.row, .state.empty');
  await page.waitForSelector('#sidebar [data-live=live]', { state: 'attached' });
  await page.waitForLoadState('networkidle');
  return page;
}

export const scenarios = [
  [
    'live: a customer email reaches the open inbox from the event alone (SMTP 250 → row on screen, p95 over 20 mails)',
    async (ctx) => {
      const { items } = await ctx.admin.get('/mailboxes');
      if (!items.some((m) => m.address === MAILBOX)) await ctx.admin.post('/mailboxes', { address: MAILBOX, name: 'Acme Support', acknowledge: false });
      // When each ticket.created frame reached the browser, to tell the server's part from the app's.
      const heard = new Map();
      const page = await inboxPage(ctx, 'all', {}, (opened) =>
        opened.on('websocket', (socket) =>
          socket.on('framereceived', ({ payload }) => {
            const match = /"type":"ticket\.created".*?"subject":"(Live mail \d+ \d+)"/.exec(String(payload));
            if (match) heard.set(match[1], Date.now());
          }),
        ),
      );
      const requests = countRequests(page);
      const latencies = [];
      const onSocket = [];
      for (let i = 0; i < 20; i++) {
        const subject = `Live mail ${i} ${Date.now()}`;
        await watchText(page, `mail-${i}`, subject);
        await deliver(ctx, { from: `Mail Probe <probe-${i}@customer.test>`, to: MAILBOX, subject, text: 'Is anyone there?' });
        const accepted = Date.now(); // the SMTP 250
        const shown = await appeared(page, `mail-${i}`, 10_000);
        latencies.push(shown - accepted);
        if (heard.has(subject)) onSocket.push(heard.get(subject) - accepted);
        await new Promise((r) => setTimeout(r, 100));
      }
      const p50 = percentile(latencies, 50);
      const p95 = percentile(latencies, 95);
      console.log(`    customer email SMTP 250 → row on an open inbox: p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...latencies)} ms (n=${latencies.length}); of which SMTP 250 → event frame in the browser: p50 ${percentile(onSocket, 50)} ms, p95 ${percentile(onSocket, 95)} ms (n=${onSocket.length}); API requests the tab made meanwhile: ${requests.length}`);
      console.log(`    target p95 < 100 ms: ${p95 < 100 ? 'met' : 'NOT met'}`);
      // The rows came from the events: the list was not read again for them.
      const listReads = requests.filter((r) => r.startsWith('GET /api/v1/tickets?'));
      assert(listReads.length <= 2, `the list was read again ${listReads.length} times: ${listReads.join(', ')}`);
      const limit = Number(process.env.E2E_P95_LIMIT_MS ?? 1000);
      assert(p95 <= limit, `p95 ${p95} ms is over ${limit} ms`);
      await page.context().close();
    },
  ],
  [
    'live: 100 tickets posted at once all show in the open inbox, for a handful of requests',
    async (ctx) => {
      const tag = `storm-${Date.now()}`;
      const page = await inboxPage(ctx, 'all', { tag });
      const before = await page.textContent('[data-testid=count-all]');
      const requests = countRequests(page);
      const started = Date.now();
      const made = [];
      // Ten at a time, as fast as the server takes them.
      for (let batch = 0; batch < 10; batch++) {
        made.push(
          ...(await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              ctx.admin.post('/tickets', { subject: `Storm ${tag} ${batch * 10 + i}`, customer: { email: `storm-${batch * 10 + i}@customer.test`, name: `Storm Customer ${batch * 10 + i}` }, message: { body: 'Part of a burst.' }, tags: [tag], channel: 'test' }),
            ),
          )),
        );
      }
      const posted = Date.now() - started;
      const wanted = made.map((ticket) => ticket.number).sort((a, b) => a - b);
      await until(async () => (await numbersInList(page)).length >= 100, 'all 100 tickets show in the list', 20_000);
      const shown = (await numbersInList(page)).sort((a, b) => a - b);
      assert(JSON.stringify(shown) === JSON.stringify(wanted), `the list shows ${shown.length} tickets, not the 100 posted (or some twice)`);
      const shownAfter = Date.now() - started;
      // Let any debounced refetch happen before counting.
      await new Promise((r) => setTimeout(r, 1500));
      const after = await page.textContent('[data-testid=count-all]');
      console.log(`    100 tickets posted in ${posted} ms, all on screen ${shownAfter} ms after the first; the tab made ${requests.length} API requests: ${requests.join(', ') || 'none'}; All: ${before} → ${after}`);
      assert(requests.length <= 10, `the tab made ${requests.length} API requests for 100 tickets`);
      await page.context().close();
    },
  ],
];
