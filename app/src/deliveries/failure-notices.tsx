// The in-app notice that a reply or acknowledgement was not delivered: it names the ticket and
// the reason, links to it, and stays until dismissed; a hidden tab also gets a browser notification.
import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { keys } from '../api/queries';
import type { TicketDetail } from '../api/types';
import { linkHandler, ticketPath } from '../lib/router';
import type { LiveEvent } from '@frontline/shared';
import { notify } from '../live/notifier';
import { failureConcerns, type AgentScope } from '../live/notify-rules';

export interface FailureNotice {
  id: number;
  ticketId: number;
  ticketNumber: number;
  title: string;
  body: string;
}

const MAX_NOTICES = 5;
let notices: FailureNotice[] = [];
const listeners = new Set<() => void>();
const publish = (next: FailureNotice[]) => {
  notices = next;
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** On message.failed: reads the ticket as it is now and tells its assignee (or team). */
export async function noticeFailure(client: QueryClient, event: LiveEvent<'message.failed'>, me: AgentScope, t: TFunction): Promise<void> {
  const ticket = await client.fetchQuery({ queryKey: keys.ticket(event.ticketId), queryFn: () => get<TicketDetail>(`/tickets/${event.ticketId}`), staleTime: 0 }).catch(() => null);
  if (!ticket || !failureConcerns(ticket, me)) return;
  // On the ticket's own page the conversation already shows the reply as not delivered, with its
  // reason and "send again"; a notice there would only cover the composer.
  if (!document.hidden && location.pathname === ticketPath(ticket.number)) return;
  const reason = event.payload.error || t('delivery.noReason');
  const title = t('delivery.noticeTitle', { number: ticket.number });
  const body = t('delivery.noticeBody', { subject: ticket.subject, reason });
  if (notices.some((n) => n.id === event.id)) return;
  publish([{ id: event.id, ticketId: ticket.id, ticketNumber: ticket.number, title, body }, ...notices].slice(0, MAX_NOTICES));
  if (document.hidden) notify(title, body, ticketPath(ticket.number), `failed-${event.payload.messageId}`);
}

export function FailureNotices() {
  const { t } = useTranslation();
  const shown = useSyncExternalStore(subscribe, () => notices);
  if (shown.length === 0) return null;
  return (
    <div className="failure-notices">
      {shown.map((notice) => (
        <div key={notice.id} className="failure-notice" role="alert" data-testid="failure-notice">
          <a href={ticketPath(notice.ticketNumber)} onClick={linkHandler(ticketPath(notice.ticketNumber))}>
            <strong>{notice.title}</strong>
          </a>
          <span>{notice.body}</span>
          <span className="failure-notice-actions">
            <a href="/deliveries/failed" onClick={linkHandler('/deliveries/failed')}>
              {t('delivery.failedNav')}
            </a>
            <button type="button" className="icon-button small" aria-label={t('delivery.dismiss')} onClick={() => publish(notices.filter((n) => n.id !== notice.id))}>
              ×
            </button>
          </span>
        </div>
      ))}
    </div>
  );
}
