import { Anchor, Box, Container, Group, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LanguageSwitcher } from './LanguageSwitcher';

/** Sign-in, password reset and invitation pages: no navigation, just the form. `wide` for longer forms. */
export function PublicLayout({ wide = false }: { wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <Box
        component="header"
        bg="white"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Container size="md" py="sm">
          <Group justify="space-between">
            <Anchor component={Link} to="/" fw={700} fz="lg" c="indigo.9" underline="never">
              {t('app.name')}
            </Anchor>
            <LanguageSwitcher />
          </Group>
        </Container>
      </Box>
      <Container
        size={wide ? 760 : 480}
        py={{ base: 'lg', sm: 48 }}
        component="main"
        id="main"
        tabIndex={-1}
      >
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
          <Outlet />
        </Paper>
      </Container>
    </Box>
  );
}
