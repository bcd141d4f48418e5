// Hooks for the business-hours calendars screen. Apart from queries.ts: only that lazily loaded
// screen uses them (SLA policies will read the list too).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from './client';
import type { Answer, BodyOf, Calendar } from './types';

const key = ['calendars'] as const;

export function useCalendars() {
  // Each answer says whether the calendar is open now: asked again each minute, so "open now" stays true.
  return useQuery({ queryKey: key, queryFn: () => get<Answer<'/calendars'>>('/calendars'), select: (d) => d.items, refetchInterval: 60_000 });
}

export type CalendarBody = BodyOf<'/calendars', 'post'>;
export type CalendarImport = Answer<'/calendars/{id}/holidays/import', 'post'>;

export function useSaveCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: CalendarBody }) => (id ? patch<Calendar>(`/calendars/${id}`, body) : post<Calendar>('/calendars', body)),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<null>(`/calendars/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useMakeDefaultCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => post<Calendar>(`/calendars/${id}/default`),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useImportHolidays() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ics, replace }: { id: number; ics: string; replace: boolean }) => post<CalendarImport>(`/calendars/${id}/holidays/import`, { ics, replace }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}
