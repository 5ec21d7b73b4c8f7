import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import {
  actionProposalView,
  actionView,
  goalsView,
  improvementOverview,
  movementView,
  programImprovementSummary,
  securityActionView,
  type CreateActionRequest,
  type PutGoalsRequest,
  type RecordProgressRequest,
  type SecurityActionRequest,
  type UpdateActionRequest,
} from '../../../../contracts/improvement';
import { apiRequest } from '../../../api/client';

export type Action = z.infer<typeof actionView>;
export type Proposal = z.infer<typeof actionProposalView>;
export type Overview = z.infer<typeof improvementOverview>;
export type Goals = z.infer<typeof goalsView>;
export type Movement = z.infer<typeof movementView>;
export type SecurityAction = z.infer<typeof securityActionView>;

export const improvementKeys = {
  all: (orgId: string) => ['improvement', orgId] as const,
  overview: (orgId: string) => ['improvement', orgId, 'overview'] as const,
  proposals: (orgId: string) => ['improvement', orgId, 'proposals'] as const,
  goals: (orgId: string) => ['improvement', orgId, 'goals'] as const,
  movement: (orgId: string) => ['improvement', orgId, 'movement'] as const,
  securityAction: (orgId: string) => ['improvement', orgId, 'security-action'] as const,
  programSummary: (programId: string) => ['improvement', 'program', programId] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/improvement`;

export function useImprovement(orgId: string) {
  return useQuery({
    queryKey: improvementKeys.overview(orgId),
    queryFn: ({ signal }) => apiRequest(base(orgId), { schema: improvementOverview, signal }),
  });
}

export function useProposals(orgId: string) {
  return useQuery({
    queryKey: improvementKeys.proposals(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/proposals`, {
        schema: z.object({ proposals: z.array(actionProposalView) }),
        signal,
      }),
    select: (d) => d.proposals,
  });
}

export function useGoals(orgId: string) {
  return useQuery({
    queryKey: improvementKeys.goals(orgId),
    queryFn: ({ signal }) => apiRequest(`${base(orgId)}/goals`, { schema: goalsView, signal }),
  });
}

export function useMovement(orgId: string) {
  return useQuery({
    queryKey: improvementKeys.movement(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/movement`, { schema: movementView, signal }),
  });
}

export function useSecurityAction(orgId: string) {
  return useQuery({
    queryKey: improvementKeys.securityAction(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/orgs/${orgId}/security-action`, { schema: securityActionView, signal }),
  });
}

export function useProgramImprovementSummary(programId: string) {
  return useQuery({
    queryKey: improvementKeys.programSummary(programId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/programs/${programId}/improvement-summary`, {
        schema: programImprovementSummary,
        signal,
      }),
  });
}

function useImprovementMutation<T, R>(orgId: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: improvementKeys.all(orgId) }),
  });
}

export const useCreateAction = (orgId: string) =>
  useImprovementMutation(orgId, (body: CreateActionRequest) =>
    apiRequest(`${base(orgId)}/actions`, { method: 'POST', body, schema: actionView }),
  );

export const useUpdateAction = (orgId: string) =>
  useImprovementMutation(orgId, (input: { id: string; body: UpdateActionRequest }) =>
    apiRequest(`${base(orgId)}/actions/${input.id}`, {
      method: 'PATCH',
      body: input.body,
      schema: actionView,
    }),
  );

export const useDeleteAction = (orgId: string) =>
  useImprovementMutation(orgId, (id: string) =>
    apiRequest(`${base(orgId)}/actions/${id}`, { method: 'DELETE', schema: okResponse }),
  );

export const useRecordProgress = (orgId: string) =>
  useImprovementMutation(orgId, (input: { id: string; body: RecordProgressRequest }) =>
    apiRequest(`${base(orgId)}/actions/${input.id}/progress`, {
      method: 'PUT',
      body: input.body,
      schema: actionView,
    }),
  );

export const useAcceptProposals = (orgId: string) =>
  useImprovementMutation(orgId, (body: { keys: string[]; agreedVisit: number | null }) =>
    apiRequest(`${base(orgId)}/proposals/accept`, {
      method: 'POST',
      body,
      schema: z.object({ actions: z.array(actionView) }),
    }),
  );

export const usePutGoals = (orgId: string) =>
  useImprovementMutation(orgId, (body: PutGoalsRequest) =>
    apiRequest(`${base(orgId)}/goals`, { method: 'PUT', body, schema: goalsView }),
  );

export const useSetSecurityAction = (orgId: string) =>
  useImprovementMutation(orgId, (body: SecurityActionRequest) =>
    apiRequest(`/api/orgs/${orgId}/security-action`, {
      method: 'PUT',
      body,
      schema: securityActionView,
    }),
  );
