// Hooks for the website chat sites screen (admin). Apart from queries.ts because only that lazily
// loaded screen uses them. The shapes come from the server's schemas (types.ts, generated.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, BodyOf, ChatSite } from './types';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
/** A range of a day, local time of the site's time zone: ['09:00', '18:00']. */
export type TimeRange = [string, string];
export type AskEmail = ChatSite['askEmail'];
export type { ChatSite };
/** POST takes the name and any of the rest; PATCH any of the fields. */
export type ChatSiteBody = BodyOf<'/chat-sites', 'post'>;

export const chatKeys = { sites: ['chat', 'sites'] as const };

export function useChatSites() {
  return useQuery({ queryKey: chatKeys.sites, queryFn: () => get<Answer<'/chat-sites'>>('/chat-sites'), select: (d) => d.sites });
}

export function useSaveChatSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Partial<ChatSiteBody> }) => (id ? patch<ChatSite>(`/chat-sites/${id}`, body) : post<ChatSite>('/chat-sites', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: chatKeys.sites }),
  });
}

export function useRemoveChatSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<void>(`/chat-sites/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: chatKeys.sites }),
  });
}
