import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { isApiError, isUnauthenticated, setCsrfRefresher } from '../api/client';
import { meQuery, meQueryKey, useMe } from '../api/me';
import { notifications } from '@mantine/notifications';
import { setUiLocale } from '../i18n';
import { AppRoutes } from './routes';
import { cssVariablesResolver, theme } from './theme';

function createQueryClient(): QueryClient {
  const onError = (error: unknown, key?: readonly unknown[]) => {
    if (!isUnauthenticated(error) || key?.[0] === meQueryKey[0]) return;
    // The session ended (expired or signed out elsewhere): re-read /api/me, which shows sign-in.
    if (isApiError(error) && error.code === 'session_expired') {
      notifications.show({ id: 'session-expired', color: 'orange', message: error.message });
    }
    void client.invalidateQueries({ queryKey: meQueryKey });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error) }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Retry only what may be transient: network failures and server errors.
        retry: (count, error) =>
          isApiError(error) && (error.status === 0 || error.status >= 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
  setCsrfRefresher(async () => {
    await client.fetchQuery({ ...meQuery, staleTime: 0 });
  });
  return client;
}

/** Follows the signed-in user's saved language. */
function LocaleSync() {
  const { data: me } = useMe();
  const locale = me?.user.locale;
  useEffect(() => {
    if (locale) void setUiLocale(locale);
  }, [locale]);
  return null;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
    >
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <LocaleSync />
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
