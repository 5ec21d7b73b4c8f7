import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { meResponse, type Me } from '../../contracts/identity';
import { apiRequest, isUnauthenticated, setCsrfToken } from './client';

export const meQueryKey = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await apiRequest('/api/me', { schema: meResponse, signal });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (isUnauthenticated(err)) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: ({ signal }) => fetchMe(signal),
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/** Stores a fresh meResponse (from login, invitation acceptance or a profile change). */
export function applyMe(queryClient: QueryClient, me: Me): void {
  setCsrfToken(me.csrfToken);
  queryClient.setQueryData(meQueryKey, me);
}
