// One ticket: the conversation and composer beside its properties, with the collision warning
// and the ticket's keyboard shortcuts (r reply, n note, e solve, Escape back).
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAgents, useTicket, useUpdateTicket } from '../api/queries';
import { useSession } from '../auth/session';
import { linkHandler, navigate } from '../lib/router';
import { shortcutFor } from '../lib/shortcuts';
import { useLive, usePresence } from '../live/live-provider';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { Composer, type ComposeMode, type ComposerHandle } from './composer';
import { Conversation } from './conversation';
import { SidePanel } from './side-panel';
import { Icon } from '../ui/icons';
import { useMarkRead } from './use-mark-read';

export function TicketPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const ticket = useTicket(id);
  const agents = useAgents();
  const update = useUpdateTicket();
  const { client: live } = useLive();
  const composer = useRef<ComposerHandle>(null);
  const agentMap = useMemo(() => new Map((agents.data ?? []).map((a) => [a.id, a])), [agents.data]);
  const initialMode = useMemo(() => {
    const mode = new URLSearchParams(location.search).get('compose');
    return mode === 'reply' || mode === 'note' ? (mode as ComposeMode) : undefined;
  }, []);

  useMarkRead(id, ticket.isSuccess, ticket.data?.lastCustomerMessageAt);

  useEffect(() => {
    live.setPresence(id, 'viewing');
    return () => live.setPresence(id, 'left');
  }, [id, live]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const action = shortcutFor({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, target: event.target as HTMLElement });
      if (action === 'reply' || action === 'note') composer.current?.focus(action);
      else if (action === 'solve' && ticket.data && ticket.data.status !== 'solved' && ticket.data.status !== 'closed') update.mutate({ id, change: { status: 'solved' } });
      else if (action === 'escape' && !(event.target instanceof HTMLTextAreaElement)) navigate(sessionStorage.getItem('frontline.lastView') ?? '/');
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, ticket.data, update]);

  if (ticket.isPending) return <main className="ticket-page" id="main"><LoadingState /></main>;
  if (ticket.isError) {
    const missing = ticket.error instanceof ApiError && (ticket.error.status === 404 || ticket.error.status === 403);
    return (
      <main className="ticket-page" id="main">
        <BackLink />
        {missing ? <EmptyState title={t('ticket.notFound')} /> : <ErrorState title={t('ticket.error')} error={ticket.error} onRetry={() => void ticket.refetch()} />}
      </main>
    );
  }
  const data = ticket.data;
  return (
    <main className="ticket-page" id="main" tabIndex={-1}>
      <div className="ticket-main">
        <div className="ticket-head">
          <BackLink />
          <h1>
            <span className="ticket-number">#{data.number}</span> {data.subject || t('inbox.noSubject')}
          </h1>
          <div className="ticket-badges">
            <span className={`chip status-${data.status}`} data-testid="ticket-status">{t(`status.${data.status}`)}</span>
            <span className={`chip priority-${data.priority}`}>{t(`priority.${data.priority}`)}</span>
            <span className="chip">{t(`channel.${data.channel}`, { defaultValue: data.channel })}</span>
            {data.status !== 'solved' && data.status !== 'closed' && me.role !== 'light_agent' && (
              <button className="button small" onClick={() => update.mutate({ id, change: { status: 'solved' } })}>
                <Icon name="check" /> {t('side.solve')}
              </button>
            )}
          </div>
        </div>
        <Collision ticketId={id} selfId={me.id} />
        <Conversation ticket={data} agents={agentMap} />
        <Composer ref={composer} ticketId={id} initialMode={initialMode} />
      </div>
      <SidePanel ticket={data} agents={agents.data ?? []} />
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

function Collision({ ticketId, selfId }: { ticketId: number; selfId: number }) {
  const { t, i18n } = useTranslation();
  const others = usePresence(ticketId, selfId);
  if (others.length === 0) return null;
  const typing = others.filter((p) => p.state === 'typing');
  const list = (names: string[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names);
  return (
    <div className={`collision ${typing.length > 0 ? 'typing' : 'viewing'}`} role="status" aria-live="polite" data-testid="collision">
      <Icon name={typing.length > 0 ? 'pencil' : 'eye'} /> 
      {typing.length > 0
        ? t('ticket.collisionTyping', { count: typing.length, names: list(typing.map((p) => p.agentName)) })
        : t('ticket.collisionViewing', { count: others.length, names: list(others.map((p) => p.agentName)) })}
    </div>
  );
}
