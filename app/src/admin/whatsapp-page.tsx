// WhatsApp numbers (admin): connect a WhatsApp Business number of the Cloud API by its ids, access
// token and app secret, copy the webhook URL and verify token into Meta's dashboard, set the
// template sent after the 24-hour window, the team, deactivate or remove it. The token and the app
// secret are write-only: the server checks the token with Meta and never shows either again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useRemoveWhatsappNumber, useSaveWhatsappNumber, useWhatsappNumbers } from '../api/whatsapp-admin';
import { useTeams } from '../api/queries';
import type { Team, WhatsappNumber } from '../api/types';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';
import { TeamSelect } from '../ui/team-select';

/** Refusals an admin can act on, in their language; anything else as the server says it. */
const knownRefusals = ['whatsapp_token_invalid', 'whatsapp_number_exists', 'whatsapp_template_incomplete', 'whatsapp_unreachable'] as const;

function refusalText(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError && (knownRefusals as readonly string[]).includes(error.code)) return t(`whatsapp.refusal.${error.code}`);
  return errorText(error, t);
}

export function WhatsappPage() {
  const { t } = useTranslation();
  const numbers = useWhatsappNumbers();
  const teams = useTeams();
  const [editing, setEditing] = useState<WhatsappNumber | 'new' | null>(null);

  return (
    <main className="admin-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('whatsapp.title')} />
        <button className="button primary" onClick={() => setEditing('new')}>
          {t('whatsapp.add')}
        </button>
      </div>
      <p className="hint">{t('whatsapp.intro')}</p>
      {editing && <NumberForm key={editing === 'new' ? 'new' : editing.id} number={editing === 'new' ? null : editing} teams={teams.data ?? []} onClose={() => setEditing(null)} />}
      {numbers.isPending ? (
        <LoadingState />
      ) : numbers.isError ? (
        <ErrorState title={t('admin.error')} error={numbers.error} onRetry={() => void numbers.refetch()} />
      ) : numbers.data.length === 0 ? (
        <EmptyState title={t('whatsapp.none')} hint={t('whatsapp.noneHint')} />
      ) : (
        <ul className="card-list">
          {numbers.data.map((number) => (
            <NumberCard key={number.id} number={number} team={teams.data?.find((x) => x.id === number.teamId)} onEdit={() => setEditing(number)} />
          ))}
        </ul>
      )}
    </main>
  );
}

function NumberCard({ number, team, onEdit }: { number: WhatsappNumber; team: Team | undefined; onEdit: () => void }) {
  const { t } = useTranslation();
  const save = useSaveWhatsappNumber();
  const remove = useRemoveWhatsappNumber();
  const failure = save.error ?? remove.error;
  return (
    <li className={`card mailbox-card ${number.active ? '' : 'inactive'}`} data-number={number.phoneNumberId}>
      <div className="mailbox-info">
        <strong className="mailbox-address">{number.displayPhoneNumber}</strong> <span className="muted">{number.verifiedName}</span>
        <div className="mailbox-chips">
          <span className="chip">{team ? team.name : t('side.noTeam')}</span>
          <span className="chip">{number.templateName ? t('whatsapp.templateChip', { name: number.templateName, language: number.templateLanguage }) : t('whatsapp.noTemplate')}</span>
          {number.active ? <span className="chip status-solved">{t('mailboxes.active')}</span> : <span className="chip status-closed">{t('mailboxes.inactive')}</span>}
        </div>
        <dl className="small mailbox-status">
          <dt>{t('whatsapp.webhookUrl')}</dt>
          <dd>
            <code>{number.webhookUrl ?? t('whatsapp.noPublicUrl')}</code>
          </dd>
          <dt>{t('whatsapp.verifyToken')}</dt>
          <dd>
            <code data-testid="verify-token">{number.verifyToken}</code>
          </dd>
        </dl>
        {failure && <p className="form-error" role="alert">{refusalText(failure, t)}</p>}
      </div>
      <div className="form-actions">
        <button className="button small" onClick={onEdit}>
          {t('admin.edit')}
        </button>
        <button className="button small" disabled={save.isPending} onClick={() => save.mutate({ id: number.id, body: { active: !number.active } })}>
          {number.active ? t('telegram.deactivate') : t('telegram.activate')}
        </button>
        <button
          className="button small danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(t('whatsapp.removeConfirm', { number: number.displayPhoneNumber }))) remove.mutate(number.id);
          }}
        >
          {t('telegram.remove')}
        </button>
      </div>
    </li>
  );
}

interface NumberFields {
  phoneNumberId: string;
  businessAccountId: string;
  accessToken: string;
  appSecret: string;
  templateName: string;
  templateLanguage: string;
  teamId: string;
}

/** The request body: secrets only when typed (a new number needs them; an edit keeps the stored ones); the phone number id only for a new one. */
export function numberBody(form: NumberFields, isNew: boolean): Record<string, unknown> {
  const template = form.templateName.trim() ? { templateName: form.templateName.trim(), templateLanguage: form.templateLanguage.trim() || null } : { templateName: null, templateLanguage: null };
  return {
    ...(isNew && { phoneNumberId: form.phoneNumberId.trim() }),
    businessAccountId: form.businessAccountId.trim(),
    ...(form.accessToken.trim() && { accessToken: form.accessToken.trim() }),
    ...(form.appSecret.trim() && { appSecret: form.appSecret.trim() }),
    ...template,
    teamId: form.teamId ? Number(form.teamId) : null,
  };
}

function NumberForm({ number, teams, onClose }: { number: WhatsappNumber | null; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveWhatsappNumber();
  const [form, setForm] = useState<NumberFields>({
    phoneNumberId: number?.phoneNumberId ?? '',
    businessAccountId: number?.businessAccountId ?? '',
    accessToken: '',
    appSecret: '',
    templateName: number?.templateName ?? '',
    templateLanguage: number?.templateLanguage ?? '',
    teamId: number?.teamId ? String(number.teamId) : '',
  });
  const field = (name: keyof NumberFields, label: string, options: { secret?: boolean; required?: boolean; disabled?: boolean; hint?: string; placeholder?: string } = {}) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={options.secret ? 'password' : 'text'}
        autoComplete="off"
        required={options.required}
        disabled={options.disabled}
        placeholder={options.placeholder}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      {options.hint && <small className="muted">{options.hint}</small>}
    </label>
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ id: number?.id, body: numberBody(form, !number) }, { onSuccess: onClose });
  }

  return (
    <form className="card form-card mailbox-form" onSubmit={submit} aria-label={number ? t('whatsapp.edit', { number: number.displayPhoneNumber }) : t('whatsapp.add')}>
      <div className="form-grid">
        {field('phoneNumberId', t('whatsapp.phoneNumberId'), { required: true, disabled: !!number, hint: t('whatsapp.idsHint') })}
        {field('businessAccountId', t('whatsapp.businessAccountId'), { required: true })}
        {field('accessToken', t('whatsapp.accessToken'), { secret: true, required: !number, hint: number ? t('whatsapp.secretKept') : t('whatsapp.accessTokenHint') })}
        {field('appSecret', t('whatsapp.appSecret'), { secret: true, required: !number, hint: number ? t('whatsapp.secretKept') : t('whatsapp.appSecretHint') })}
        {field('templateName', t('whatsapp.templateName'), { hint: t('whatsapp.templateHint'), placeholder: 'follow_up' })}
        {field('templateLanguage', t('whatsapp.templateLanguage'), { placeholder: 'en_US' })}
        <TeamSelect teams={teams} value={form.teamId} onChange={(teamId) => setForm({ ...form, teamId })} />
      </div>
      {save.isError && <p className="form-error" role="alert">{refusalText(save.error, t)}</p>}
      <div className="form-actions">
        <span className="spacer" />
        <button type="button" className="button ghost" onClick={onClose}>
          {t('admin.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {number ? t('admin.save') : t('telegram.connect')}
        </button>
      </div>
    </form>
  );
}
