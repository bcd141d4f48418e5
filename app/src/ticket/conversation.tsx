// The conversation: customer messages, public replies and internal notes, each unmistakable.
// Email replies show what was written now; the quoted history below it opens on request.
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent, Attachment, Message, TicketDetail } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime, formatSize, initials } from '../lib/format';
import { beforeFold, foldHtml, inlineImages, isBlankHtml } from '../lib/mail';
import { Icon } from '../ui/icons';
import { AvatarContent } from '../ui/avatar';
import { Delivery } from './delivery';
import { MessageFrame } from './message-frame';
import { WebLinks } from '../phone/web-links';

export function Conversation({ ticket, agents }: { ticket: TicketDetail; agents: Map<number, Agent> }) {
  const { t } = useTranslation();
  const customerName = ticket.customer?.unknownSender ? t('mail.unknownSender') : ticket.customer?.name || ticket.customer?.email || t('ticket.customer');
  if (ticket.messages.length === 0) return <p className="hint">{t('ticket.noMessages')}</p>;
  return (
    <ol className="conversation" aria-label={t('ticket.conversation')}>
      {ticket.messages.map((message) => (
        <MessageItem key={message.id} message={message} ticketId={ticket.id} customerName={customerName} agents={agents} lang={message.language ?? ticket.language ?? undefined} mergedFrom={ticket.mergedFrom?.find((source) => source.id === message.mergedFromTicketId)?.number} />
      ))}
    </ol>
  );
}

// Query results keep unchanged messages as the same objects: a new message re-renders only itself.
const MessageItem = memo(function MessageItem({ message, ticketId, customerName, agents, lang, mergedFrom }: { message: Message; ticketId: number; customerName: string; agents: Map<number, Agent>; lang: string | undefined; mergedFrom?: number | undefined }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const author = message.authorAgentId ? agents.get(message.authorAgentId) : undefined;
  // A From that is our own address was not verified: the claim is shown, never a customer's or agent's name.
  const name = message.claimedFrom ? t('ticket.claimsFrom', { address: message.claimedFrom }) : message.direction === 'inbound' ? customerName : (author?.name ?? t('side.system'));
  const kind = message.internal ? 'note' : message.direction === 'inbound' ? 'inbound' : 'outbound';
  const ctx = { locale: i18n.language, timeZone: me.timeZone };
  const cc = message.cc ?? [];
  // Who wrote it, in words: a screen reader hears "Message from the customer Пётр Иванов", not just a name.
  const who = t(`a11y.message.${message.claimedFrom ? 'unverified' : kind}`, { name });
  const headingId = `message-${message.id}-who`;

  return (
    <li className={`message ${kind}`} data-message-id={message.id} data-kind={kind}>
      <div className="avatar" aria-hidden="true">
        {kind !== 'inbound' ? <AvatarContent url={author?.avatarUrl} name={name} /> : initials(name)}
      </div>
      <article className="bubble" aria-labelledby={headingId}>
        <header className="message-head">
          <span className="sr-only" id={headingId}>{who}</span>
          <strong className="message-author" aria-hidden="true">{name}</strong>
          {kind === 'note' && (
            <span className="note-label">
              <Icon name="lock" /> 
              {t('ticket.internalNote')} · {t('ticket.internalNoteHint')}
            </span>
          )}
          {kind === 'inbound' && <span className="muted">{t('ticket.via', { channel: t(`channel.${message.channel}`, { defaultValue: message.channel }) })}</span>}
          {kind === 'outbound' && author && <span className="muted">→ {author.alias}</span>}
          {mergedFrom !== undefined && <span className="chip merged-from-chip">{t('merge.fromTicket', { number: mergedFrom })}</span>}
          <time className="muted message-time" dateTime={message.createdAt}>
            {formatDateTime(message.createdAt, ctx)}
          </time>
          {message.sourceUrl && (
            <a className="source-link small" href={message.sourceUrl} target="_blank" rel="noopener noreferrer">
              {t('ticket.viewSource')}
            </a>
          )}
        </header>
        {message.claimedFrom && (
          <p className="claim-warning" role="note" data-testid="claim-warning">
            {t('ticket.claimWarning', { address: message.claimedFrom })}
          </p>
        )}
        {cc.length > 0 && (
          <p className="message-cc muted small" data-testid="message-cc">
            {t('ticket.cc', { list: cc.join(', ') })}
          </p>
        )}
        <MessageBody message={message} lang={lang} />
        {message.attachments.length > 0 && <Attachments items={message.attachments} />}
        {kind === 'outbound' && message.deliveryStatus && <Delivery message={message} ticketId={ticketId} />}
      </article>
    </li>
  );
});

function MessageBody({ message, lang }: { message: Message; lang: string | undefined }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  // Inbound HTML is sanitized by the server with an allowlist and shown in a sandboxed frame
  // (MessageFrame); everything else shows as text.
  // HTML that shows nothing (all of it was unsafe) gives way to the text part.
  const html = message.direction === 'inbound' && message.bodyHtml && !isBlankHtml(message.bodyHtml) ? message.bodyHtml : null;
  const shownHtml = useMemo(() => (html ? inlineImages(html, message.attachments) : null), [html, message.attachments]);
  const folded = useMemo(() => beforeFold(message.bodyText, message.foldAt), [message.bodyText, message.foldAt]);
  const foldable = folded !== message.bodyText;
  // HTML keeps its formatting when folded; where the cut cannot be found, the folded text shows.
  const foldedHtml = useMemo(() => (foldable && shownHtml !== null ? foldHtml(shownHtml, message.bodyText, message.foldAt) : null), [foldable, shownHtml, message.bodyText, message.foldAt]);

  if (!foldable) {
    if (shownHtml !== null) return <div className="message-body html"><MessageFrame html={shownHtml} lang={lang} /></div>;
    return <div className="message-body" lang={lang}>{message.channel === 'phone' ? <WebLinks text={message.bodyText} /> : message.bodyText}</div>;
  }
  const toggle = (
    <button
      type="button"
      className="fold-toggle"
      aria-expanded={expanded}
      onClick={() => setExpanded(!expanded)}
      title={expanded ? t('ticket.hideQuoted') : t('ticket.showQuoted')}
    >
      <span aria-hidden="true">…</span>
      <span className="fold-label">{expanded ? t('ticket.hideQuoted') : t('ticket.showQuoted')}</span>
    </button>
  );
  if (!expanded) {
    return (
      <div className="message-body-folded" data-folded="true">
        {foldedHtml !== null ? <div className="message-body html"><MessageFrame html={foldedHtml} lang={lang} /></div> : <div className="message-body folded" lang={lang}>{folded}</div>}
        <div className="fold-line">{toggle}</div>
      </div>
    );
  }
  return (
    <div className="message-body-expanded" data-folded="false">
      {shownHtml !== null ? <div className="message-body html"><MessageFrame html={shownHtml} lang={lang} /></div> : <div className="message-body" lang={lang}>{message.bodyText}</div>}
      <div className="fold-line">{toggle}</div>
    </div>
  );
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
