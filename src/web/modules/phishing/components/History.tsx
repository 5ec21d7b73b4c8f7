import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCampaignTrend,
  useDepartmentHistory,
  usePersonHistory,
  type CampaignTrend,
} from '../api/history';
import { percent } from '../lib';

function Trend({ trend }: { trend: CampaignTrend }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const target = trend.clickRateTarget;
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)}%` },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 56 },
      xAxis: {
        type: 'category',
        data: trend.campaigns.map((c) => `${c.name}\n${fmt.date(c.launchedAt)}`),
        axisLabel: { interval: 0 },
      },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'line',
          name: t('phishingResults.history.clickRate'),
          data: trend.campaigns.map((c) => +(c.clickRate * 100).toFixed(1)),
          itemStyle: { color: '#f03e3e' },
          label: { show: true, formatter: '{c}%' },
          markLine: {
            symbol: 'none',
            lineStyle: { color: '#2b8a3e', type: 'dashed', width: 2 },
            label: {
              formatter: t('phishingResults.history.target', { rate: percent(target) }),
              position: 'insideEndTop',
            },
            data: [{ yAxis: target * 100 }],
          },
        },
        {
          type: 'line',
          name: t('phishingResults.history.reportRate'),
          data: trend.campaigns.map((c) => +(c.reportRate * 100).toFixed(1)),
          itemStyle: { color: '#40c057' },
        },
      ],
    }),
    [trend, t, fmt, target],
  );
  return (
    <>
      <EChart option={option} label={t('phishingResults.history.trendChart')} height={300} />
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Caption>{t('phishingResults.history.trendCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('phishingResults.history.campaign')}</Table.Th>
              <Table.Th>{t('phishingResults.history.launched')}</Table.Th>
              <Table.Th ta="right">{t('phishing.funnel.sent')}</Table.Th>
              <Table.Th ta="right">{t('phishing.funnel.opened')}</Table.Th>
              <Table.Th ta="right">{t('phishing.funnel.clicked')}</Table.Th>
              <Table.Th ta="right">{t('phishing.funnel.reported')}</Table.Th>
              <Table.Th ta="right">{t('phishingResults.history.lessons')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trend.campaigns.map((c) => (
              <Table.Tr key={c.campaignId} data-testid="trend-row">
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{fmt.date(c.launchedAt)}</Table.Td>
                <Table.Td ta="right">{fmt.number(c.sent)}</Table.Td>
                <Table.Td ta="right">{percent(c.openRate)}</Table.Td>
                <Table.Td ta="right">
                  {percent(c.clickRate)}
                  {c.delivered > 0 && (
                    <Badge
                      ml={6}
                      size="xs"
                      variant="light"
                      color={c.clickRate < target ? 'green' : 'red'}
                    >
                      {c.clickRate < target
                        ? t('phishingResults.history.belowTarget')
                        : t('phishing.departments.aboveTarget')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{percent(c.reportRate)}</Table.Td>
                <Table.Td ta="right">
                  {t('phishingResults.history.lessonCounts', {
                    completed: fmt.number(c.lessonsCompleted),
                    assigned: fmt.number(c.lessonsAssigned),
                  })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

function Departments({ orgId, trend }: { orgId: string; trend: CampaignTrend }) {
  const { t } = useTranslation();
  const history = useDepartmentHistory(orgId);
  return (
    <QueryState query={history}>
      {(data) =>
        data.departments.length === 0 ? (
          <EmptyNote>{t('common.noData')}</EmptyNote>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped withColumnBorders verticalSpacing={4} fz="sm">
              <Table.Caption>{t('phishingResults.history.departmentsCaption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('phishing.departments.department')}</Table.Th>
                  {trend.campaigns.map((c) => (
                    <Table.Th key={c.campaignId} ta="right">
                      {c.name}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.departments.map((d) => (
                  <Table.Tr key={d.department ?? ''}>
                    <Table.Td>{d.department ?? t('phishing.departments.none')}</Table.Td>
                    {trend.campaigns.map((c) => {
                      const cell = d.campaigns.find((x) => x.campaignId === c.campaignId);
                      return (
                        <Table.Td key={c.campaignId} ta="right">
                          {cell && cell.delivered > 0 ? (
                            <Text
                              span
                              size="sm"
                              c={cell.clickRate < trend.clickRateTarget ? undefined : 'red'}
                            >
                              {percent(cell.clickRate)}
                              <Text span size="xs" c="dimmed">
                                {' '}
                                ({cell.clicked}/{cell.delivered})
                              </Text>
                            </Text>
                          ) : (
                            t('common.none')
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}

function Person({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [input, setInput] = useState('');
  const [email, setEmail] = useState<string | null>(null);
  const history = usePersonHistory(orgId, email);
  const when = (v: string | null) => (v ? fmt.dateTime(v) : t('common.none'));
  return (
    <Stack>
      <Group
        component="form"
        align="flex-end"
        aria-label={t('phishingResults.history.personSearch')}
        onSubmit={(e) => {
          e.preventDefault();
          if (input.trim()) setEmail(input.trim());
        }}
      >
        <TextInput
          label={t('auth.email')}
          value={input}
          onChange={(e) => setInput(e.currentTarget.value)}
          w={320}
        />
        <Button type="submit" variant="light">
          {t('phishingResults.history.show')}
        </Button>
      </Group>
      {email !== null && (
        <QueryState query={history}>
          {(data) =>
            data.campaigns.length === 0 ? (
              <EmptyNote>
                {t('phishingResults.history.personNone', { email: data.email })}
              </EmptyNote>
            ) : (
              <Table.ScrollContainer minWidth={900}>
                <Table striped verticalSpacing={4} fz="sm">
                  <Table.Caption>
                    {t('phishingResults.history.personCaption', {
                      name: data.campaigns[0]!.name,
                      email: data.email,
                    })}
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('phishingResults.history.campaign')}</Table.Th>
                      <Table.Th>{t('phishing.funnel.sent')}</Table.Th>
                      <Table.Th>{t('phishing.funnel.opened')}</Table.Th>
                      <Table.Th>{t('phishing.funnel.clicked')}</Table.Th>
                      <Table.Th>{t('phishing.funnel.submitted')}</Table.Th>
                      <Table.Th>{t('phishing.funnel.reported')}</Table.Th>
                      <Table.Th>{t('phishingResults.followUp.lesson')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.campaigns.map((c) => (
                      <Table.Tr key={c.campaignId} data-testid="person-history-row">
                        <Table.Td>
                          {c.campaignName}
                          {c.launchedAt && (
                            <Text span size="xs" c="dimmed" display="block">
                              {fmt.date(c.launchedAt)}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{c.sendError ? c.sendError : when(c.sentAt)}</Table.Td>
                        <Table.Td>{when(c.openedAt)}</Table.Td>
                        <Table.Td>{when(c.clickedAt)}</Table.Td>
                        <Table.Td>{when(c.submittedAt)}</Table.Td>
                        <Table.Td>{when(c.reportedAt)}</Table.Td>
                        <Table.Td>
                          {c.lessonKey
                            ? c.lessonCompletedAt
                              ? t('phishingResults.history.lessonDone', {
                                  at: fmt.dateTime(c.lessonCompletedAt),
                                })
                              : t('phishingResults.followUp.statuses.assigned')
                            : t('common.none')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      )}
    </Stack>
  );
}

/**
 * Results across campaigns: the company's click-rate trend against the program's target, each
 * department over time, and (for the company's own admins) one person's history.
 */
export function History({ orgId, companyAdmin }: { orgId: string; companyAdmin: boolean }) {
  const { t } = useTranslation();
  const trend = useCampaignTrend(orgId);
  const section = (id: string, title: string, body: React.ReactNode, intro?: string) => (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id} mb="md">
      <Stack>
        <Title order={2} fz="lg" id={id}>
          {title}
        </Title>
        {intro && (
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        )}
        {body}
      </Stack>
    </Card>
  );
  return (
    <QueryState query={trend}>
      {(data) => (
        <>
          {section(
            'phishing-trend',
            t('phishingResults.history.trendTitle'),
            data.campaigns.length === 0 ? (
              <EmptyNote>{t('phishingResults.history.noCampaigns')}</EmptyNote>
            ) : (
              <Trend trend={data} />
            ),
            t('phishingResults.history.trendIntro'),
          )}
          {section(
            'phishing-department-history',
            t('phishingResults.history.departmentsTitle'),
            <Departments orgId={orgId} trend={data} />,
          )}
          {companyAdmin &&
            section(
              'phishing-person-history',
              t('phishingResults.history.personTitle'),
              <Person orgId={orgId} />,
              t('phishingResults.history.personIntro'),
            )}
        </>
      )}
    </QueryState>
  );
}
