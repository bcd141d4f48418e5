// Hooks for the WhatsApp numbers screen (admin). Apart from queries.ts because only that lazily
// loaded screen uses them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, WhatsappNumber } from './types';

export const whatsappKeys = { numbers: ['whatsapp', 'numbers'] as const };

export function useWhatsappNumbers() {
  return useQuery({ queryKey: whatsappKeys.numbers, queryFn: () => get<Answer<'/whatsapp/numbers'>>('/whatsapp/numbers'), select: (d) => d.items });
}

export function useSaveWhatsappNumber() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) => (id ? patch<WhatsappNumber>(`/whatsapp/numbers/${id}`, body) : post<WhatsappNumber>('/whatsapp/numbers', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: whatsappKeys.numbers }),
  });
}

export function useRemoveWhatsappNumber() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<void>(`/whatsapp/numbers/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: whatsappKeys.numbers }),
  });
}
