// Business-hours calendars over real HTTP: every agent reads them, only admins change them (cookie
// sessions with the CSRF token, from a trusted origin); bad input answers 4xx with a message, never
// a 500; openNow and nextChange follow the context's clock across a split shift and a holiday;
// holidays come in from iCal; one calendar at most is the default; each change is audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, startTestApp, type TestApp } from '../../test/harness.ts';
import { TestClock } from '../../test/clock.ts';

interface Holiday { date: string; name: string; recurring: boolean }
interface Calendar {
  id: number;
  name: string;
  timeZone: string;
  alwaysOpen: boolean;
  week: Record<string, Array<{ from: string; to: string }>>;
  holidays: Holiday[];
  isDefault: boolean;
  openNow: boolean;
  nextChange: string | null;
}
interface ErrorBody { error: { code: string; message: string } }

const splitShift = [{ from: '09:00', to: '13:00' }, { from: '14:00', to: '18:00' }];
const workWeek = { mon: splitShift, tue: splitShift, wed: splitShift, thu: splitShift, fri: splitShift };

/** An iCal file of all-day events, lines ending in CRLF as the format says. */
const ics = (...events: string[][]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Frontline tests//EN', ...events.flatMap((lines, i) => ['BEGIN:VEVENT', `UID:event-${i}@frontline.test`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT']), 'END:VCALENDAR', ''].join('\r\n');

describe('business-hours calendars', () => {
  let t: TestApp;
  const clock = new TestClock();
  let agentToken: string;
  let lightToken: string;
  let seq = 0;

  /** The clock of the app at this instant (the TestClock keeps running from there). */
  const setNow = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

  before(async () => {
    // Sessions long enough for the clock's trips a year ahead.
    t = await startTestApp({ env: { JOBS: 'off', SESSION_TTL_HOURS: String(10 * 365 * 24) }, clock });
    agentToken = (await t.agent({ email: 'calendar-agent@example.test', role: 'agent' })).token;
    lightToken = (await t.agent({ email: 'calendar-light@example.test', role: 'light_agent' })).token;
  });
  after(() => t.close());

  const create = async (body: Record<string, unknown> = {}) => {
    const response = await t.request('POST', '/api/v1/calendars', { token: t.adminToken, body: { name: `Hours ${++seq}`, timeZone: 'Asia/Tbilisi', week: workWeek, ...body } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<Calendar>();
  };
  const read = async (id: number, token = t.adminToken) => {
    const response = await t.request('GET', `/api/v1/calendars/${id}`, { token });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Calendar>();
  };
  const importIcs = (id: number, body: unknown) => t.request('POST', `/api/v1/calendars/${id}/holidays/import`, { token: t.adminToken, body });
  const auditActions = async (id: number) => {
    const audit = await t.request('GET', `/api/v1/admin/audit?subjectType=calendar&subjectId=${id}`, { token: t.adminToken });
    assert.equal(audit.statusCode, 200, audit.body);
    return audit.json<{ items: Array<{ action: string; before: unknown; after: unknown; actor: { id: number } | null; clientAddress: string | null }> }>().items.reverse();
  };

  describe('who may do what', () => {
    test('agents and light agents read calendars; only admins create, change, delete, make default and import', async () => {
      const calendar = await create();
      for (const token of [agentToken, lightToken]) {
        const listed = await t.request('GET', '/api/v1/calendars', { token });
        assert.equal(listed.statusCode, 200, listed.body);
        assert.ok(listed.json<{ items: Calendar[] }>().items.some((item) => item.id === calendar.id));
        assert.equal((await read(calendar.id, token)).name, calendar.name);
      }
      const attempts: Array<[string, string, unknown?]> = [
        ['POST', '/api/v1/calendars', { name: 'Mine', timeZone: 'UTC' }],
        ['PATCH', `/api/v1/calendars/${calendar.id}`, { alwaysOpen: true }],
        ['DELETE', `/api/v1/calendars/${calendar.id}`],
        ['POST', `/api/v1/calendars/${calendar.id}/default`],
        ['POST', `/api/v1/calendars/${calendar.id}/holidays/import`, { ics: ics(['DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year']) }],
      ];
      for (const token of [agentToken, lightToken]) {
        for (const [method, path, body] of attempts) {
          const response = await t.request(method, path, { token, ...(body !== undefined && { body }) });
          assert.equal(response.statusCode, 403, `${method} ${path}: ${response.body}`);
          assert.equal(response.json<ErrorBody>().error.code, 'forbidden');
        }
      }
      const unchanged = await read(calendar.id);
      assert.deepEqual([unchanged.alwaysOpen, unchanged.isDefault, unchanged.holidays], [false, false, []]);
    });

    test('without signing in every calendar route answers 401', async () => {
      const calendar = await create();
      for (const [method, path] of [
        ['GET', '/api/v1/calendars'],
        ['GET', `/api/v1/calendars/${calendar.id}`],
        ['POST', '/api/v1/calendars'],
        ['DELETE', `/api/v1/calendars/${calendar.id}`],
        ['POST', `/api/v1/calendars/${calendar.id}/default`],
      ] as const) {
        const response = await t.request(method, path, method === 'POST' ? { body: { name: 'X', timeZone: 'UTC' } } : {});
        assert.equal(response.statusCode, 401, `${method} ${path}`);
      }
    });

    test('an admin\'s cookie session changes calendars only with the CSRF token and not from a foreign origin', async () => {
      const login = await t.request('POST', '/api/v1/auth/login', { body: ADMIN });
      const { csrfToken } = login.json<{ csrfToken: string }>();
      const cookie = `frontline_session=${login.cookies.find((c) => c.name === 'frontline_session')!.value}`;
      const body = { name: 'Cookie hours', timeZone: 'UTC' };
      const without = await t.request('POST', '/api/v1/calendars', { body, headers: { cookie } });
      assert.equal(without.statusCode, 403);
      assert.match(without.json<ErrorBody>().error.message, /CSRF/);
      const foreign = await t.request('POST', '/api/v1/calendars', { body, headers: { cookie, 'x-csrf-token': csrfToken, origin: 'https://evil.example' } });
      assert.equal(foreign.statusCode, 403);
      assert.match(foreign.json<ErrorBody>().error.message, /evil\.example/);
      const ok = await t.request('POST', '/api/v1/calendars', { body, headers: { cookie, 'x-csrf-token': csrfToken } });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal((await t.request('GET', '/api/v1/calendars', { headers: { cookie } })).statusCode, 200, 'reads need no CSRF token');
    });
  });

  describe('bad input', () => {
    test('answers 4xx with a readable message, never 500, and stores nothing', async () => {
      const count = async () => (await t.request('GET', '/api/v1/calendars', { token: t.adminToken })).json<{ items: Calendar[] }>().items.length;
      const before = await count();
      const base = { name: 'Bad', timeZone: 'Europe/Tbilisi' };
      const cases: Array<[string, unknown, number, string?]> = [
        ['an unknown zone', { ...base, timeZone: 'Mars/Olympus' }, 422, 'invalid_calendar'],
        ['a zone that is not one', { ...base, timeZone: '+04:00 please' }, 422, 'invalid_calendar'],
        ['hour 25', { ...base, week: { mon: [{ from: '09:00', to: '25:00' }] } }, 400],
        ['a time without its zero', { ...base, week: { mon: [{ from: '9:00', to: '13:00' }] } }, 400],
        ['a time as a number', { ...base, week: { mon: [{ from: 900, to: 1300 }] } }, 400],
        ['overlapping periods', { ...base, week: { mon: [{ from: '09:00', to: '13:00' }, { from: '12:00', to: '18:00' }] } }, 422, 'invalid_calendar'],
        ['the same period twice', { ...base, week: { tue: [{ from: '09:00', to: '13:00' }, { from: '09:00', to: '13:00' }] } }, 422, 'invalid_calendar'],
        ['too many periods', { ...base, week: { mon: Array.from({ length: 7 }, (_, i) => ({ from: `0${i}:00`, to: `0${i}:30` })) } }, 400],
        ['an unknown weekday', { ...base, week: { funday: splitShift } }, 400],
        ['a period with an extra field', { ...base, week: { mon: [{ from: '09:00', to: '13:00', note: 'x' }] } }, 400],
        ['a holiday on 30 February', { ...base, holidays: [{ date: '2026-02-30', name: 'Never' }] }, 422, 'invalid_calendar'],
        ['a holiday date in another form', { ...base, holidays: [{ date: '03/08/2026', name: 'Women\'s Day' }] }, 400],
        ['a holiday without a name', { ...base, holidays: [{ date: '2026-03-08', name: '' }] }, 400],
        ['too many holidays', { ...base, holidays: Array.from({ length: 501 }, (_, i) => ({ date: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, name: `H${i}` })) }, 400],
        ['no zone', { name: 'Bad' }, 400],
        ['a blank name', { ...base, name: '   ' }, 422, 'name_required'],
        ['a name of 101 characters', { ...base, name: 'x'.repeat(101) }, 400],
        ['an unknown field', { ...base, colour: 'blue' }, 400],
        ['24/7 as text', { ...base, alwaysOpen: 'yes' }, 400],
        ['an array', [base], 400],
      ];
      for (const [what, body, status, code] of cases) {
        const response = await t.request('POST', '/api/v1/calendars', { token: t.adminToken, body });
        assert.equal(response.statusCode, status, `${what}: ${response.body.slice(0, 300)}`);
        const error = response.json<ErrorBody>().error;
        assert.ok(error.message.length > 10, `${what}: a message`);
        if (code) assert.equal(error.code, code, what);
      }
      const huge = await t.request('POST', '/api/v1/calendars', { token: t.adminToken, body: { ...base, name: 'x'.repeat(2 * 1024 * 1024) } });
      assert.equal(huge.statusCode, 413, 'an oversized body');
      const notJson = await t.request('POST', '/api/v1/calendars', { token: t.adminToken, headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
      assert.equal(notJson.statusCode, 400);
      assert.equal(await count(), before, 'nothing stored');
    });

    test('a name taken in another case answers 409, a missing calendar 404, a malformed id 400', async () => {
      const calendar = await create({ name: 'Support Hours' });
      const taken = await t.request('POST', '/api/v1/calendars', { token: t.adminToken, body: { name: 'support hours', timeZone: 'UTC' } });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json<ErrorBody>().error.code, 'calendar_exists');
      const other = await create();
      const renamed = await t.request('PATCH', `/api/v1/calendars/${other.id}`, { token: t.adminToken, body: { name: ' SUPPORT hours ' } });
      assert.equal(renamed.statusCode, 409);
      const own = await t.request('PATCH', `/api/v1/calendars/${calendar.id}`, { token: t.adminToken, body: { name: 'support hours' } });
      assert.equal(own.statusCode, 200, 'its own name in another case');
      assert.equal(own.json<Calendar>().name, 'support hours');
      for (const [method, path] of [['GET', '/api/v1/calendars/999999'], ['PATCH', '/api/v1/calendars/999999'], ['DELETE', '/api/v1/calendars/999999'], ['POST', '/api/v1/calendars/999999/default']] as const) {
        const response = await t.request(method, path, { token: t.adminToken, ...(method === 'PATCH' && { body: { alwaysOpen: true } }) });
        assert.equal(response.statusCode, 404, `${method} ${path}`);
        assert.equal(response.json<ErrorBody>().error.code, 'calendar_not_found');
      }
      assert.equal((await t.request('GET', '/api/v1/calendars/abc', { token: t.adminToken })).statusCode, 400);
      const patchBad = await t.request('PATCH', `/api/v1/calendars/${calendar.id}`, { token: t.adminToken, body: { week: { mon: [{ from: '10:00', to: '12:00' }, { from: '11:00', to: '15:00' }] } } });
      assert.equal(patchBad.statusCode, 422, patchBad.body);
      assert.deepEqual((await read(calendar.id)).week.mon, splitShift, 'a refused change changes nothing');
    });
  });

  describe('open now and the next change', () => {
    test('follow the clock across a split shift, the lunch break, the evening, a holiday and the weekend', async () => {
      // Tbilisi is UTC+4 all year. Monday 2 March 2026; 3 March (Mother's Day) is closed every year.
      const calendar = await create({ holidays: [{ date: '2026-03-03', name: 'Mother\'s Day', recurring: true }] });
      const at = async (iso: string) => {
        setNow(iso);
        const { openNow, nextChange } = await read(calendar.id);
        return [openNow, nextChange];
      };
      assert.deepEqual(await at('2026-03-02T04:30:00Z'), [false, '2026-03-02T05:00:00.000Z'], 'Monday 08:30: opens at 09:00');
      assert.deepEqual(await at('2026-03-02T06:00:00Z'), [true, '2026-03-02T09:00:00.000Z'], 'Monday 10:00: closes for lunch at 13:00');
      assert.deepEqual(await at('2026-03-02T09:30:00Z'), [false, '2026-03-02T10:00:00.000Z'], 'Monday 13:30: opens again at 14:00');
      assert.deepEqual(await at('2026-03-02T11:00:00Z'), [true, '2026-03-02T14:00:00.000Z'], 'Monday 15:00: closes at 18:00');
      assert.deepEqual(await at('2026-03-02T15:00:00Z'), [false, '2026-03-04T05:00:00.000Z'], 'Monday 19:00: Tuesday is the holiday, opens Wednesday 09:00');
      assert.deepEqual(await at('2026-03-03T07:00:00Z'), [false, '2026-03-04T05:00:00.000Z'], 'on the holiday itself, at 11:00');
      assert.deepEqual(await at('2027-03-03T07:00:00Z'), [false, '2027-03-04T05:00:00.000Z'], 'the holiday recurs the next year (a Wednesday)');
      assert.deepEqual(await at('2026-03-06T15:00:00Z'), [false, '2026-03-09T05:00:00.000Z'], 'Friday 19:00: opens Monday 09:00');
      // The list answers the same as the calendar itself.
      const listed = (await t.request('GET', '/api/v1/calendars', { token: agentToken })).json<{ items: Calendar[] }>().items.find((item) => item.id === calendar.id)!;
      assert.deepEqual([listed.openNow, listed.nextChange], [false, '2026-03-09T05:00:00.000Z']);
      // Every weekday is in the answer, a closed one empty.
      assert.deepEqual(Object.keys(listed.week).sort(), ['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed']);
      assert.deepEqual(listed.week.sat, []);
    });

    test('a 24/7 calendar is open now and never changes; switched off, its week counts again', async () => {
      setNow('2026-03-07T12:00:00Z'); // a Saturday
      const calendar = await create({ alwaysOpen: true });
      assert.deepEqual([calendar.openNow, calendar.nextChange], [true, null]);
      const changed = await t.request('PATCH', `/api/v1/calendars/${calendar.id}`, { token: t.adminToken, body: { alwaysOpen: false } });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual([changed.json<Calendar>().openNow, changed.json<Calendar>().nextChange], [false, '2026-03-09T05:00:00.000Z']);
    });

    test('a shift across midnight is open after midnight on the next day', async () => {
      const calendar = await create({ timeZone: 'UTC', week: { fri: [{ from: '22:00', to: '06:00' }] } });
      setNow('2026-03-07T03:00:00Z'); // Saturday 03:00
      const { openNow, nextChange } = await read(calendar.id);
      assert.deepEqual([openNow, nextChange], [true, '2026-03-07T06:00:00.000Z']);
    });
  });

  describe('holidays from iCal', () => {
    const file = ics(
      ['DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270102', 'SUMMARY:New Year', 'RRULE:FREQ=YEARLY'],
      ['DTSTART;VALUE=DATE:20270308', 'DTEND;VALUE=DATE:20270309', 'SUMMARY:International Women\'s Day'],
      ['DTSTART;VALUE=DATE:20270526', 'DTEND;VALUE=DATE:20270527', 'SUMMARY:Independence Day'],
    );
    const names = (calendar: Calendar) => [...new Set(calendar.holidays.map((holiday) => holiday.name))].sort();

    test('adds the file\'s holidays to those entered by hand, not twice, or puts them in their place', async () => {
      setNow('2026-12-04T12:00:00Z');
      const calendar = await create({ holidays: [{ date: '2026-12-31', name: 'Office party', recurring: false }] });
      const first = await importIcs(calendar.id, { ics: file });
      assert.equal(first.statusCode, 200, first.body);
      const imported = first.json<{ added: number; calendar: Calendar }>();
      assert.ok(imported.added >= 3, `added ${imported.added}`);
      assert.equal(imported.calendar.holidays.length, imported.added + 1);
      assert.deepEqual(names(imported.calendar), ['Independence Day', 'International Women\'s Day', 'New Year', 'Office party']);
      assert.deepEqual(await read(calendar.id).then(names), names(imported.calendar), 'stored');

      const again = await importIcs(calendar.id, { ics: file });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json<{ added: number }>().added, 0, 'days already closed are not added twice');
      assert.equal(again.json<{ calendar: Calendar }>().calendar.holidays.length, imported.calendar.holidays.length);

      const replaced = await importIcs(calendar.id, { ics: ics(['DTSTART;VALUE=DATE:20270308', 'SUMMARY:Women\'s Day']), replace: true });
      assert.equal(replaced.statusCode, 200, replaced.body);
      assert.equal(replaced.json<{ added: number }>().added, 1);
      assert.deepEqual(replaced.json<{ calendar: Calendar }>().calendar.holidays.map((holiday) => [holiday.date, holiday.name]), [['2027-03-08', 'Women\'s Day']]);
      const entries = await auditActions(calendar.id);
      assert.deepEqual(entries.map((entry) => entry.action), ['calendar.created', 'calendar.holidays_imported', 'calendar.holidays_imported', 'calendar.holidays_imported']);
      assert.deepEqual(
        entries.slice(1).map((entry) => entry.after),
        [
          { added: imported.added, replaced: false, holidayCount: imported.added + 1 },
          { added: 0, replaced: false, holidayCount: imported.added + 1 },
          { added: 1, replaced: true, holidayCount: 1 },
        ],
      );
    });

    test('garbage, an empty or an oversized file answers 4xx with a message and changes nothing', async () => {
      const calendar = await create({ holidays: [{ date: '2026-12-31', name: 'Office party' }] });
      const cases: Array<[string, unknown, number[]]> = [
        ['plain text', { ics: 'this is not a calendar' }, [422]],
        ['binary noise', { ics: '\u0000\u0001BEGIN:VCALENDAR\u0000garbage' }, [400]],
        ['noise after the header', { ics: 'BEGIN:VCALENDAR\r\n%%%\r\n:::;;;\r\nEND:VEVENT\r\n\u00ff\u00fe' }, [422]],
        ['a calendar cut short', { ics: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2027' }, [422]],
        ['an empty string', { ics: '' }, [400]],
        ['ics as a number', { ics: 42 }, [400, 422]],
        ['no ics', { replace: true }, [400]],
        ['an unknown field', { ics: file, merge: true }, [400]],
        ['more than 1 MB', { ics: `${file}${'X'.repeat(1024 * 1024)}` }, [400, 413]],
        ['far more than the body limit', { ics: 'X'.repeat(5 * 1024 * 1024) }, [413]],
      ];
      for (const [what, body, statuses] of cases) {
        const response = await importIcs(calendar.id, body);
        assert.ok(statuses.includes(response.statusCode), `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        assert.ok(response.json<ErrorBody>().error.message.length > 10, `${what}: a message`);
        if (response.statusCode === 422) assert.equal(response.json<ErrorBody>().error.code, 'invalid_ical', what);
      }
      assert.deepEqual((await read(calendar.id)).holidays, [{ date: '2026-12-31', name: 'Office party', recurring: false }]);
      assert.equal((await importIcs(999999, { ics: file })).statusCode, 404);
    });

    test('a file that would make more than 500 holidays with those there is refused', async () => {
      setNow('2026-12-04T12:00:00Z');
      const day = (start: number, i: number) => new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      const manual = Array.from({ length: 400 }, (_, i) => ({ date: day(Date.UTC(2027, 0, 1), i), name: `Closed ${i}` }));
      const calendar = await create({ holidays: manual });
      const file = ics(...Array.from({ length: 150 }, (_, i) => [`DTSTART;VALUE=DATE:${day(Date.UTC(2028, 5, 1), i).replaceAll('-', '')}`, `SUMMARY:Imported ${i}`]));
      const response = await importIcs(calendar.id, { ics: file });
      assert.equal(response.statusCode, 422, response.body.slice(0, 300));
      assert.equal(response.json<ErrorBody>().error.code, 'too_many_holidays');
      assert.match(response.json<ErrorBody>().error.message, /at most 500 holidays/);
      assert.equal((await read(calendar.id)).holidays.length, 400, 'unchanged');
      const replaced = await importIcs(calendar.id, { ics: file, replace: true });
      assert.equal(replaced.statusCode, 200, 'in place of the others it fits');
      assert.equal(replaced.json<{ added: number }>().added, 150);
    });
  });

  describe('the default calendar', () => {
    test('at most one is the default; making another the default moves it; the default cannot be deleted', async () => {
      const first = await create({ name: 'First line hours' });
      const second = await create({ name: 'Second line hours' });
      const made = await t.request('POST', `/api/v1/calendars/${first.id}/default`, { token: t.adminToken });
      assert.equal(made.statusCode, 200, made.body);
      assert.equal(made.json<Calendar>().isDefault, true);
      assert.equal((await t.request('POST', `/api/v1/calendars/${second.id}/default`, { token: t.adminToken })).json<Calendar>().isDefault, true);
      assert.equal((await read(first.id)).isDefault, false);
      const listed = (await t.request('GET', '/api/v1/calendars', { token: agentToken })).json<{ items: Calendar[] }>().items;
      assert.deepEqual(listed.filter((item) => item.isDefault).map((item) => item.id), [second.id]);
      assert.equal(listed[0]!.id, second.id, 'the default is listed first');

      // Many at once: still one default.
      const all = [first, second, await create(), await create()];
      const answers = await Promise.all(all.flatMap((calendar) => [calendar, calendar]).map((calendar) => t.request('POST', `/api/v1/calendars/${calendar.id}/default`, { token: t.adminToken })));
      assert.deepEqual(answers.map((answer) => answer.statusCode), answers.map(() => 200), answers.map((answer) => answer.body).join('\n'));
      const defaults = await t.frontline.ctx.db.selectFrom('calendars').select('id').where('is_default', '=', true).execute();
      assert.equal(defaults.length, 1);

      const theDefault = defaults[0]!.id;
      const refused = await t.request('DELETE', `/api/v1/calendars/${theDefault}`, { token: t.adminToken });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json<ErrorBody>().error.code, 'calendar_is_default');
      assert.match(refused.json<ErrorBody>().error.message, /default.*make another calendar the default first/);
      assert.equal((await read(theDefault)).isDefault, true, 'still there');
      const other = all.find((calendar) => calendar.id !== theDefault)!;
      assert.equal((await t.request('DELETE', `/api/v1/calendars/${other.id}`, { token: t.adminToken })).statusCode, 204);
      assert.equal((await t.request('GET', `/api/v1/calendars/${other.id}`, { token: t.adminToken })).statusCode, 404);
    });
  });

  describe('the audit log', () => {
    test('records who created, changed, made default and deleted a calendar, from where, with what changed', async () => {
      const calendar = await create({ name: 'Audited hours', holidays: [{ date: '2026-12-31', name: 'Office party' }] });
      const patch = (body: unknown) => t.request('PATCH', `/api/v1/calendars/${calendar.id}`, { token: t.adminToken, body });
      assert.equal((await patch({ name: 'Audited hours, Tbilisi', week: { ...workWeek, sat: [{ from: '10:00', to: '14:00' }] } })).statusCode, 200);
      assert.equal((await patch({ holidays: [{ date: '2027-01-01', name: 'New Year', recurring: true }] })).statusCode, 200);
      assert.equal((await patch({ name: 'Audited hours, Tbilisi' })).statusCode, 200, 'a change that changes nothing');
      const other = await create();
      await t.request('POST', `/api/v1/calendars/${other.id}/default`, { token: t.adminToken });
      await t.request('POST', `/api/v1/calendars/${calendar.id}/default`, { token: t.adminToken });
      await t.request('POST', `/api/v1/calendars/${other.id}/default`, { token: t.adminToken });
      assert.equal((await t.request('DELETE', `/api/v1/calendars/${calendar.id}`, { token: t.adminToken })).statusCode, 204);

      const entries = await auditActions(calendar.id);
      assert.deepEqual(entries.map((entry) => entry.action), ['calendar.created', 'calendar.changed', 'calendar.changed', 'calendar.made_default', 'calendar.deleted']);
      const adminId = (await t.request('GET', '/api/v1/me', { token: t.adminToken })).json<{ id: number }>().id;
      assert.ok(entries.every((entry) => entry.actor?.id === adminId && entry.clientAddress), 'who and from where');
      const [created, renamed, holidays, madeDefault, deleted] = entries;
      assert.deepEqual((created!.after as { name: string; timeZone: string }).name, 'Audited hours');
      assert.deepEqual(renamed!.before, { name: 'Audited hours', week: workWeek });
      assert.deepEqual(renamed!.after, { name: 'Audited hours, Tbilisi', week: { ...workWeek, sat: [{ from: '10:00', to: '14:00' }] } });
      assert.deepEqual(holidays!.before, { holidays: [{ date: '2026-12-31', name: 'Office party', recurring: false }] });
      assert.deepEqual(holidays!.after, { holidays: [{ date: '2027-01-01', name: 'New Year', recurring: true }] });
      assert.deepEqual(madeDefault!.after, { defaultCalendarId: calendar.id });
      assert.equal((deleted!.before as { name: string }).name, 'Audited hours, Tbilisi');
      assert.deepEqual((await auditActions(other.id)).map((entry) => entry.action), ['calendar.created', 'calendar.made_default', 'calendar.made_default']);

      // The same changes as events, for what follows a calendar's hours (SLA due times): a new default changes two calendars.
      const events = await t.frontline.ctx.db.selectFrom('events').select(['type', 'payload']).where('type', 'like', 'calendar.%').orderBy('id').execute();
      const mine = events.filter((event) => [calendar.id, other.id].includes((event.payload as { calendarId: number }).calendarId));
      assert.deepEqual(
        mine.map((event) => [event.type, (event.payload as { calendarId: number }).calendarId, (event.payload as { fields?: string[] }).fields ?? null]),
        [
          ['calendar.created', calendar.id, null],
          ['calendar.updated', calendar.id, ['name', 'week']],
          ['calendar.updated', calendar.id, ['holidays']],
          ['calendar.created', other.id, null],
          ['calendar.updated', other.id, ['isDefault']],
          ['calendar.updated', other.id, ['isDefault']],
          ['calendar.updated', calendar.id, ['isDefault']],
          ['calendar.updated', calendar.id, ['isDefault']],
          ['calendar.updated', other.id, ['isDefault']],
          ['calendar.deleted', calendar.id, null],
        ],
      );
    });
  });
});
