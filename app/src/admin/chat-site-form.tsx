// The form of one website chat site: name, team, mailbox, allowed origins, texts per language, look,
// topics, opening hours and when to ask for an email. The body it sends is built in chat-site-body.ts.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '@frontline/shared';
import { useSaveChatSite, weekdays, type ChatSite, type TimeRange, type Weekday } from '../api/chat-admin';
import type { Mailbox, Team } from '../api/types';
import { useSession } from '../auth/session';
import { FormActions, LocaleTextFields } from '../ui/settings-form';
import { FormError } from '../ui/states';
import { MailboxSelect, TeamSelect } from '../ui/team-select';
import { TimeZoneSelect } from '../ui/time-zone-select';
import { chatSiteBody, chatSiteProblems, defaultRange, emptyTopic, initialChatSiteForm, limits, type ChatSiteForm as FormState, type TopicRow } from './chat-site-body';

export function ChatSiteForm({ site, teams, mailboxes, onClose }: { site: ChatSite | null; teams: Team[]; mailboxes: Mailbox[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const id = useId();
  const save = useSaveChatSite();
  const [form, setForm] = useState<FormState>(() => initialChatSiteForm(site, me.timeZone));
  const [tried, setTried] = useState(false);
  const problems = chatSiteProblems(form);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problems.length) return;
    save.mutate({ id: site?.id, body: chatSiteBody(form) }, { onSuccess: onClose });
  }

  return (
    <form className="card form-card chat-site-form" onSubmit={submit} aria-label={site ? t('chatAdmin.edit', { name: site.name }) : t('chatAdmin.add')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('chatAdmin.name')}</span>
          <input type="text" name="name" required maxLength={limits.name} value={form.name} onChange={(e) => set('name', e.target.value)} />
        </label>
        <TeamSelect teams={teams} value={form.teamId} onChange={(teamId) => set('teamId', teamId)} />
        <MailboxSelect mailboxes={mailboxes} value={form.mailboxId} onChange={(mailboxId) => set('mailboxId', mailboxId)} label={t('chatAdmin.mailbox')} none={t('chatAdmin.mailboxDefault')} />
        <label className="field wide">
          <span>{t('chatAdmin.origins')}</span>
          <textarea name="origins" rows={3} maxLength={limits.origins * (limits.origin + 1)} value={form.origins} onChange={(e) => set('origins', e.target.value)} placeholder="https://shop.example" aria-describedby={`${id}-origins`} />
          <small id={`${id}-origins`} className="muted">
            {t('chatAdmin.originsHint')}
          </small>
        </label>
      </div>
      <LocaleTextFields
        legend={t('chatAdmin.textsTitle')}
        hint={t('chatAdmin.textsHint')}
        fields={[
          { name: 'greeting', label: (language) => t('chatAdmin.greeting', { language }), maxLength: limits.greeting, multiline: true },
          { name: 'offline', label: (language) => t('chatAdmin.offline', { language }), maxLength: limits.offline, multiline: true },
        ]}
        value={form.texts}
        onChange={(texts) => set('texts', texts)}
      />
      <fieldset className="form-section">
        <legend>{t('chatAdmin.look')}</legend>
        <div className="form-grid">
          <label className="field">
            <span>{t('chatAdmin.color')}</span>
            <input type="color" name="color" value={form.color} onChange={(e) => set('color', e.target.value)} />
          </label>
          <fieldset className="field">
            <legend>{t('chatAdmin.position')}</legend>
            <div className="segmented">
              {(['right', 'left'] as const).map((position) => (
                <label className="check" key={position}>
                  <input type="radio" name="position" value={position} checked={form.position === position} onChange={() => set('position', position)} />
                  {position === 'right' ? t('chatAdmin.positionRight') : t('chatAdmin.positionLeft')}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      </fieldset>
      <TopicsFields topics={form.topics} teams={teams} onChange={(topics) => set('topics', topics)} />
      <HoursFields form={form} onChange={(patch) => setForm((current) => ({ ...current, ...patch }))} />
      <div className="form-grid">
        <label className="field">
          <span>{t('chatAdmin.askEmail')}</span>
          <select name="askEmail" value={form.askEmail} onChange={(e) => set('askEmail', e.target.value as FormState['askEmail'])}>
            <option value="never">{t('chatAdmin.askNever')}</option>
            <option value="offline">{t('chatAdmin.askOffline')}</option>
            <option value="always">{t('chatAdmin.askAlways')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="active" checked={form.active} onChange={(e) => set('active', e.target.checked)} />
          {t('chatAdmin.activeLabel')}
        </label>
      </div>
      {tried && problems.length > 0 && (
        <div className="form-error" role="alert" data-testid="chat-site-problems">
          <p>{t('chatAdmin.problemsTitle')}</p>
          <ul>
            {problems.map(({ problem, detail }, index) => (
              <li key={index}>{t(`chatAdmin.problem.${problem}`, { detail: problem === 'range' && detail ? t(`chatAdmin.days.${detail}`) : detail })}</li>
            ))}
          </ul>
        </div>
      )}
      {save.isError && <FormError error={save.error} />}
      <FormActions submitLabel={site ? t('admin.save') : t('admin.create')} pending={save.isPending} onCancel={onClose} />
    </form>
  );
}

function TopicsFields({ topics, teams, onChange }: { topics: TopicRow[]; teams: Team[]; onChange: (topics: TopicRow[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const change = (row: number, patch: Partial<TopicRow>) => onChange(topics.map((topic) => (topic.row === row ? { ...topic, ...patch } : topic)));
  const nextRow = Math.max(-1, ...topics.map((topic) => topic.row)) + 1;
  return (
    <fieldset className="form-section" data-testid="chat-topics">
      <legend>{t('chatAdmin.topicsTitle')}</legend>
      <p className="small muted">{t('chatAdmin.topicsHint')}</p>
      {topics.map((topic, index) => (
        <fieldset className="form-section chat-topic" key={topic.row}>
          <legend>{t('chatAdmin.topicLegend', { number: index + 1 })}</legend>
          <div className="form-grid">
            <label className="field">
              <span>{t('chatAdmin.topicId')}</span>
              <input
                type="text"
                name={`topic-id-${index}`}
                required
                maxLength={limits.topicId}
                pattern="[a-z0-9][a-z0-9_\-]{0,39}"
                value={topic.id}
                onChange={(e) => change(topic.row, { id: e.target.value })}
                aria-describedby={`${id}-topic-id`}
              />
              <small id={`${id}-topic-id`} className="muted">
                {t('chatAdmin.topicIdHint')}
              </small>
            </label>
            {locales.map((locale) => (
              <label className="field" key={locale}>
                <span>{t('chatAdmin.topicLabel', { language: t(`language.${locale}`) })}</span>
                <input type="text" name={`topic-label-${index}-${locale}`} maxLength={limits.topicLabel} value={topic.label[locale]} onChange={(e) => change(topic.row, { label: { ...topic.label, [locale]: e.target.value } })} />
              </label>
            ))}
            <TeamSelect teams={teams} value={topic.teamId} onChange={(teamId) => change(topic.row, { teamId })} label={t('chatAdmin.topicTeam')} none={t('chatAdmin.topicTeamDefault')} name={`topic-team-${index}`} />
          </div>
          <button type="button" className="button small danger" onClick={() => onChange(topics.filter((x) => x.row !== topic.row))}>
            {t('chatAdmin.removeTopic', { number: index + 1 })}
          </button>
        </fieldset>
      ))}
      {topics.length < limits.topics && (
        <button type="button" className="button small" onClick={() => onChange([...topics, emptyTopic(nextRow)])}>
          {t('chatAdmin.addTopic')}
        </button>
      )}
    </fieldset>
  );
}

function HoursFields({ form, onChange }: { form: FormState; onChange: (patch: Partial<FormState>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const setDay = (day: Weekday, ranges: TimeRange[]) => onChange({ days: { ...form.days, [day]: ranges } });
  const setRange = (day: Weekday, index: number, at: 0 | 1, value: string) =>
    setDay(
      day,
      form.days[day].map((range, i) => (i === index ? ((at === 0 ? [value, range[1]] : [range[0], value]) as TimeRange) : range)),
    );
  return (
    <fieldset className="form-section" data-testid="chat-hours">
      <legend>{t('chatAdmin.hoursTitle')}</legend>
      <label className="check">
        <input type="checkbox" name="alwaysOpen" checked={form.alwaysOpen} onChange={(e) => onChange({ alwaysOpen: e.target.checked })} aria-describedby={`${id}-hours`} />
        {t('chatAdmin.alwaysOpen')}
      </label>
      <p id={`${id}-hours`} className="small muted">
        {t('chatAdmin.hoursHint')}
      </p>
      {!form.alwaysOpen && (
        <>
          <TimeZoneSelect label={t('chatAdmin.timeZone')} value={form.timeZone} onChange={(timeZone) => onChange({ timeZone })} />
          <ul className="chat-hours">
            {weekdays.map((day) => {
              const dayName = t(`chatAdmin.days.${day}`);
              return (
                <li key={day} className="chat-hours-day" data-day={day}>
                  <strong>{dayName}</strong>
                  {form.days[day].length === 0 && <span className="muted">{t('chatAdmin.closed')}</span>}
                  {form.days[day].map(([from, to], index) => (
                    <span className="chat-hours-range" key={index} role="group" aria-label={t('chatAdmin.rangeLabel', { day: dayName, number: index + 1 })}>
                      <label>
                        <span className="muted small">{t('chatAdmin.from')}</span> <input type="time" name={`${day}-from-${index}`} required value={from} onChange={(e) => setRange(day, index, 0, e.target.value)} />
                      </label>
                      <label>
                        <span className="muted small">{t('chatAdmin.to')}</span> <input type="time" name={`${day}-to-${index}`} required value={to} onChange={(e) => setRange(day, index, 1, e.target.value)} />
                      </label>
                      <button type="button" className="button small ghost" aria-label={t('chatAdmin.removeRange', { day: dayName, number: index + 1 })} onClick={() => setDay(day, form.days[day].filter((_, i) => i !== index))}>
                        ×
                      </button>
                    </span>
                  ))}
                  {form.days[day].length < limits.rangesPerDay && (
                    <button type="button" className="button small" aria-label={`${t('chatAdmin.addRange')}: ${dayName}`} onClick={() => setDay(day, [...form.days[day], [defaultRange[0], defaultRange[1]]])}>
                      {t('chatAdmin.addRange')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </fieldset>
  );
}
