// The tickets of a customer or an organization: every channel and status, newest first, in pages.
import { useTranslation } from 'react-i18next';
import { useTicketsOf } from '../api/people';
import { useSession } from '../auth/session';
import { formatRelative } from '../lib/format';
import { linkHandler, ticketPath } from '../lib/router';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { MoreButton } from './more-button';

export function TicketsOf({ filter, showCustomer = false }: { filter: { customerId?: number; organizationId?: number }; showCustomer?: boolean }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const tickets = useTicketsOf(filter);
  const ctx = { locale: i18n.language, timeZone: me.timeZone };
  return (
    <section className="card people-section" aria-labelledby="people-tickets-heading">
      <h2 id="people-tickets-heading">{t('people.tickets')}</h2>
      {tickets.isPending ? (
        <LoadingState />
      ) : tickets.isError ? (
        <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : tickets.data.pages[0]?.items.length === 0 ? (
        <EmptyState title={t('people.noTickets')} />
      ) : (
        <>
          <ul className="people-tickets" data-testid="people-tickets">
            {tickets.data.pages.flatMap((page) => page.items).map((ticket) => (
              <li key={ticket.id} data-ticket-id={ticket.id}>
                <a href={ticketPath(ticket)} onClick={linkHandler(ticketPath(ticket))}>
                  <span className="ticket-number">#{ticket.number}</span> {ticket.subject || t('inbox.noSubject')}
                </a>
                <span className="people-ticket-meta">
                  <span className="chip" data-channel={ticket.channel}>{t(`channel.${ticket.channel}`, { defaultValue: ticket.channel })}</span>
                  <span className={`chip status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>
                  {ticket.mergedIntoId && <span className="chip">{t('people.merged')}</span>}
                  {showCustomer && ticket.customer && <span className="small">{ticket.customer.name || ticket.customer.email}</span>}
                  <time className="muted small" dateTime={ticket.createdAt}>{formatRelative(ticket.createdAt, ctx)}</time>
                </span>
              </li>
            ))}
          </ul>
          <MoreButton query={tickets} />
        </>
      )}
    </section>
  );
}
