import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import { expertAssignmentView } from '../../../../contracts/operations';
import { memberView } from '../../../../contracts/organizations';
import { apiRequest } from '../../../api/client';

export type ExpertAssignment = z.infer<typeof expertAssignmentView>;
const assignmentList = z.object({ assignments: z.array(expertAssignmentView) });
const memberList = z.object({ members: z.array(memberView) });

const keys = {
  assignments: (programId: string) => ['programs', programId, 'assignments'] as const,
  experts: (operatorOrgId: string) => ['programs', 'experts', operatorOrgId] as const,
};

export function useAssignments(programId: string) {
  return useQuery({
    queryKey: keys.assignments(programId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/programs/${programId}/assignments`, { schema: assignmentList, signal }),
    select: (d) => d.assignments,
  });
}

/** The secretariat's experts: members of the operator organisation with the expert role. */
export function useExperts(operatorOrgId: string | undefined) {
  return useQuery({
    queryKey: keys.experts(operatorOrgId ?? ''),
    queryFn: ({ signal }) =>
      apiRequest(`/api/orgs/${operatorOrgId}/members`, { schema: memberList, signal }),
    select: (d) => d.members.filter((m) => m.role === 'expert'),
    enabled: Boolean(operatorOrgId),
  });
}

export function useAssignExpert(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { companyId: string; expertUserId: string }) =>
      apiRequest(`/api/programs/${programId}/assignments`, {
        method: 'POST',
        body,
        schema: expertAssignmentView,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.assignments(programId) }),
  });
}

export function useUnassignExpert(programId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignmentId: string) =>
      apiRequest(`/api/programs/${programId}/assignments/${assignmentId}`, {
        method: 'DELETE',
        body: {},
        schema: okResponse,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.assignments(programId) }),
  });
}
