import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import {
  heatMapView,
  riskMatrixView,
  riskView,
  type CreateRiskRequest,
} from '../../../../contracts/risks';
import { apiRequest } from '../../../api/client';

export type Risk = z.infer<typeof riskView>;
export type HeatMap = z.infer<typeof heatMapView>;
export type RiskMatrix = z.infer<typeof riskMatrixView>;

export const riskKeys = {
  all: (orgId: string) => ['risks', orgId] as const,
  list: (orgId: string) => ['risks', orgId, 'list'] as const,
  heatMap: (orgId: string) => ['risks', orgId, 'heat-map'] as const,
  matrix: (orgId: string) => ['risks', orgId, 'matrix'] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/risks`;

export const listRisks = (orgId: string, signal?: AbortSignal) =>
  apiRequest(base(orgId), { schema: z.object({ risks: z.array(riskView) }), signal });

export function useRisks(orgId: string) {
  return useQuery({
    queryKey: riskKeys.list(orgId),
    queryFn: ({ signal }) => listRisks(orgId, signal),
    select: (d) => d.risks,
  });
}

export const getHeatMap = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/heat-map`, { schema: heatMapView, signal });

export function useHeatMap(orgId: string) {
  return useQuery({
    queryKey: riskKeys.heatMap(orgId),
    queryFn: ({ signal }) => getHeatMap(orgId, signal),
  });
}

export const getRiskMatrix = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`/api/orgs/${orgId}/risk-matrix`, { schema: riskMatrixView, signal });

export function useRiskMatrix(orgId: string) {
  return useQuery({
    queryKey: riskKeys.matrix(orgId),
    queryFn: ({ signal }) => getRiskMatrix(orgId, signal),
  });
}

export const createRisk = (orgId: string, body: CreateRiskRequest) =>
  apiRequest(base(orgId), { method: 'POST', body, schema: riskView });

export const updateRisk = (orgId: string, id: string, body: CreateRiskRequest) =>
  apiRequest(`${base(orgId)}/${id}`, { method: 'PATCH', body, schema: riskView });

export const deleteRisk = (orgId: string, id: string) =>
  apiRequest(`${base(orgId)}/${id}`, { method: 'DELETE', schema: okResponse });

export function useSaveRisk(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; body: CreateRiskRequest }) =>
      input.id ? updateRisk(orgId, input.id, input.body) : createRisk(orgId, input.body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: riskKeys.all(orgId) }),
  });
}

export function useDeleteRisk(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteRisk(orgId, id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: riskKeys.all(orgId) }),
  });
}
