import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { okResponse } from '../../../../contracts/common';
import {
  bcpOverviewView,
  type BcpOverviewView,
  type SystemFacts,
  type UpdateBcpPlanRequest,
} from '../../../../contracts/bcp';
import { apiRequest } from '../../../api/client';

export type BcpOverview = BcpOverviewView;
export type BcpSystem = BcpOverview['systems'][number];

export const bcpKeys = {
  all: (orgId: string) => ['bcp', orgId] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/bcp`;

/** Where the activation flow image is; `version` changes the address when the plan changes. */
export const activationFlowUrl = (orgId: string, language: string, version: string) =>
  `${base(orgId)}/activation-flow.svg?language=${language}&v=${encodeURIComponent(version)}`;

export function useBcpOverview(orgId: string) {
  return useQuery({
    queryKey: bcpKeys.all(orgId),
    queryFn: ({ signal }) => apiRequest(base(orgId), { schema: bcpOverviewView, signal }),
  });
}

export function useUpdatePlan(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBcpPlanRequest) =>
      apiRequest(`${base(orgId)}/plan`, { method: 'PATCH', body, schema: bcpOverviewView }),
    onSuccess: (data) => queryClient.setQueryData(bcpKeys.all(orgId), data),
  });
}

export function useSaveSystemFacts(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { assetId: string; facts: SystemFacts }) =>
      apiRequest(`${base(orgId)}/systems/${input.assetId}`, {
        method: 'PUT',
        body: input.facts,
        schema: bcpOverviewView,
      }),
    onSuccess: (data) => queryClient.setQueryData(bcpKeys.all(orgId), data),
  });
}

export function useClearSystemFacts(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assetId: string) =>
      apiRequest(`${base(orgId)}/systems/${assetId}`, { method: 'DELETE', schema: okResponse }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: bcpKeys.all(orgId) }),
  });
}
