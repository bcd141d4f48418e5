// Business-hours calendars as an admin sets them up in Chromium: a split shift on Monday, a holiday
// by hand, holidays from an iCal file, then the calendar made the default.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assert, newPage, signIn } from '../pages.mjs';

const axeSource = createRequire(import.meta.url)('axe-core').source;
const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Frontline e2e//EN', 'BEGIN:VEVENT', 'UID:independence@frontline.test', 'DTSTAMP:20260101T000000Z', 'DTSTART;VALUE=DATE:20270526', 'SUMMARY:Independence Day', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

export const scenarios = [
  [
    'calendars: an admin makes a calendar with a split shift and a holiday, imports iCal and makes it the default',
    async (ctx) => {
      const admin = await newPage(ctx);
      await signIn(admin, ctx.base, ctx.adminCredentials);
      await admin.click('nav#sidebar a[href="/admin/calendars"]');
      await admin.waitForSelector('h1:has-text("Business hours")');
      await admin.click('button:has-text("New calendar")');
      const form = admin.locator('form.calendar-form');
      await form.locator('input[name=name]').fill('Tbilisi support');
      await form.locator('select[name=timeZone]').selectOption('Asia/Tbilisi');
      // Monday 09:00–13:00, then a second period: the split shift's afternoon.
      await form.locator('input[name=mon-to-0]').fill('13:00');
      await form.getByRole('button', { name: 'Add period: Monday' }).click();
      assert((await form.locator('input[name=mon-from-1]').inputValue()) === '14:00', 'the second period starts after lunch');
      await form.getByLabel('Date').fill('2027-01-01');
      await form.getByLabel('Holiday name').fill('New Year');
      await form.getByLabel('Every year').check();
      await form.getByRole('button', { name: 'Add holiday' }).click();
      await form.locator('button[type=submit]').click();

      const card = admin.locator('.calendar-card[data-calendar="Tbilisi support"]');
      await card.waitFor();
      const text = (await card.textContent()) ?? '';
      assert(text.includes('Monday: 09:00–13:00, 14:00–18:00'), `the card shows the split shift: ${text}`);
      assert(text.includes('1 holiday'), `the card counts the holiday: ${text}`);
      assert(/Open now, closes|Closed, opens/.test(await card.getByTestId('calendar-now').innerText()), 'the card says whether it is open now');

      await card.getByRole('button', { name: 'Edit' }).click();
      await form.locator('input[type=file][name=ics]').setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
      await form.locator('[role=status]:has-text("1 holiday added.")').waitFor();
      await form.locator('li[data-date="2027-05-26"]:has-text("Independence Day")').waitFor();
      await admin.screenshot({ path: join(ctx.resultsDir, 'calendars-1440.png'), fullPage: true });
      // The open form, every field labelled (the list itself is in the a11y scenario's walk).
      await admin.evaluate(axeSource);
      const violations = await admin.evaluate(async () => (await window.axe.run(document.querySelector('form.calendar-form'), { resultTypes: ['violations'] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id));
      assert(violations.length === 0, `axe on the calendar form: ${violations.join(', ')}`);
      await form.getByRole('button', { name: 'Cancel' }).click();

      await card.getByRole('button', { name: 'Make default' }).click();
      await card.locator('.chip:has-text("Default")').waitFor();
      const stored = (await ctx.admin.get('/calendars')).items.find((item) => item.name === 'Tbilisi support');
      assert(stored.isDefault && stored.timeZone === 'Asia/Tbilisi', 'stored as the default, in its zone');
      assert(JSON.stringify(stored.week.mon) === JSON.stringify([{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }]), `Monday's periods: ${JSON.stringify(stored.week.mon)}`);
      assert(stored.holidays.map((holiday) => holiday.name).join(', ') === 'New Year, Independence Day', `holidays: ${JSON.stringify(stored.holidays)}`);
      await admin.context().close();
    },
  ],
];
