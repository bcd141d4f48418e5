// Phone (admin): the telephony systems (PBX, cloud CTI) that report calls to Frontline. Each has a
// webhook address with its own token; the token is shown once, when the integration is created or
// its token rotated, and never again (the server keeps only its hash).
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../api/queries';
import { useCreatePhoneIntegration, useDeletePhoneIntegration, usePhoneIntegrations, useRotatePhoneToken, useUpdatePhoneIntegration } from '../api/phone-admin';
import type { PhoneIntegration, PhoneIntegrationWithToken, Team } from '../api/types';
import { CopyButton } from '../ui/copy-button';
import { AdminListPage } from '../ui/admin-list-page';
import { ActiveChip, ChannelCard, RemoveButton } from '../ui/settings-form';
import { errorText } from '../ui/states';

/** The full webhook address a telephony system is given: this server's origin and the path with the token. */
export const webhookUrl = (origin: string, integration: Pick<PhoneIntegrationWithToken, 'webhookPath'>) => `${origin.replace(/\/$/, '')}${integration.webhookPath}`;

export function PhonePage() {
  const { t } = useTranslation();
  const integrations = usePhoneIntegrations();
  const teams = useTeams();
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<PhoneIntegrationWithToken | null>(null);

  return (
    <AdminListPage
      title={t('phoneAdmin.title')}
      intro={t('phoneAdmin.intro')}
      add={{ label: t('phoneAdmin.add'), onClick: () => setAdding(true) }}
      items={integrations}
      empty={{ title: t('phoneAdmin.none'), hint: t('phoneAdmin.noneHint') }}
      itemKey={(integration) => integration.id}
      renderItem={(integration) => <IntegrationCard integration={integration} team={teams.data?.find((team) => team.id === integration.teamId)} onToken={setShown} />}
    >
      {adding && (
        <AddForm
          teams={teams.data ?? []}
          onClose={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setShown(created);
          }}
        />
      )}
      {shown && <TokenPanel integration={shown} onClose={() => setShown(null)} />}
    </AdminListPage>
  );
}

/** The webhook address with its token, shown once, copyable. */
function TokenPanel({ integration, onClose }: { integration: PhoneIntegrationWithToken; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const url = webhookUrl(location.origin, integration);
  return (
    <section className="card form-card phone-token" aria-labelledby={`${id}-title`} role="region">
      <h2 id={`${id}-title`}>{t('phoneAdmin.webhookTitle', { name: integration.name })}</h2>
      <p className="hint">{t('phoneAdmin.webhookOnce')}</p>
      <label htmlFor={`${id}-url`}>{t('phoneAdmin.webhookUrl')}</label>
      <input id={`${id}-url`} className="mono" value={url} readOnly onFocus={(event) => event.target.select()} />
      <div className="form-actions">
        <CopyButton text={url} label={t('phoneAdmin.copy')} />
        <button type="button" className="button" onClick={onClose}>
          {t('phoneAdmin.done')}
        </button>
      </div>
    </section>
  );
}

function AddForm({ teams, onClose, onCreated }: { teams: Team[]; onClose: () => void; onCreated: (created: PhoneIntegrationWithToken) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreatePhoneIntegration();
  const [name, setName] = useState('');
  const [teamId, setTeamId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), teamId: teamId ? Number(teamId) : null }, { onSuccess: onCreated });
  };
  return (
    <form className="card form-card" onSubmit={submit} aria-label={t('phoneAdmin.add')}>
      <label htmlFor={`${id}-name`}>{t('phoneAdmin.name')}</label>
      <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} maxLength={200} required aria-describedby={`${id}-name-hint`} />
      <small id={`${id}-name-hint`} className="muted">
        {t('phoneAdmin.nameHint')}
      </small>
      <label htmlFor={`${id}-team`}>{t('phoneAdmin.team')}</label>
      <select id={`${id}-team`} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
        <option value="">{t('phoneAdmin.allAgents')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      {create.isError && (
        <p className="field-error" role="alert">
          {errorText(create.error, t)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending || !name.trim()}>
          {t('phoneAdmin.create')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

function IntegrationCard({ integration, team, onToken }: { integration: PhoneIntegration; team: Team | undefined; onToken: (shown: PhoneIntegrationWithToken) => void }) {
  const { t } = useTranslation();
  const update = useUpdatePhoneIntegration();
  const rotate = useRotatePhoneToken();
  const remove = useDeletePhoneIntegration();
  const failure = update.error ?? rotate.error ?? remove.error;
  const rotateToken = () => {
    if (window.confirm(t('phoneAdmin.rotateConfirm', { name: integration.name }))) rotate.mutate(integration.id, { onSuccess: onToken });
  };
  return (
    <ChannelCard
      active={integration.active}
      data-integration={integration.id}
      actions={
        <div className="form-actions">
          <button type="button" className="button small" onClick={rotateToken} disabled={rotate.isPending}>
            {t('phoneAdmin.rotate')}
          </button>
          <button type="button" className="button small" onClick={() => update.mutate({ id: integration.id, body: { active: !integration.active } })} disabled={update.isPending}>
            {integration.active ? t('phoneAdmin.deactivate') : t('phoneAdmin.activate')}
          </button>
          <RemoveButton type="button" label={t('phoneAdmin.delete')} question={t('phoneAdmin.deleteConfirm', { name: integration.name })} pending={remove.isPending} onRemove={() => remove.mutate(integration.id)} />
        </div>
      }
    >
      <strong>{integration.name}</strong>
      <div className="mailbox-chips">
        <span className="chip">{team ? team.name : t('phoneAdmin.allAgents')}</span>
        <ActiveChip active={integration.active} />
      </div>
      {failure && (
        <p className="field-error small" role="alert">
          {errorText(failure, t)}
        </p>
      )}
    </ChannelCard>
  );
}
