// The audit log (admins): who changed what — customer contact details and merges, agents' roles,
// teams and accounts, team members, API tokens — with what was there before and after.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditActions, auditSubjects, type AuditAction, type AuditSubject } from '@frontline/shared';
import { useAuditLog, type AuditEntry, type AuditFilter } from '../api/audit';
import { useAgents } from '../api/queries';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';

export function AuditPage() {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const agents = useAgents();
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useAuditLog(filter);
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  const change = (patch: Partial<AuditFilter>) => setFilter((current) => ({ ...current, ...patch }));

  return (
    <main className="admin-page audit" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('audit.title')} />
        <button className="button small" onClick={() => void log.refetch()} disabled={log.isFetching}>
          {t('audit.refresh')}
        </button>
      </div>
      {!isAdmin && <p className="hint">{t('audit.forbidden')}</p>}
      <div className="filters-bar audit-filters">
        <label className="field">
          <span>{t('audit.action')}</span>
          <select value={filter.action ?? ''} onChange={(e) => change({ action: (e.target.value || undefined) as AuditAction | undefined })}>
            <option value="">{t('audit.any')}</option>
            {auditActions.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.actor')}</span>
          <select value={filter.actorId ?? ''} onChange={(e) => change({ actorId: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">{t('audit.any')}</option>
            {(agents.data ?? []).map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.subject')}</span>
          <select value={filter.subjectType ?? ''} onChange={(e) => change({ subjectType: (e.target.value || undefined) as AuditSubject | undefined })}>
            <option value="">{t('audit.any')}</option>
            {auditSubjects.map((subject) => (
              <option key={subject} value={subject}>
                {t(`audit.subjects.${subject}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.subjectId')}</span>
          <input type="number" min={1} inputMode="numeric" value={filter.subjectId ?? ''} onChange={(e) => change({ subjectId: Number(e.target.value) > 0 ? Number(e.target.value) : undefined })} />
        </label>
      </div>
      {log.isPending ? (
        <LoadingState />
      ) : log.isError ? (
        <ErrorState title={t('audit.error')} error={log.error} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('audit.empty')} />
      ) : (
        <>
          <ul className="card-list audit-list">
            {rows.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </ul>
          {log.hasNextPage && (
            <button className="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {log.isFetchingNextPage ? t('app.loading') : t('audit.more')}
            </button>
          )}
        </>
      )}
    </main>
  );
}

const shown = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [before, after] = [shown(entry.before), shown(entry.after)];
  return (
    <li className="card audit-entry" data-audit-id={entry.id} data-action={entry.action}>
      <div className="audit-head">
        <strong>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</strong>
        <span className="chip">{t('audit.on', { subject: t(`audit.subjects.${entry.subject.type}`, { defaultValue: entry.subject.type }), id: entry.subject.id })}</span>
        <time className="muted small" dateTime={entry.at}>
          {formatDateTime(entry.at, { locale: i18n.language, timeZone: me.timeZone })}
        </time>
      </div>
      <div className="muted small">
        {entry.actor ? t('audit.by', { name: entry.actor.name ?? `#${entry.actor.id}` }) : t('audit.system')}
        {entry.clientAddress && <> · {t('audit.from', { address: entry.clientAddress })}</>}
      </div>
      {before && (
        <p className="small audit-value">
          {t('audit.before')} <code>{before}</code>
        </p>
      )}
      {after && (
        <p className="small audit-value">
          {t('audit.after')} <code>{after}</code>
        </p>
      )}
    </li>
  );
}
