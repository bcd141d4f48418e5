// Hooks for the phone administration screen (telephony integrations and their webhook tokens).
// Apart from queries.ts because only that lazily loaded screen uses them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, PhoneIntegration, PhoneIntegrationWithToken } from './types';

export const phoneKeys = { integrations: ['phone', 'integrations'] as const };

export function usePhoneIntegrations() {
  return useQuery({ queryKey: phoneKeys.integrations, queryFn: () => get<Answer<'/phone/integrations'>>('/phone/integrations'), select: (d) => d.items });
}

function useRefresh() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: phoneKeys.integrations });
}

export function useCreatePhoneIntegration() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: { name: string; teamId: number | null }) => post<PhoneIntegrationWithToken>('/phone/integrations', body), onSuccess: refresh });
}

export function useUpdatePhoneIntegration() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: { name?: string; teamId?: number | null; active?: boolean } }) => patch<PhoneIntegration>(`/phone/integrations/${id}`, body), onSuccess: refresh });
}

export function useRotatePhoneToken() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => post<PhoneIntegrationWithToken>(`/phone/integrations/${id}/token`), onSuccess: refresh });
}

export function useDeletePhoneIntegration() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: number) => del<null>(`/phone/integrations/${id}`), onSuccess: refresh });
}
