// Hooks for the Telegram bots screen (admin). Apart from queries.ts because only that lazily loaded
// screen uses them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, TelegramBot } from './types';

export const telegramKeys = { bots: ['telegram', 'bots'] as const };

export function useTelegramBots() {
  return useQuery({ queryKey: telegramKeys.bots, queryFn: () => get<Answer<'/telegram/bots'>>('/telegram/bots'), select: (d) => d.items });
}

export function useSaveTelegramBot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) => (id ? patch<TelegramBot>(`/telegram/bots/${id}`, body) : post<TelegramBot>('/telegram/bots', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: telegramKeys.bots }),
  });
}

export function useRemoveTelegramBot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<void>(`/telegram/bots/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: telegramKeys.bots }),
  });
}
