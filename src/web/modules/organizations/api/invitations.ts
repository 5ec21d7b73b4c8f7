import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import type { createInvitationRequest } from '../../../../contracts/organizations';
import { invitationView } from '../../../../contracts/organizations';
import { apiRequest } from '../../../api/client';
import { organizationKeys } from './organizations';

export type Invitation = z.infer<typeof invitationView>;
export type InvitationInput = z.input<typeof createInvitationRequest>;
const invitationList = z.object({ invitations: z.array(invitationView) });

export const listInvitations = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`/api/orgs/${orgId}/invitations`, { schema: invitationList, signal });

export function useInvitations(orgId: string, enabled = true) {
  return useQuery({
    queryKey: organizationKeys.invitations(orgId),
    queryFn: ({ signal }) => listInvitations(orgId, signal),
    select: (d) => d.invitations,
    enabled,
  });
}

export const createInvitation = (orgId: string, body: InvitationInput) =>
  apiRequest(`/api/orgs/${orgId}/invitations`, { method: 'POST', body, schema: invitationView });

export function useCreateInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationInput) => createInvitation(orgId, body),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: organizationKeys.invitations(orgId) }),
  });
}

export const revokeInvitation = (orgId: string, invitationId: string) =>
  apiRequest(`/api/orgs/${orgId}/invitations/${invitationId}`, {
    method: 'DELETE',
    body: {},
    schema: okResponse,
  });

export function useRevokeInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation(orgId, invitationId),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: organizationKeys.invitations(orgId) }),
  });
}
