// A tiny history-API router: the app has a handful of screens, so a library is not worth its bytes.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'inbox'; view: string }
  | { name: 'ticket'; number: number }
  | { name: 'customers' }
  | { name: 'customer'; id: number }
  | { name: 'organizations' }
  | { name: 'organization'; id: number }
  | { name: 'agents' }
  | { name: 'teams' }
  | { name: 'calendars' }
  | { name: 'mailboxes' }
  | { name: 'webForms' }
  | { name: 'chat' }
  | { name: 'telegram' }
  | { name: 'whatsapp' }
  | { name: 'vk' }
  | { name: 'phone' }
  | { name: 'unprocessed' }
  | { name: 'audit' }
  | { name: 'desk' }
  | { name: 'jobs' }
  | { name: 'failed' }
  | { name: 'settings' };

/** The screen an address shows; its query (`?compose=reply`) and fragment do not change the screen. */
export function parseRoute(address: string): Route {
  const parts = pathOf(address).split('/').filter(Boolean);
  if (parts[0] === 'tickets' && parts[1] && /^\d{1,15}$/.test(parts[1])) return { name: 'ticket', number: Number(parts[1]) };
  if (parts[0] === 'views' && parts[1]) return { name: 'inbox', view: parts[1] };
  if (parts[0] === 'customers') return parts[1] && /^\d+$/.test(parts[1]) ? { name: 'customer', id: Number(parts[1]) } : { name: 'customers' };
  if (parts[0] === 'organizations') return parts[1] && /^\d+$/.test(parts[1]) ? { name: 'organization', id: Number(parts[1]) } : { name: 'organizations' };
  if (parts[0] === 'admin' && parts[1] === 'agents') return { name: 'agents' };
  if (parts[0] === 'admin' && parts[1] === 'teams') return { name: 'teams' };
  if (parts[0] === 'admin' && parts[1] === 'calendars') return { name: 'calendars' };
  if (parts[0] === 'admin' && parts[1] === 'mailboxes') return { name: 'mailboxes' };
  if (parts[0] === 'admin' && parts[1] === 'forms') return { name: 'webForms' };
  if (parts[0] === 'admin' && parts[1] === 'chat') return { name: 'chat' };
  if (parts[0] === 'admin' && parts[1] === 'telegram') return { name: 'telegram' };
  if (parts[0] === 'admin' && parts[1] === 'whatsapp') return { name: 'whatsapp' };
  if (parts[0] === 'admin' && parts[1] === 'vk') return { name: 'vk' };
  if (parts[0] === 'admin' && parts[1] === 'phone') return { name: 'phone' };
  if (parts[0] === 'admin' && parts[1] === 'inbox') return { name: 'unprocessed' };
  if (parts[0] === 'admin' && parts[1] === 'audit') return { name: 'audit' };
  if (parts[0] === 'admin' && parts[1] === 'desk') return { name: 'desk' };
  if (parts[0] === 'admin' && parts[1] === 'jobs') return { name: 'jobs' };
  if (parts[0] === 'deliveries' && parts[1] === 'failed') return { name: 'failed' };
  if (parts[0] === 'settings') return { name: 'settings' };
  return { name: 'inbox', view: 'unassigned' };
}

/** The address of a ticket: its number, as agents say it (#1010 is /tickets/1010), not its id. */
export const ticketPath = (ticket: number | { number: number }): string => `/tickets/${typeof ticket === 'number' ? ticket : ticket.number}`;
export const customerPath = (customer: { id: number }) => `/customers/${customer.id}`;
export const organizationPath = (organization: { id: number }) => `/organizations/${organization.id}`;

/** The path of an address, without its query and fragment. */
export function pathOf(address: string): string {
  return address.replace(/[?#].*$/s, '');
}

/** One parameter of an address's query, or null. */
export function queryParam(address: string, name: string): string | null {
  const query = /\?([^#]*)/.exec(address)?.[1] ?? '';
  return new URLSearchParams(query).get(name);
}

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
