// The customer portal's server state: the customer's session, their requests, one request.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, get, post, qs, setCsrfToken } from '../api/client';
import type { Answer, PortalCreated, PortalMe, PortalTicketDetail } from '../api/types';

const keys = { me: ['portal', 'me'] as const, tickets: ['portal', 'tickets'] as const, ticket: (number: number) => ['portal', 'ticket', number] as const };

/**
 * The signed-in customer, or null when nobody is (a 401 is not an error here). Not asked while a
 * sign-in link is being redeemed: an answer sent before the session cookie existed would land after
 * the redeemed session and sign the customer out again.
 */
export function usePortalMe(enabled = true) {
  return useQuery({
    enabled,
    queryKey: keys.me,
    queryFn: async () => {
      try {
        const me = await get<PortalMe>('/portal/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useRequestLink() {
  return useMutation({ mutationFn: (body: { email: string; locale: 'en' | 'ru' | 'ka' }) => post<{ sent: true }>('/portal/sign-in', body) });
}

export function useRedeemLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => post<PortalMe>('/portal/sessions', { token }),
    onSuccess: async (me) => {
      setCsrfToken(me.csrfToken);
      await client.cancelQueries({ queryKey: keys.me });
      client.setQueryData(keys.me, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('DELETE', '/portal/session'),
    onSuccess: () => {
      setCsrfToken(null);
      client.setQueryData(keys.me, null);
      client.removeQueries({ queryKey: keys.tickets });
    },
  });
}

export function usePortalTickets() {
  return useInfiniteQuery({
    queryKey: keys.tickets,
    queryFn: ({ pageParam }) => get<Answer<'/portal/tickets'>>(`/portal/tickets${qs({ limit: 25, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePortalTicket(number: number) {
  return useQuery({ queryKey: keys.ticket(number), queryFn: () => get<PortalTicketDetail>(`/portal/tickets/${number}`) });
}

/** The fields and files of a new request or an answer, as multipart (files go with the text). */
export function formOf(fields: Record<string, string>, files: File[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('file', file, file.name);
  return form;
}

export function useSendToPortal() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, form }: { path: string; form: FormData }) => post<PortalCreated>(path, form),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: keys.tickets });
      void client.invalidateQueries({ queryKey: keys.ticket(created.number) });
    },
  });
}
