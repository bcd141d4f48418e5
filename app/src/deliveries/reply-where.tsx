// What the composer says about where a public reply goes: "By email to …" (also when the ticket's
// own channel cannot send), why it cannot go out yet (no mailbox, no relay, with a link for admins),
// or that nothing reaches the customer, so a note is what can be written.
import { useTranslation } from 'react-i18next';
import type { ReplyIssue, ReplyTarget } from '../api/types';
import { useSession } from '../auth/session';
import { linkHandler } from '../lib/router';

export interface ReplyWhereProps {
  target: ReplyTarget | null | undefined;
  issue: ReplyIssue | null | undefined;
}

/** No target: nothing reaches the customer, public replies are refused. */
export const cannotReach = (props: ReplyWhereProps) => props.target === null;

/** The "where it goes" line, beside "the customer sees it from". */
export function ReplyDestination({ target }: ReplyWhereProps) {
  const { t } = useTranslation();
  if (!target) return null;
  const text =
    target.channel === 'email' && target.address
      ? t(target.byEmail ? 'delivery.byEmailInstead' : 'delivery.byEmail', { address: target.address })
      : t('delivery.onChannel', { channel: t(`channel.${target.channel}`, { defaultValue: target.channel }) });
  // The separator belongs between this line and the next, not to either.
  return (
    <>
      <span className="reply-destination" data-testid="reply-destination">
        {text}
      </span>
      {' · '}
    </>
  );
}

/**
 * The warning under the composer's tabs when a reply cannot reach anyone, or cannot go out yet. A
 * standing condition of the ticket, not news: it is no live region (the page has one, #announcer).
 */
export function ReplyWarning({ target, issue, onNote }: ReplyWhereProps & { onNote: () => void }) {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  if (!issue) return null;
  if (target === null) {
    return (
      <div className="reply-warning blocked" data-testid="reply-unreachable">
        <span>{t('delivery.cannotReach')}</span>{' '}
        <button type="button" className="button small" onClick={onNote}>
          {t('delivery.writeNote')}
        </button>
      </div>
    );
  }
  if (issue.code === 'whatsapp_window_closed') {
    return (
      <div className="reply-warning" data-testid="reply-not-ready">
        <span>{t('delivery.whatsappWindowClosed')}</span>{' '}
        {isAdmin && (
          <a href="/admin/whatsapp" onClick={linkHandler('/admin/whatsapp')}>
            {t('delivery.setUpWhatsapp')}
          </a>
        )}
      </div>
    );
  }
  const mailbox = target?.mailbox?.address;
  return (
    <div className="reply-warning" data-testid="reply-not-ready">
      <span>{issue.code === 'no_relay' && mailbox ? t('delivery.noRelay', { mailbox }) : t('delivery.noMailbox')}</span>{' '}
      {isAdmin && (
        <a href="/admin/mailboxes" onClick={linkHandler('/admin/mailboxes')}>
          {t('delivery.setUpMailbox')}
        </a>
      )}
    </div>
  );
}
