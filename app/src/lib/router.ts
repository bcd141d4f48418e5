// A tiny history-API router: the app has a handful of screens, so a library is not worth its bytes.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'inbox'; view: string }
  | { name: 'ticket'; id: number }
  | { name: 'agents' }
  | { name: 'teams' }
  | { name: 'mailboxes' }
  | { name: 'unprocessed' }
  | { name: 'audit' }
  | { name: 'settings' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] === 'tickets' && parts[1] && /^\d+$/.test(parts[1])) return { name: 'ticket', id: Number(parts[1]) };
  if (parts[0] === 'views' && parts[1]) return { name: 'inbox', view: parts[1] };
  if (parts[0] === 'admin' && parts[1] === 'agents') return { name: 'agents' };
  if (parts[0] === 'admin' && parts[1] === 'teams') return { name: 'teams' };
  if (parts[0] === 'admin' && parts[1] === 'mailboxes') return { name: 'mailboxes' };
  if (parts[0] === 'admin' && parts[1] === 'inbox') return { name: 'unprocessed' };
  if (parts[0] === 'admin' && parts[1] === 'audit') return { name: 'audit' };
  if (parts[0] === 'settings') return { name: 'settings' };
  return { name: 'inbox', view: 'unassigned' };
}

/** Where a ticket opens: every link to a ticket is built here. */
export const ticketPath = (ticket: { id: number; number: number }, search = ''): string => `/tickets/${ticket.id}${search}`;

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export function useLocation(): string {
  return useSyncExternalStore(subscribe, () => location.pathname + location.search);
}

/** An <a> click handler that navigates in-app for plain left clicks. */
export function linkHandler(to: string) {
  return (event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; preventDefault(): void }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
}
