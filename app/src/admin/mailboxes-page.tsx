// Mailboxes (admin): the addresses Frontline receives mail for (built-in SMTP receiver or IMAP
// polling) and sends replies from (an SMTP relay). Passwords are write-only: the server says only
// whether one is stored, and a password field left empty keeps it.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { acknowledgementPlaceholders, defaultAcknowledgements, locales, type Locale } from '@frontline/shared';
import { ApiError } from '../api/client';
import { useMailboxes, useSaveMailbox } from '../api/mail-admin';
import { useTeams } from '../api/queries';
import type { MailSecurity, Mailbox, Team } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { ActiveChip, ChannelCard, FormActions } from '../ui/settings-form';
import { errorText } from '../ui/states';
import { TeamSelect } from '../ui/team-select';

export function MailboxesPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const mailboxes = useMailboxes();
  const teams = useTeams();
  const editing = useEditing<Mailbox>();

  return (
    <AdminListPage
      title={t('mailboxes.title')}
      intro={t('mailboxes.intro')}
      add={isAdmin ? { label: t('mailboxes.add'), onClick: editing.startNew } : undefined}
      items={mailboxes}
      empty={{ title: t('mailboxes.none'), hint: t('mailboxes.noneHint') }}
      itemKey={(mailbox) => mailbox.id}
      renderItem={(mailbox) => <MailboxCard mailbox={mailbox} team={teams.data?.find((x) => x.id === mailbox.teamId)} onEdit={isAdmin ? () => editing.edit(mailbox) : undefined} />}
    >
      {editing.editing && <MailboxForm key={editing.formKey} mailbox={editing.item} teams={teams.data ?? []} onClose={editing.close} />}
    </AdminListPage>
  );
}

function MailboxCard({ mailbox, team, onEdit }: { mailbox: Mailbox; team: Team | undefined; onEdit?: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const when = (iso: string) => formatDateTime(iso, { locale: i18n.language, timeZone: me.timeZone });
  const imap = mailbox.inbound === 'imap' ? mailbox.imap : null;
  return (
    <ChannelCard
      active={mailbox.active}
      data-address={mailbox.address}
      actions={
        onEdit && (
          <button className="button small" onClick={onEdit}>
            {t('admin.edit')}
          </button>
        )
      }
    >
      <strong className="mailbox-address">{mailbox.address}</strong> <span className="muted">{mailbox.name}</span>
      <div className="mailbox-chips">
        <span className="chip">{mailbox.inbound === 'imap' ? t('mailboxes.inboundImap') : t('mailboxes.inboundSmtp')}</span>
        <span className="chip">{team ? team.name : t('side.noTeam')}</span>
        {mailbox.smtp && <span className="chip">{t('mailboxes.relayChip', { host: mailbox.smtp.host })}</span>}
        {!mailbox.smtp && <span className="chip warning" data-testid="no-relay">{t('delivery.noRelayChip')}</span>}
        {mailbox.acknowledge && <span className="chip">{t('mailboxes.acknowledgeChip')}</span>}
        <ActiveChip active={mailbox.active} />
      </div>
      {!mailbox.smtp && <div className="small field-warning mailbox-no-relay">{t('delivery.noRelayCard')}</div>}
      {imap && (
        <div className="small mailbox-status">
          {imap.error ? (
            <span className="mailbox-error" role="status">
              {t('mailboxes.imapError', { error: imap.error })}
              {imap.polledAt && <> · {when(imap.polledAt)}</>}
            </span>
          ) : (
            <span className="muted">{imap.polledAt ? t('mailboxes.polledAt', { when: when(imap.polledAt) }) : t('mailboxes.notPolled')}</span>
          )}
        </div>
      )}
    </ChannelCard>
  );
}

export interface FormState {
  address: string;
  name: string;
  teamId: string;
  inbound: 'smtp' | 'imap';
  imapHost: string;
  imapPort: string;
  imapTls: boolean;
  imapUser: string;
  imapPassword: string;
  imapFolder: string;
  imapAfter: 'seen' | 'move';
  imapMoveTo: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: MailSecurity;
  smtpUser: string;
  smtpPassword: string;
  /** null: not chosen yet, so it follows the relay (on with one, off without: it could not be sent). */
  acknowledge: boolean | null;
  /** Empty means the built-in text. */
  acknowledgementTexts: Record<Locale, string>;
  active: boolean;
}

export function initialState(mailbox: Mailbox | null): FormState {
  return {
    address: mailbox?.address ?? '',
    name: mailbox?.name ?? '',
    teamId: mailbox?.teamId ? String(mailbox.teamId) : '',
    inbound: mailbox?.inbound ?? 'smtp',
    imapHost: mailbox?.imap?.host ?? '',
    imapPort: mailbox?.imap ? String(mailbox.imap.port) : '',
    imapTls: mailbox?.imap?.tls ?? true,
    imapUser: mailbox?.imap?.user ?? '',
    imapPassword: '',
    imapFolder: mailbox?.imap?.folder ?? 'INBOX',
    imapAfter: mailbox?.imap?.after ?? 'seen',
    imapMoveTo: mailbox?.imap?.moveTo ?? '',
    smtpHost: mailbox?.smtp?.host ?? '',
    smtpPort: mailbox?.smtp ? String(mailbox.smtp.port) : '',
    smtpSecurity: mailbox?.smtp?.security ?? 'starttls',
    smtpUser: mailbox?.smtp?.user ?? '',
    smtpPassword: '',
    acknowledge: mailbox ? mailbox.acknowledge : null,
    acknowledgementTexts: { en: mailbox?.acknowledgementTexts.en ?? '', ru: mailbox?.acknowledgementTexts.ru ?? '', ka: mailbox?.acknowledgementTexts.ka ?? '' },
    active: mailbox?.active ?? true,
  };
}

/** Whether the mailbox will acknowledge: as chosen, or, until chosen, whenever it has a relay. */
export const acknowledges = (form: FormState) => form.acknowledge ?? !!form.smtpHost.trim();

const port = (value: string) => (value.trim() ? Number(value) : undefined);

/** The request body: IMAP settings only when mail is fetched by IMAP, no relay when its host is empty, passwords only when typed. */
export function mailboxBody(form: FormState, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    address: form.address.trim(),
    name: form.name.trim(),
    teamId: form.teamId ? Number(form.teamId) : null,
    inbound: form.inbound,
    acknowledge: acknowledges(form),
    active: form.active,
  };
  const texts = locales.filter((locale) => form.acknowledgementTexts[locale].trim() || editing);
  if (texts.length) body.acknowledgementTexts = Object.fromEntries(texts.map((locale) => [locale, form.acknowledgementTexts[locale].trim() || null]));
  if (form.inbound === 'imap') {
    body.imap = {
      host: form.imapHost.trim(),
      port: port(form.imapPort),
      tls: form.imapTls,
      user: form.imapUser.trim(),
      folder: form.imapFolder.trim() || 'INBOX',
      after: form.imapAfter,
      moveTo: form.imapAfter === 'move' ? form.imapMoveTo.trim() || null : null,
      ...(form.imapPassword && { password: form.imapPassword }),
    };
  }
  if (form.smtpHost.trim()) {
    body.smtp = {
      host: form.smtpHost.trim(),
      port: port(form.smtpPort),
      security: form.smtpSecurity,
      user: form.smtpUser.trim() || null,
      ...(form.smtpPassword && { password: form.smtpPassword }),
    };
  } else if (editing) {
    body.smtp = null;
  }
  return body;
}

function MailboxForm({ mailbox, teams, onClose }: { mailbox: Mailbox | null; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveMailbox();
  const id = useId();
  const [form, setForm] = useState(() => initialState(mailbox));
  const set = (key: keyof FormState) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const check = (key: 'imapTls' | 'acknowledge' | 'active') => (e: { target: { checked: boolean } }) => setForm({ ...form, [key]: e.target.checked });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ id: mailbox?.id, body: mailboxBody(form, !!mailbox) }, { onSuccess: onClose });
  }

  // The server's refusal to acknowledge without a relay is shown beside that field, not at the bottom.
  const ackRefused = save.error instanceof ApiError && save.error.code === 'acknowledgement_needs_relay';
  const passwordHint = (stored: boolean | undefined) => (stored ? t('mailboxes.passwordKept') : t('mailboxes.passwordNew'));

  return (
    <form className="card form-card mailbox-form" onSubmit={submit} aria-label={mailbox ? t('mailboxes.edit', { address: mailbox.address }) : t('mailboxes.add')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('mailboxes.address')}</span>
          <input type="email" name="address" required value={form.address} onChange={set('address')} placeholder="support@example.com" />
        </label>
        <label className="field">
          <span>{t('mailboxes.name')}</span>
          <input type="text" name="name" required value={form.name} onChange={set('name')} aria-describedby={`${id}-name`} />
          <small id={`${id}-name`} className="muted">{t('mailboxes.nameHint')}</small>
        </label>
        <TeamSelect teams={teams} value={form.teamId} onChange={(teamId) => setForm({ ...form, teamId })} />
        <fieldset className="field wide">
          <legend>{t('mailboxes.inbound')}</legend>
          <div className="segmented">
            <label className="check">
              <input type="radio" name="inbound" value="smtp" checked={form.inbound === 'smtp'} onChange={() => setForm({ ...form, inbound: 'smtp' })} />
              {t('mailboxes.inboundSmtp')}
            </label>
            <label className="check">
              <input type="radio" name="inbound" value="imap" checked={form.inbound === 'imap'} onChange={() => setForm({ ...form, inbound: 'imap' })} />
              {t('mailboxes.inboundImap')}
            </label>
          </div>
          <small className="muted">{form.inbound === 'smtp' ? t('mailboxes.smtpHelp') : t('mailboxes.imapHelp')}</small>
        </fieldset>
      </div>

      {form.inbound === 'imap' && (
        <fieldset className="form-section" data-testid="imap-settings">
          <legend>{t('mailboxes.imapTitle')}</legend>
          <div className="form-grid">
            <label className="field">
              <span>{t('mailboxes.host')}</span>
              <input type="text" name="imapHost" required value={form.imapHost} onChange={set('imapHost')} placeholder="imap.example.com" />
            </label>
            <label className="field">
              <span>{t('mailboxes.port')}</span>
              <input type="number" name="imapPort" min={1} max={65535} value={form.imapPort} onChange={set('imapPort')} placeholder={form.imapTls ? '993' : '143'} />
            </label>
            <label className="check">
              <input type="checkbox" name="imapTls" checked={form.imapTls} onChange={check('imapTls')} />
              {t('mailboxes.imapTls')}
            </label>
            <label className="field">
              <span>{t('mailboxes.user')}</span>
              <input type="text" name="imapUser" required autoComplete="off" value={form.imapUser} onChange={set('imapUser')} />
            </label>
            <label className="field">
              <span>{t('mailboxes.password')}</span>
              <input
                type="password"
                name="imapPassword"
                autoComplete="new-password"
                required={!mailbox?.imap?.hasPassword}
                value={form.imapPassword}
                onChange={set('imapPassword')}
                aria-describedby={`${id}-imap-password`}
              />
              <small id={`${id}-imap-password`} className="muted">{passwordHint(mailbox?.imap?.hasPassword)}</small>
            </label>
            <label className="field">
              <span>{t('mailboxes.folder')}</span>
              <input type="text" name="imapFolder" value={form.imapFolder} onChange={set('imapFolder')} placeholder="INBOX" />
            </label>
            <label className="field">
              <span>{t('mailboxes.after')}</span>
              <select name="imapAfter" value={form.imapAfter} onChange={set('imapAfter')}>
                <option value="seen">{t('mailboxes.afterSeen')}</option>
                <option value="move">{t('mailboxes.afterMove')}</option>
              </select>
            </label>
            {form.imapAfter === 'move' && (
              <label className="field">
                <span>{t('mailboxes.moveTo')}</span>
                <input type="text" name="imapMoveTo" required value={form.imapMoveTo} onChange={set('imapMoveTo')} placeholder="Processed" />
              </label>
            )}
          </div>
        </fieldset>
      )}

      <fieldset className="form-section" data-testid="smtp-settings">
        <legend>{t('mailboxes.smtpTitle')}</legend>
        <p className="muted small">{t('mailboxes.smtpRelayHelp')}</p>
        {!form.smtpHost.trim() && <p className="field-warning small" data-testid="no-relay-warning">{t('delivery.noRelayForm')}</p>}
        <div className="form-grid">
          <label className="field">
            <span>{t('mailboxes.host')}</span>
            <input type="text" name="smtpHost" value={form.smtpHost} onChange={set('smtpHost')} placeholder="smtp.example.com" />
          </label>
          <label className="field">
            <span>{t('mailboxes.port')}</span>
            <input type="number" name="smtpPort" min={1} max={65535} value={form.smtpPort} onChange={set('smtpPort')} placeholder={form.smtpSecurity === 'tls' ? '465' : '587'} />
          </label>
          <label className="field">
            <span>{t('mailboxes.security')}</span>
            <select name="smtpSecurity" value={form.smtpSecurity} onChange={set('smtpSecurity')}>
              <option value="starttls">{t('mailboxes.securityStarttls')}</option>
              <option value="tls">{t('mailboxes.securityTls')}</option>
              <option value="none">{t('mailboxes.securityNone')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('mailboxes.user')}</span>
            <input type="text" name="smtpUser" autoComplete="off" value={form.smtpUser} onChange={set('smtpUser')} />
          </label>
          <label className="field">
            <span>{t('mailboxes.password')}</span>
            <input type="password" name="smtpPassword" autoComplete="new-password" value={form.smtpPassword} onChange={set('smtpPassword')} aria-describedby={`${id}-smtp-password`} />
            <small id={`${id}-smtp-password`} className="muted">{passwordHint(mailbox?.smtp?.hasPassword)}</small>
          </label>
        </div>
      </fieldset>

      <div className="form-grid">
        <div className="field-with-note">
          <label className="check">
            <input type="checkbox" name="acknowledge" checked={acknowledges(form)} onChange={check('acknowledge')} aria-describedby={`${id}-acknowledge`} aria-invalid={ackRefused || undefined} />
            {t('mailboxes.acknowledge')}
          </label>
          {acknowledges(form) && !form.smtpHost.trim() && (
            <small id={`${id}-acknowledge`} className={ackRefused ? 'field-error' : 'field-warning'} role={ackRefused ? 'alert' : undefined} data-testid="acknowledge-needs-relay">
              {t('delivery.ackNeedsRelay')}
            </small>
          )}
        </div>
        <label className="check">
          <input type="checkbox" name="active" checked={form.active} onChange={check('active')} />
          {t('mailboxes.activeLabel')}
        </label>
      </div>
      {acknowledges(form) && (
        <fieldset className="form-section" data-testid="acknowledgement-texts">
          <legend>{t('mailboxes.acknowledgementTitle')}</legend>
          <p className="muted">{t('mailboxes.acknowledgementHint', { placeholders: acknowledgementPlaceholders.map((name) => `{{${name}}}`).join(', ') })}</p>
          <div className="form-grid">
            {locales.map((locale) => (
              <label className="field wide" key={locale}>
                <span>{t(`language.${locale}`)}</span>
                <textarea
                  name={`acknowledgement-${locale}`}
                  rows={6}
                  maxLength={5000}
                  value={form.acknowledgementTexts[locale]}
                  placeholder={defaultAcknowledgements[locale]}
                  onChange={(e) => setForm({ ...form, acknowledgementTexts: { ...form.acknowledgementTexts, [locale]: e.target.value } })}
                />
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {save.isError && !ackRefused && <p className="form-error" role="alert">{errorText(save.error, t)}</p>}
      <FormActions submitLabel={mailbox ? t('admin.save') : t('admin.create')} pending={save.isPending} onCancel={onClose} />
    </form>
  );
}
