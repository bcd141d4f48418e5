// One ticket: the conversation and composer beside its properties, with the collision warning
// and the ticket's keyboard shortcuts (r reply, n note, e solve, Escape back).
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { TicketStatus } from '@frontline/shared';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAgents, useTicket } from '../api/queries';
import { useSession } from '../auth/session';
import { linkHandler, navigate } from '../lib/router';
import { keyOf, shortcutFor, statusOf } from '../lib/shortcuts';
import { announce } from '../a11y/announcer';
import { rememberReturnTicket } from '../a11y/return-focus';
import { ScreenHeading, useScreenTitle } from '../a11y/screen-title';
import { useUndo } from '../a11y/undo';
import { applyChanges, changesFor, changesToStatus } from '../inbox/apply-changes';
import { useSolveReason } from './solve-reason';
import { resultText } from '../inbox/result-text';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/queries';
import { useLive } from '../live/live-provider';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { Composer, type ComposeMode, type ComposerHandle } from './composer';
import { Conversation } from './conversation';
import { SidePanel } from './side-panel';
import { MergedBanner, MergeTicket } from './merge-ticket';
import { Collision, VisitorTyping } from './presence';
import { ChannelBadge } from '../ui/channel-badge';
import { Icon } from '../ui/icons';
import { useMarkRead } from './use-mark-read';

export function TicketPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const ticket = useTicket(id);
  const agents = useAgents();
  const client = useQueryClient();
  const { offer } = useUndo();
  const askReason = useSolveReason();
  const { client: live } = useLive();
  const composer = useRef<ComposerHandle>(null);
  const agentMap = useMemo(() => new Map((agents.data ?? []).map((a) => [a.id, a])), [agents.data]);
  const initialMode = useMemo(() => {
    const mode = new URLSearchParams(location.search).get('compose');
    return mode === 'reply' || mode === 'note' ? (mode as ComposeMode) : undefined;
  }, []);
  const data = ticket.data;
  // The composer opened by r or n takes focus; otherwise the heading does.
  const heading = useScreenTitle(data ? `#${data.number} ${data.subject || t('inbox.noSubject')}` : null, { focus: !initialMode });
  useEffect(() => rememberReturnTicket(id), [id]);

  /** Sets the status the allowed way (solved → pending goes through open), with Undo. */
  const setStatus = useCallback(
    (status: TicketStatus) => {
      if (!data || data.status === status || me.role === 'light_agent') return;
      const changes = status === 'solved' ? changesFor(data, 'solve') : changesToStatus(data, status);
      if (changes.length === 0) {
        announce(t('a11y.result.notAllowed', { from: t(`status.${data.status}`), to: t(`status.${status}`) }));
        return;
      }
      void askReason([data], () => changes).then((asked) => asked && applyChanges([data], asked)).then((applied) => {
        if (!applied) return;
        void client.invalidateQueries({ queryKey: keys.ticket(id) });
        void client.invalidateQueries({ queryKey: keys.history(id) });
        void client.invalidateQueries({ queryKey: keys.tickets });
        void client.invalidateQueries({ queryKey: keys.counts });
        offer(resultText(t, applied, t(`status.${status}`)), applied.failures.length === 0 ? applied.undo : null);
      });
    },
    [data, me.role, client, id, offer, t, askReason],
  );

  useMarkRead(id, ticket.isSuccess, ticket.data?.lastCustomerMessageAt);

  useEffect(() => {
    live.setPresence(id, 'viewing');
    return () => live.setPresence(id, 'left');
  }, [id, live]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const action = shortcutFor(keyOf(event));
      const status = statusOf(action);
      if (action === 'reply' || action === 'note') composer.current?.focus(action);
      else if (status) setStatus(status);
      else if (action === 'solve' && data && data.status !== 'solved' && data.status !== 'closed') setStatus('solved');
      // Escape in the composer leaves the draft there (see Composer); a second Escape goes back.
      else if (action === 'escape' && !(event.target instanceof HTMLTextAreaElement)) navigate(sessionStorage.getItem('frontline.lastView') ?? '/');
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [data, setStatus]);

  if (ticket.isPending) return <main className="ticket-page" id="main"><LoadingState /></main>;
  if (ticket.isError) return <TicketUnavailable error={ticket.error} onRetry={() => void ticket.refetch()} />;
  if (!data) return null;
  const lang = data.language ?? undefined;
  return (
    <main className="ticket-page" id="main" tabIndex={-1}>
      <div className="ticket-main">
        <div className="ticket-head">
          <BackLink />
          <h1 ref={heading} tabIndex={-1}>
            <span className="ticket-number">#{data.number}</span> <span lang={data.subject ? lang : undefined}>{data.subject || t('inbox.noSubject')}</span>
          </h1>
          <div className="ticket-badges">
            <span className={`chip status-${data.status}`} data-testid="ticket-status">{t(`status.${data.status}`)}</span>
            <span className={`chip priority-${data.priority}`} data-testid="ticket-priority">
              <span className="sr-only">{t('side.priority')}: </span>
              <span className="prio-shape" aria-hidden="true" />
              {t(`priority.${data.priority}`)}
            </span>
            <ChannelBadge channel={data.channel} />
            {data.status !== 'solved' && data.status !== 'closed' && me.role !== 'light_agent' && (
              <button className="button small" onClick={() => setStatus('solved')} aria-keyshortcuts="e">
                <Icon name="check" /> {t('side.solve')}
              </button>
            )}
            {me.role !== 'light_agent' && <MergeTicket ticket={data} />}
          </div>
          <MergedBanner ticket={data} />
        </div>
        <div className="ticket-presence">
          <Collision ticketId={id} selfId={me.id} />
          {data.channel === 'chat' && <VisitorTyping ticketId={id} />}
        </div>
        <Conversation ticket={data} agents={agentMap} />
        <Composer ref={composer} ticketId={id} initialMode={initialMode} target={data.replyTarget} issue={data.replyIssue} />
      </div>
      <SidePanel ticket={data} agents={agents.data ?? []} />
    </main>
  );
}

/** Instead of a ticket that could not be read: "does not exist or you may not see it", or the error with a retry. */
export function TicketUnavailable({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 403);
  return (
    <main className="ticket-page" id="main">
      <BackLink />
      <ScreenHeading title={missing ? t('ticket.notFound') : t('ticket.error')} />
      {missing ? <EmptyState title={t('ticket.notFound')} /> : <ErrorState error={error} onRetry={onRetry} />}
    </main>
  );
}

function BackLink() {
  const { t } = useTranslation();
  const to = sessionStorage.getItem('frontline.lastView') ?? '/';
  return (
    <a className="back-link" href={to} onClick={linkHandler(to)}>
      ← {t('ticket.back')}
    </a>
  );
}
