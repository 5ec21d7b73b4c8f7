import { Card, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useCampaignTimeline, type CampaignTimeline } from '../api/history';

const peopleSeries = [
  { key: 'open', color: '#74c0fc' },
  { key: 'click', color: '#f03e3e' },
  { key: 'submit', color: '#ae3ec9' },
  { key: 'report', color: '#40c057' },
] as const;

function Chart({ timeline }: { timeline: CampaignTimeline }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 48, bottom: 48 },
      xAxis: { type: 'category', data: timeline.buckets.map((b) => fmt.dateTime(b.at)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...peopleSeries.map((s) => ({
          type: 'bar',
          stack: 'people',
          name: t(`phishingResults.timeline.${s.key}`),
          data: timeline.buckets.map((b) => b[s.key]),
          itemStyle: { color: s.color },
        })),
        {
          type: 'bar',
          stack: 'machines',
          name: t('phishingResults.timeline.scanner'),
          data: timeline.buckets.map((b) => b.scanner),
          itemStyle: { color: '#868e96' },
        },
        {
          type: 'bar',
          stack: 'machines',
          name: t('phishingResults.timeline.forwarded'),
          data: timeline.buckets.map((b) => b.forwarded),
          itemStyle: { color: '#fab005' },
        },
      ],
    }),
    [timeline, t, fmt],
  );
  return <EChart option={option} label={t('phishingResults.timeline.chartLabel')} height={300} />;
}

/** A campaign's tracked hits over time, people's apart from scanners' and forwarded copies'. */
export function Timeline({ orgId, campaignId }: { orgId: string; campaignId: string }) {
  const { t } = useTranslation();
  const timeline = useCampaignTimeline(orgId, campaignId);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="phishing-timeline"
    >
      <Stack>
        <Title order={2} fz="lg" id="phishing-timeline">
          {t('phishingResults.timeline.title')}
        </Title>
        <QueryState query={timeline}>
          {(data) =>
            data.buckets.length === 0 ? (
              <EmptyNote>{t('phishingResults.timeline.none')}</EmptyNote>
            ) : (
              <>
                <Text size="sm" c="dimmed">
                  {t('phishingResults.timeline.intro', {
                    minutes: Math.round(data.bucketSeconds / 60),
                  })}
                </Text>
                <Chart timeline={data} />
              </>
            )
          }
        </QueryState>
      </Stack>
    </Card>
  );
}
