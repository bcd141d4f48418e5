// Hooks for the background-work screen: the durable jobs (reactions to events among them) that
// died after their last attempt or wait their turn, and giving a dead one another go.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post, qs } from './client';
import type { Page } from './types';

export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

/** GET /admin/jobs's item (server/src/jobs/routes.ts). */
export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  lockedBy: string | null;
  lockedUntil: string | null;
  createdAt: string;
  finishedAt: string | null;
}

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
