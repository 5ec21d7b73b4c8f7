import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  adoptStartersResult,
  starterDismissalsResult,
  starterSuggestionsView,
  type AdoptStartersRequest,
  type StarterKeysRequest,
} from '../../../../contracts/starters';
import { apiRequest } from '../../../api/client';

export const starterKeys = {
  suggestions: (orgId: string, scope: 'profile' | 'all') => ['starters', orgId, scope] as const,
};

export function useStarterSuggestions(orgId: string, scope: 'profile' | 'all') {
  return useQuery({
    queryKey: starterKeys.suggestions(orgId, scope),
    queryFn: ({ signal }) =>
      apiRequest(`/api/orgs/${orgId}/starter-suggestions?scope=${scope}`, {
        schema: starterSuggestionsView,
        signal,
      }),
  });
}

export function useAdoptStarters(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdoptStartersRequest) =>
      apiRequest(`/api/orgs/${orgId}/starter-suggestions/adopt`, {
        method: 'POST',
        body,
        schema: adoptStartersResult,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['starters', orgId] }),
  });
}

/** Drops suggestions (stored for the company) or brings dropped ones back. */
export function useStarterDismissal(orgId: string, action: 'dismiss' | 'restore') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<StarterKeysRequest>) =>
      apiRequest(`/api/orgs/${orgId}/starter-suggestions/${action}`, {
        method: 'POST',
        body,
        schema: starterDismissalsResult,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['starters', orgId] }),
  });
}
