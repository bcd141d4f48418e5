// What the delivery line under a reply says: the message's state, whether some recipients did not
// get it (a partial delivery is shown as such, not as plain "sent"), and whether "send again" helps.
import type { DeliveryStatus, Message } from '../api/types';

export interface DeliveryView {
  /** The key under ticket.delivery: the message's status, or "partial" when sent to only some. */
  label: DeliveryStatus | 'partial';
  /** "Send again" goes to those who did not get it: offered when the message or a recipient failed. */
  canRetry: boolean;
  /** The message-wide reason, shown only when there are no recipients to show it on. */
  error: string | null;
}

export function deliveryView(message: Pick<Message, 'deliveryStatus' | 'deliveryError' | 'recipients'>): DeliveryView {
  const status = message.deliveryStatus ?? 'queued';
  const recipients = message.recipients ?? [];
  const someFailed = recipients.some((r) => r.status === 'failed');
  const partial = (status === 'sent' || status === 'delivered') && someFailed;
  return {
    label: partial ? 'partial' : status,
    canRetry: status === 'failed' || partial,
    error: recipients.length ? null : status === 'failed' ? message.deliveryError : null,
  };
}
