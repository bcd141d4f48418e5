// The desk's settings: every agent reads them, the desk settings screen (supervisors and admins) changes them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch } from './client';
import type { Answer, BodyOf } from './types';

const key = ['desk-settings'] as const;

export type DeskSettings = Answer<'/desk-settings'>;

export function useDeskSettings() {
  return useQuery({ queryKey: key, queryFn: () => get<DeskSettings>('/desk-settings') });
}

export function useSaveDeskSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BodyOf<'/desk-settings', 'patch'>) => patch<DeskSettings>('/desk-settings', body),
    onSuccess: (saved) => {
      client.setQueryData(key, saved);
      // The Unanswered board and its count follow the new setting.
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}
