import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  exportCsvUrl,
  phishingKeys,
  useCampaign,
  useCampaignResults,
  useRecipients,
  type CampaignResults,
} from '../api/phishing';
import { percent } from '../lib';
import { FollowUp } from '../components/FollowUp';
import { Timeline } from '../components/Timeline';
import { exportXlsxUrl } from '../api/history';

/** The program's key figure: fewer than one in twenty people click. */
const CLICK_RATE_TARGET = 0.05;
const knownReasons = [
  'head_request',
  'missing_user_agent',
  'security_gateway_agent',
  'script_user_agent',
  'outdated_user_agent',
  'too_soon_after_delivery',
  'click_burst',
  'click_without_open',
  'hidden_link',
  'gateway_address_range',
  'shared_address',
  'unconfirmed_click',
  'prefetch_request',
] as const;

function useReasonLabel() {
  const { t } = useTranslation();
  return (reason: string) => {
    const known = knownReasons.find((r) => r === reason);
    return known ? t(`phishing.reasons.${known}`) : t('phishing.reasons.other', { reason });
  };
}

function Funnel({ results }: { results: CampaignResults }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const reasonLabel = useReasonLabel();
  const f = results.funnel;
  const stages = useMemo(
    () => [
      {
        key: 'sent',
        label: t('phishing.funnel.sent'),
        count: f.sent,
        rate: f.recipients ? f.sent / f.recipients : 0,
      },
      {
        key: 'delivered',
        label: t('phishing.funnel.delivered'),
        count: f.delivered,
        rate: f.sent ? f.delivered / f.sent : 0,
      },
      { key: 'opened', label: t('phishing.funnel.opened'), ...f.opened },
      { key: 'clicked', label: t('phishing.funnel.clicked'), ...f.clicked },
      { key: 'submitted', label: t('phishing.funnel.submitted'), ...f.submitted },
      { key: 'reported', label: t('phishing.funnel.reported'), ...f.reported },
    ],
    [f, t],
  );
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 24, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: stages.map((s) => s.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('phishing.funnel.people'),
          data: stages.map((s) => s.count),
          itemStyle: { color: '#4263eb' },
          label: { show: true, position: 'top' },
        },
      ],
    }),
    [stages, t],
  );
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="phishing-funnel">
      <Stack>
        <Title order={2} fz="lg" id="phishing-funnel">
          {t('phishing.funnel.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishing.funnel.peopleOnly')}
        </Text>
        <EChart option={option} label={t('phishing.funnel.chartLabel')} height={280} />
        <SimpleGrid cols={{ base: 2, sm: 4, md: 7 }} component="dl" spacing="sm">
          <div>
            <Text component="dt" size="xs" c="dimmed">
              {t('phishing.funnel.recipients')}
            </Text>
            <Text component="dd" fw={700} fz="xl" m={0} data-testid="funnel-recipients">
              {fmt.number(f.recipients)}
            </Text>
          </div>
          {stages.map((s) => (
            <div key={s.key}>
              <Text component="dt" size="xs" c="dimmed">
                {s.label}
              </Text>
              <Text component="dd" fw={700} fz="xl" m={0} data-testid={`funnel-${s.key}`}>
                {fmt.number(s.count)}{' '}
                <Text span size="sm" c="dimmed" fw={400}>
                  ({percent(s.rate)})
                </Text>
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {f.failed > 0 && (
          <Text size="sm" c="red">
            {t('phishing.funnel.failed', { n: fmt.number(f.failed) })}
            {f.bounced > 0 && ` ${t('phishing.funnel.bounced', { n: fmt.number(f.bounced) })}`}
          </Text>
        )}
        <Stack gap={4} component="section" aria-labelledby="phishing-scanners">
          <Title order={3} fz="md" id="phishing-scanners">
            {t('phishing.scanners.title')}
          </Title>
          <Text size="sm" data-testid="scanner-events">
            {t('phishing.scanners.count', { n: fmt.number(results.scannerEvents) })}
          </Text>
          {results.forwardedEvents > 0 && (
            <Text size="sm" data-testid="forwarded-events">
              {t('phishing.scanners.forwarded', { n: fmt.number(results.forwardedEvents) })}
            </Text>
          )}
          {results.scannerReasons.length > 0 && (
            <Table withTableBorder verticalSpacing={4} maw={560}>
              <Table.Caption>{t('phishing.scanners.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('phishing.scanners.reason')}</Table.Th>
                  <Table.Th ta="right">{t('phishing.scanners.events')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {results.scannerReasons.map((r) => (
                  <Table.Tr key={r.reason}>
                    <Table.Td>{reasonLabel(r.reason)}</Table.Td>
                    <Table.Td ta="right">{fmt.number(r.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

function ByDepartment({ results }: { results: CampaignResults }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const rows = useMemo(
    () =>
      results.byDepartment.map((d) => ({
        ...d,
        label: d.department ?? t('phishing.departments.none'),
      })),
    [results.byDepartment, t],
  );
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)}%` },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: rows.map((d) => d.label), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' }, min: 0 },
      series: [
        {
          type: 'bar',
          name: t('phishing.funnel.opened'),
          data: rows.map((d) => +(d.opened.rate * 100).toFixed(1)),
          itemStyle: { color: '#74c0fc' },
        },
        {
          type: 'bar',
          name: t('phishing.funnel.clicked'),
          data: rows.map((d) => +(d.clicked.rate * 100).toFixed(1)),
          itemStyle: { color: '#f03e3e' },
          markLine: {
            symbol: 'none',
            lineStyle: { color: '#2b8a3e', type: 'dashed', width: 2 },
            label: { formatter: t('phishing.departments.target'), position: 'insideEndTop' },
            data: [{ yAxis: CLICK_RATE_TARGET * 100 }],
          },
        },
        {
          type: 'bar',
          name: t('phishing.funnel.reported'),
          data: rows.map((d) => +(d.reported.rate * 100).toFixed(1)),
          itemStyle: { color: '#40c057' },
        },
      ],
    }),
    [rows, t],
  );
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="phishing-departments"
    >
      <Stack>
        <Title order={2} fz="lg" id="phishing-departments">
          {t('phishing.departments.title')}
        </Title>
        {rows.length === 0 ? (
          <EmptyNote>{t('common.noData')}</EmptyNote>
        ) : (
          <>
            <EChart option={option} label={t('phishing.departments.chartLabel')} height={300} />
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing={4}>
                <Table.Caption>{t('phishing.departments.caption')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('phishing.departments.department')}</Table.Th>
                    <Table.Th ta="right">{t('phishing.funnel.recipients')}</Table.Th>
                    <Table.Th ta="right">{t('phishing.funnel.opened')}</Table.Th>
                    <Table.Th ta="right">{t('phishing.funnel.clicked')}</Table.Th>
                    <Table.Th ta="right">{t('phishing.funnel.submitted')}</Table.Th>
                    <Table.Th ta="right">{t('phishing.funnel.reported')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((d) => (
                    <Table.Tr key={d.label}>
                      <Table.Td>{d.label}</Table.Td>
                      <Table.Td ta="right">{fmt.number(d.recipients)}</Table.Td>
                      {(['opened', 'clicked', 'submitted', 'reported'] as const).map((k) => (
                        <Table.Td key={k} ta="right">
                          {fmt.number(d[k].count)} ({percent(d[k].rate)})
                          {k === 'clicked' && d.clicked.rate > CLICK_RATE_TARGET && (
                            <Badge ml={6} size="xs" color="red" variant="light">
                              {t('phishing.departments.aboveTarget')}
                            </Badge>
                          )}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Stack>
    </Card>
  );
}

function Recipients({ orgId, campaignId }: { orgId: string; campaignId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  // The keyset cursors of the pages visited so far; the first page starts at null.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors.at(-1) ?? null;
  const page = useRecipients(orgId, campaignId, after, true);
  const when = (v: string | null) => (v ? fmt.dateTime(v) : t('common.none'));
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="phishing-recipients"
    >
      <Stack>
        <Group justify="space-between">
          <Title order={2} fz="lg" id="phishing-recipients">
            {t('phishing.recipients.title')}
          </Title>
          <Group gap="xs">
            <Button
              component="a"
              href={exportCsvUrl(orgId, campaignId)}
              download
              variant="light"
              size="sm"
            >
              {t('phishing.recipients.export')}
            </Button>
            <Button
              component="a"
              href={exportXlsxUrl(orgId, campaignId)}
              download
              variant="light"
              size="sm"
            >
              {t('phishingResults.exportXlsx')}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('phishing.recipients.adminOnly')}
        </Text>
        <QueryState query={page}>
          {(data) =>
            data.recipients.length === 0 ? (
              <EmptyNote>{t('phishing.recipients.none')}</EmptyNote>
            ) : (
              <>
                <Table.ScrollContainer minWidth={1000}>
                  <Table striped verticalSpacing={4} fz="sm">
                    <Table.Caption>
                      {t('phishing.recipients.caption', { page: cursors.length })}
                    </Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('phishing.recipients.name')}</Table.Th>
                        <Table.Th>{t('auth.email')}</Table.Th>
                        <Table.Th>{t('phishing.departments.department')}</Table.Th>
                        <Table.Th>{t('phishing.funnel.sent')}</Table.Th>
                        <Table.Th>{t('phishing.funnel.opened')}</Table.Th>
                        <Table.Th>{t('phishing.funnel.clicked')}</Table.Th>
                        <Table.Th>{t('phishing.funnel.submitted')}</Table.Th>
                        <Table.Th>{t('phishing.funnel.reported')}</Table.Th>
                        <Table.Th ta="right">{t('phishing.recipients.scanner')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.recipients.map((r) => (
                        <Table.Tr key={r.id}>
                          <Table.Td>{r.name}</Table.Td>
                          <Table.Td>{r.email}</Table.Td>
                          <Table.Td>{r.department ?? t('common.none')}</Table.Td>
                          <Table.Td>
                            {r.sendError ? (
                              <Text size="sm" c="red" data-testid="send-failure">
                                {r.sendFailure === 'bounced'
                                  ? t('phishing.recipients.bounced')
                                  : t('phishing.recipients.sendFailed')}
                                <Text span size="xs" display="block" c="dimmed">
                                  {r.sendError}
                                </Text>
                              </Text>
                            ) : (
                              when(r.sentAt)
                            )}
                          </Table.Td>
                          <Table.Td>{when(r.openedAt)}</Table.Td>
                          <Table.Td>{when(r.clickedAt)}</Table.Td>
                          <Table.Td>{when(r.submittedAt)}</Table.Td>
                          <Table.Td>{when(r.reportedAt)}</Table.Td>
                          <Table.Td ta="right">{fmt.number(r.scannerEvents)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Group
                  justify="flex-end"
                  gap="xs"
                  component="nav"
                  aria-label={t('phishing.recipients.pages')}
                >
                  <Button
                    variant="default"
                    size="xs"
                    disabled={cursors.length <= 1}
                    onClick={() => setCursors((c) => c.slice(0, -1))}
                  >
                    {t('phishing.recipients.previous')}
                  </Button>
                  <Button
                    variant="default"
                    size="xs"
                    disabled={!data.nextAfter}
                    onClick={() => data.nextAfter && setCursors((c) => [...c, data.nextAfter])}
                  >
                    {t('phishing.recipients.next')}
                  </Button>
                </Group>
              </>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  );
}

/** One campaign's results, refreshed live as people (and scanners) open and click. */
export function CampaignResultsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const params = useParams();
  const orgId = params.orgId ?? '';
  const campaignId = params.campaignId ?? '';
  const me = useSession();
  const companyAdmin = me.memberships.some(
    (m) => m.organizationId === orgId && m.role === 'company_admin',
  );
  const campaign = useCampaign(orgId, campaignId);
  const results = useCampaignResults(orgId, campaignId);
  const queryClient = useQueryClient();

  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: phishingKeys.campaign(orgId, campaignId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event !== 'phishing.changed') return;
      const data = e.data as { campaignId?: unknown } | null;
      if (!data || data.campaignId === campaignId) refresh();
    },
    refresh,
  );

  const c = campaign.data;
  return (
    <Page
      title={c ? t('phishing.resultsTitle', { name: c.name }) : t('phishing.title')}
      description={
        <Anchor component={Link} to={`/companies/${orgId}/phishing`}>
          {t('phishing.backToCampaigns')}
        </Anchor>
      }
      actions={
        c && (
          <Group gap="xs">
            <Badge variant="light" size="lg">
              {t(`phishing.status.${c.status}`)}
            </Badge>
            {c.launchedAt && (
              <Text size="sm" c="dimmed">
                {t('phishing.campaigns.launchedOn', { at: fmt.dateTime(c.launchedAt) })}
              </Text>
            )}
          </Group>
        )
      }
    >
      {c?.relayError && (
        <Alert color="red" variant="light" title={t('phishing.relay.blockedTitle')} mb="md">
          <Text size="sm">{t('phishing.relay.blocked')}</Text>
          <Code block mt="xs">
            {c.relayError}
          </Code>
        </Alert>
      )}
      <QueryState query={results}>
        {(r) => (
          <>
            <Funnel results={r} />
            <ByDepartment results={r} />
            <Timeline orgId={orgId} campaignId={campaignId} />
          </>
        )}
      </QueryState>
      {companyAdmin && <Recipients orgId={orgId} campaignId={campaignId} />}
      {companyAdmin && <FollowUp orgId={orgId} campaignId={campaignId} />}
    </Page>
  );
}
