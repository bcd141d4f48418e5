// Business hours (admin): calendars of opening periods per weekday in a time zone, holidays (by
// hand or from iCal) or 24/7. Each card says whether the calendar is open now and when that changes;
// one calendar is the default. Every agent may look; admins change them.
import { useTranslation } from 'react-i18next';
import { useCalendars, useDeleteCalendar, useMakeDefaultCalendar } from '../api/calendars';
import type { Calendar } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { ChannelCard, RemoveButton } from '../ui/settings-form';
import { FormError } from '../ui/states';
import { openState, weekdays } from './calendar-body';
import { CalendarForm, knownRefusals } from './calendar-form';

export function CalendarsPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const calendars = useCalendars();
  const editing = useEditing<Calendar>();

  return (
    <AdminListPage
      title={t('calendars.title')}
      intro={isAdmin ? t('calendars.intro') : `${t('calendars.intro')} ${t('admin.forbidden')}`}
      add={isAdmin ? { label: t('calendars.add'), onClick: editing.startNew } : undefined}
      items={calendars}
      empty={{ title: t('calendars.none'), hint: t('calendars.noneHint') }}
      itemKey={(calendar) => calendar.id}
      renderItem={(calendar) => <CalendarCard calendar={calendar} onEdit={isAdmin ? () => editing.edit(calendar) : undefined} />}
    >
      {editing.editing && <CalendarForm key={editing.formKey} calendar={editing.item} onClose={editing.close} />}
    </AdminListPage>
  );
}

function CalendarCard({ calendar, onEdit }: { calendar: Calendar; onEdit?: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const makeDefault = useMakeDefaultCalendar();
  const remove = useDeleteCalendar();
  const failure = makeDefault.error ?? remove.error;
  const state = openState(calendar);
  const when = state.when ? formatDateTime(state.when, { locale: i18n.language, timeZone: me.timeZone }) : '';
  const days = weekdays.filter((day) => calendar.week[day].length > 0);

  return (
    <ChannelCard
      active
      className="mailbox-card calendar-card"
      data-calendar={calendar.name}
      actions={
        onEdit && (
          <div className="card-actions">
            <button className="button small" onClick={onEdit}>
              {t('admin.edit')}
            </button>
            {!calendar.isDefault && (
              <button className="button small" disabled={makeDefault.isPending} onClick={() => makeDefault.mutate(calendar.id)}>
                {t('calendars.makeDefault')}
              </button>
            )}
            {!calendar.isDefault && (
              <RemoveButton label={t('calendars.remove')} question={t('calendars.confirmRemove', { name: calendar.name })} pending={remove.isPending} onRemove={() => remove.mutate(calendar.id)} />
            )}
          </div>
        )
      }
    >
      <strong>{calendar.name}</strong>
      <div className="mailbox-chips">
        {calendar.isDefault && <span className="chip status-solved">{t('calendars.default')}</span>}
        <span className="chip">{calendar.timeZone}</span>
        {calendar.alwaysOpen ? <span className="chip">{t('calendars.alwaysOpenChip')}</span> : <span className="chip">{t('calendars.holidayCount', { count: calendar.holidays.length })}</span>}
      </div>
      <p className={`small calendar-now ${calendar.openNow ? 'open' : 'closed'}`} data-testid="calendar-now">
        {t(`calendars.now.${state.key}`, { when })}
      </p>
      {!calendar.alwaysOpen && (
        <ul className="small muted calendar-week-summary">
          {days.length === 0 && <li>{t('calendars.noPeriods')}</li>}
          {days.map((day) => (
            <li key={day}>
              {t(`calendars.days.${day}`)}: {calendar.week[day].map((period) => `${period.from}–${period.to}`).join(', ')}
            </li>
          ))}
        </ul>
      )}
      {calendar.isDefault && onEdit && <p className="small muted">{t('calendars.defaultNoRemove')}</p>}
      {failure && <FormError error={failure} known={knownRefusals} />}
    </ChannelCard>
  );
}
