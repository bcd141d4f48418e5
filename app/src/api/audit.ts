// The audit log for the admin screen; apart from queries.ts so it stays in that lazy screen's bundle.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditAction, AuditSubject } from '@frontline/shared';
import { get, qs } from './client';
import type { Answer } from './types';

export type { AuditEntry } from './types';

export interface AuditFilter {
  action?: AuditAction | undefined;
  actorId?: number | undefined;
  subjectType?: AuditSubject | undefined;
  subjectId?: number | undefined;
}

export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit', filter] as const,
    queryFn: ({ pageParam }) => get<Answer<'/admin/audit'>>(`/admin/audit${qs({ ...filter, limit: 50, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
