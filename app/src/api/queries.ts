// TanStack Query keys and hooks for every resource the screens read or change.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, qs } from './client';
import type { Agent, Answer, ApiTokenCreated, Counts, CustomerDetail, Me, MessageDelivery, Message, Participant, SetupState, Team, Ticket, TicketDetail, View } from './types';

export const keys = {
  me: ['me'] as const,
  counts: ['counts'] as const,
  tickets: ['tickets'] as const,
  ticketList: (filters: TicketFilters) => ['tickets', 'list', filters] as const,
  ticket: (id: number) => ['tickets', 'one', id] as const,
  // Outside 'tickets': what invalidates tickets must not look the number up again.
  ticketNumber: (number: number) => ['ticket-number', number] as const,
  history: (id: number) => ['tickets', 'history', id] as const,
  customer: (id: number) => ['customers', id] as const,
  agents: ['agents'] as const,
  teams: ['teams'] as const,
  tokens: ['tokens'] as const,
  setup: ['setup'] as const,
  tags: ['tags'] as const,
};

export interface TicketFilters {
  view: View;
  status?: string;
  priority?: string;
  channel?: string;
  teamId?: string;
  assigneeId?: string;
  tag?: string;
  language?: string;
  q?: string;
  sort?: string;
}

export const fetchMe = () => get<Me>('/me');

export function useCounts(enabled = true) {
  return useQuery({ queryKey: keys.counts, queryFn: () => get<Counts>('/tickets/counts'), enabled, retry: 1, staleTime: 30_000 });
}

export function useTicketList(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: keys.ticketList(filters),
    queryFn: ({ pageParam }) => get<Answer<'/tickets'>>(`/tickets${qs({ ...filters, limit: 100, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 15_000,
  });
}

export function useTicket(id: number) {
  return useQuery({ queryKey: keys.ticket(id), queryFn: () => get<TicketDetail>(`/tickets/${id}`) });
}

/** The ticket agents call #number; what it reads also fills the ticket's own query, so the page opens at once. */
export function useTicketByNumber(number: number) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.ticketNumber(number),
    queryFn: async () => {
      const ticket = await get<TicketDetail>(`/tickets/by-number/${number}`);
      client.setQueryData(keys.ticket(ticket.id), ticket);
      return ticket.id;
    },
    // A number never moves to another ticket.
    staleTime: Infinity,
  });
}

export function useHistory(id: number) {
  return useQuery({ queryKey: keys.history(id), queryFn: () => get<Answer<'/tickets/{id}/history'>>(`/tickets/${id}/history`) });
}

export function useCustomer(id: number | undefined) {
  return useQuery({ queryKey: keys.customer(id ?? 0), queryFn: () => get<CustomerDetail>(`/customers/${id}`), enabled: !!id });
}

export function useAgents() {
  return useQuery({ queryKey: keys.agents, queryFn: () => get<Answer<'/agents'>>('/agents'), staleTime: 60_000, select: (d) => d.items });
}

export function useTeams() {
  return useQuery({ queryKey: keys.teams, queryFn: () => get<Answer<'/teams'>>('/teams'), staleTime: 60_000, select: (d) => d.items });
}

/** Whether the instance still waits for its first admin (the set-up screen), and the desk's name. */
export function useSetupState(enabled = true) {
  return useQuery({ queryKey: keys.setup, queryFn: () => get<SetupState>('/setup'), enabled, staleTime: 60_000, retry: 1 });
}

/** The tags in use on the latest tickets, most used first, for the inbox's tag picker. */
export function useTagsInUse(enabled = true) {
  return useQuery({ queryKey: keys.tags, queryFn: () => get<Answer<'/tags'>>('/tags'), enabled, staleTime: 5 * 60_000, select: (d) => d.items });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: () => get<Answer<'/me/tokens'>>('/me/tokens'), select: (d) => d.items });
}

/** A change to a ticket; `reason` goes with a solve or close of a ticket whose customer waits (the server asks for it). */
export type TicketPatch = Partial<Pick<Ticket, 'status' | 'priority' | 'teamId' | 'assigneeId' | 'tags' | 'subject'>> & { reason?: string };

/** Changes one ticket and refreshes what shows it. */
export function useUpdateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: TicketPatch }) => patch<TicketDetail>(`/tickets/${id}`, change),
    onSuccess: (ticket) => {
      client.setQueryData<TicketDetail>(keys.ticket(ticket.id), (old) => (old ? { ...old, ...ticket, messages: old.messages } : old));
      void client.invalidateQueries({ queryKey: keys.tickets });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

/** Accepts a proposed participant or removes one; the ticket and its history show the change. */
export function useParticipantDecision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ ticketId, email, decision }: { ticketId: number; email: string; decision: 'accept' | 'remove' }): Promise<Participant | void> => {
      const path = `/tickets/${ticketId}/participants/${encodeURIComponent(email)}`;
      return decision === 'accept' ? patch<Participant>(path, { state: 'accepted' }) : del<void>(path);
    },
    onSuccess: (_result, { ticketId }) => {
      void client.invalidateQueries({ queryKey: keys.ticket(ticketId) });
      void client.invalidateQueries({ queryKey: keys.history(ticketId) });
    },
  });
}

export interface ReplyInput {
  ticketId: number;
  body: string;
  internal: boolean;
  files: File[];
}

export function useSendMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, body, internal, files }: ReplyInput) => {
      if (files.length === 0) return post<Message>(`/tickets/${ticketId}/messages`, { body, internal });
      const form = new FormData();
      form.set('body', body);
      form.set('internal', String(internal));
      for (const file of files) form.append('files', file, file.name);
      return post<Message>(`/tickets/${ticketId}/messages`, form);
    },
    onSuccess: (_message, input) => {
      void client.invalidateQueries({ queryKey: keys.ticket(input.ticketId) });
      void client.invalidateQueries({ queryKey: keys.history(input.ticketId) });
      void client.invalidateQueries({ queryKey: keys.counts });
    },
  });
}

export function useRetryMessage(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageId: number) => post<MessageDelivery>(`/messages/${messageId}/retry`),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.ticket(ticketId) }),
  });
}

export function useSaveAgent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id ? patch<Agent>(`/agents/${id}`, body) : post<Agent>('/agents', body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.agents });
      void client.invalidateQueries({ queryKey: keys.teams });
    },
  });
}

export function useUnlockAgent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => post<Agent>(`/agents/${id}/unlock`),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.agents }),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: { currentPassword: string; newPassword: string }) => post<void>('/me/password', body) });
}

export function useSaveTeam() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: { name?: string; agentIds?: number[] } }) =>
      id ? patch<Team>(`/teams/${id}`, body) : post<Team>('/teams', body),
    onSuccess: (team) => {
      client.setQueryData<Answer<'/teams'>>(keys.teams, (old) =>
        old ? { items: old.items.some((t) => t.id === team.id) ? old.items.map((t) => (t.id === team.id ? team : t)) : [...old.items, team] } : old,
      );
      void client.invalidateQueries({ queryKey: keys.teams });
      void client.invalidateQueries({ queryKey: keys.agents });
    },
  });
}

export function useTokenMutations() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: keys.tokens });
  const create = useMutation({ mutationFn: (name: string) => post<ApiTokenCreated>('/me/tokens', { name }), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (id: number) => del<void>(`/me/tokens/${id}`), onSuccess: refresh });
  return { create, revoke };
}

export function useUpdateMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<Agent>('/me', body),
    onSuccess: (agent) => {
      client.setQueryData<Me>(keys.me, (old) => (old ? { ...old, ...agent } : old));
      void client.invalidateQueries({ queryKey: keys.agents });
    },
  });
}
