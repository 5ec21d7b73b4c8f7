import { Tabs } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { Page } from '../../../components/Page';
import { useSession } from '../../../lib/session';
import { useOrganization } from '../../organizations/api/organizations';
import { phishingKeys } from '../api/phishing';
import { Campaigns } from '../components/Campaigns';
import { TargetGroups } from '../components/TargetGroups';
import { Settings } from '../components/Settings';
import { Templates } from '../components/Templates';
import { History } from '../components/History';

const tabs = ['campaigns', 'groups', 'templates', 'settings', 'history'] as const;
type Tab = (typeof tabs)[number];

/** Phishing training for one company: campaigns, target groups and templates. */
export function PhishingPage() {
  const { t } = useTranslation();
  const orgId = useParams().orgId ?? '';
  const me = useSession();
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab: Tab = tabs.find((x) => x === params.get('tab')) ?? 'campaigns';
  // The server allows changes to the company's own admins and the program's operators.
  const canAdmin = me.memberships.some(
    (m) => m.role === 'operator' || (m.organizationId === orgId && m.role === 'company_admin'),
  );

  const refresh = () => void queryClient.invalidateQueries({ queryKey: phishingKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'phishing.changed') refresh();
    },
    refresh,
  );

  return (
    <Page title={t('phishing.title')} description={org.data?.name}>
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'campaigns' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="campaigns">{t('phishing.tabs.campaigns')}</Tabs.Tab>
          <Tabs.Tab value="groups">{t('phishing.tabs.groups')}</Tabs.Tab>
          <Tabs.Tab value="templates">{t('phishing.tabs.templates')}</Tabs.Tab>
          {canAdmin && <Tabs.Tab value="settings">{t('phishing.tabs.settings')}</Tabs.Tab>}
          {canAdmin && <Tabs.Tab value="history">{t('phishingResults.history.tab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="campaigns">
          <Campaigns orgId={orgId} canAdmin={canAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="groups">
          <TargetGroups orgId={orgId} canAdmin={canAdmin} />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <Templates orgId={orgId} canAdmin={canAdmin} />
        </Tabs.Panel>
        {canAdmin && (
          <Tabs.Panel value="settings">
            <Settings orgId={orgId} />
          </Tabs.Panel>
        )}
        {canAdmin && (
          <Tabs.Panel value="history">
            <History
              orgId={orgId}
              companyAdmin={me.memberships.some(
                (m) => m.organizationId === orgId && m.role === 'company_admin',
              )}
            />
          </Tabs.Panel>
        )}
      </Tabs>
    </Page>
  );
}
