// Hooks for the contact forms screen (admin). Apart from queries.ts: only that lazily loaded screen uses them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, BodyOf, WebForm } from './types';

const key = ['web-forms'] as const;

export function useWebForms() {
  return useQuery({ queryKey: key, queryFn: () => get<Answer<'/web-forms'>>('/web-forms'), select: (d) => d.items });
}

export type WebFormBody = BodyOf<'/web-forms', 'post'>;

export function useSaveWebForm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: WebFormBody }) => (id ? patch<WebForm>(`/web-forms/${id}`, body) : post<WebForm>('/web-forms', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteWebForm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<null>(`/web-forms/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}
