// Connects the live client to the screens: events refresh the queries that show them,
// presence feeds the collision warning (and a chat visitor's typing), and hidden tabs notify.
import { createContext, useContext, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { keys } from '../api/queries';
import { ticketPath } from '../lib/router';
import type { Me, Message } from '../api/types';
import type { LiveEvent, LiveEventType } from '@frontline/shared';
import { LiveClient, liveUrl, type LiveStatus, type SocketLike } from './live-client';
import type { Presence } from './live-store';
import { createCacheSync, debouncer } from './cache-sync';
import { notify } from './notifier';
import { isArrival, shouldNotify } from './notify-rules';
import { deliveryKeys } from '../api/deliveries';
import { noticeFailure } from '../deliveries/failure-notices';
import { ringingCalls } from '../phone/ringing';

/** Events that change what the Failed deliveries view and its count show. */
const deliveryEvents = new Set<LiveEventType>(['message.failed', 'message.requeued', 'message.sent', 'message.delivered']);
import { announce } from '../a11y/announcer';
import { announcementFor } from '../a11y/live-announcements';
import { parseRoute } from '../lib/router';

interface Live {
  client: LiveClient;
  status: LiveStatus;
  presenceVersion: number;
}

const LiveContext = createContext<Live | null>(null);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}

/** Others on this ticket, refreshed as presence arrives and as it expires. */
export function usePresence(ticketId: number, selfId: number): Presence[] {
  const { client, presenceVersion } = useLive();
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const timer = setInterval(tick, 5000);
    return () => clearInterval(timer);
  }, []);
  void presenceVersion;
  return client.store.presenceOn(ticketId, Date.now(), selfId);
}

/** Whether the chat visitor of this ticket is typing; false again 6 s after the last news of it. */
export function useVisitorTyping(ticketId: number): boolean {
  const { client, presenceVersion } = useLive();
  const [, tick] = useReducer((n: number) => n + 1, 0);
  void presenceVersion;
  const until = client.store.visitorTypingUntil(ticketId, Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(tick, Math.max(0, until - Date.now()) + 20);
    return () => clearTimeout(timer);
  }, [until]);
  return until !== null;
}

export function LiveProvider({ me, children }: { me: Me; children: ReactNode }) {
  const client = useQueryClient();
  const { t } = useTranslation();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [presenceVersion, bumpPresence] = useReducer((n: number) => n + 1, 0);
  const meRef = useRef(me);
  meRef.current = me;
  const tRef = useRef(t);
  tRef.current = t;

  const live = useMemo(() => {
    // Events change the cached tickets, lists and counts in place; what an event cannot tell is
    // asked again once per query, however many events ask (live/cache-sync.ts, docs/live.md).
    const later = debouncer();
    const sync = createCacheSync(client, () => meRef.current);
    let connected = false;
    const onEvent = (event: LiveEvent, message?: Record<string, unknown>) => {
      if (event.type === 'call.ringing') return ringingCalls.add(event);
      // The customer's message is what they were typing: the "typing" line goes at once.
      if (event.type === 'message.created' && event.payload.direction === 'inbound' && event.ticketId !== null && live.store.visitorSent(event.ticketId)) bumpPresence();
      sync.apply(event, message as Message | undefined);
      if (deliveryEvents.has(event.type)) later('deliveries', 300, () => void client.invalidateQueries({ queryKey: deliveryKeys.all }));
      if (event.type === 'message.failed') void noticeFailure(client, event, meRef.current, tRef.current);
      const route = parseRoute(location.pathname);
      const openTicketId = route.name === 'ticket' ? (client.getQueryData<number>(keys.ticketNumber(route.number)) ?? null) : null;
      const said = announcementFor(event, meRef.current, openTicketId);
      if (said) announce(tRef.current(`a11y.live.${said.key}`, { number: said.number, subject: said.subject }));
      if (isArrival(event) && shouldNotify(event, meRef.current, document.hidden)) {
        const { number, subject } = event.payload;
        const title = tRef.current(event.type === 'ticket.created' ? 'notify.newTicket' : 'notify.title', { number });
        notify(title, subject, ticketPath(number), `ticket-${event.ticketId}`);
      }
    };
    const live: LiveClient = new LiveClient({
      url: liveUrl(location),
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      onEvent,
      onStatus: setStatus,
      onPresence: bumpPresence,
      // Events missed while away are not replayed: what is shown is read once more (after a
      // reconnect, the open ticket too; on the first connect it was just read).
      onReady: () => {
        sync.catchUp(connected);
        connected = true;
        void client.invalidateQueries({ queryKey: deliveryKeys.all });
      },
      // Asking who we are shows sign-in when the session is gone; if it is not (another tab's
      // session ended), the live connection starts again.
      onSessionEnded: () =>
        void client.refetchQueries({ queryKey: keys.me }).then(() => {
          if (client.getQueryData(keys.me)) live.start();
        }),
      // Another role or other teams: every list and ticket may now show more or less.
      onScopeChanged: () => void client.invalidateQueries(),
    });
    return live;
  }, [client]);

  useEffect(() => {
    live.start();
    const online = () => live.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      live.stop();
    };
  }, [live]);

  const value = useMemo(() => ({ client: live, status, presenceVersion }), [live, status, presenceVersion]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
