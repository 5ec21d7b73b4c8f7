import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { acceptInvitationRequest } from '../../../../contracts/identity';
import { invitationPreview, meResponse } from '../../../../contracts/identity';
import { apiRequest } from '../../../api/client';
import { applyMe, meQueryKey } from '../../../api/me';

const path = (token: string) => `/api/invitations/${encodeURIComponent(token)}`;

export const getInvitationPreview = (token: string, signal?: AbortSignal) =>
  apiRequest(path(token), { schema: invitationPreview, signal });

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => getInvitationPreview(token, signal),
    retry: false,
  });
}

export const acceptInvitation = (token: string, body: z.input<typeof acceptInvitationRequest>) =>
  apiRequest(`${path(token)}/accept`, { method: 'POST', body, schema: meResponse });

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof acceptInvitationRequest>) => acceptInvitation(token, body),
    onSuccess: (me) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      applyMe(queryClient, me);
    },
  });
}
