// The delivery status under a public reply: the message's state, each recipient with its own
// (accepted, waiting for a retry, not delivered with the relay's answer), and "send again".
import { useTranslation } from 'react-i18next';
import { useRetryMessage } from '../api/queries';
import type { Message } from '../api/types';
import { deliveryView } from './delivery-view';
import { formatDateTime } from '../lib/format';

export function Delivery({ message, ticketId }: { message: Message; ticketId: number }) {
  const { t, i18n } = useTranslation();
  const retry = useRetryMessage(ticketId);
  const view = deliveryView(message);
  const recipients = message.recipients ?? [];
  return (
    <div className={`delivery ${view.label}`} data-delivery={message.deliveryStatus}>
      <span className="delivery-status">{t(`ticket.delivery.${view.label}`)}</span>
      {recipients.length > 0 && (
        <ul className="delivery-recipients" aria-label={t('ticket.recipients')}>
          {recipients.map((r) => (
            <li key={r.address} className={`recipient ${r.status}`} data-recipient={r.address} data-status={r.status}>
              <span className="recipient-kind">{t(`ticket.recipientKind.${r.kind}`)}</span> <span className="recipient-address">{r.address}</span>
              {' — '}
              <span className="recipient-status">{t(`ticket.recipientStatus.${r.status}`)}</span>
              {r.status !== 'sent' && r.response && <span className="delivery-error">{r.response}</span>}
            </li>
          ))}
        </ul>
      )}
      {message.deliveryStatus === 'queued' && message.deliveryRetryAt && (
        <span className="delivery-waiting" data-waiting-for-relay="">
          {t('relay.waiting', { time: formatDateTime(message.deliveryRetryAt, { locale: i18n.language }) })}
          {message.deliveryError && <span className="delivery-error">{message.deliveryError}</span>}
        </span>
      )}
      {view.error && <span className="delivery-error">{view.error}</span>}
      {view.canRetry && (
        <button className="button small" onClick={() => retry.mutate(message.id)} disabled={retry.isPending}>
          {retry.isPending ? t('ticket.retrying') : t('ticket.retry')}
        </button>
      )}
    </div>
  );
}
