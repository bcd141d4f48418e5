// The ticket list, virtualized: only the rows on screen exist in the DOM, so 10,000 scroll smoothly.
import { memo, useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Agent, Ticket } from '../api/types';
import { useSession } from '../auth/session';
import { formatRelative } from '../lib/format';
import { linkHandler, ticketPath } from '../lib/router';

const ROW_HEIGHT = 64;

interface Props {
  tickets: Ticket[];
  agents: Map<number, Agent>;
  cursor: number;
  selected: Set<number>;
  onToggle: (id: number) => void;
  onCursor: (index: number) => void;
  onNearEnd: () => void;
  /** A new value asks to focus the row at the cursor again (after focus was dropped). */
  focusRequest?: number;
}

export function TicketRows({ tickets, agents, cursor, selected, onToggle, onCursor, onNearEnd, focusRequest }: Props) {
  const { t } = useTranslation();
  const { me } = useSession();
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: tickets.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= tickets.length - 15) onNearEnd();
  }, [last?.index, tickets.length, onNearEnd]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (cursor < 0) return;
    virtualizer.scrollToIndex(cursor, { align: 'auto' });
    const id = tickets[cursor]?.id;
    // j/k move real focus; the rows are virtualized, so wait (a few frames) until the row is rendered.
    let tries = 0;
    let frame = requestAnimationFrame(function focusRow() {
      const link = parent.current?.querySelector<HTMLAnchorElement>(`[data-ticket-id="${id}"] .row-link`);
      if (link) {
        if (document.activeElement !== link) link.focus({ preventScroll: true });
      } else if (tries++ < 10) frame = requestAnimationFrame(focusRow);
    });
    return () => cancelAnimationFrame(frame);
  }, [cursor, focusRequest]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div ref={parent} className="rows-scroll" aria-label={t('inbox.list')} role="region" tabIndex={-1}>
      <ul className="rows" style={{ height: virtualizer.getTotalSize() }} role="list">
        {items.map((item) => {
          const ticket = tickets[item.index]!;
          return (
            <Row
              key={ticket.id}
              ticket={ticket}
              index={item.index}
              start={item.start}
              assigneeName={ticket.assigneeId ? agents.get(ticket.assigneeId)?.name : undefined}
              isCursor={item.index === cursor}
              isSelected={selected.has(ticket.id)}
              timeZone={me.timeZone}
              onToggle={onToggle}
              onCursor={onCursor}
            />
          );
        })}
      </ul>
    </div>
  );
}

interface RowProps {
  ticket: Ticket;
  index: number;
  start: number;
  assigneeName: string | undefined;
  isCursor: boolean;
  isSelected: boolean;
  timeZone: string;
  onToggle: (id: number) => void;
  onCursor: (index: number) => void;
}

/** One row; memoized, so scrolling renders only the rows that come into view. */
const Row = memo(function Row({ ticket, index, start, assigneeName, isCursor, isSelected, timeZone, onToggle, onCursor }: RowProps) {
  const { t, i18n } = useTranslation();
  const to = ticketPath(ticket.number);
  return (
    <li
      className={`row priority-${ticket.priority} ${isCursor ? 'cursor' : ''} ${isSelected ? 'selected' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      data-ticket-id={ticket.id}
      data-number={ticket.number}
      aria-current={isCursor ? 'true' : undefined}
    >
      <input type="checkbox" className="row-check" checked={isSelected} onChange={() => onToggle(ticket.id)} aria-label={t('inbox.select', { number: ticket.number })} />
      <a className="row-link" href={to} onClick={linkHandler(to)} onFocus={() => onCursor(index)}>
        <span className="row-main">
          <span className={`prio-dot ${ticket.priority}`} title={t(`priority.${ticket.priority}`)} aria-label={t(`priority.${ticket.priority}`)} />
          <span className="row-subject">{ticket.subject || t('inbox.noSubject')}</span>
        </span>
        <span className="row-meta">
          <span className="row-number">#{ticket.number}</span>
          <span className="row-customer">{ticket.customer?.unknownSender ? t('mail.unknownSender') : ticket.customer?.name || ticket.customer?.email}</span>
          <span className={`chip status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>
          <span className="row-assignee">{assigneeName ?? t('inbox.unassigned')}</span>
          <time className="row-time" dateTime={ticket.updatedAt}>
            {formatRelative(ticket.updatedAt, { locale: i18n.language, timeZone })}
          </time>
        </span>
      </a>
    </li>
  );
});
