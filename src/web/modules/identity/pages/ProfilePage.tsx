import { SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/Page';
import { useSession } from '../../../lib/session';
import { ApiTokens } from '../components/ApiTokens';
import { ChangePassword } from '../components/ChangePassword';
import { ProfileSettings } from '../components/ProfileSettings';
import { TwoFactor } from '../components/TwoFactor';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useSession();
  return (
    <Page title={t('profile.title')}>
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <ProfileSettings key={`${me.user.id}:${me.user.locale}:${me.user.timeZone}`} me={me} />
          <ChangePassword />
        </SimpleGrid>
        <TwoFactor me={me} />
        <ApiTokens />
      </Stack>
    </Page>
  );
}
