// Opening a ticket marks it read for this agent, and again whenever the customer writes while it
// is open; the inbox row stops standing out at once (the cached lists are changed right away, and
// refetched when next shown, even if the agent has gone back before the server answered).
import { useEffect } from 'react';
import { useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Page, Ticket } from '../api/types';

export function useMarkRead(ticketId: number, loaded: boolean, lastCustomerMessageAt: string | null | undefined): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!loaded) return;
    client.setQueriesData<InfiniteData<Page<Ticket>>>({ queryKey: ['tickets', 'list'] }, (data) =>
      data && { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === ticketId && item.unread ? { ...item, unread: false } : item)) })) },
    );
    api<void>('PUT', `/tickets/${ticketId}/read`)
      .then(() => client.invalidateQueries({ queryKey: ['tickets', 'list'], refetchType: 'none' }))
      // Not being able to mark it read only leaves the row bold; the ticket itself is shown.
      .catch(() => undefined);
  }, [ticketId, loaded, lastCustomerMessageAt, client]);
}
