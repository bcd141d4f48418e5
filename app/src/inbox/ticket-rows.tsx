// The ticket list, virtualized: only the rows on screen exist in the DOM, so 10,000 scroll smoothly.
// Each row tells the story at a glance: who, what and the last word, channel, priority, team,
// assignee, how long the customer has waited, and whether there is news this agent has not seen.
import { memo, useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Agent, Team, Ticket } from '../api/types';
import { useSession } from '../auth/session';
import { formatDateTime, formatRelative } from '../lib/format';
import { linkHandler, ticketPath } from '../lib/router';
import { useNow, waitOf, waitText } from '../lib/waiting';
import { isTyping } from '../lib/shortcuts';
import { ChannelBadge, badgedChannels, channelIcons } from '../ui/channel-badge';
import { Icon } from '../ui/icons';
import { NARROW_QUERY, rowHeight, useMatchMedia, type Density } from './density';

interface Props {
  tickets: Ticket[];
  agents: Map<number, Agent>;
  teams: Map<number, Team>;
  density: Density;
  cursor: number;
  selected: Set<number>;
  onToggle: (id: number) => void;
  onCursor: (index: number) => void;
  onNearEnd: () => void;
  /** A new value asks to focus the row at the cursor again (after focus was dropped). */
  focusRequest?: number;
}

export function TicketRows({ tickets, agents, teams, density, cursor, selected, onToggle, onCursor, onNearEnd, focusRequest }: Props) {
  const { t } = useTranslation();
  const { me } = useSession();
  const parent = useRef<HTMLDivElement>(null);
  const narrow = useMatchMedia(NARROW_QUERY);
  const height = rowHeight(density, narrow);
  // Waiting times and "5 min ago" move on by themselves; a minute's precision is what they show.
  const now = useNow(30_000);
  const virtualizer = useVirtualizer({ count: tickets.length, getScrollElement: () => parent.current, estimateSize: () => height, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => virtualizer.measure(), [height]); // eslint-disable-line react-hooks/exhaustive-deps

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
        // A few frames may pass: never take the focus from a field the agent went to meanwhile.
        if (document.activeElement !== link && !isTyping(document.activeElement as HTMLElement | null)) link.focus({ preventScroll: true });
      } else if (tries++ < 10) frame = requestAnimationFrame(focusRow);
    });
    return () => cancelAnimationFrame(frame);
  }, [cursor, focusRequest]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <>
      <div className="rows-head" aria-hidden="true">
        <span />
        <span>{t('triage.columns.customer')}</span>
        <span>{t('triage.columns.subject')}</span>
        <span>{t('triage.columns.channel')}</span>
        <span>{t('triage.columns.priority')}</span>
        <span className="col-team">{t('triage.columns.team')}</span>
        <span>{t('triage.columns.assignee')}</span>
        <span>{t('triage.columns.waiting')}</span>
        <span>{t('triage.columns.updated')}</span>
      </div>
      <div ref={parent} className={`rows-scroll density-${density}`} aria-label={t('inbox.list')} role="region" tabIndex={-1}>
        <ul className="rows" style={{ height: virtualizer.getTotalSize() }} role="list">
          {items.map((item) => {
            const ticket = tickets[item.index]!;
            return (
              <Row
                key={ticket.id}
                ticket={ticket}
                index={item.index}
                start={item.start}
                height={height}
                now={now}
                assigneeName={ticket.assigneeId ? agents.get(ticket.assigneeId)?.name : undefined}
                teamName={ticket.teamId ? teams.get(ticket.teamId)?.name : undefined}
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
    </>
  );
}


interface RowProps {
  ticket: Ticket;
  index: number;
  start: number;
  height: number;
  /** The time on screen: it ticks, and the rows re-render with it, so waiting times stay true. */
  now: Date;
  assigneeName: string | undefined;
  teamName: string | undefined;
  isCursor: boolean;
  isSelected: boolean;
  timeZone: string;
  onToggle: (id: number) => void;
  onCursor: (index: number) => void;
}

/** One row; memoized, so scrolling renders only the rows that come into view. */
const Row = memo(function Row({ ticket, index, start, height, now, assigneeName, teamName, isCursor, isSelected, timeZone, onToggle, onCursor }: RowProps) {
  const { t, i18n } = useTranslation();
  const to = ticketPath(ticket);
  const wait = waitOf(ticket, now);
  const waiting = wait && waitText(wait);
  const unread = ticket.unread === true;
  const channelName = t(`channel.${ticket.channel}`, { defaultValue: ticket.channel });
  const customer = ticket.customer?.unknownSender ? t('mail.unknownSender') : ticket.customer?.name || ticket.customer?.email || '';
  return (
    <li
      className={`row priority-${ticket.priority} ${unread ? 'unread' : ''} ${isCursor ? 'cursor' : ''} ${isSelected ? 'selected' : ''}`}
      style={{ transform: `translateY(${start}px)`, height }}
      data-ticket-id={ticket.id}
      data-number={ticket.number}
      aria-current={isCursor ? 'true' : undefined}
    >
      <input type="checkbox" className="row-check" checked={isSelected} onChange={() => onToggle(ticket.id)} aria-label={t('inbox.select', { number: ticket.number })} />
      <a className="row-link" href={to} onClick={linkHandler(to)} onFocus={() => onCursor(index)}>
        <span className="row-customer">
          {unread && <span className="unread-dot" aria-hidden="true" />}
          <span className="row-customer-name">{customer}</span>
        </span>
        <span className="row-story">
          <span className="row-main">
            {unread && <span className="sr-only">{t('triage.unread')}: </span>}
            <span className="row-number">#{ticket.number}</span>
            <span className="row-subject">{ticket.subject || t('inbox.noSubject')}</span>
            <span className={`chip status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>
            {badgedChannels.includes(ticket.channel) && <ChannelBadge channel={ticket.channel} />}
          </span>
          {ticket.lastMessagePreview && (
            <span className={`row-preview from-${ticket.lastMessageAuthor ?? 'customer'}`}>
              <span className="row-author">{t(`triage.from.${ticket.lastMessageAuthor ?? 'customer'}`)}:</span> {ticket.lastMessagePreview}
            </span>
          )}
        </span>
        <span className="row-channel" title={channelName}>
          <Icon name={channelIcons[ticket.channel] ?? 'chat'} />
          <span className="row-channel-name">{channelName}</span>
        </span>
        <span className={`row-priority prio-${ticket.priority}`}>
          <span className={`prio-dot ${ticket.priority}`} aria-hidden="true" />
          <span className="sr-only">{t('triage.columns.priority')}: </span>
          {t(`priority.${ticket.priority}`)}
        </span>
        <span className="row-team">{teamName ?? <span className="muted">{t('triage.noTeam')}</span>}</span>
        <span className="row-assignee">{assigneeName ?? t('inbox.unassigned')}</span>
        <span
          className={`row-waiting ${wait?.long ? 'long' : ''}`}
          title={ticket.customerWaitingSince && wait ? t('triage.waitingSince', { time: formatDateTime(ticket.customerWaitingSince, { locale: i18n.language, timeZone }, now) }) : undefined}
        >
          {waiting && t(waiting.key, { count: waiting.count })}
        </span>
        <time className="row-time" dateTime={ticket.updatedAt}>
          {formatRelative(ticket.updatedAt, { locale: i18n.language, timeZone }, now)}
        </time>
      </a>
    </li>
  );
});
