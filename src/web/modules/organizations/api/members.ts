import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import type { Role } from '../../../../contracts/identity';
import { memberView } from '../../../../contracts/organizations';
import { apiRequest } from '../../../api/client';
import { organizationKeys } from './organizations';

export type Member = z.infer<typeof memberView>;
const memberList = z.object({ members: z.array(memberView) });

export const listMembers = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`/api/orgs/${orgId}/members`, { schema: memberList, signal });

export function useMembers(orgId: string) {
  return useQuery({
    queryKey: organizationKeys.members(orgId),
    queryFn: ({ signal }) => listMembers(orgId, signal),
    select: (d) => d.members,
  });
}

export const changeMemberRole = (orgId: string, userId: string, role: Role) =>
  apiRequest(`/api/orgs/${orgId}/members/${userId}`, {
    method: 'PATCH',
    body: { role },
    schema: memberView,
  });

export function useChangeMemberRole(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      changeMemberRole(orgId, userId, role),
    onSettled: () => queryClient.invalidateQueries({ queryKey: organizationKeys.members(orgId) }),
  });
}

export const removeMember = (orgId: string, userId: string) =>
  apiRequest(`/api/orgs/${orgId}/members/${userId}`, {
    method: 'DELETE',
    body: {},
    schema: okResponse,
  });

export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(orgId, userId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: organizationKeys.members(orgId) }),
  });
}
