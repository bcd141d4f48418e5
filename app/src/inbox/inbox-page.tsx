// The inbox: one view's tickets with filters, keyboard navigation and bulk actions.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { patch } from '../api/client';
import { keys, useAgents, useTeams, useTicketList } from '../api/queries';
import { useSession } from '../auth/session';
import { views, type View } from '../api/types';
import { navigate, ticketPath } from '../lib/router';
import { keyOf, moveCursor, shortcutFor, statusOf } from '../lib/shortcuts';
import { focusHeading, useFocusRescuer } from '../a11y/focus-rescue';
import { focusIsFree, useScreenTitle } from '../a11y/screen-title';
import { useUndo } from '../a11y/undo';
import { takeReturnTicket } from '../a11y/return-focus';
import { applyChanges, changesFor, changesToStatus, type TicketState } from './apply-changes';
import { resultText } from './result-text';
import { useLive } from '../live/live-provider';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { BulkBar } from './bulk-bar';
import { useSolveReason } from '../ticket/solve-reason';
import { FiltersBar, type FilterValues } from './filters-bar';
import { TicketRows } from './ticket-rows';
import { useDensity } from './density';
import { NewTicketButton } from './new-ticket-dialog';

const filtersKey = (view: string) => `frontline.filters.${view}`;

function savedFilters(view: string): FilterValues {
  try {
    return JSON.parse(sessionStorage.getItem(filtersKey(view)) ?? '{}') as FilterValues;
  } catch {
    return {};
  }
}

export function InboxPage({ view: rawView }: { view: string }) {
  const view: View = (views as readonly string[]).includes(rawView) ? (rawView as View) : 'unassigned';
  const { t } = useTranslation();
  const client = useQueryClient();
  const { status } = useLive();
  const [filters, setFilters] = useState<FilterValues>(() => savedFilters(view));
  const [cursor, setCursor] = useState(-1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const searchRef = useRef<HTMLInputElement>(null);
  const { offer } = useUndo();
  const askReason = useSolveReason();
  // Coming back from a ticket, focus returns to its row (once the list shows it), not to the heading.
  const [returnTo, setReturnTo] = useState<number | null>(() => takeReturnTicket());
  const heading = useScreenTitle(t(`views.${view}`), { focus: returnTo === null });

  useEffect(() => {
    setFilters(savedFilters(view));
    setCursor(-1);
    setSelected(new Set());
  }, [view]);
  useEffect(() => sessionStorage.setItem(filtersKey(view), JSON.stringify(filters)), [view, filters]);
  useEffect(() => sessionStorage.setItem('frontline.lastView', `/views/${view}`), [view]);

  // The Unanswered board shows the longest wait first unless the agent chose another order.
  const shown = useMemo(() => ({ ...filters, sort: filters.sort ?? (view === 'unanswered' ? 'waiting' : undefined) }), [filters, view]);
  const list = useTicketList({ view, ...shown });
  const agents = useAgents();
  const teams = useTeams();
  const { me } = useSession();
  const [density, setDensity] = useDensity(me.id);
  const agentMap = useMemo(() => new Map((agents.data ?? []).map((a) => [a.id, a])), [agents.data]);
  const teamMap = useMemo(() => new Map((teams.data ?? []).map((team) => [team.id, team])), [teams.data]);
  const tickets = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  // Without the live socket, keep the list fresh by polling.
  useEffect(() => {
    if (status === 'live') return;
    const timer = setInterval(() => void client.invalidateQueries({ queryKey: ['tickets', 'list'] }), 15_000);
    return () => clearInterval(timer);
  }, [status, client]);

  const onNearEnd = useCallback(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [list]);

  const toggle = useCallback((id: number) => {
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const current = cursor >= 0 ? tickets[cursor] : undefined;

  useEffect(() => {
    if (returnTo === null || list.isPending) return;
    const index = tickets.findIndex((x) => x.id === returnTo);
    setReturnTo(null);
    if (index >= 0 && focusIsFree(heading.current?.closest('main') ?? null, heading.current)) setCursor(index);
  }, [returnTo, list.isPending, tickets]);

  // A row that leaves the view (solved, reassigned) or the bulk bar closing hands focus to the row now at the cursor.
  // The list may still be changing when focus drops: clamp to the rows there are a frame later.
  const latest = useRef({ tickets, cursor });
  latest.current = { tickets, cursor };
  const [focusRequest, requestFocus] = useReducer((n: number) => n + 1, 0);
  const rescue = useCallback(() => {
    const wanted = latest.current.cursor;
    requestAnimationFrame(() => {
      const count = latest.current.tickets.length;
      if (count === 0) focusHeading();
      else {
        setCursor(Math.max(0, Math.min(wanted, count - 1)));
        requestFocus();
      }
    });
    return true;
  }, []);
  useFocusRescuer(rescue);

  const change = useCallback(
    (targets: TicketState[], changesOf: (ticket: TicketState) => ReturnType<typeof changesFor>, what: 'solved' | 'status', status?: string) => {
      void askReason(targets, changesOf).then((asked) => asked && applyChanges(targets, asked)).then((applied) => {
        if (!applied) return;
        void client.invalidateQueries({ queryKey: keys.tickets });
        void client.invalidateQueries({ queryKey: keys.counts });
        offer(resultText(t, applied, what === 'solved' ? t('status.solved') : t(`status.${status}`)), applied.failures.length === 0 ? applied.undo : null);
      });
    },
    [client, offer, t, askReason],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      // Keys typed in the New ticket dialog are for the form, not for the list behind it.
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      const action = shortcutFor(keyOf(event));
      if (!action) return;
      const targets = selected.size > 0 ? tickets.filter((x) => selected.has(x.id)) : current ? [current] : [];
      const status = statusOf(action);
      if (status) {
        if (targets.length === 0) return;
        change(targets, (ticket) => changesToStatus(ticket, status), 'status', status);
        event.preventDefault();
        return;
      }
      switch (action) {
        case 'next':
        case 'previous':
          setCursor((c) => moveCursor(c, action, tickets.length));
          break;
        case 'open':
          if (!current) return;
          navigate(ticketPath(current.number));
          break;
        case 'reply':
        case 'note':
          if (!current) return;
          navigate(`${ticketPath(current.number)}?compose=${action}`);
          break;
        case 'select':
          if (!current) return;
          toggle(current.id);
          break;
        case 'solve':
          if (targets.length === 0) return;
          change(targets, (ticket) => changesFor(ticket, 'solve'), 'solved');
          break;
        case 'search':
          searchRef.current?.focus();
          break;
        case 'escape':
          setSelected(new Set());
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tickets, current, selected, toggle, change]);

  const selectedTickets = tickets.filter((x) => selected.has(x.id));
  const allSelected = tickets.length > 0 && selectedTickets.length === tickets.length;

  return (
    <main className="inbox" id="main" tabIndex={-1}>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>{t(`views.${view}`)}</h1>
        <p className="hint shortcuts-hint">{t('inbox.shortcuts')}</p>
        <div className="inbox-actions">
          <label className="check density-toggle">
            <input type="checkbox" checked={density === 'compact'} onChange={(event) => setDensity(event.target.checked ? 'compact' : 'comfortable')} />
            <span>{t('triage.compact')}</span>
          </label>
          {me.role !== 'light_agent' && <NewTicketButton />}
        </div>
      </div>
      <FiltersBar value={shown} onChange={setFilters} searchRef={searchRef} />
      {selectedTickets.length > 0 ? (
        <BulkBar tickets={selectedTickets} agents={agents.data ?? []} onDone={() => setSelected(new Set())} />
      ) : (
        tickets.length > 0 && (
          <label className="select-all">
            <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(tickets.map((x) => x.id)))} />
            <span>{t('inbox.selectAll')}</span>
          </label>
        )
      )}
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState title={t('inbox.error')} error={list.error} onRetry={() => void list.refetch()} />
      ) : tickets.length === 0 ? (
        <EmptyState title={t('inbox.empty')} hint={t('inbox.emptyHint')} />
      ) : (
        <TicketRows tickets={tickets} agents={agentMap} teams={teamMap} density={density} cursor={cursor} selected={selected} onToggle={toggle} onCursor={setCursor} onNearEnd={onNearEnd} focusRequest={focusRequest} />
      )}
      {list.isFetchingNextPage && <LoadingState label={t('inbox.loadMore')} />}
    </main>
  );
}
