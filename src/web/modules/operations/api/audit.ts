import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditEntryView } from '../../../../contracts/operations';
import { auditPage } from '../../../../contracts/operations';
import { apiRequest } from '../../../api/client';

export type AuditEntry = z.infer<typeof auditEntryView>;
export interface AuditFilters {
  action: string;
  organizationId: string | null;
}
const PAGE_SIZE = 50;

export const getAuditPage = (filters: AuditFilters, before?: string, signal?: AbortSignal) =>
  apiRequest('/api/audit', {
    schema: auditPage,
    query: {
      action: filters.action.trim(),
      organizationId: filters.organizationId,
      before,
      limit: PAGE_SIZE,
    },
    signal,
  });

/** The audit log, newest first; fetchNextPage reads older entries. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => getAuditPage(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}
