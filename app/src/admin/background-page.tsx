// Background work (admins and supervisors): durable jobs that died after their last attempt —
// reactions to events, deliveries, mail processing — with their last error and a retry, and the
// jobs waiting their turn. A reaction's job names the reaction and the event it reacts to.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REACTION_JOB_PREFIX, useJobs, useRetryJob, type Job } from '../api/jobs';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';

const tabs = ['dead', 'pending'] as const;

export function BackgroundWorkPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<(typeof tabs)[number]>('dead');
  const jobs = useJobs(status);
  const rows = jobs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main className="admin-page background-work" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('spine.title')} />
        <button className="button small" onClick={() => void jobs.refetch()} disabled={jobs.isFetching}>
          {t('spine.refresh')}
        </button>
      </div>
      <div className="segmented-tabs" role="tablist" aria-label={t('spine.title')}>
        {tabs.map((tab) => (
          <button
            key={tab}
            role="tab"
            id={`jobs-tab-${tab}`}
            aria-selected={status === tab}
            aria-controls="jobs-panel"
            className={`tab ${status === tab ? 'active' : ''}`}
            data-status={tab}
            onClick={() => setStatus(tab)}
          >
            {t(`spine.tabs.${tab}`)}
          </button>
        ))}
      </div>
      <div id="jobs-panel" role="tabpanel" aria-labelledby={`jobs-tab-${status}`}>
        <p className="hint">{t(`spine.about.${status}`)}</p>
        {jobs.isPending ? (
          <LoadingState />
        ) : jobs.isError ? (
          <ErrorState title={t('spine.error')} error={jobs.error} onRetry={() => void jobs.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={t(`spine.empty.${status}`)} />
        ) : (
          <>
            <ul className="card-list job-list">
              {rows.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </ul>
            {jobs.hasNextPage && (
              <button className="button" onClick={() => void jobs.fetchNextPage()} disabled={jobs.isFetchingNextPage}>
                {jobs.isFetchingNextPage ? t('app.loading') : t('spine.more')}
              </button>
            )}
          </>
        )}
      </div>
    </main>
  );
}

function JobRow({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const retry = useRetryJob();
  const reaction = job.kind.startsWith(REACTION_JOB_PREFIX) ? job.kind.slice(REACTION_JOB_PREFIX.length) : null;
  const eventId = typeof job.payload.eventId === 'number' ? job.payload.eventId : null;
  return (
    <li className={`card job-item ${job.status}`} data-job-id={job.id} data-status={job.status}>
      <div className="inbound-head">
        <strong className="job-kind">{reaction ? t('spine.reaction', { name: reaction }) : job.kind}</strong>
        {eventId !== null && <span className="chip">{t('spine.event', { id: eventId })}</span>}
        <time className="muted small inbound-time" dateTime={job.createdAt}>
          {t('spine.queued', { when: formatDateTime(job.createdAt, { locale: i18n.language, timeZone: me.timeZone }) })}
        </time>
      </div>
      <div className="muted small inbound-meta">{t('spine.attempts', { attempts: job.attempts, max: job.maxAttempts })}</div>
      {job.lastError && <p className="inbound-error">{job.lastError}</p>}
      {retry.isError && <p className="form-error" role="alert">{errorText(retry.error, t)}</p>}
      {job.status === 'dead' && (
        <div className="form-actions">
          <button className="button small primary" onClick={() => retry.mutate(job.id)} disabled={retry.isPending}>
            {retry.isPending ? t('spine.retrying') : t('spine.retry')}
          </button>
        </div>
      )}
    </li>
  );
}
