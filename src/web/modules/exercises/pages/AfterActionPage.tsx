import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  exerciseRoles,
  hseepRatings,
  type HseepRating,
  type AarActionView,
  type CheckpointId,
  type CheckpointView,
  type ExerciseDetail,
  type ExerciseRole,
} from '../../../../contracts/exercises';
import { isApiError } from '../../../api/client';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import {
  documentDownloadUrl,
  documentPagePath,
  useAar,
  useAarMutations,
  useExercise,
  useExerciseContent,
  useGenerateDocument,
  useTrend,
  type Aar,
} from '../api/exercises';
import { ExerciseViews, StatusBadge, useExerciseLive } from '../components/ExerciseHeader';
import { formatClockTime, formatElapsed, formatScore, ratingColor } from '../lib';
import { useCanWrite, useLt } from '../hooks';
import { TrendChart } from './ExercisesPage';

const isRating = (v: string): v is HseepRating => (hseepRatings as readonly string[]).includes(v);

type ActionEdit = Omit<AarActionView, 'id' | 'sentAt'> & { id?: string; sentAt?: string | null };

const ratingHex: Record<string, string> = {
  performed: '#12b886',
  some_challenges: '#fab005',
  major_challenges: '#fd7e14',
  unable: '#fa5252',
};

function ScoreChart({ aar, checkpoints }: { aar: Aar; checkpoints: readonly CheckpointView[] }) {
  const { t } = useTranslation();
  const lt = useLt();
  const rows = useMemo(
    () =>
      checkpoints
        .map((c) => ({ c, s: aar.scores.find((x) => x.checkpointId === c.id) }))
        .filter((r) => r.s),
    [aar.scores, checkpoints],
  );
  // Unrated checkpoints stay out of the chart (a bar at 0 would read as "unable"); the table lists them.
  const rated = useMemo(
    () => rows.filter((r) => r.s?.score !== null && r.s?.score !== undefined),
    [rows],
  );
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 200, right: 32, top: 16, bottom: 32 },
      xAxis: { type: 'value', min: 0, max: 3, interval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rated.map((r) => `${r.c.no}. ${lt(r.c.name)}`),
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: t('exercises.report.score'),
          data: rated.map((r) => ({
            value: r.s?.score ?? 0,
            itemStyle: { color: r.s?.rating ? ratingHex[r.s.rating] : '#adb5bd' },
          })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number }) => p.value.toFixed(1),
          },
        },
      ],
    }),
    [rated, t, lt],
  );
  return (
    <Stack gap="xs">
      <EChart
        option={option}
        label={t('exercises.report.chartLabel')}
        height={Math.max(160, rated.length * 36 + 64)}
      />
      <Table withTableBorder verticalSpacing={4}>
        <Table.Caption>{t('exercises.report.scoreCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exercises.evaluate.checkpoint')}</Table.Th>
            <Table.Th ta="right">{t('exercises.report.score')}</Table.Th>
            <Table.Th>{t('exercises.evaluate.rating')}</Table.Th>
            <Table.Th ta="right">{t('exercises.report.ratings')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ c, s }) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                {c.no}. {lt(c.name)}
              </Table.Td>
              <Table.Td ta="right">{formatScore(s?.score ?? null)}</Table.Td>
              <Table.Td>
                {s?.rating ? (
                  <Badge color={ratingColor[s.rating]} variant="light">
                    {t(`exercises.hseep.${s.rating}`)}
                  </Badge>
                ) : (
                  t('exercises.report.unrated')
                )}
              </Table.Td>
              <Table.Td ta="right">{s?.ratings ?? 0}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function Timeline({
  aar,
  exercise,
  checkpoints,
}: {
  aar: Aar;
  exercise: ExerciseDetail;
  checkpoints: readonly CheckpointView[];
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const cpLabel = (id: string | null) => {
    const c = checkpoints.find((x) => x.id === id);
    return c ? `${c.no}. ${lt(c.name)}` : '';
  };
  const injectTitle = (id: string | null) => {
    const inj = exercise.injects.find((i) => i.id === id);
    return inj ? lt(inj.title) : '';
  };
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={4} withTableBorder data-testid="aar-timeline">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exercises.report.time')}</Table.Th>
            <Table.Th>{t('exercises.report.what')}</Table.Th>
            <Table.Th>{t('exercises.participants.role')}</Table.Th>
            <Table.Th>{t('exercises.report.detail')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {aar.timeline.map((e, i) => (
            <Table.Tr key={i}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {formatClockTime(e.at, fmt.locale, fmt.timeZone)}
                <Text size="xs" c="dimmed">
                  {formatElapsed(e.exerciseMs)}
                </Text>
              </Table.Td>
              <Table.Td>{t(`exercises.timeline.${e.kind}`)}</Table.Td>
              <Table.Td>{e.role ? t(`exercises.roles.${e.role}`) : ''}</Table.Td>
              <Table.Td>
                {e.injectId && (
                  <Text size="xs" c="dimmed">
                    {injectTitle(e.injectId)}
                  </Text>
                )}
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {e.kind === 'released' || e.kind === 'skipped'
                    ? ''
                    : e.kind === 'rating' && isRating(e.text)
                      ? `${cpLabel(e.checkpointId)}: ${t(`exercises.hseep.${e.text}`)}`
                      : e.text}
                </Text>
                {e.actor && (
                  <Text size="xs" c="dimmed">
                    {e.actor}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Findings({
  title,
  items,
  checkpoints,
  editable,
  onSave,
  saving,
  testId,
}: {
  title: string;
  items: Aar['strengths'];
  checkpoints: readonly CheckpointView[];
  editable: boolean;
  onSave: (items: { checkpointId: CheckpointId | null; text: string }[]) => void;
  saving: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const cpName = (id: string | null) => {
    const c = checkpoints.find((x) => x.id === id);
    return c ? `${c.no}. ${lt(c.name)}` : null;
  };
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group justify="space-between">
        <Title order={3} fz="md">
          {title}
        </Title>
        {editable && !editing && (
          <Button
            size="xs"
            variant="subtle"
            onClick={() => {
              setDraft(items.map((i) => i.text).join('\n'));
              setEditing(true);
            }}
          >
            {t('exercises.report.edit')}
          </Button>
        )}
      </Group>
      {editing ? (
        <Stack gap="xs">
          <Textarea
            autosize
            minRows={3}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            description={t('exercises.report.onePerLine')}
            aria-label={title}
          />
          <Group gap="xs">
            <Button
              size="xs"
              loading={saving}
              onClick={() => {
                const lines = draft
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean);
                // Keep the checkpoint link of a line whose text did not change.
                onSave(
                  lines.map((text) => ({
                    text,
                    checkpointId: items.find((i) => i.text === text)?.checkpointId ?? null,
                  })),
                );
                setEditing(false);
              }}
            >
              {t('common.save')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('exercises.report.noFindings')}
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((f, i) => (
            <Text key={i} size="sm">
              ・{f.text}
              {cpName(f.checkpointId) && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  （{cpName(f.checkpointId)}）
                </Text>
              )}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function toEdit(a: AarActionView): ActionEdit {
  return { ...a };
}

function ActionModal({
  action,
  checkpoints,
  onClose,
  onSave,
}: {
  action: ActionEdit | null;
  checkpoints: readonly CheckpointView[];
  onClose: () => void;
  onSave: (a: ActionEdit) => void;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const [draft, setDraft] = useState<ActionEdit | null>(action);
  const [lastAction, setLastAction] = useState(action);
  if (action !== lastAction) {
    setLastAction(action);
    setDraft(action);
  }
  const set = <K extends keyof ActionEdit>(k: K, v: ActionEdit[K]) =>
    setDraft((d) => (d ? { ...d, [k]: v } : d));
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={t('exercises.report.actionTitle')}
      size="lg"
      centered
    >
      {draft && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onSave(draft);
          }}
        >
          <Stack gap="xs">
            <TextInput
              label={t('exercises.report.actionName')}
              value={draft.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              required
              maxLength={300}
            />
            <Textarea
              label={t('exercises.report.detail')}
              autosize
              minRows={2}
              value={draft.detail}
              onChange={(e) => set('detail', e.currentTarget.value)}
              maxLength={4000}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('exercises.report.owner')}
                value={draft.ownerName}
                onChange={(e) => set('ownerName', e.currentTarget.value)}
                maxLength={200}
              />
              <TextInput
                type="date"
                label={t('exercises.report.due')}
                value={draft.dueDate ?? ''}
                onChange={(e) => set('dueDate', e.currentTarget.value || null)}
              />
              <Select
                label={t('exercises.report.effort')}
                data={(['small', 'medium', 'large'] as const).map((v) => ({
                  value: v,
                  label: t(`exercises.effort.${v}`),
                }))}
                value={draft.effort}
                onChange={(v) => set('effort', (v as ActionEdit['effort']) ?? null)}
                clearable
              />
            </SimpleGrid>
            <Select
              label={t('exercises.evaluate.checkpoint')}
              data={checkpoints.map((c) => ({ value: c.id, label: `${c.no}. ${lt(c.name)}` }))}
              value={draft.checkpointId}
              onChange={(v) => set('checkpointId', (v as CheckpointId | null) ?? null)}
              clearable
            />
            <Title order={4} fz="sm" mt="xs">
              {t('exercises.report.retest')}
            </Title>
            <TextInput
              label={t('exercises.report.retestTitle')}
              value={draft.retest.title}
              onChange={(e) => set('retest', { ...draft.retest, title: e.currentTarget.value })}
              required
              maxLength={300}
            />
            <Textarea
              label={t('exercises.report.retestSituation')}
              autosize
              minRows={2}
              value={draft.retest.situation}
              onChange={(e) => set('retest', { ...draft.retest, situation: e.currentTarget.value })}
              maxLength={2000}
            />
            <TextInput
              label={t('exercises.report.retestQuestion')}
              value={draft.retest.question}
              onChange={(e) => set('retest', { ...draft.retest, question: e.currentTarget.value })}
              maxLength={1000}
            />
            <Select
              label={t('exercises.report.retestRoles')}
              data={exerciseRoles.map((r) => ({ value: r, label: t(`exercises.roles.${r}`) }))}
              value={draft.retest.roles[0] ?? null}
              onChange={(v) =>
                set('retest', { ...draft.retest, roles: v ? [v as ExerciseRole] : [] })
              }
              clearable
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit">{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function Actions({
  orgId,
  exercise,
  aar,
  checkpoints,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  aar: Aar;
  checkpoints: readonly CheckpointView[];
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const { update, send } = useAarMutations(orgId, exercise.id);
  const [editing, setEditing] = useState<{ index: number | null; action: ActionEdit } | null>(null);
  const editable = useCanWrite(orgId);
  const asEdits = (list: ActionEdit[]) =>
    list.map((a) => ({
      ...(a.id ? { id: a.id } : {}),
      checkpointId: a.checkpointId,
      title: a.title,
      detail: a.detail,
      ownerName: a.ownerName,
      dueDate: a.dueDate,
      effort: a.effort,
      retest: a.retest,
    }));
  const save = (list: ActionEdit[]) =>
    update.mutate(
      { actions: asEdits(list) },
      { onError: notifyError, onSuccess: () => setEditing(null) },
    );
  const unsent = aar.actions.filter((a) => !a.sentAt).length;
  const cpName = (id: string | null) => {
    const c = checkpoints.find((x) => x.id === id);
    return c ? `${c.no}. ${lt(c.name)}` : '';
  };

  return (
    <Stack gap="sm">
      {aar.actions.length === 0 ? (
        <EmptyNote>{t('exercises.report.noActions')}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" withTableBorder data-testid="aar-actions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('exercises.report.actionName')}</Table.Th>
                <Table.Th>{t('exercises.report.owner')}</Table.Th>
                <Table.Th>{t('exercises.report.due')}</Table.Th>
                <Table.Th>{t('exercises.report.retest')}</Table.Th>
                <Table.Th>{t('exercises.report.sent')}</Table.Th>
                {editable && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {aar.actions.map((a, i) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {a.title}
                    </Text>
                    {a.detail && <Text size="xs">{a.detail}</Text>}
                    {a.checkpointId && (
                      <Text size="xs" c="dimmed">
                        {cpName(a.checkpointId)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {a.ownerName || t('common.notSet')}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {a.dueDate ? fmt.calendarDate(a.dueDate) : t('common.notSet')}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.retest.title}</Text>
                    {a.retest.question && (
                      <Text size="xs" c="dimmed">
                        {a.retest.question}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {a.sentAt ? (
                      <Badge color="teal" variant="light">
                        {fmt.date(a.sentAt)}
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light">
                        {t('exercises.report.notSent')}
                      </Badge>
                    )}
                  </Table.Td>
                  {editable && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setEditing({ index: i, action: toEdit(a) })}
                        >
                          {t('exercises.report.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => save(aar.actions.filter((_, j) => j !== i).map(toEdit))}
                        >
                          {t('exercises.report.removeAction')}
                        </Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <FormError error={update.error ?? send.error} />
      {editable && (
        <Group>
          <Button
            variant="light"
            onClick={() =>
              setEditing({
                index: null,
                action: {
                  checkpointId: null,
                  title: '',
                  detail: '',
                  ownerName: '',
                  dueDate: null,
                  effort: null,
                  retest: { title: '', situation: '', question: '', roles: [] },
                },
              })
            }
          >
            {t('exercises.report.addAction')}
          </Button>
          <Button
            disabled={unsent === 0}
            loading={send.isPending}
            onClick={() =>
              send.mutate(undefined, {
                onSuccess: (r) => notifySuccess(t('exercises.report.sentResult', { n: r.sent })),
              })
            }
          >
            {t('exercises.report.send', { n: unsent })}
          </Button>
          <Anchor component={Link} to={`/companies/${orgId}/improvement`} size="sm">
            {t('exercises.report.openPlan')}
          </Anchor>
        </Group>
      )}
      <ActionModal
        action={editing?.action ?? null}
        checkpoints={checkpoints}
        onClose={() => setEditing(null)}
        onSave={(a) => {
          const list = aar.actions.map(toEdit);
          if (editing?.index === null || editing?.index === undefined) list.push(a);
          else list[editing.index] = a;
          save(list);
        }}
      />
    </Stack>
  );
}

function Feedback({ aar }: { aar: Aar }) {
  const { t } = useTranslation();
  const lt = useLt();
  const f = aar.feedback;
  if (f.responses === 0) return <EmptyNote>{t('exercises.report.noFeedback')}</EmptyNote>;
  return (
    <Stack gap="sm" data-testid="aar-feedback">
      <Text size="sm">{t('exercises.report.feedbackCount', { n: f.responses })}</Text>
      {f.questions.map((q) => (
        <Stack key={q.id} gap={4}>
          <Text size="sm" fw={600}>
            {lt(q.text)}
          </Text>
          {q.kind === 'scale' && q.average !== null && (
            <Group gap="sm" wrap="nowrap">
              <Progress
                value={(q.average / Math.max(1, q.distribution.length)) * 100}
                w={200}
                aria-hidden
              />
              <Text size="sm">
                {t('exercises.report.average', {
                  value: q.average.toFixed(1),
                  max: q.distribution.length,
                })}
              </Text>
            </Group>
          )}
          {q.comments.map((c, i) => (
            <Text key={i} size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              「{c}」
            </Text>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function Report({ orgId, exercise, aar }: { orgId: string; exercise: ExerciseDetail; aar: Aar }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const content = useExerciseContent();
  const trend = useTrend(orgId);
  const { update, generate } = useAarMutations(orgId, exercise.id);
  const word = useGenerateDocument(orgId, exercise.id);
  const checkpoints = content.data?.checkpoints ?? [];
  const used = checkpoints.filter((c) => exercise.plan.checkpoints.includes(c.id));
  const editable = useCanWrite(orgId);
  return (
    <Stack>
      <Card withBorder radius="md" padding="lg">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t('exercises.report.overall')}
            </Text>
            <Text fz={32} fw={700} data-testid="aar-overall">
              {formatScore(aar.overallScore)}{' '}
              <Text span size="sm" c="dimmed">
                / 3
              </Text>
            </Text>
            <Text size="xs" c="dimmed">
              {t('exercises.report.generatedAt', { at: fmt.dateTime(aar.updatedAt) })}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              variant="light"
              loading={word.isPending}
              onClick={() =>
                word.mutate(
                  { kind: 'exercise-after-action-report', language: fmt.locale },
                  {
                    onSuccess: () => {
                      window.location.assign(
                        documentDownloadUrl(
                          orgId,
                          exercise.id,
                          'exercise-after-action-report',
                          fmt.locale,
                        ),
                      );
                    },
                    onError: notifyError,
                  },
                )
              }
            >
              {t('exercises.report.word')}
            </Button>
            <Button
              component={Link}
              to={documentPagePath(orgId, exercise.id, 'exercise-after-action-report', fmt.locale)}
              variant="subtle"
            >
              {t('exercises.report.openDocument')}
            </Button>
            {editable && (
              <Button
                variant="subtle"
                loading={generate.isPending}
                onClick={() => generate.mutate(undefined, { onError: notifyError })}
              >
                {t('exercises.report.regenerate')}
              </Button>
            )}
          </Group>
        </Group>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aar-scores">
        <Stack>
          <Title order={2} fz="lg" id="aar-scores">
            {t('exercises.report.scores')}
          </Title>
          <ScoreChart aar={aar} checkpoints={used.length ? used : checkpoints} />
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aar-findings">
        <Stack>
          <Title order={2} fz="lg" id="aar-findings">
            {t('exercises.report.findings')}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Findings
              title={t('exercises.report.strengths')}
              items={aar.strengths}
              checkpoints={checkpoints}
              editable={editable}
              saving={update.isPending}
              onSave={(strengths) => update.mutate({ strengths }, { onError: notifyError })}
              testId="aar-strengths"
            />
            <Findings
              title={t('exercises.report.gaps')}
              items={aar.gaps}
              checkpoints={checkpoints}
              editable={editable}
              saving={update.isPending}
              onSave={(gaps) => update.mutate({ gaps }, { onError: notifyError })}
              testId="aar-gaps"
            />
          </SimpleGrid>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aar-actions">
        <Stack>
          <Title order={2} fz="lg" id="aar-actions">
            {t('exercises.report.actions')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('exercises.report.actionsHint')}
          </Text>
          <Actions orgId={orgId} exercise={exercise} aar={aar} checkpoints={checkpoints} />
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aar-timeline">
        <Stack>
          <Title order={2} fz="lg" id="aar-timeline">
            {t('exercises.report.timeline')}
          </Title>
          <Timeline aar={aar} exercise={exercise} checkpoints={checkpoints} />
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aar-feedback">
        <Stack>
          <Title order={2} fz="lg" id="aar-feedback">
            {t('exercises.report.feedback')}
          </Title>
          <Feedback aar={aar} />
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aar-trend">
        <Stack>
          <Title order={2} fz="lg" id="aar-trend">
            {t('exercises.trend.title')}
          </Title>
          {content.data && trend.data ? (
            <TrendChart trend={trend.data} content={content.data} />
          ) : null}
        </Stack>
      </Card>
    </Stack>
  );
}

export function AfterActionPage() {
  const { orgId = '', exerciseId = '' } = useParams();
  const { t } = useTranslation();
  const exercise = useExercise(orgId, exerciseId);
  const closed = exercise.data?.status === 'closed';
  const aar = useAar(orgId, exerciseId, closed);
  const { generate } = useAarMutations(orgId, exerciseId);
  useExerciseLive(orgId, exerciseId);
  const notGenerated = isApiError(aar.error) && aar.error.status === 404;
  const canWrite = useCanWrite(orgId);

  return (
    <QueryState query={exercise}>
      {(ex) => (
        <Page
          title={t('exercises.report.title', { title: ex.title })}
          description={<StatusBadge status={ex.status} />}
        >
          <ExerciseViews orgId={orgId} exercise={ex} />
          {!closed ? (
            <Alert color="gray">{t('exercises.report.afterClose')}</Alert>
          ) : notGenerated || aar.isPending ? (
            aar.isPending ? null : (
              <Card withBorder radius="md" padding="lg">
                <Stack align="flex-start">
                  <Text>{t('exercises.report.notYet')}</Text>
                  {canWrite && (
                    <Button loading={generate.isPending} onClick={() => generate.mutate()}>
                      {t('exercises.report.generate')}
                    </Button>
                  )}
                  <FormError error={generate.error} />
                </Stack>
              </Card>
            )
          ) : (
            <QueryState query={aar}>
              {(a) => <Report orgId={orgId} exercise={ex} aar={a} />}
            </QueryState>
          )}
        </Page>
      )}
    </QueryState>
  );
}
