// Who the customer is: identities on every channel, organization, notes, other tickets.
import { useTranslation } from 'react-i18next';
import { useCustomer } from '../api/queries';
import { useSession } from '../auth/session';
import { formatRelative } from '../lib/format';
import { linkHandler, ticketPath } from '../lib/router';
import { ErrorState, LoadingState } from '../ui/states';

export function CustomerCard({ customerId, ticketId }: { customerId: number; ticketId: number }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const customer = useCustomer(customerId);
  const ctx = { locale: i18n.language, timeZone: me.timeZone };
  return (
    <section className="panel-section customer-card" aria-labelledby="customer-heading">
      <h2 id="customer-heading">{t('side.customer')}</h2>
      {customer.isPending ? (
        <LoadingState />
      ) : customer.isError ? (
        <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />
      ) : (
        <>
          <p className="customer-name">{customer.data.unknownSender ? t('mail.unknownSender') : customer.data.name || customer.data.identities[0]?.value}</p>
          {customer.data.unknownSender && (
            <p className="muted small" data-testid="unknown-sender-hint">
              {t('mail.unknownSenderHint')}
            </p>
          )}
          {customer.data.organizationId && <p className="muted small">{t('side.organization', { id: customer.data.organizationId })}</p>}
          <h3>{t('side.identities')}</h3>
          <ul className="identities">
            {customer.data.identities.map((identity) => (
              <li key={identity.id}>
                <span className="chip">{t(`channel.${identity.kind}`, { defaultValue: identity.kind })}</span> <span className="identity-value">{identity.value}</span>
              </li>
            ))}
          </ul>
          {customer.data.notes && (
            <>
              <h3>{t('side.notes')}</h3>
              <p className="small">{customer.data.notes}</p>
            </>
          )}
          <h3>{t('side.otherTickets')}</h3>
          {customer.data.recentTickets.filter((x) => x.id !== ticketId).length === 0 ? (
            <p className="muted small">{t('side.noOtherTickets')}</p>
          ) : (
            <ul className="other-tickets">
              {customer.data.recentTickets
                .filter((x) => x.id !== ticketId)
                .map((other) => (
                  <li key={other.id}>
                    <a href={ticketPath(other.number)} onClick={linkHandler(ticketPath(other.number))}>
                      #{other.number} {other.subject}
                    </a>
                    <span className={`chip status-${other.status}`}>{t(`status.${other.status}`)}</span>
                    <span className="muted small">{formatRelative(other.updatedAt, ctx)}</span>
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
