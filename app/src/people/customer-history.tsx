// What changed on a customer (their audit entries): fields, identities, merges, by whom.
import { useTranslation } from 'react-i18next';
import { useCustomerHistory } from '../api/people';
import { useSession } from '../auth/session';
import { formatDateTime } from '../lib/format';
import { ErrorState, LoadingState } from '../ui/states';
import { MoreButton } from './more-button';

/** A change as a short line: the fields it touched, or the identities it moved. */
export function changeSummary(before: unknown, after: unknown): string {
  const values = (value: unknown): string[] => {
    if (Array.isArray(value)) return value.map((item) => (item && typeof item === 'object' && 'value' in item ? String((item as { value: unknown }).value) : JSON.stringify(item)));
    if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>).filter(([, v]) => !Array.isArray(v) || v.length > 0).map(([k, v]) => `${k}: ${Array.isArray(v) ? values(v).join(', ') : String(v)}`);
    return value === null || value === undefined ? [] : [String(value)];
  };
  const [was, is] = [values(before).join('; '), values(after).join('; ')];
  return was ? `${was} → ${is}` : is;
}

export function CustomerHistory({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const history = useCustomerHistory(id);
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card people-section" aria-labelledby="customer-history-heading">
      <h2 id="customer-history-heading">{t('people.history')}</h2>
      {history.isPending ? (
        <LoadingState />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted small">{t('people.noHistory')}</p>
      ) : (
        <ol className="history" data-testid="customer-history">
          {items.map((entry) => (
            <li key={entry.id} data-action={entry.action}>
              <strong>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</strong>{' '}
              <span className="muted small">{entry.actor ? t('audit.by', { name: entry.actor.name ?? `#${entry.actor.id}` }) : t('audit.system')}</span>{' '}
              <time className="muted small" dateTime={entry.at}>
                {formatDateTime(entry.at, { locale: i18n.language, timeZone: me.timeZone })}
              </time>
              <div className="small audit-value">{changeSummary(entry.before, entry.after)}</div>
            </li>
          ))}
        </ol>
      )}
      <MoreButton query={history} />
    </section>
  );
}
