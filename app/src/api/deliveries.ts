// Hooks for the Failed deliveries view and its sidebar count. Live events about deliveries
// (message.failed, message.requeued, message.sent) refresh everything under deliveryKeys.all.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, qs } from './client';
import { keys } from './queries';
import type { Answer } from './types';

export const deliveryKeys = {
  all: ['deliveries'] as const,
  count: ['deliveries', 'count'] as const,
  list: ['deliveries', 'list'] as const,
};

export function useFailedCount() {
  return useQuery({ queryKey: deliveryKeys.count, queryFn: () => get<Answer<'/deliveries/failed/count'>>('/deliveries/failed/count'), retry: 1, staleTime: 30_000 });
}

export function useFailedDeliveries() {
  return useInfiniteQuery({
    queryKey: deliveryKeys.list,
    queryFn: ({ pageParam }) => get<Answer<'/deliveries/failed'>>(`/deliveries/failed${qs({ limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export type RetryResult = Answer<'/deliveries/retry', 'post'>['items'][number]['result'];

/** "Send again" on one or several failed deliveries; each answers for itself. */
export function useRetryDeliveries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageIds: number[]) => post<Answer<'/deliveries/retry', 'post'>>('/deliveries/retry', { messageIds }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: deliveryKeys.all });
      void client.invalidateQueries({ queryKey: keys.tickets });
    },
  });
}
