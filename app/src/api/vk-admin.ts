// Hooks for the VK communities screen (admin). Apart from queries.ts because only that lazily
// loaded screen uses them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, VkCommunity } from './types';

export const vkKeys = { communities: ['vk', 'communities'] as const };

export function useVkCommunities() {
  return useQuery({ queryKey: vkKeys.communities, queryFn: () => get<Answer<'/vk/communities'>>('/vk/communities'), select: (d) => d.items });
}

export function useSaveVkCommunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) => (id ? patch<VkCommunity>(`/vk/communities/${id}`, body) : post<VkCommunity>('/vk/communities', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: vkKeys.communities }),
  });
}

export function useRemoveVkCommunity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<void>(`/vk/communities/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: vkKeys.communities }),
  });
}
