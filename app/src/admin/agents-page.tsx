// Agents (admin): invite with a first password, edit role, alias, avatar, signature, languages,
// teams, deactivate, and see and lift the lock that failed sign-ins put on an account.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { agentRoles } from '@frontline/shared';
import { useAgents, useSaveAgent, useTeams, useUnlockAgent } from '../api/queries';
import type { Agent } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { joinParts } from '../lib/join-parts';
import { accountErrorText } from '../ui/account-errors';
import { AvatarContent } from '../ui/avatar';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';

export function AgentsPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const agents = useAgents();
  const [editing, setEditing] = useState<Agent | 'new' | null>(null);

  return (
    <main className="admin-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('admin.agentsTitle')} />
        {isAdmin && (
          <button className="button primary" onClick={() => setEditing('new')}>
            {t('admin.invite')}
          </button>
        )}
      </div>
      {!isAdmin && <p className="hint">{t('admin.forbidden')}</p>}
      {editing && <AgentForm agent={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {agents.isPending ? (
        <LoadingState />
      ) : agents.isError ? (
        <ErrorState title={t('admin.error')} error={agents.error} onRetry={() => void agents.refetch()} />
      ) : agents.data.length === 0 ? (
        <EmptyState title={t('admin.noAgents')} />
      ) : (
        <ul className="card-list">
          {agents.data.map((agent) => (
            <li key={agent.id} className={`card agent-card ${agent.active ? '' : 'inactive'}`}>
              <div className="avatar" aria-hidden="true">
                <AvatarContent url={agent.avatarUrl} name={agent.name} />
              </div>
              <div className="agent-info">
                <strong>{agent.name}</strong> <span className="chip">{t(`role.${agent.role}`)}</span>
                {!agent.active && <span className="chip status-closed">{t('admin.inactive')}</span>}
                <div className="muted small">
                  {joinParts([agent.email, agent.alias, agent.languages.join(', ')])}
                </div>
                <SignInState agent={agent} />
              </div>
              {isAdmin && (
                <button className="button small" onClick={() => setEditing(agent)}>
                  {t('admin.edit')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

/** Failed sign-ins and the lock they caused, with the admin's way out; nothing when all is well. */
function SignInState({ agent }: { agent: Agent }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const unlock = useUnlockAgent();
  const signIn = agent.signIn;
  if (!signIn || (signIn.failedAttempts === 0 && !signIn.lockedUntil)) return null;
  const parts = [t('admin.failedSignIns', { count: signIn.failedAttempts })];
  if (signIn.lockedUntil) parts.unshift(t('admin.lockedUntil', { when: formatDateTime(signIn.lockedUntil, { locale: i18n.language, timeZone: me.timeZone }) }));
  return (
    <div className={`small sign-in-state ${signIn.lockedUntil ? 'form-error' : 'muted'}`} role="status">
      {parts.join(' · ')}{' '}
      <button type="button" className="button small" onClick={() => unlock.mutate(agent.id)} disabled={unlock.isPending}>
        {t('admin.unlock')}
      </button>
      {unlock.isError && <span role="alert"> {accountErrorText(unlock.error, t)}</span>}
    </div>
  );
}

function AgentForm({ agent, onClose }: { agent: Agent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveAgent();
  const teams = useTeams();
  const [form, setForm] = useState({
    email: agent?.email ?? '',
    name: agent?.name ?? '',
    alias: agent?.alias ?? '',
    role: agent?.role ?? 'agent',
    password: '',
    avatarUrl: agent?.avatarUrl ?? '',
    signature: agent?.signature ?? '',
    languages: agent?.languages.join(', ') ?? '',
    teamIds: agent?.teamIds ?? [],
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, unknown> = {
      name: form.name.trim(),
      alias: form.alias.trim() || form.name.trim(),
      role: form.role,
      avatarUrl: form.avatarUrl.trim() || null,
      signature: form.signature,
      languages: form.languages.split(/[\s,]+/).map((x) => x.trim().toLowerCase()).filter(Boolean),
      teamIds: form.teamIds,
    };
    if (!agent) body.email = form.email.trim();
    if (form.password) body.password = form.password;
    save.mutate({ id: agent?.id, body }, { onSuccess: onClose });
  }

  return (
    <form className="card form-card" onSubmit={submit} aria-label={agent ? t('admin.edit') : t('admin.invite')}>
      <div className="form-grid">
        <label className="field">
          <span>{t('admin.email')}</span>
          <input type="email" required value={form.email} onChange={set('email')} disabled={!!agent} />
        </label>
        <label className="field">
          <span>{t('admin.name')}</span>
          <input type="text" required value={form.name} onChange={set('name')} />
        </label>
        <label className="field">
          <span>{t('admin.alias')}</span>
          <input type="text" value={form.alias} onChange={set('alias')} aria-describedby="alias-hint" />
          <small id="alias-hint" className="muted">{t('admin.aliasHint')}</small>
        </label>
        <label className="field">
          <span>{t('admin.role')}</span>
          <select value={form.role} onChange={set('role')}>
            {agentRoles.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('admin.password')}</span>
          <input type="password" autoComplete="new-password" minLength={12} required={!agent} value={form.password} onChange={set('password')} aria-describedby="password-hint" />
          <small id="password-hint" className="muted">{t('admin.passwordHint')}</small>
        </label>
        <label className="field">
          <span>{t('admin.avatarUrl')}</span>
          <input type="url" value={form.avatarUrl} onChange={set('avatarUrl')} placeholder="https://" aria-describedby="avatar-hint" />
          <small id="avatar-hint" className="muted">{t('settings.avatarHint')}</small>
        </label>
        <label className="field">
          <span>{t('admin.languages')}</span>
          <input type="text" value={form.languages} onChange={set('languages')} aria-describedby="languages-hint" />
          <small id="languages-hint" className="muted">{t('admin.languagesHint')}</small>
        </label>
        <fieldset className="field">
          <legend>{t('admin.teams')}</legend>
          {(teams.data ?? []).map((team) => (
            <label key={team.id} className="check">
              <input
                type="checkbox"
                checked={form.teamIds.includes(team.id)}
                onChange={(e) => setForm({ ...form, teamIds: e.target.checked ? [...form.teamIds, team.id] : form.teamIds.filter((x) => x !== team.id) })}
              />
              {team.name}
            </label>
          ))}
        </fieldset>
        <label className="field wide">
          <span>{t('admin.signature')}</span>
          <textarea rows={3} value={form.signature} onChange={set('signature')} />
        </label>
      </div>
      {save.isError && <p className="form-error" role="alert">{accountErrorText(save.error, t)}</p>}
      <div className="form-actions">
        {agent && (
          <button type="button" className="button danger" onClick={() => save.mutate({ id: agent.id, body: { active: !agent.active } }, { onSuccess: onClose })}>
            {agent.active ? t('admin.deactivate') : t('admin.activate')}
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="button ghost" onClick={onClose}>
          {t('admin.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {agent ? t('admin.save') : t('admin.create')}
        </button>
      </div>
    </form>
  );
}
