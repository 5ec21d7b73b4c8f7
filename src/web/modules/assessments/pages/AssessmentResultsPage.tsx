import {
  Alert,
  Anchor,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AssessmentResults } from '../../../../contracts/assessments';
import { EChart, type EChartOption } from '../../../components/EChart';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import {
  type AssessmentDetail,
  useAssessment,
  useAssessmentResults,
  useQuestionSet,
} from '../api/assessments';
import { TargetsEditor } from '../components/TargetsEditor';
import { formatScore, useLocalized } from '../components/localized';
import { StatusBadge } from '../components/StatusBadge';

/** Breaks a radar axis name into short lines: at spaces (English) or every 8 characters. */
function wrapLabel(name: string): string {
  if (!name.includes(' ')) return name.match(/.{1,8}/gu)?.join('\n') ?? name;
  const lines: string[] = [];
  for (const word of name.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= 16)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** The expert's review beside the scores: the overall summary and the feedback per section. */
function ExpertReview({
  detail,
  results,
}: {
  detail: AssessmentDetail;
  results: AssessmentResults;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  if (!detail.reviewSummary && detail.reviews.length === 0) return null;
  const titles = new Map(results.sections.map((s) => [s.sectionId, s.title]));
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} fz="lg" mb="xs">
        {t('assessments.review.title')}
      </Title>
      {detail.reviewSummary && (
        <Alert
          color="teal"
          title={t('assessments.review.summaryBy', { name: detail.reviewedBy?.name ?? '—' })}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {detail.reviewSummary}
          </Text>
        </Alert>
      )}
      {detail.reviews.map((review) => {
        const title = titles.get(review.sectionId);
        return (
          <Stack key={review.sectionId} gap={2} mt="sm">
            <Text size="sm" fw={600}>
              {t('assessments.review.sectionFeedback', {
                section: title ? loc(title) : review.sectionId,
              })}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {review.feedback}
            </Text>
          </Stack>
        );
      })}
    </Paper>
  );
}

function Results({ results }: { results: AssessmentResults }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const sections = results.sections.filter((s) => s.parentId === null);
  const hasBaseline = sections.some((s) => s.baselineScore !== null);
  const hasAverage = sections.some((s) => s.programAverage !== null);

  const option = useMemo<EChartOption>(() => {
    const series = [
      { name: t('assessments.results.current'), value: sections.map((s) => s.score ?? 0) },
      ...(hasBaseline
        ? [
            {
              name: t('assessments.results.previous'),
              value: sections.map((s) => s.baselineScore ?? 0),
            },
          ]
        : []),
      ...(hasAverage
        ? [
            {
              name: t('assessments.results.average'),
              value: sections.map((s) => s.programAverage ?? 0),
            },
          ]
        : []),
    ];
    return {
      color: ['#4263eb', '#adb5bd', '#f08c00'],
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, data: series.map((s) => s.name) },
      radar: {
        radius: '55%',
        indicator: sections.map((s) => ({ name: loc(s.title), max: 5, min: 0 })),
        splitNumber: 5,
        // Long section names wrap instead of being cut off at the chart's edge.
        axisName: {
          color: '#343a40',
          fontSize: 12,
          formatter: wrapLabel,
        },
      },
      series: [
        {
          type: 'radar',
          data: series.map((s, i) => ({
            ...s,
            areaStyle: i === 0 ? { opacity: 0.25 } : undefined,
            lineStyle: i === 0 ? { width: 2 } : { type: 'dashed' },
          })),
        },
      ],
    };
  }, [sections, hasBaseline, hasAverage, t, loc]);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <EChart option={option} label={t('assessments.results.chartLabel')} height={380} />
        </Paper>
        <Stack>
          <Paper withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              {t('assessments.results.overall')}
            </Text>
            <Group align="baseline" gap="xs">
              <Text fz={40} fw={700} data-testid="overall-score">
                {formatScore(results.total)}
              </Text>
              <Text c="dimmed">/ 5</Text>
            </Group>
            {results.baselineTotal !== null && (
              <Text size="sm">
                {t('assessments.results.previousTotal', {
                  score: formatScore(results.baselineTotal),
                })}
              </Text>
            )}
            {!hasAverage && (
              <Text size="xs" c="dimmed" mt="xs">
                {t('assessments.results.noAverage', {
                  n: results.programComparison.minimumGroupSize,
                })}
              </Text>
            )}
          </Paper>
          {results.outcome && (
            <Paper withBorder p="md" radius="md">
              <Text size="sm" c="dimmed">
                {t('assessments.results.outcome')}
              </Text>
              <Title order={2} fz="xl">
                {loc(results.outcome.label)}
              </Title>
              {results.outcome.recommendation && (
                <Text mt="xs">
                  {t('assessments.results.recommendation')}: {loc(results.outcome.recommendation)}
                </Text>
              )}
              <Text size="sm" fw={600} mt="sm">
                {t('assessments.results.reasons')}
              </Text>
              <List size="sm">
                {results.outcome.reasons.map((r, i) => (
                  <List.Item key={i}>{loc(r)}</List.Item>
                ))}
              </List>
            </Paper>
          )}
        </Stack>
      </SimpleGrid>

      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="sm">
          <Table.Caption>{t('assessments.results.tableCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessments.results.section')}</Table.Th>
              <Table.Th ta="right">{t('assessments.results.current')}</Table.Th>
              <Table.Th ta="right">{t('assessments.results.previous')}</Table.Th>
              <Table.Th ta="right">{t('assessments.results.target')}</Table.Th>
              <Table.Th ta="right">{t('assessments.results.average')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sections.map((s) => (
              <Table.Tr key={s.sectionId}>
                <Table.Td>{loc(s.title)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {formatScore(s.score)}
                </Table.Td>
                <Table.Td ta="right">{formatScore(s.baselineScore)}</Table.Td>
                <Table.Td ta="right">{formatScore(s.target)}</Table.Td>
                <Table.Td ta="right">{formatScore(s.programAverage)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {sections.some((s) => s.band) && (
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('assessments.results.bandsTitle')}
          </Title>
          {sections
            .filter((s) => s.band)
            .map((s) => (
              <Paper key={s.sectionId} withBorder p="md" radius="md">
                <Text fw={600}>
                  {loc(s.title)} — {formatScore(s.score)}
                </Text>
                <Text size="sm" mt={4}>
                  <strong>{t('assessments.results.meaning')}:</strong> {loc(s.band!.meaning)}
                </Text>
                <Text size="sm" mt={4}>
                  <strong>{t('assessments.results.toRaise')}:</strong> {loc(s.band!.toRaise)}
                </Text>
              </Paper>
            ))}
        </Stack>
      )}

      {results.followUps.length > 0 && (
        <Alert
          color="yellow"
          title={t('assessments.results.followUps', { n: results.followUps.length })}
        >
          <Text size="sm">{t('assessments.results.followUpsHelp')}</Text>
        </Alert>
      )}
    </Stack>
  );
}

export function AssessmentResultsPage() {
  const { orgId = '', assessmentId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const files = `/api/orgs/${orgId}/assessments/${assessmentId}`;
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const results = useAssessmentResults(orgId, assessmentId);
  const detail = useAssessment(orgId, assessmentId);
  const questionSet = useQuestionSet(detail.data?.questionSet.id, detail.data?.questionSet.version);
  return (
    <Page
      title={t('assessments.results.title')}
      description={
        <Group gap="sm" component="span">
          <Anchor component={Link} to={`/companies/${orgId}/assessments/${assessmentId}`}>
            {t('assessments.results.backToSheet')}
          </Anchor>
          {results.data && <StatusBadge status={results.data.status} />}
          {results.data && detail.data && questionSet.data && (
            <TargetsEditor
              orgId={orgId}
              results={results.data}
              questionSet={questionSet.data}
              current={detail.data.targets}
            />
          )}
          <Anchor href={`${files}/report.docx?lang=${lang}`} download>
            {t('assessments.results.downloadReport')}
          </Anchor>
          <Anchor href={`${files}/answers.xlsx?lang=${lang}`} download>
            {t('assessments.results.downloadAnswers')}
          </Anchor>
        </Group>
      }
    >
      <QueryState query={results}>
        {(r) => (
          <Stack gap="lg">
            <Results results={r} />
            {detail.data && <ExpertReview detail={detail.data} results={r} />}
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
