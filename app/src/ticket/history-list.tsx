// The ticket's change history: who changed what, from what to what, when.
import { useTranslation } from 'react-i18next';
import { useHistory, useTeams } from '../api/queries';
import type { Agent, HistoryEntry } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { ErrorState, LoadingState } from '../ui/states';

export function HistoryList({ ticketId, agents }: { ticketId: number; agents: Agent[] }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const history = useHistory(ticketId);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const teams = useTeams();
  const teamName = (id: unknown) => teams.data?.find((team) => team.id === Number(id))?.name ?? String(id);

  function show(entry: HistoryEntry, value: unknown): string {
    if (value === null || value === undefined || value === '') return t('side.empty');
    if (entry.field === 'status') return t(`status.${String(value)}`, { defaultValue: String(value) });
    if (entry.field === 'priority') return t(`priority.${String(value)}`, { defaultValue: String(value) });
    if (entry.field === 'assigneeId' || entry.field === 'assignee_id') return byId.get(Number(value))?.name ?? String(value);
    if (entry.field === 'teamId' || entry.field === 'team_id') return teamName(value);
    if (entry.field === 'participant' && typeof value === 'object') {
      const person = value as { email?: string; state?: string };
      return t('side.participantInHistory', { who: person.email ?? '', state: t(`side.participantState.${person.state ?? 'accepted'}`) });
    }
    if ((entry.field === 'merged_into' || entry.field === 'merged_from') && typeof value === 'object') return `#${(value as { number?: number }).number ?? ''}`;
    if (Array.isArray(value)) return value.join(', ') || t('side.empty');
    if (typeof value === 'object') return JSON.stringify(value).slice(0, 80);
    return String(value);
  }

  function fieldName(field: string): string {
    const map: Record<string, string> = { status: 'side.status', priority: 'side.priority', assigneeId: 'side.assignee', assignee_id: 'side.assignee', teamId: 'side.team', team_id: 'side.team', tags: 'side.tags', participant: 'side.participantField', merged_into: 'merge.intoField', merged_from: 'merge.fromField' };
    return map[field] ? t(map[field]) : field;
  }

  return (
    <section className="panel-section" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('side.history')}</h2>
      {history.isPending ? (
        <LoadingState />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <p className="muted small">{t('side.noHistory')}</p>
      ) : (
        <ol className="history">
          {history.data.items.map((entry) => (
            <li key={entry.id}>
              <span className="history-who">
                {entry.actorAgentId ? (byId.get(entry.actorAgentId)?.name ?? `#${entry.actorAgentId}`) : entry.actorKind === 'customer' ? t('side.customerActor') : t('side.system')}
              </span>{' '}
              <span>
                {entry.field === 'created'
                  ? t('side.historyCreated')
                  : entry.field === 'unanswered_reason'
                    ? t('side.historyReason', { reason: String(entry.after ?? '') })
                    : t('side.historyChange', { field: fieldName(entry.field), before: show(entry, entry.before), after: show(entry, entry.after) })}
              </span>
              <time className="muted small" dateTime={entry.createdAt}>
                {' '}
                {formatDateTime(entry.createdAt, { locale: i18n.language, timeZone: me.timeZone })}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
