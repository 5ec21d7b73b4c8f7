import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import type { createApiTokenRequest } from '../../../../contracts/identity';
import { apiTokenView, createdApiToken } from '../../../../contracts/identity';
import { apiRequest } from '../../../api/client';

export type ApiToken = z.infer<typeof apiTokenView>;
const tokensKey = ['api-tokens'] as const;
const tokenList = z.object({ tokens: z.array(apiTokenView) });

export const listApiTokens = (signal?: AbortSignal) =>
  apiRequest('/api/me/tokens', { schema: tokenList, signal });

export function useApiTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => listApiTokens(signal),
    select: (d) => d.tokens,
  });
}

export const createApiToken = (body: z.input<typeof createApiTokenRequest>) =>
  apiRequest('/api/me/tokens', { method: 'POST', body, schema: createdApiToken });

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export const revokeApiToken = (tokenId: string) =>
  apiRequest(`/api/me/tokens/${tokenId}`, { method: 'DELETE', body: {}, schema: okResponse });

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
