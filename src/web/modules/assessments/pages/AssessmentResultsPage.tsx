import {
  Alert,
  Anchor,
  Badge,
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
import type {
  AssessmentResults,
  QuestionItem,
  QuestionSection,
  QuestionSet,
  QuestionSubsection,
} from '../../../../contracts/assessments';
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

function itemsOf(node: QuestionSection | QuestionSubsection): QuestionItem[] {
  return node.children.flatMap((c) => (c.kind === 'item' ? [c] : itemsOf(c)));
}

/** Item titles by id, in the question set's order. */
function itemTitles(questionSet: QuestionSet | undefined) {
  return new Map(
    (questionSet?.sections ?? []).flatMap((s) => itemsOf(s)).map((i) => [i.id, i.title] as const),
  );
}

/** Scores item by item against last time and the target, under each section. */
function ItemScores({
  results,
  questionSet,
}: {
  results: AssessmentResults;
  questionSet: QuestionSet | undefined;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const titles = itemTitles(questionSet);
  const sectionTitles = new Map(results.sections.map((s) => [s.sectionId, s.title]));
  const scored = results.items.filter((i) => i.score !== null || i.baselineScore !== null);
  if (scored.length === 0) return null;
  const hasBaseline = scored.some((i) => i.baselineScore !== null);
  return (
    <Stack gap="xs">
      <Title order={2} fz="lg">
        {t('assessmentResults.items.title')}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={6} data-testid="item-scores">
          <Table.Caption>{t('assessmentResults.items.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessmentResults.items.item')}</Table.Th>
              <Table.Th ta="right">{t('assessments.results.current')}</Table.Th>
              {hasBaseline && <Table.Th ta="right">{t('assessments.results.previous')}</Table.Th>}
              <Table.Th ta="right">{t('assessments.results.target')}</Table.Th>
              <Table.Th>{t('assessmentResults.items.against')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {scored.flatMap((i, n) => {
              const rows = [];
              // A heading row where a new section starts.
              if (n === 0 || scored[n - 1]!.sectionId !== i.sectionId) {
                const title = sectionTitles.get(i.sectionId);
                rows.push(
                  <Table.Tr key={`section-${i.sectionId}`}>
                    <Table.Th colSpan={hasBaseline ? 5 : 4} bg="gray.0">
                      {title ? loc(title) : i.sectionId}
                    </Table.Th>
                  </Table.Tr>,
                );
              }
              const title = titles.get(i.itemId);
              const change =
                i.score === null || i.baselineScore === null
                  ? null
                  : i.score > i.baselineScore
                    ? 'up'
                    : i.score < i.baselineScore
                      ? 'down'
                      : 'same';
              const belowTarget = i.target !== null && i.score !== null && i.score < i.target;
              rows.push(
                <Table.Tr key={i.itemId} data-item={i.itemId}>
                  <Table.Td>{title ? loc(title) : i.itemId}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {formatScore(i.score)}
                  </Table.Td>
                  {hasBaseline && <Table.Td ta="right">{formatScore(i.baselineScore)}</Table.Td>}
                  <Table.Td ta="right">{formatScore(i.target)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {change && (
                        <Badge
                          size="sm"
                          variant="light"
                          color={change === 'up' ? 'teal' : change === 'down' ? 'red' : 'gray'}
                        >
                          {t(`assessmentResults.items.change.${change}`)}
                        </Badge>
                      )}
                      {i.target !== null && i.score !== null && (
                        <Badge size="sm" variant="light" color={belowTarget ? 'orange' : 'teal'}>
                          {belowTarget
                            ? t('assessmentResults.items.belowTarget', {
                                gap: (i.target - i.score).toFixed(1),
                              })
                            : t('assessmentResults.items.targetMet')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>,
              );
              return rows;
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The items answered "don't know", each linked to its card on the sheet, with its comment. */
function FollowUps({
  orgId,
  results,
  questionSet,
}: {
  orgId: string;
  results: AssessmentResults;
  questionSet: QuestionSet | undefined;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  if (results.followUps.length === 0) return null;
  const titles = itemTitles(questionSet);
  return (
    <Alert
      color="yellow"
      title={t('assessments.results.followUps', { n: results.followUps.length })}
    >
      <Text size="sm">{t('assessments.results.followUpsHelp')}</Text>
      <List size="sm" mt="xs" data-testid="follow-ups">
        {results.followUps.map((f) => {
          const title = titles.get(f.itemId);
          return (
            <List.Item key={f.itemId}>
              <Anchor
                component={Link}
                to={`/companies/${orgId}/assessments/${results.assessmentId}#item-${f.itemId}`}
              >
                {title ? loc(title) : f.itemId}
              </Anchor>
              {f.comment && (
                <Text span size="sm" c="dimmed">
                  {' '}
                  — {f.comment}
                </Text>
              )}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
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

function Results({
  orgId,
  results,
  questionSet,
}: {
  orgId: string;
  results: AssessmentResults;
  questionSet: QuestionSet | undefined;
}) {
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

      <ItemScores results={results} questionSet={questionSet} />

      <FollowUps orgId={orgId} results={results} questionSet={questionSet} />
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
            <Results orgId={orgId} results={r} questionSet={questionSet.data} />
            {detail.data && <ExpertReview detail={detail.data} results={r} />}
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
