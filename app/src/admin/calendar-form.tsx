// The form of one business-hours calendar: name, time zone, 24/7 or the week's periods (several a
// day, for split shifts), holidays by hand, and for a saved calendar an import from an iCal file.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useImportHolidays, useSaveCalendar } from '../api/calendars';
import type { Calendar, CalendarHoliday, CalendarPeriod } from '../api/types';
import { useSession } from '../auth/session';
import { FormActions } from '../ui/settings-form';
import { FormError } from '../ui/states';
import { TimeZoneSelect } from '../ui/time-zone-select';
import { addHoliday, calendarBody, calendarProblems, initialCalendarForm, limits, nextPeriod, weekdays, type CalendarForm as FormState, type Weekday } from './calendar-body';

/** Refusals the admin can act on, in their language (texts under calendars.refusal). */
export const knownRefusals = { prefix: 'calendars.refusal', codes: ['calendar_exists', 'calendar_is_default', 'invalid_ical', 'too_many_holidays'] } as const;

export function CalendarForm({ calendar, onClose }: { calendar: Calendar | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const save = useSaveCalendar();
  const [form, setForm] = useState<FormState>(() => initialCalendarForm(calendar, me.timeZone));
  const [tried, setTried] = useState(false);
  const problems = calendarProblems(form);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problems.length) return;
    save.mutate({ id: calendar?.id, body: calendarBody(form) }, { onSuccess: onClose });
  }

  return (
    <form className="card form-card calendar-form" onSubmit={submit} aria-label={calendar ? t('calendars.edit', { name: calendar.name }) : t('calendars.add')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('calendars.name')}</span>
          <input type="text" name="name" required maxLength={limits.name} value={form.name} onChange={(e) => set('name', e.target.value)} />
        </label>
        <TimeZoneSelect label={t('calendars.timeZone')} value={form.timeZone} onChange={(timeZone) => set('timeZone', timeZone)} />
      </div>
      <WeekFields form={form} onChange={(week) => set('week', week)} onAlwaysOpen={(alwaysOpen) => set('alwaysOpen', alwaysOpen)} />
      <HolidayFields holidays={form.holidays} onChange={(holidays) => set('holidays', holidays)} />
      {calendar ? <IcalImport calendar={calendar} onImported={(holidays) => set('holidays', holidays)} /> : <p className="small muted">{t('calendars.importFirst')}</p>}
      {tried && problems.length > 0 && (
        <ul className="form-error" role="alert">
          {problems.map((problem) => (
            <li key={problem.code === 'time' ? `time-${problem.day}` : problem.code}>{problem.code === 'time' ? t('calendars.problem.time', { day: t(`calendars.days.${problem.day}`) }) : t('calendars.problem.name')}</li>
          ))}
        </ul>
      )}
      {save.isError && <FormError error={save.error} known={knownRefusals} />}
      <FormActions submitLabel={calendar ? t('admin.save') : t('admin.create')} pending={save.isPending} onCancel={onClose} />
    </form>
  );
}

function WeekFields({ form, onChange, onAlwaysOpen }: { form: FormState; onChange: (week: FormState['week']) => void; onAlwaysOpen: (alwaysOpen: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const setDay = (day: Weekday, periods: CalendarPeriod[]) => onChange({ ...form.week, [day]: periods });
  const setTime = (day: Weekday, index: number, end: 'from' | 'to', value: string) => setDay(day, form.week[day].map((period, i) => (i === index ? { ...period, [end]: value } : period)));
  return (
    <fieldset className="form-section" data-testid="calendar-week">
      <legend>{t('calendars.weekTitle')}</legend>
      <label className="check">
        <input type="checkbox" name="alwaysOpen" checked={form.alwaysOpen} onChange={(e) => onAlwaysOpen(e.target.checked)} aria-describedby={`${id}-week`} />
        {t('calendars.alwaysOpen')}
      </label>
      <p id={`${id}-week`} className="small muted">
        {form.alwaysOpen ? t('calendars.alwaysOpenHint') : t('calendars.weekHint')}
      </p>
      {!form.alwaysOpen && (
        <ul className="chat-hours">
          {weekdays.map((day) => {
            const dayName = t(`calendars.days.${day}`);
            const periods = form.week[day];
            return (
              <li key={day} className="chat-hours-day" data-day={day}>
                <strong>{dayName}</strong>
                {periods.length === 0 && <span className="muted">{t('calendars.closed')}</span>}
                {periods.map((period, index) => (
                  <span className="chat-hours-range" key={index} role="group" aria-label={t('calendars.periodLabel', { day: dayName, number: index + 1 })}>
                    <label>
                      <span className="muted small">{t('calendars.from')}</span>{' '}
                      <input type="time" name={`${day}-from-${index}`} required value={period.from} onChange={(e) => setTime(day, index, 'from', e.target.value)} />
                    </label>
                    <label>
                      <span className="muted small">{t('calendars.to')}</span>{' '}
                      <input type="time" name={`${day}-to-${index}`} required value={period.to === '24:00' ? '23:59' : period.to} onChange={(e) => setTime(day, index, 'to', e.target.value)} />
                    </label>
                    <button type="button" className="button small ghost" aria-label={t('calendars.removePeriod', { day: dayName, number: index + 1 })} onClick={() => setDay(day, periods.filter((_, i) => i !== index))}>
                      ×
                    </button>
                  </span>
                ))}
                {periods.length < limits.periodsPerDay && (
                  <button type="button" className="button small" aria-label={t('calendars.addPeriodTo', { day: dayName })} onClick={() => setDay(day, [...periods, nextPeriod(periods)])}>
                    {t('calendars.addPeriod')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

function HolidayFields({ holidays, onChange }: { holidays: CalendarHoliday[]; onChange: (holidays: CalendarHoliday[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [entry, setEntry] = useState<CalendarHoliday>({ date: '', name: '', recurring: false });
  const added = addHoliday(holidays, entry);
  const taken = !!entry.date && holidays.some((holiday) => holiday.date === entry.date);
  return (
    <fieldset className="form-section" data-testid="calendar-holidays">
      <legend>{t('calendars.holidaysTitle')}</legend>
      <p className="small muted">{t('calendars.holidaysHint')}</p>
      {holidays.length === 0 ? (
        <p className="small">{t('calendars.noHolidays')}</p>
      ) : (
        <ul className="calendar-holidays">
          {holidays.map((holiday) => (
            <li key={holiday.date} data-date={holiday.date}>
              <time dateTime={holiday.date}>{holiday.date}</time> {holiday.name}
              {holiday.recurring && <span className="chip">{t('calendars.yearly')}</span>}{' '}
              <button type="button" className="button small ghost" aria-label={t('calendars.removeHoliday', { name: holiday.name, date: holiday.date })} onClick={() => onChange(holidays.filter((other) => other !== holiday))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {holidays.length < limits.holidays && (
        <div className="inline-form calendar-holiday-add" role="group" aria-label={t('calendars.addHoliday')}>
          <label className="field inline">
            <span>{t('calendars.holidayDate')}</span>
            <input type="date" name="holidayDate" value={entry.date} onChange={(e) => setEntry({ ...entry, date: e.target.value })} aria-describedby={taken ? `${id}-taken` : undefined} />
          </label>
          <label className="field inline">
            <span>{t('calendars.holidayName')}</span>
            <input type="text" name="holidayName" maxLength={limits.holidayName} value={entry.name} onChange={(e) => setEntry({ ...entry, name: e.target.value })} />
          </label>
          <label className="check">
            <input type="checkbox" name="holidayRecurring" checked={entry.recurring} onChange={(e) => setEntry({ ...entry, recurring: e.target.checked })} />
            {t('calendars.everyYear')}
          </label>
          <button
            type="button"
            className="button small"
            disabled={!added}
            onClick={() => {
              if (!added) return;
              onChange(added);
              setEntry({ date: '', name: '', recurring: false });
            }}
          >
            {t('calendars.addHoliday')}
          </button>
          {taken && (
            <span id={`${id}-taken`} className="small muted">
              {t('calendars.dateTaken')}
            </span>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** Reads the chosen .ics file and posts its text; the holidays it brought are saved at once and shown in the form. */
function IcalImport({ calendar, onImported }: { calendar: Calendar; onImported: (holidays: CalendarHoliday[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const upload = useImportHolidays();
  const [replace, setReplace] = useState(false);
  const [tooLarge, setTooLarge] = useState(false);

  async function read(file: File | undefined) {
    if (!file) return;
    setTooLarge(file.size > limits.icsBytes);
    if (file.size > limits.icsBytes) return;
    const ics = await file.text();
    upload.mutate({ id: calendar.id, ics, replace }, { onSuccess: (result) => onImported(result.calendar.holidays) });
  }

  return (
    <fieldset className="form-section" data-testid="calendar-import">
      <legend>{t('calendars.importTitle')}</legend>
      <p id={`${id}-hint`} className="small muted">
        {t('calendars.importHint')}
      </p>
      <label className="check">
        <input type="checkbox" name="importReplace" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        {t('calendars.importReplace')}
      </label>
      <label className="field">
        <span>{t('calendars.importFile')}</span>
        <input
          type="file"
          name="ics"
          accept=".ics,.ical,text/calendar"
          disabled={upload.isPending}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            const input = e.currentTarget;
            void read(input.files?.[0]).finally(() => {
              input.value = '';
            });
          }}
        />
      </label>
      <p role="status" className="small">
        {upload.isSuccess ? t('calendars.imported', { count: upload.data.added }) : ''}
      </p>
      {tooLarge && (
        <p className="form-error" role="alert">
          {t('calendars.importTooLarge')}
        </p>
      )}
      {upload.isError && <FormError error={upload.error} known={knownRefusals} />}
    </fieldset>
  );
}
