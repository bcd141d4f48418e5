// No message left behind (issue 13 §4), in Chromium: a supervisor's setting puts waiting customers on
// the Unanswered board, the header counts them for every agent, the board lists the longest wait
// first, and an agent's answer takes a ticket off the count without a reload.
import { assert, newPage, signIn, until } from '../pages.mjs';

const badgeCount = async (page) => {
  const text = (await page.locator('#sidebar [data-testid=unanswered-badge]').textContent({ timeout: 1000 }).catch(() => null)) ?? '';
  const digits = text.replace(/\D/g, '');
  return digits ? Number(digits) : 0;
};

export const scenarios = [
  [
    'unanswered: the desk setting in the admin screen, the header badge and the board, longest wait first; an answer lowers the count live',
    async (ctx) => {
      const page = await newPage(ctx);
      await signIn(page, ctx.base, ctx.adminCredentials);
      // The earlier scenarios' customers have waited for minutes: one minute puts them on the board.
      await ctx.admin.post('/tickets', { subject: 'Still waiting for my refund', customer: { email: 'waiting@unanswered.test', name: 'Levan' }, message: { body: 'Where is my refund?' }, channel: 'email' });
      try {
        await page.click('#sidebar a[href="/admin/desk"]');
        await page.waitForSelector('h1:has-text("Desk settings")');
        const input = page.locator('input[name=unansweredAfterMinutes]');
        await until(async () => (await input.inputValue()) === '60', 'the default, an hour, is shown');
        await input.fill('1');
        await page.click('main button[type=submit]');
        await page.waitForSelector('main [role=status]:has-text("Saved")');
        assert((await ctx.admin.get('/desk-settings')).unansweredAfterMinutes === 1, 'the setting was saved');

        // Run alone, this scenario's own customer is on the board a minute after writing.
        let board = { items: [] };
        await until(async () => (board = await ctx.admin.get('/tickets?view=unanswered&sort=waiting&limit=5')).items.length > 0, 'a customer has waited a minute', 80_000);
        // Waits cross the limit as time passes: the header shows what the server counted when the page loaded.
        const counted = async () => (await ctx.admin.get('/tickets/counts')).unanswered;
        const least = await counted();
        await page.reload();
        await page.waitForSelector('#sidebar [data-testid=unanswered-badge]');
        const most = await counted();
        const shownCount = await badgeCount(page);
        assert(shownCount >= least && shownCount <= most && shownCount > 0, `the header counts the waiting customers: ${shownCount} (server: ${least}–${most})`);

        await page.click('#sidebar [data-testid=unanswered-badge]');
        await page.waitForSelector('h1:has-text("Unanswered")');
        await page.waitForSelector('li[data-ticket-id]');
        const shown = await page.$$eval('li[data-ticket-id]', (rows) => rows.map((row) => Number(row.getAttribute('data-ticket-id'))));
        // A wait that crosses the limit later is the shortest on the board: it joins at the end.
        const later = (await ctx.admin.get('/tickets?view=unanswered&sort=waiting&limit=100')).items.map((ticket) => ticket.id);
        assert(JSON.stringify(shown) === JSON.stringify(later.slice(0, shown.length)), `the longest wait first, as the server orders them: ${shown} vs ${later}`);
        assert((await page.inputValue('select[aria-label="Sort"]')) === 'waiting', 'the board is sorted by the wait');

        // An answer (here from a colleague, through the API) takes its ticket off, live.
        const answered = board.items.find((ticket) => ticket.customer.email && shown.includes(ticket.id)) ?? board.items[0];
        // Other customers' waits keep crossing the limit meanwhile: the header shows what the app asks after the answer arrives live.
        const asked = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/tickets/counts', { timeout: 10_000 });
        await ctx.admin.post(`/tickets/${answered.id}/messages`, { body: 'Sorry for the wait: the refund went out today.' });
        const fresh = (await (await asked).json()).unanswered;
        await until(async () => (await badgeCount(page)) === fresh, `the header follows the answer without a reload (${fresh})`, 10_000);
        await until(async () => !(await page.$$eval('li[data-ticket-id]', (rows) => rows.map((row) => Number(row.getAttribute('data-ticket-id'))))).includes(answered.id), 'the answered ticket leaves the board', 10_000);
      } finally {
        await ctx.admin.patch('/desk-settings', { unansweredAfterMinutes: 60 });
        await page.context().close();
      }
    },
  ],
];
