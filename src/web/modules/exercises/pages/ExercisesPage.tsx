import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ExerciseMode } from '../../../../contracts/exercises';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCreateExercise,
  useExerciseContent,
  useExercises,
  useRetestProposals,
  useTrend,
  type ExerciseContent,
  type Trend,
} from '../api/exercises';
import { StatusBadge } from '../components/ExerciseHeader';
import { formatScore } from '../lib';
import { useLt } from '../hooks';

function NewExercise({ orgId, content }: { orgId: string; content: ExerciseContent }) {
  const { t } = useTranslation();
  const lt = useLt();
  const navigate = useNavigate();
  const create = useCreateExercise(orgId);
  const [scenarioId, setScenarioId] = useState<string | null>(null);
  const [mode, setMode] = useState<ExerciseMode>('online');
  const [title, setTitle] = useState('');
  const [retests, setRetests] = useState<string[]>([]);
  const proposals = useRetestProposals(orgId);
  const scenario = content.scenarios.find((s) => s.id === scenarioId);
  const retestKey = (p: { exerciseId: string; actionId: string }) =>
    `${p.exerciseId}:${p.actionId}`;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="new-exercise">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!scenarioId) return;
          const chosen = (proposals.data ?? [])
            .filter((p) => retests.includes(retestKey(p)))
            .map((p) => ({ exerciseId: p.exerciseId, actionId: p.actionId }));
          create.mutate(
            {
              scenarioId,
              mode,
              ...(title.trim() ? { title: title.trim() } : {}),
              ...(chosen.length > 0 ? { retests: chosen } : {}),
            },
            { onSuccess: (ex) => void navigate(`/companies/${orgId}/exercises/${ex.id}`) },
          );
        }}
      >
        <Stack>
          <Title order={2} fz="lg" id="new-exercise">
            {t('exercises.create.title')}
          </Title>
          <Select
            label={t('exercises.create.scenario')}
            placeholder={t('exercises.create.scenarioPlaceholder')}
            data={content.scenarios.map((s) => ({
              value: s.id,
              label: `${lt(s.title)}（${t(`exercises.course.${s.course}`)}）`,
            }))}
            value={scenarioId}
            onChange={setScenarioId}
            required
            searchable
          />
          {scenario && (
            <Stack gap={4}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {lt(scenario.summary)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('exercises.create.facts', {
                  minutes: scenario.durationMinutes,
                  injects: scenario.injectCount,
                })}
              </Text>
            </Stack>
          )}
          <TextInput
            label={t('exercises.create.name')}
            description={t('exercises.create.nameHint')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            maxLength={200}
          />
          <Radio.Group
            label={t('exercises.mode.label')}
            value={mode}
            onChange={(v) => setMode(v as ExerciseMode)}
          >
            <Stack gap={6} mt={6}>
              <Radio value="online" label={t('exercises.mode.online')} />
              <Radio value="in_room" label={t('exercises.mode.in_room')} />
            </Stack>
          </Radio.Group>
          {proposals.data && proposals.data.length > 0 && (
            <Checkbox.Group
              label={t('exercises.create.retests')}
              description={t('exercises.create.retestsHint')}
              value={retests}
              onChange={setRetests}
            >
              <Stack gap={6} mt={6} data-testid="retest-proposals">
                {proposals.data.map((p) => (
                  <Checkbox
                    key={retestKey(p)}
                    value={retestKey(p)}
                    label={p.retest.title}
                    description={[
                      t('exercises.create.retestFrom', { title: p.exerciseTitle }),
                      p.checkpointId
                        ? lt(
                            content.checkpoints.find((c) => c.id === p.checkpointId)?.name ?? {
                              ja: '',
                              en: '',
                            },
                          )
                        : '',
                      p.retest.roles.map((r) => t(`exercises.roles.${r}`)).join('・'),
                    ]
                      .filter(Boolean)
                      .join(' / ')}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <FormError error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!scenarioId}>
              {t('exercises.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function TrendChart({ trend, content }: { trend: Trend; content: ExerciseContent }) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const option = useMemo<EChartOption>(() => {
    const labels = trend.exercises.map((e) =>
      e.closedAt ? `${e.title}\n${fmt.date(e.closedAt)}` : e.title,
    );
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 40, right: 24, top: 24, bottom: 80 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', min: 0, max: 3, interval: 1 },
      series: [
        {
          type: 'line',
          name: t('exercises.trend.overall'),
          data: trend.exercises.map((e) => e.overallScore),
          lineStyle: { width: 4 },
          connectNulls: true,
        },
        ...content.checkpoints.map((c) => ({
          type: 'line',
          name: `${c.no}. ${lt(c.name)}`,
          data: trend.exercises.map(
            (e) => e.scores.find((s) => s.checkpointId === c.id)?.score ?? null,
          ),
          connectNulls: true,
        })),
      ],
    };
  }, [trend, content, t, lt, fmt]);
  if (trend.exercises.length === 0) return <EmptyNote>{t('exercises.trend.none')}</EmptyNote>;
  return (
    <Stack gap="xs">
      <EChart option={option} label={t('exercises.trend.chartLabel')} height={360} />
      <Table withTableBorder verticalSpacing={4}>
        <Table.Caption>{t('exercises.trend.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exercises.list.title')}</Table.Th>
            <Table.Th ta="right">{t('exercises.trend.overall')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trend.exercises.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{e.title}</Table.Td>
              <Table.Td ta="right">{formatScore(e.overallScore)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function ExercisesPage() {
  const { orgId = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormatters();
  const lt = useLt();
  const content = useExerciseContent();
  const exercises = useExercises(orgId);
  const trend = useTrend(orgId);

  return (
    <Page title={t('exercises.title')} description={t('exercises.intro')}>
      <QueryState query={content}>
        {(c) => (
          <>
            <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-list">
              <Stack>
                <Title order={2} fz="lg" id="ex-list">
                  {t('exercises.list.heading')}
                </Title>
                <QueryState query={exercises}>
                  {(list) =>
                    list.length === 0 ? (
                      <EmptyNote>{t('exercises.list.none')}</EmptyNote>
                    ) : (
                      <Table.ScrollContainer minWidth={640}>
                        <Table verticalSpacing="xs" highlightOnHover>
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th>{t('exercises.list.title')}</Table.Th>
                              <Table.Th>{t('exercises.list.scenario')}</Table.Th>
                              <Table.Th>{t('exercises.mode.label')}</Table.Th>
                              <Table.Th>{t('exercises.list.status')}</Table.Th>
                              <Table.Th>{t('exercises.list.when')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {list.map((e) => {
                              const scenario = c.scenarios.find((s) => s.id === e.scenarioId);
                              const when = e.startedAt ?? e.scheduledAt;
                              return (
                                <Table.Tr key={e.id}>
                                  <Table.Td>
                                    <Anchor
                                      component={Link}
                                      to={`/companies/${orgId}/exercises/${e.id}`}
                                    >
                                      {e.title}
                                    </Anchor>
                                  </Table.Td>
                                  <Table.Td>
                                    {scenario ? lt(scenario.title) : e.scenarioId}
                                  </Table.Td>
                                  <Table.Td>
                                    <Badge variant="outline" color="gray">
                                      {t(`exercises.mode.${e.mode}`)}
                                    </Badge>
                                  </Table.Td>
                                  <Table.Td>
                                    <StatusBadge status={e.status} />
                                  </Table.Td>
                                  <Table.Td>
                                    {when ? fmt.dateTime(when) : t('common.notSet')}
                                  </Table.Td>
                                </Table.Tr>
                              );
                            })}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    )
                  }
                </QueryState>
              </Stack>
            </Card>
            <NewExercise orgId={orgId} content={c} />
            <Card
              withBorder
              radius="md"
              padding="lg"
              component="section"
              aria-labelledby="ex-trend"
            >
              <Stack>
                <Title order={2} fz="lg" id="ex-trend">
                  {t('exercises.trend.title')}
                </Title>
                <QueryState query={trend}>
                  {(tr) => <TrendChart trend={tr} content={c} />}
                </QueryState>
              </Stack>
            </Card>
          </>
        )}
      </QueryState>
    </Page>
  );
}
