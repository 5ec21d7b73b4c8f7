import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  hseepRatings,
  type CheckpointView,
  type ExerciseDetail,
  type HseepRating,
} from '../../../../contracts/exercises';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { notifySuccess } from '../../../components/notify';
import { useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useAddEvidence,
  useEvaluation,
  useExercise,
  useRate,
  type Evaluation,
} from '../api/exercises';
import { Clock } from '../components/Clock';
import { ExerciseViews, StatusBadge, useExerciseLive } from '../components/ExerciseHeader';
import { formatClockTime, formatElapsed, formatScore, newId, ratingColor } from '../lib';
import { useLt } from '../hooks';

function CheckpointRating({
  orgId,
  exercise,
  checkpoint,
  evaluation,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  checkpoint: CheckpointView;
  evaluation: Evaluation;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const me = useSession();
  const rate = useRate(orgId, exercise.id);
  const mine = evaluation.ratings.find(
    (r) => r.checkpointId === checkpoint.id && r.evaluatorUserId === me.user.id,
  );
  const score = evaluation.scores.find((s) => s.checkpointId === checkpoint.id);
  const [rating, setRating] = useState<HseepRating | null>(mine?.rating ?? null);
  const [note, setNote] = useState(mine?.note ?? '');
  // A rating saved elsewhere (another tab, a refetch) replaces what is shown.
  const savedKey = `${mine?.rating ?? ''}|${mine?.note ?? ''}`;
  const [seenKey, setSeenKey] = useState(savedKey);
  if (savedKey !== seenKey) {
    setSeenKey(savedKey);
    setRating(mine?.rating ?? null);
    setNote(mine?.note ?? '');
  }
  const evidence = evaluation.evidence.filter((e) => e.checkpointId === checkpoint.id);

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="section"
      aria-labelledby={`cp-${checkpoint.id}`}
      data-testid={`checkpoint-${checkpoint.id}`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!rating) return;
          rate.mutate(
            { checkpointId: checkpoint.id, rating, note: note.trim() },
            { onSuccess: () => notifySuccess(t('exercises.evaluate.saved')) },
          );
        }}
      >
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Title order={3} fz="md" id={`cp-${checkpoint.id}`}>
              {checkpoint.no}. {lt(checkpoint.name)}
            </Title>
            {score?.rating && (
              <Badge color={ratingColor[score.rating]} variant="light">
                {t('exercises.evaluate.team', {
                  score: formatScore(score.score),
                  n: score.ratings,
                })}
              </Badge>
            )}
          </Group>
          <Text size="sm">{lt(checkpoint.description)}</Text>
          <Text size="xs" c="dimmed">
            {t('exercises.evaluate.yardstick', { text: lt(checkpoint.performed) })}
          </Text>
          <Radio.Group
            value={rating ?? ''}
            onChange={(v) => setRating(v as HseepRating)}
            label={t('exercises.evaluate.rating')}
          >
            <Group gap="md" mt={4}>
              {hseepRatings.map((r) => (
                <Radio key={r} value={r} label={t(`exercises.hseep.${r}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea
            label={t('exercises.evaluate.note')}
            autosize
            minRows={1}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={4000}
          />
          <FormError error={rate.error} />
          <Group justify="space-between">
            <Button type="submit" size="xs" disabled={!rating} loading={rate.isPending}>
              {t('exercises.evaluate.save')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('exercises.evaluate.evidenceCount', { n: evidence.length })}
            </Text>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function EvidenceForm({
  orgId,
  exercise,
  checkpoints,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  checkpoints: readonly CheckpointView[];
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const add = useAddEvidence(orgId, exercise.id);
  const released = exercise.injects.filter((i) => i.state === 'released');
  const latest = released.reduce<(typeof released)[number] | undefined>(
    (acc, i) => (!acc || (i.releasedAt ?? '') > (acc.releasedAt ?? '') ? i : acc),
    undefined,
  );
  const [checkpointId, setCheckpointId] = useState<string | null>(null);
  const [injectId, setInjectId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  // The id is made once per note, so a resend after a lost answer is recognised by the server.
  const [id, setId] = useState(newId);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!checkpointId || !note.trim()) return;
        add.mutate(
          { id, checkpointId, injectId: injectId ?? latest?.id ?? null, note: note.trim() },
          {
            onSuccess: () => {
              setNote('');
              setId(newId());
              notifySuccess(t('exercises.evaluate.evidenceSaved'));
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Select
          label={t('exercises.evaluate.checkpoint')}
          data={checkpoints.map((c) => ({ value: c.id, label: `${c.no}. ${lt(c.name)}` }))}
          value={checkpointId}
          onChange={setCheckpointId}
          required
        />
        <Select
          label={t('exercises.evaluate.inject')}
          description={t('exercises.evaluate.injectHint')}
          data={released.map((i) => ({ value: i.id, label: lt(i.title) }))}
          value={injectId ?? latest?.id ?? null}
          onChange={setInjectId}
          clearable
        />
        <Textarea
          label={t('exercises.evaluate.observation')}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          required
          maxLength={4000}
        />
        <FormError error={add.error} />
        <Group>
          <Button
            type="submit"
            variant="light"
            loading={add.isPending}
            disabled={!checkpointId || !note.trim()}
          >
            {t('exercises.evaluate.addEvidence')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EvidenceList({
  exercise,
  evaluation,
}: {
  exercise: ExerciseDetail;
  evaluation: Evaluation;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const items = [...evaluation.evidence].sort((a, b) => b.at.localeCompare(a.at));
  if (items.length === 0) return <EmptyNote>{t('exercises.evaluate.noEvidence')}</EmptyNote>;
  return (
    <Stack gap="xs" data-testid="evidence-list">
      {items.map((e) => {
        const cp = evaluation.checkpoints.find((c) => c.id === e.checkpointId);
        const inject = exercise.injects.find((i) => i.id === e.injectId);
        return (
          <Paper key={e.id} withBorder p="xs" radius="sm">
            <Group justify="space-between" wrap="nowrap">
              <Text size="xs" fw={600}>
                {cp ? `${cp.no}. ${lt(cp.name)}` : e.checkpointId}
              </Text>
              <Text size="xs" c="dimmed">
                {formatClockTime(e.at, fmt.locale, fmt.timeZone)} ({formatElapsed(e.exerciseMs)})
              </Text>
            </Group>
            {inject && (
              <Text size="xs" c="dimmed">
                {t('exercises.evaluate.prompted', { title: lt(inject.title) })}
              </Text>
            )}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.note}
            </Text>
            <Text size="xs" c="dimmed">
              {e.evaluatorName}
            </Text>
          </Paper>
        );
      })}
    </Stack>
  );
}

export function EvaluatorPage() {
  const { orgId = '', exerciseId = '' } = useParams();
  const { t } = useTranslation();
  const exercise = useExercise(orgId, exerciseId);
  const evaluation = useEvaluation(orgId, exerciseId);
  useExerciseLive(orgId, exerciseId);

  return (
    <QueryState query={exercise}>
      {(ex) => (
        <Page
          title={t('exercises.evaluate.title', { title: ex.title })}
          description={<StatusBadge status={ex.status} />}
        >
          <ExerciseViews orgId={orgId} exercise={ex} />
          {!ex.you.evaluator && (
            <Alert color="yellow">{t('exercises.evaluate.notEvaluator')}</Alert>
          )}
          <Card withBorder radius="md" padding="md">
            <Clock clock={ex.clock} fetchedAt={exercise.dataUpdatedAt} />
          </Card>
          <QueryState query={evaluation}>
            {(ev) => {
              const checkpoints = ev.checkpoints.filter((c) => ex.plan.checkpoints.includes(c.id));
              return (
                <Grid>
                  <Grid.Col span={{ base: 12, md: 7 }}>
                    <Stack>
                      <Title order={2} fz="lg">
                        {t('exercises.evaluate.checkpoints')}
                      </Title>
                      <Text size="xs" c="dimmed">
                        {t('exercises.evaluate.scale')}
                      </Text>
                      {checkpoints.map((c) => (
                        <CheckpointRating
                          key={c.id}
                          orgId={orgId}
                          exercise={ex}
                          checkpoint={c}
                          evaluation={ev}
                        />
                      ))}
                    </Stack>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 5 }}>
                    <Stack>
                      {ex.you.evaluator && ex.status !== 'planned' && (
                        <Card
                          withBorder
                          radius="md"
                          padding="md"
                          component="section"
                          aria-labelledby="ev-new"
                        >
                          <Stack>
                            <Title order={2} fz="lg" id="ev-new">
                              {t('exercises.evaluate.evidenceHeading')}
                            </Title>
                            <EvidenceForm orgId={orgId} exercise={ex} checkpoints={checkpoints} />
                          </Stack>
                        </Card>
                      )}
                      <EvidenceList exercise={ex} evaluation={ev} />
                    </Stack>
                  </Grid.Col>
                </Grid>
              );
            }}
          </QueryState>
        </Page>
      )}
    </QueryState>
  );
}
