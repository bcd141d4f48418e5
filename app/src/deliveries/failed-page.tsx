// Failed deliveries: the replies and acknowledgements that did not reach their recipients, on
// tickets this agent may see, newest failure first, with "send again" for one or several.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFailedDeliveries, useRetryDeliveries, type RetryResult } from '../api/deliveries';
import type { FailedDelivery } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { linkHandler, ticketPath } from '../lib/router';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';

export function FailedDeliveriesPage() {
  const { t } = useTranslation();
  const { canReply } = useSession();
  const list = useFailedDeliveries();
  const retry = useRetryDeliveries();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [outcome, setOutcome] = useState<Record<RetryResult, number> | null>(null);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  function sendAgain(ids: number[]) {
    setOutcome(null);
    retry.mutate(ids, {
      onSuccess: ({ items: results }) => {
        const tally = { queued: 0, not_failed: 0, not_found: 0, forbidden: 0 };
        for (const { result } of results) tally[result]++;
        setOutcome(tally);
        setSelected(new Set());
      },
    });
  }
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.messageId));

  return (
    <main className="admin-page failed-page" id="main" tabIndex={-1}>
      <div className="page-head">
        <h1>{t('delivery.failedTitle')}</h1>
        {canReply && items.length > 0 && (
          <button className="button primary" data-testid="retry-selected" disabled={selected.size === 0 || retry.isPending} onClick={() => sendAgain([...selected])}>
            {selected.size ? t('delivery.retrySelected', { count: selected.size }) : t('delivery.retryPick')}
          </button>
        )}
      </div>
      <p className="hint">{t('delivery.failedIntro')}</p>
      {outcome && (
        <p className="hint saved" role="status" data-testid="retry-outcome">
          {t('delivery.retried', { count: outcome.queued })}
          {outcome.not_failed + outcome.not_found + outcome.forbidden > 0 && ` ${t('delivery.retrySkipped', { count: outcome.not_failed + outcome.not_found + outcome.forbidden })}`}
        </p>
      )}
      {retry.isError && <p className="form-error" role="alert">{errorText(retry.error, t)}</p>}
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t('delivery.noneFailed')} hint={t('delivery.noneFailedHint')} />
      ) : (
        <>
          {canReply && (
            <label className="check select-all">
              <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((item) => item.messageId)))} />
              {t('delivery.selectAll')}
            </label>
          )}
          <ul className="card-list failed-list">
            {items.map((item) => (
              <FailedRow key={item.messageId} item={item} checked={selected.has(item.messageId)} onToggle={canReply ? () => toggle(item.messageId) : undefined} onRetry={canReply ? () => sendAgain([item.messageId]) : undefined} busy={retry.isPending} />
            ))}
          </ul>
          {list.hasNextPage && (
            <button className="button ghost" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {t('delivery.more')}
            </button>
          )}
        </>
      )}
    </main>
  );
}

function FailedRow({ item, checked, onToggle, onRetry, busy }: { item: FailedDelivery; checked: boolean; onToggle?: () => void; onRetry?: () => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const to = ticketPath(item.ticketNumber);
  const refused = item.recipients.filter((r) => r.status === 'failed');
  const recipients = (refused.length ? refused : item.recipients).map((r) => r.address);
  return (
    <li className="card failed-row" data-message={item.messageId}>
      {onToggle && (
        <input type="checkbox" className="row-check" checked={checked} onChange={onToggle} aria-label={t('delivery.select', { number: item.ticketNumber })} />
      )}
      <div className="failed-info">
        <a href={to} onClick={linkHandler(to)} className="failed-ticket">
          <span className="ticket-number">#{item.ticketNumber}</span> {item.subject}
        </a>
        <div className="small">
          <span className="chip">{t(`delivery.kind.${item.kind}`)}</span> {item.customer.name}
          {recipients.length > 0 && <> · {t('delivery.to', { addresses: recipients.join(', ') })}</>}
          {item.failedAt && <> · <time dateTime={item.failedAt}>{formatDateTime(item.failedAt, { locale: i18n.language, timeZone: me.timeZone })}</time></>}
        </div>
        {item.reason && <div className="delivery-error failed-reason">{item.reason}</div>}
      </div>
      {onRetry && (
        <button className="button small" onClick={onRetry} disabled={busy}>
          {t('ticket.retry')}
        </button>
      )}
    </li>
  );
}
