// The conversation: customer messages, public replies and internal notes, each unmistakable.
import { useTranslation } from 'react-i18next';
import { useRetryMessage } from '../api/queries';
import type { Agent, Attachment, Message, TicketDetail } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime, formatSize, initials } from '../lib/format';
import { Icon } from '../ui/icons';

export function Conversation({ ticket, agents }: { ticket: TicketDetail; agents: Map<number, Agent> }) {
  const { t } = useTranslation();
  if (ticket.messages.length === 0) return <p className="hint">{t('ticket.noMessages')}</p>;
  return (
    <ol className="conversation" aria-label={t('ticket.conversation')}>
      {ticket.messages.map((message) => (
        <MessageItem key={message.id} message={message} ticket={ticket} agents={agents} />
      ))}
    </ol>
  );
}

function MessageItem({ message, ticket, agents }: { message: Message; ticket: TicketDetail; agents: Map<number, Agent> }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const author = message.authorAgentId ? agents.get(message.authorAgentId) : undefined;
  const customerName = ticket.customer?.name || ticket.customer?.email || t('ticket.customer');
  const name = message.direction === 'inbound' ? customerName : (author?.name ?? t('side.system'));
  const kind = message.internal ? 'note' : message.direction === 'inbound' ? 'inbound' : 'outbound';
  const ctx = { locale: i18n.language, timeZone: me.timeZone };

  return (
    <li className={`message ${kind}`} data-message-id={message.id} data-kind={kind}>
      <div className="avatar" aria-hidden="true">
        {author?.avatarUrl && kind !== 'inbound' ? <img src={author.avatarUrl} alt="" /> : initials(name)}
      </div>
      <article className="bubble" aria-label={`${name} — ${kind === 'note' ? t('ticket.internalNote') : ''}`}>
        <header className="message-head">
          <strong className="message-author">{name}</strong>
          {kind === 'note' && (
            <span className="note-label">
              <Icon name="lock" /> 
              {t('ticket.internalNote')} · {t('ticket.internalNoteHint')}
            </span>
          )}
          {kind === 'inbound' && <span className="muted">{t('ticket.via', { channel: t(`channel.${message.channel}`, { defaultValue: message.channel }) })}</span>}
          {kind === 'outbound' && author && <span className="muted">→ {author.alias}</span>}
          <time className="muted message-time" dateTime={message.createdAt}>
            {formatDateTime(message.createdAt, ctx)}
          </time>
        </header>
        <MessageBody message={message} />
        {message.attachments.length > 0 && <Attachments items={message.attachments} />}
        {kind === 'outbound' && message.deliveryStatus && <Delivery message={message} ticketId={ticket.id} />}
      </article>
    </li>
  );
}

function MessageBody({ message }: { message: Message }) {
  // Inbound HTML is sanitized by the server with an allowlist; everything else shows as text.
  if (message.direction === 'inbound' && message.bodyHtml) {
    return <div className="message-body html" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />;
  }
  return <div className="message-body">{message.bodyText}</div>;
}

function Attachments({ items }: { items: Attachment[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="attachments" aria-label={t('ticket.attachments')}>
      {items.map((file) => (
        <li key={file.id}>
          <a href={file.url} target="_blank" rel="noopener noreferrer" aria-label={t('ticket.openAttachment', { name: file.filename })}>
            {file.contentType.startsWith('image/') ? (
              <img className="thumb" src={file.url} alt={file.filename} loading="lazy" />
            ) : (
              <span className="file-icon"><Icon name="file" size={28} /></span>
            )}
            <span className="file-name">{file.filename}</span>
            <span className="muted">{formatSize(file.size, i18n.language)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function Delivery({ message, ticketId }: { message: Message; ticketId: number }) {
  const { t } = useTranslation();
  const retry = useRetryMessage(ticketId);
  const status = message.deliveryStatus!;
  return (
    <div className={`delivery ${status}`} data-delivery={status}>
      <span className="delivery-status">{t(`ticket.delivery.${status}`)}</span>
      {status === 'failed' && (
        <>
          {message.deliveryError && <span className="delivery-error">{message.deliveryError}</span>}
          <button className="button small" onClick={() => retry.mutate(message.id)} disabled={retry.isPending}>
            {retry.isPending ? t('ticket.retrying') : t('ticket.retry')}
          </button>
        </>
      )}
    </div>
  );
}
