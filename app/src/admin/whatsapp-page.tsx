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
import { AdminListPage, useEditing } from '../ui/admin-list-page';
import { ActiveChip, ChannelCard, FormActions, RemoveButton } from '../ui/settings-form';
import { errorText } from '../ui/states';
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
  const editing = useEditing<WhatsappNumber>();

  return (
    <AdminListPage
      title={t('whatsapp.title')}
      intro={t('whatsapp.intro')}
      add={{ label: t('whatsapp.add'), onClick: editing.startNew }}
      items={numbers}
      empty={{ title: t('whatsapp.none'), hint: t('whatsapp.noneHint') }}
      itemKey={(number) => number.id}
      renderItem={(number) => <NumberCard number={number} team={teams.data?.find((x) => x.id === number.teamId)} onEdit={() => editing.edit(number)} />}
    >
      {editing.editing && <NumberForm key={editing.formKey} number={editing.item} teams={teams.data ?? []} onClose={editing.close} />}
    </AdminListPage>
  );
}

function NumberCard({ number, team, onEdit }: { number: WhatsappNumber; team: Team | undefined; onEdit: () => void }) {
  const { t } = useTranslation();
  const save = useSaveWhatsappNumber();
  const remove = useRemoveWhatsappNumber();
  const failure = save.error ?? remove.error;
  return (
    <ChannelCard
      active={number.active}
      data-number={number.phoneNumberId}
      actions={
        <div className="form-actions">
          <button className="button small" onClick={onEdit}>
            {t('admin.edit')}
          </button>
          <button className="button small" disabled={save.isPending} onClick={() => save.mutate({ id: number.id, body: { active: !number.active } })}>
            {number.active ? t('telegram.deactivate') : t('telegram.activate')}
          </button>
          <RemoveButton label={t('telegram.remove')} question={t('whatsapp.removeConfirm', { number: number.displayPhoneNumber })} pending={remove.isPending} onRemove={() => remove.mutate(number.id)} />
        </div>
      }
    >
      <strong className="mailbox-address">{number.displayPhoneNumber}</strong> <span className="muted">{number.verifiedName}</span>
      <div className="mailbox-chips">
        <span className="chip">{team ? team.name : t('side.noTeam')}</span>
        <span className="chip">{number.templateName ? t('whatsapp.templateChip', { name: number.templateName, language: number.templateLanguage }) : t('whatsapp.noTemplate')}</span>
        <ActiveChip active={number.active} />
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
    </ChannelCard>
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
      <FormActions submitLabel={number ? t('admin.save') : t('telegram.connect')} pending={save.isPending} onCancel={onClose} />
    </form>
  );
}
