// Unprocessed mail (admins and supervisors): what came in but made no ticket. "Failed" could not
// be parsed or routed; "Held" was stopped by the per-sender mail-storm limit. Each item can be
// downloaded exactly as received and processed again.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInboundItems, useRetryInbound } from '../api/mail-admin';
import type { InboundItem, InboundStatus } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime, formatSize } from '../lib/format';
import { linkHandler, ticketPath } from '../lib/router';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';

const tabs = ['failed', 'held'] as const satisfies readonly InboundStatus[];

export function UnprocessedPage() {
  const { t } = useTranslation();
  const { canManageInbox } = useSession();
  const [status, setStatus] = useState<(typeof tabs)[number]>('failed');
  const items = useInboundItems(status);
  const rows = items.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main className="admin-page unprocessed" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('unprocessed.title')} />
        <button className="button small" onClick={() => void items.refetch()} disabled={items.isFetching}>
          {t('unprocessed.refresh')}
        </button>
      </div>
      {!canManageInbox && <p className="hint">{t('unprocessed.forbidden')}</p>}
      <div className="segmented-tabs" role="tablist" aria-label={t('unprocessed.title')}>
        {tabs.map((tab) => (
          <button
            key={tab}
            role="tab"
            id={`inbound-tab-${tab}`}
            aria-selected={status === tab}
            aria-controls="inbound-panel"
            className={`tab ${status === tab ? 'active' : ''}`}
            data-status={tab}
            onClick={() => setStatus(tab)}
          >
            {t(`unprocessed.tabs.${tab}`)}
          </button>
        ))}
      </div>
      <div id="inbound-panel" role="tabpanel" aria-labelledby={`inbound-tab-${status}`}>
        <p className="hint">{t(`unprocessed.about.${status}`)}</p>
        {items.isPending ? (
          <LoadingState />
        ) : items.isError ? (
          <ErrorState title={t('unprocessed.error')} error={items.error} onRetry={() => void items.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={t(`unprocessed.empty.${status}`)} />
        ) : (
          <>
            <ul className="card-list inbound-list">
              {rows.map((item) => (
                <InboundRow key={item.id} item={item} />
              ))}
            </ul>
            {items.hasNextPage && (
              <button className="button" onClick={() => void items.fetchNextPage()} disabled={items.isFetchingNextPage}>
                {items.isFetchingNextPage ? t('app.loading') : t('unprocessed.more')}
              </button>
            )}
          </>
        )}
      </div>
    </main>
  );
}

function InboundRow({ item }: { item: InboundItem }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const retry = useRetryInbound();
  const openPath = item.ticketNumber ? ticketPath(item.ticketNumber) : null;
  return (
    <li className={`card inbound-item ${item.status}`} data-item-id={item.id} data-status={item.status}>
      <div className="inbound-head">
        <strong className="inbound-sender">{item.sender ?? t('unprocessed.noSender')}</strong>
        <span className="chip">{t(`channel.${item.channel}`, { defaultValue: item.channel })}</span>
        <span className={`chip inbound-status ${item.status}`}>{t(`unprocessed.status.${item.status}`)}</span>
        <time className="muted small inbound-time" dateTime={item.receivedAt}>
          {t('unprocessed.received', { when: formatDateTime(item.receivedAt, { locale: i18n.language, timeZone: me.timeZone }) })}
        </time>
      </div>
      <div className="muted small inbound-meta">
        {formatSize(item.size, i18n.language)} · {t('unprocessed.attempts', { count: item.attempts })}
        {item.outcome && <> · {t('unprocessed.outcome', { outcome: item.outcome })}</>}
      </div>
      {item.error && <p className="inbound-error">{item.error}</p>}
      {retry.isError && <p className="form-error" role="alert">{errorText(retry.error, t)}</p>}
      <div className="form-actions">
        <a className="button small" href={`/api/v1/admin/inbox/${item.id}/raw`} download>
          {t('unprocessed.downloadRaw')}
        </a>
        {openPath && (
          <a className="button small" href={openPath} onClick={linkHandler(openPath)}>
            {t('unprocessed.openTicket')}
          </a>
        )}
        {item.status !== 'processed' && (
          <button className="button small primary" onClick={() => retry.mutate(item.id)} disabled={retry.isPending}>
            {retry.isPending ? t('unprocessed.retrying') : t('unprocessed.retry')}
          </button>
        )}
      </div>
    </li>
  );
}
