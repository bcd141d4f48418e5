// The hostile-HTML suite: every case arrives as a real email over SMTP and is opened in the ticket
// view, in a browser context that ignores CSP (the defence must not rest on it). It counts script
// executions (a binding, dialogs, beacon requests), overlays (geometry and hit tests outside the
// message box), loads that should not happen, requests leaving the test server, popups and frame
// navigations. `raw` shows each case's HTML as it was sent, unsanitized, through the same view:
// what an old stored message, or a gap in the sanitizer, would show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { cases } from './cases.mjs';

const MAILBOX = 'hostile@acme.test';

/** Sends every case once (cached in ctx.state) and returns case number → ticket id. */
async function deliverCases(ctx) {
  if (ctx.state.hostileTickets) return ctx.state.hostileTickets;
  const { items } = await ctx.admin.get('/mailboxes');
  if (!items.some((m) => m.address === MAILBOX)) await ctx.admin.post('/mailboxes', { address: MAILBOX, name: 'Hostile', acknowledge: false });
  const tag = `H${Date.now()}`;
  const image = readFileSync(join(ctx.appDir, 'public', 'icon-192.png'));
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ctx.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 2 });
  try {
    await Promise.all(
      cases.map((c) =>
        transport.sendMail({
          // One sender per case: the per-sender limit stays out of the way.
          from: `Case ${c.n} <case${c.n}@hostile.test>`,
          to: MAILBOX,
          subject: `${tag} #${c.n}: ${c.name}`,
          text: c.text ?? `Case ${c.n}`,
          html: c.html,
          ...(c.attach && { attachments: [{ filename: 'shot.png', content: image, cid: 'shot@hostile', contentType: 'image/png' }] }),
        }),
      ),
    );
  } finally {
    transport.close();
  }
  const tickets = new Map();
  const deadline = Date.now() + 60_000;
  while (tickets.size < cases.length) {
    if (Date.now() > deadline) throw new Error(`only ${tickets.size} of ${cases.length} hostile emails became tickets`);
    let cursor = null;
    do {
      const page = await ctx.admin.get(`/tickets?channel=email&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const ticket of page.items) {
        const match = ticket.subject.match(new RegExp(`^${tag} #(\\d+):`));
        if (match) tickets.set(Number(match[1]), ticket.number);
      }
      cursor = page.nextCursor;
    } while (cursor && tickets.size < cases.length);
    if (tickets.size < cases.length) await new Promise((r) => setTimeout(r, 300));
  }
  ctx.state.hostileTickets = tickets;
  return tickets;
}

/** What the page shows of inbound content outside its message box (run in the page). */
function findOverlays() {
  const found = [];
  const bodies = [...document.querySelectorAll('li.message.inbound .message-body')];
  const isInbound = (element) => element !== null && bodies.some((body) => body.contains(element));
  const inside = (r, x, y) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  const w = innerWidth;
  const h = innerHeight;
  const points = [[2, 2], [w - 3, 2], [2, h - 3], [w - 3, h - 3], [w / 2, h / 2], [w / 2, 2], [2, h / 2], [w - 3, h / 2], [w / 2, h - 3]];
  for (const body of bodies) {
    const r = body.getBoundingClientRect();
    points.push([r.left - 4, r.top + r.height / 2], [r.right + 4, r.top + r.height / 2], [r.left + r.width / 2, r.top - 4], [r.left + r.width / 2, r.bottom + 4]);
    const bubble = body.closest('.bubble').getBoundingClientRect();
    for (const element of [body, ...body.querySelectorAll('*')]) {
      const e = element.getBoundingClientRect();
      if (e.width === 0 && e.height === 0) continue;
      if (e.left < bubble.left - 1 || e.right > bubble.right + 1 || e.top < bubble.top - 1 || e.bottom > bubble.bottom + 1) found.push(`<${element.tagName.toLowerCase()}> lies outside its message (${Math.round(e.left)},${Math.round(e.top)} ${Math.round(e.width)}×${Math.round(e.height)})`);
    }
  }
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= w || y >= h || bodies.some((body) => inside(body.getBoundingClientRect(), x, y))) continue;
    const hit = document.elementFromPoint(x, y);
    if (isInbound(hit)) found.push(`the point ${Math.round(x)},${Math.round(y)} outside the message lands on inbound content`);
  }
  // The app's own controls are still what a click on them reaches.
  for (const selector of ['main.ticket-page h1', '#sidebar']) {
    const target = document.querySelector(selector);
    if (!target) continue;
    const r = target.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + r.width / 2, 0), w - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), h - 1);
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= w) continue;
    const hit = document.elementFromPoint(x, y);
    if (isInbound(hit)) found.push(`${selector} is covered by inbound content <${hit.tagName.toLowerCase()}>`);
  }
  return found;
}

/** Styles inside the message frame that could lay content over something (run in the frame). */
function findPositionedStyles() {
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    if (['fixed', 'absolute', 'sticky'].includes(style.position) || style.transform !== 'none' || style.zIndex !== 'auto' || style.clipPath !== 'none') found.push(`<${element.tagName.toLowerCase()}> ${style.position} ${style.transform} z=${style.zIndex}`);
  }
  return found;
}

const goTo = (page, path) =>
  page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);

export async function runHostileSuite(ctx, { newPage, signIn }, { raw = false, viewport = { width: 1440, height: 900 } } = {}) {
  const started = Date.now();
  const tickets = await deliverCases(ctx);
  const byTicket = new Map([...tickets].map(([n, id]) => [id, cases[n - 1]]));
  const page = await newPage(ctx, viewport, { bypassCSP: true });
  const context = page.context();
  let current = 0;
  const executions = [];
  const loads = [];
  const leaving = [];
  const popups = [];
  await context.exposeBinding('__xss', (_source, n) => executions.push(`case ${n} ran script (binding)`));
  page.on('dialog', (dialog) => {
    executions.push(`case ${current} opened a dialog (${dialog.message()})`);
    dialog.dismiss().catch(() => {});
  });
  context.on('page', (popup) => popups.push(`case ${current} opened ${popup.url()}`));
  // Nothing leaves the test server: other hosts are refused and counted.
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => {
    leaving.push(`case ${current} → ${route.request().url()}`);
    return route.abort();
  });
  context.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/__beacon/js-')) executions.push(`case ${pathname.slice(13)} ran script (beacon)`);
    else if (pathname.startsWith('/__beacon/load-')) loads.push(`case ${pathname.slice(15)} loaded ${request.url()}`);
  });
  if (raw) {
    // The view gets each case's HTML exactly as sent, as if it had been stored unsanitized.
    await context.route(/\/api\/v1\/tickets\/\d+$/, async (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      const response = await route.fetch();
      const ticket = await response.json();
      const hostile = byTicket.get(ticket.id);
      if (hostile) for (const message of ticket.messages) if (message.direction === 'inbound') message.bodyHtml = hostile.html;
      return route.fulfill({ response, json: ticket });
    });
  }
  await signIn(page, ctx.base, ctx.adminCredentials);

  const overlays = [];
  const positioned = [];
  const navigations = [];
  let framed = 0;
  for (const c of cases) {
    current = c.n;
    try {
      await openCase(c);
    } catch (error) {
      throw new Error(`case ${c.n} (${c.name}): ${error.message}`);
    }
  }
  async function openCase(c) {
    await goTo(page, `/tickets/${tickets.get(c.n)}`);
    await page.waitForSelector(`main.ticket-page h1:has-text("#${c.n}:")`);
    const message = page.locator('li.message.inbound').first();
    await message.locator('.message-body').first().waitFor({ state: 'attached' });
    const frame = message.locator('iframe.message-frame');
    if ((await frame.count()) > 0) {
      framed++;
      await page.waitForFunction(() => {
        const element = document.querySelector('li.message.inbound iframe.message-frame');
        return element?.contentDocument?.readyState === 'complete' && element.contentWindow.location.href === 'about:srcdoc';
      });
      // Hover handlers get their chance: the pointer crosses the message.
      const box = await frame.boundingBox();
      if (box) for (const [fx, fy] of [[0.5, 0.5], [0.1, 0.9]]) await page.mouse.move(box.x + box.width * fx, box.y + Math.min(box.height * fy, 600));
    }
    // Load events, animations and refreshes with no delay have happened by now.
    await page.waitForTimeout(60);
    for (const finding of await page.evaluate(findOverlays)) overlays.push(`case ${c.n} (${c.name}): ${finding}`);
    for (const child of page.frames()) {
      if (child === page.mainFrame()) continue;
      if (!['about:srcdoc', 'about:blank'].includes(child.url())) navigations.push(`case ${c.n}: a frame went to ${child.url()}`);
      if (!raw && child.url() === 'about:srcdoc') for (const finding of await child.evaluate(findPositionedStyles).catch(() => [])) positioned.push(`case ${c.n} (${c.name}): ${finding}`);
    }
    if (page.url() !== `${ctx.base}/tickets/${tickets.get(c.n)}`) navigations.push(`case ${c.n}: the app went to ${page.url()}`);
  }
  await page.mouse.move(0, 0);
  await page.waitForTimeout(200);
  await context.close();
  const summary = { mode: raw ? 'unsanitized' : 'smtp', viewport: `${viewport.width}×${viewport.height}`, cases: cases.length, framed, executions: executions.length, overlays: overlays.length, loads: loads.length, leaving: leaving.length, popups: popups.length, navigations: navigations.length, positioned: positioned.length, ms: Date.now() - started };
  console.log(`    hostile html: ${JSON.stringify(summary)}`);
  for (const line of [...executions, ...overlays, ...leaving, ...popups, ...navigations, ...loads, ...positioned].slice(0, 20)) console.log(`      ${line}`);
  return summary;
}
