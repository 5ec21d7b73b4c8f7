import { Center, Container } from '@mantine/core';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/me';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageLoader } from '../components/PageLoader';
import { SessionProvider } from '../lib/session';
import { AppLayout } from './AppLayout';

/** The signed-in part of the app: shows sign-in when nobody is signed in. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader minHeight="100vh" />;
  if (me.isError) {
    return (
      <Center mih="100vh">
        <Container size="xs">
          <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
        </Container>
      </Center>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    const target = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
    return <Navigate to={target} replace />;
  }
  return (
    <SessionProvider me={me.data}>
      <AppLayout />
    </SessionProvider>
  );
}
