// Who is signed in: GET /me on start (its csrfToken arms the API client), sign-in and sign-out.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, patch, post, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import { fetchMe, keys } from '../api/queries';
import type { Agent, Me } from '../api/types';
import { browserTimeZone } from '../lib/time-zone';
import { changeLocale } from '../i18n';

interface Session {
  me: Me;
  signOut: () => Promise<void>;
  isAdmin: boolean;
  canReply: boolean;
  /** The server's inbox.manage: admins and supervisors see and retry unprocessed mail. */
  canManageInbox: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in screen');
  return session;
}

export function useMeQuery() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        const me = await fetchMe();
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

export async function signIn(email: string, password: string): Promise<void> {
  const result = await post<{ csrfToken: string }>('/auth/login', { email, password });
  setCsrfToken(result.csrfToken);
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const client = useQueryClient();
  useEffect(() => {
    changeLocale(me.locale);
  }, [me.locale]);
  // An agent with no time zone of their own gets the browser's, once (Settings changes it later).
  const zoneSaved = useRef(false);
  useEffect(() => {
    const zone = browserTimeZone();
    if (me.timeZoneSet || zoneSaved.current || !zone) return;
    zoneSaved.current = true;
    patch<Agent>('/me', { timeZone: zone }).then(
      (agent) => client.setQueryData<Me>(keys.me, (old) => (old ? { ...old, ...agent } : old)),
      () => undefined,
    );
  }, [me.timeZoneSet, client]);
  useEffect(() => {
    setUnauthorizedHandler(() => client.setQueryData(keys.me, null));
    return () => setUnauthorizedHandler(null);
  }, [client]);
  const signOut = useCallback(async () => {
    try {
      await post('/auth/logout');
    } finally {
      setCsrfToken(null);
      // Keep the "me" query (its observer shows the sign-in screen); forget everything else.
      client.setQueryData(keys.me, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
    }
  }, [client]);
  const value = useMemo(
    () => ({
      me,
      signOut,
      isAdmin: me.role === 'admin',
      canReply: me.role !== 'light_agent',
      canManageInbox: me.role === 'admin' || me.role === 'supervisor',
    }),
    [me, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
