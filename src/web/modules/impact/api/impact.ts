import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import {
  impactSummaryView,
  processView,
  type CreateProcessRequest,
} from '../../../../contracts/impact';
import { apiRequest } from '../../../api/client';

export type BusinessProcess = z.infer<typeof processView>;
export type ImpactSummary = z.infer<typeof impactSummaryView>;

export const impactKeys = {
  all: (orgId: string) => ['impact', orgId] as const,
  processes: (orgId: string) => ['impact', orgId, 'processes'] as const,
  summary: (orgId: string) => ['impact', orgId, 'summary'] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/business-processes`;

export function useBusinessProcesses(orgId: string) {
  return useQuery({
    queryKey: impactKeys.processes(orgId),
    queryFn: ({ signal }) =>
      apiRequest(base(orgId), { schema: z.object({ processes: z.array(processView) }), signal }),
    select: (d) => d.processes,
  });
}

export function useImpactSummary(orgId: string) {
  return useQuery({
    queryKey: impactKeys.summary(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/orgs/${orgId}/business-impact/summary`, {
        schema: impactSummaryView,
        signal,
      }),
  });
}

export function useSaveProcess(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; body: CreateProcessRequest }) =>
      input.id
        ? apiRequest(`${base(orgId)}/${input.id}`, {
            method: 'PATCH',
            body: input.body,
            schema: processView,
          })
        : apiRequest(base(orgId), { method: 'POST', body: input.body, schema: processView }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: impactKeys.all(orgId) }),
  });
}

export function useDeleteProcess(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`${base(orgId)}/${id}`, { method: 'DELETE', schema: okResponse }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: impactKeys.all(orgId) }),
  });
}
