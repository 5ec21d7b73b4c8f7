import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { EChart, type EChartOption } from '../../../components/EChart';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { notifyError, notifySuccess } from '../../../components/notify';
import {
  csirtKeys,
  useCsirtWorkspace,
  useGenerateDocument,
  type CsirtWorkspace,
} from '../api/csirt';
import { ChecklistTab } from '../components/ChecklistTab';
import { FlowTab } from '../components/FlowTab';
import { useLocalized } from '../components/localized';
import { RolesTab } from '../components/RolesTab';
import { ServicesTab } from '../components/ServicesTab';
import { TeamTab } from '../components/TeamTab';

const documentKinds = [
  'csirt-description',
  'incident-report-form',
  'incident-response-flow',
  'csirt-charter',
] as const;

function ProgressCard({ data }: { data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const p = data.progress;
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: {
        type: 'category',
        data: p.visits.map((v) => t('csirt.progress.visit', { n: v.visit })),
      },
      yAxis: { type: 'value', minInterval: 1, max: p.total },
      series: [
        {
          name: t('csirt.progress.decided'),
          type: 'bar',
          data: p.visits.map((v) => v.decided),
          itemStyle: { color: '#4c6ef5' },
        },
        {
          name: t('csirt.progress.cumulative'),
          type: 'line',
          data: p.visits.map((v) => v.cumulative),
          itemStyle: { color: '#12b886' },
        },
      ],
    }),
    [p, t],
  );
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="csirt-progress">
      <Stack gap="xs">
        <Title order={2} fz="lg" id="csirt-progress">
          {t('csirt.progress.title')}
        </Title>
        <Text size="sm">
          {t('csirt.progress.summary', { total: p.total, decided: p.decided, na: p.notApplicable })}
        </Text>
        <EChart option={option} height={220} label={t('csirt.progress.chartLabel')} />
      </Stack>
    </Card>
  );
}

function WarningsCard({ data }: { data: CsirtWorkspace }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="csirt-warnings">
      <Stack gap="xs">
        <Title order={2} fz="lg" id="csirt-warnings">
          {t('csirt.warnings.title', { count: data.warnings.length })}
        </Title>
        {data.warnings.length === 0 ? (
          <Text size="sm">{t('csirt.warnings.none')}</Text>
        ) : (
          <Alert color="yellow" p="sm">
            <List size="sm" spacing={4} style={{ maxHeight: 220, overflowY: 'auto' }}>
              {data.warnings.map((w, i) => (
                <List.Item key={`${w.code}-${w.ref}-${i}`}>
                  <Badge size="xs" variant="light" color="gray" mr={6}>
                    {t(`csirt.warnings.areas.${w.area as 'checklist'}`, { defaultValue: w.area })}
                  </Badge>
                  {w.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function DocumentsCard({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const navigate = useNavigate();
  const generate = useGenerateDocument(orgId);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="csirt-documents">
      <Stack gap="xs">
        <Title order={2} fz="lg" id="csirt-documents">
          {t('csirt.documents.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('csirt.documents.description')}
        </Text>
        <Group gap="sm">
          {documentKinds.map((kind) => {
            const name = t(`csirt.documents.kinds.${kind}`);
            return (
              <Button
                key={kind}
                variant="light"
                loading={generate.isPending && generate.variables.kind === kind}
                onClick={() =>
                  generate.mutate(
                    { kind, language: localized.locale },
                    {
                      onSuccess: () => {
                        notifySuccess(t('csirt.documents.generated', { name }));
                        void navigate(
                          `/companies/${orgId}/documents/${kind}?language=${localized.locale}`,
                        );
                      },
                      onError: notifyError,
                    },
                  )
                }
              >
                {t('csirt.documents.generate', { name })}
              </Button>
            );
          })}
        </Group>
      </Stack>
    </Card>
  );
}

/** One company's CSIRT building: checklist per visit, services, roles and contacts, team facts, flow. */
export function CsirtPage() {
  const { t } = useTranslation();
  const orgId = useParams().orgId ?? '';
  const queryClient = useQueryClient();
  const workspace = useCsirtWorkspace(orgId);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: csirtKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'csirt.changed') refresh();
    },
    refresh,
  );
  return (
    <Page title={t('csirt.title')}>
      <QueryState query={workspace}>
        {(data) => (
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <ProgressCard data={data} />
              <WarningsCard data={data} />
            </SimpleGrid>
            <DocumentsCard orgId={orgId} />
            <Tabs defaultValue="checklist" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="checklist">{t('csirt.tabs.checklist')}</Tabs.Tab>
                <Tabs.Tab value="services">{t('csirt.tabs.services')}</Tabs.Tab>
                <Tabs.Tab value="roles">{t('csirt.tabs.roles')}</Tabs.Tab>
                <Tabs.Tab value="team">{t('csirt.tabs.team')}</Tabs.Tab>
                <Tabs.Tab value="flow">{t('csirt.tabs.flow')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="checklist">
                <ChecklistTab orgId={orgId} data={data} />
              </Tabs.Panel>
              <Tabs.Panel value="services">
                <ServicesTab key={data.profile.updatedAt ?? ''} orgId={orgId} data={data} />
              </Tabs.Panel>
              <Tabs.Panel value="roles">
                <RolesTab orgId={orgId} data={data} />
              </Tabs.Panel>
              <Tabs.Panel value="team">
                <TeamTab key={data.profile.updatedAt ?? ''} orgId={orgId} data={data} />
              </Tabs.Panel>
              <Tabs.Panel value="flow">
                <FlowTab orgId={orgId} data={data} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
