// Teams (admin): create, rename, and choose members.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgents, useSaveTeam, useTeams } from '../api/queries';
import type { Team } from '../api/types';
import { useSession } from '../auth/session';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';

export function TeamsPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const teams = useTeams();
  const save = useSaveTeam();
  const [name, setName] = useState('');

  return (
    <main className="admin-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('admin.teamsTitle')} />
      </div>
      {isAdmin ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate({ body: { name: name.trim() } }, { onSuccess: () => setName('') });
          }}
        >
          <label className="field inline">
            <span>{t('admin.teamName')}</span>
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button className="button primary" type="submit" disabled={!name.trim() || save.isPending}>
            {t('admin.newTeam')}
          </button>
          {save.isError && <span className="form-error" role="alert">{errorText(save.error, t)}</span>}
        </form>
      ) : (
        <p className="hint">{t('admin.forbidden')}</p>
      )}
      {teams.isPending ? (
        <LoadingState />
      ) : teams.isError ? (
        <ErrorState title={t('admin.error')} error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <EmptyState title={t('admin.noTeams')} />
      ) : (
        <ul className="card-list">
          {teams.data.map((team) => (
            <TeamCard key={team.id} team={team} editable={isAdmin} />
          ))}
        </ul>
      )}
    </main>
  );
}

function TeamCard({ team, editable }: { team: Team; editable: boolean }) {
  const { t } = useTranslation();
  const agents = useAgents();
  const save = useSaveTeam();
  const [name, setName] = useState(team.name);
  // While a change is on its way, show it already (the checkbox answers the click at once).
  const [optimistic, setOptimistic] = useState<number[] | null>(null);
  const members = new Set(optimistic ?? team.agentIds);
  const setMembers = (ids: number[]) => {
    setOptimistic(ids);
    save.mutate({ id: team.id, body: { agentIds: ids } }, { onSettled: () => setOptimistic(null) });
  };

  return (
    <li className="card team-card">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && name.trim() !== team.name) save.mutate({ id: team.id, body: { name: name.trim() } });
        }}
      >
        <label className="field inline">
          <span className="sr-only">{t('admin.teamName')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} disabled={!editable} />
        </label>
        {editable && name.trim() !== team.name && (
          <button className="button small" type="submit">
            {t('admin.save')}
          </button>
        )}
      </form>
      <fieldset className="members">
        <legend>{t('admin.members')}</legend>
        {(agents.data ?? []).length === 0 && <p className="muted small">{t('admin.noMembers')}</p>}
        {(agents.data ?? [])
          .filter((agent) => agent.active || members.has(agent.id))
          .map((agent) => (
            <label key={agent.id} className="check">
              <input
                type="checkbox"
                disabled={!editable}
                checked={members.has(agent.id)}
                onChange={(e) => setMembers(e.target.checked ? [...members, agent.id] : [...members].filter((x) => x !== agent.id))}
              />
              {agent.name}
            </label>
          ))}
      </fieldset>
      {save.isError && <p className="form-error" role="alert">{errorText(save.error, t)}</p>}
    </li>
  );
}
