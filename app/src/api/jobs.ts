// Hooks for the background-work screen: the durable jobs (reactions to events among them) that
// died after their last attempt or wait their turn, and giving a dead one another go.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post, qs } from './client';
import type { Job, JobStatus, Page } from './types';

export type { Job, JobStatus };

/** A reaction's jobs are of kind `reaction:<name>` (server/src/events/outbox.ts). */
export const REACTION_JOB_PREFIX = 'reaction:';

const jobKeys = { all: ['jobs'] as const, list: (status: JobStatus) => ['jobs', 'list', status] as const };

export function useJobs(status: JobStatus) {
  return useInfiniteQuery({
    queryKey: jobKeys.list(status),
    queryFn: ({ pageParam }) => get<Page<Job>>(`/admin/jobs${qs({ status, limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useRetryJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => post<Job>(`/admin/jobs/${id}/retry`),
    onSuccess: () => void client.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
