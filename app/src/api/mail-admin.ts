// Hooks for the email administration screens (mailboxes, unprocessed mail). Apart from queries.ts
// because only those lazily loaded screens use them: they stay out of the initial bundle.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, qs } from './client';
import type { Answer, InboundItem, InboundStatus, Mailbox, Page } from './types';

export const mailKeys = {
  mailboxes: ['mailboxes'] as const,
  inbound: ['inbound'] as const,
  inboundList: (status: InboundStatus) => ['inbound', 'list', status] as const,
};

export function useMailboxes() {
  return useQuery({ queryKey: mailKeys.mailboxes, queryFn: () => get<Answer<'/mailboxes'>>('/mailboxes'), select: (d) => d.items });
}

export function useSaveMailbox() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id ? patch<Mailbox>(`/mailboxes/${id}`, body) : post<Mailbox>('/mailboxes', body),
    onSuccess: (mailbox) => {
      client.setQueryData<Answer<'/mailboxes'>>(mailKeys.mailboxes, (old) =>
        old ? { items: old.items.some((m) => m.id === mailbox.id) ? old.items.map((m) => (m.id === mailbox.id ? mailbox : m)) : [...old.items, mailbox] } : old,
      );
      void client.invalidateQueries({ queryKey: mailKeys.mailboxes });
    },
  });
}

/** The raw inbox's items in one status (failed or held are the ones that need a person). */
export function useInboundItems(status: InboundStatus) {
  return useInfiniteQuery({
    queryKey: mailKeys.inboundList(status),
    queryFn: ({ pageParam }) => get<Answer<'/admin/inbox'>>(`/admin/inbox${qs({ status, limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/**
 * Processes an item again. The server queues the attempt and answers "pending"; this waits a few
 * seconds for the outcome so that the row can show it, then puts the item back in place in the list.
 */
export function useRetryInbound() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => {
      let item = await post<InboundItem>(`/admin/inbox/${id}/retry`);
      const deadline = Date.now() + 8000;
      while (item.status === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 600));
        item = await get<InboundItem>(`/admin/inbox/${id}`);
      }
      return item;
    },
    onSuccess: (item) => {
      type Pages = { pages: Page<InboundItem>[]; pageParams: unknown[] };
      client.setQueriesData<Pages>({ queryKey: mailKeys.inbound }, (old) =>
        old ? { ...old, pages: old.pages.map((page) => ({ ...page, items: page.items.map((x) => (x.id === item.id ? item : x)) })) } : old,
      );
    },
  });
}
