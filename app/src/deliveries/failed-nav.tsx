// The sidebar entry of Failed deliveries with its live count (refreshed by delivery events).
import { useTranslation } from 'react-i18next';
import { useFailedCount } from '../api/deliveries';
import { formatCount } from '../lib/format';
import { linkHandler } from '../lib/router';

export function FailedNavItem({ current }: { current: boolean }) {
  const { t, i18n } = useTranslation();
  const count = useFailedCount();
  const to = '/deliveries/failed';
  const n = count.data?.count;
  return (
    <li>
      <a href={to} onClick={linkHandler(to)} aria-current={current ? 'page' : undefined} className={`nav-link ${n ? 'has-failures' : ''}`} data-view="failed">
        <span>{t('delivery.failedNav')}</span>
        <span className="count" data-testid="count-failed">
          {formatCount(n, i18n.language, count.data?.capped)}
        </span>
      </a>
    </li>
  );
}
