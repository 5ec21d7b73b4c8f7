import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import {
  contactView,
  csirtWorkspaceView,
  flowView,
  type ContactRequest,
  type FlowStep,
  type UpdateChecklistEntryRequest,
  type UpdateContactRequest,
  type UpdateProfileRequest,
  type UpdateRoleRequest,
} from '../../../../contracts/csirt';
import { apiRequest } from '../../../api/client';

export type CsirtWorkspace = z.infer<typeof csirtWorkspaceView>;
export type CsirtFlow = z.infer<typeof flowView>;
export type CsirtContact = z.infer<typeof contactView>;

export const csirtKeys = {
  all: (orgId: string) => ['csirt', orgId] as const,
  workspace: (orgId: string) => ['csirt', orgId, 'workspace'] as const,
  flow: (orgId: string, language: string) => ['csirt', orgId, 'flow', language] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/csirt`;

export function useCsirtWorkspace(orgId: string) {
  return useQuery({
    queryKey: csirtKeys.workspace(orgId),
    queryFn: ({ signal }) => apiRequest(base(orgId), { schema: csirtWorkspaceView, signal }),
  });
}

export function useCsirtFlow(orgId: string, language: string) {
  return useQuery({
    queryKey: csirtKeys.flow(orgId, language),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/flow?language=${language}`, { schema: flowView, signal }),
  });
}

/** Every write answers with fresh data; the rest of the page (and other people's) refetch. */
function useCsirtMutation<I>(orgId: string, run: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (data) => {
      if (csirtWorkspaceView.safeParse(data).success)
        queryClient.setQueryData(csirtKeys.workspace(orgId), data);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: csirtKeys.all(orgId) }),
  });
}

export const useSaveChecklistEntry = (orgId: string) =>
  useCsirtMutation(orgId, (input: { itemKey: string; body: UpdateChecklistEntryRequest }) =>
    apiRequest(`${base(orgId)}/checklist/${input.itemKey}`, {
      method: 'PUT',
      body: input.body,
      schema: csirtWorkspaceView,
    }),
  );

export const useSaveProfile = (orgId: string) =>
  useCsirtMutation(orgId, (body: UpdateProfileRequest) =>
    apiRequest(`${base(orgId)}/profile`, { method: 'PATCH', body, schema: csirtWorkspaceView }),
  );

export const useSaveRole = (orgId: string) =>
  useCsirtMutation(orgId, (input: { roleKey: string; body: UpdateRoleRequest }) =>
    apiRequest(`${base(orgId)}/roles/${input.roleKey}`, {
      method: 'PUT',
      body: input.body,
      schema: csirtWorkspaceView,
    }),
  );

export const useSaveContact = (orgId: string) =>
  useCsirtMutation(orgId, (input: { id: string | null; body: ContactRequest }) =>
    input.id
      ? apiRequest(`${base(orgId)}/contacts/${input.id}`, {
          method: 'PATCH',
          body: input.body satisfies UpdateContactRequest,
          schema: contactView,
        })
      : apiRequest(`${base(orgId)}/contacts`, {
          method: 'POST',
          body: input.body,
          schema: contactView,
        }),
  );

export const useDeleteContact = (orgId: string) =>
  useCsirtMutation(orgId, (id: string) =>
    apiRequest(`${base(orgId)}/contacts/${id}`, { method: 'DELETE', schema: okResponse }),
  );

export const useSaveFlow = (orgId: string, language: string) =>
  useCsirtMutation(orgId, (steps: FlowStep[] | null) =>
    steps
      ? apiRequest(`${base(orgId)}/flow?language=${language}`, {
          method: 'PUT',
          body: { steps },
          schema: flowView,
        })
      : apiRequest(`${base(orgId)}/flow?language=${language}`, {
          method: 'DELETE',
          schema: flowView,
        }),
  );

const generatedRef = z.object({ documentId: z.string(), version: z.number() }).loose();

/** Has the documents module generate (a new version of) one of the CSIRT documents. */
export function useGenerateDocument(orgId: string) {
  return useMutation({
    mutationFn: (input: { kind: string; language: string }) =>
      apiRequest(`/api/orgs/${orgId}/documents/${input.kind}/${input.language}/generate`, {
        method: 'POST',
        body: {},
        schema: generatedRef,
      }),
  });
}
