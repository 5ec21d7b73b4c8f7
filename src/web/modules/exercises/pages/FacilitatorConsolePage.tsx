import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Collapse,
  Grid,
  Group,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ExerciseDetail, ExerciseRole } from '../../../../contracts/exercises';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormError } from '../../../components/FormError';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import {
  exerciseKeys,
  useClockAction,
  useExercise,
  useExerciseContent,
  useInjectAction,
  useResponses,
  useStaffResponse,
  type ClockAction,
} from '../api/exercises';
import { Clock } from '../components/Clock';
import { ExerciseViews, StatusBadge, useExerciseLive } from '../components/ExerciseHeader';
import { InjectDetails, RoleBadges, useConditionText } from '../components/InjectDetails';
import { ResponseFeed } from '../components/ResponseFeed';
import { formatOffset, formatShortTime, newId } from '../lib';
import { useLt } from '../hooks';

const stateColor = { pending: 'gray', released: 'green', skipped: 'dark' } as const;

function ClockControls({ orgId, exercise }: { orgId: string; exercise: ExerciseDetail }) {
  const { t } = useTranslation();
  const action = useClockAction(orgId, exercise.id);
  const [confirmClose, setConfirmClose] = useState(false);
  const run = (a: ClockAction) => action.mutate(a, { onError: notifyError });
  if (!exercise.you.facilitator)
    return (
      <Text size="sm" c="dimmed">
        {t('exercises.console.notFacilitator', { name: exercise.facilitator?.name ?? '' })}
      </Text>
    );
  const busy = (a: ClockAction) => action.isPending && action.variables === a;
  return (
    <Group gap="sm">
      {exercise.status === 'planned' && (
        <Button color="green" onClick={() => run('start')} loading={busy('start')}>
          {t('exercises.console.start')}
        </Button>
      )}
      {exercise.status === 'running' && (
        <Button color="yellow" onClick={() => run('pause')} loading={busy('pause')}>
          {t('exercises.console.pause')}
        </Button>
      )}
      {exercise.status === 'paused' && (
        <Button color="green" onClick={() => run('resume')} loading={busy('resume')}>
          {t('exercises.console.resume')}
        </Button>
      )}
      {(exercise.status === 'running' || exercise.status === 'paused') && (
        <Button color="red" variant="light" onClick={() => setConfirmClose(true)}>
          {t('exercises.console.close')}
        </Button>
      )}
      <ConfirmDialog
        opened={confirmClose}
        title={t('exercises.console.closeTitle')}
        message={t('exercises.console.closeBody')}
        confirmLabel={t('exercises.console.close')}
        onClose={() => setConfirmClose(false)}
        onConfirm={() =>
          action.mutate('close', {
            onError: notifyError,
            onSettled: () => setConfirmClose(false),
          })
        }
        loading={busy('close')}
      />
    </Group>
  );
}

function InjectTimetable({
  orgId,
  exercise,
  checkpoints,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  checkpoints: Parameters<typeof InjectDetails>[0]['checkpoints'];
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const injectAction = useInjectAction(orgId, exercise.id);
  const condition = useConditionText(exercise.injects);
  const [open, setOpen] = useState<string | null>(null);
  const live = exercise.status === 'running' || exercise.status === 'paused';
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="inject-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('exercises.console.due')}</Table.Th>
            <Table.Th>{t('exercises.console.inject')}</Table.Th>
            <Table.Th>{t('exercises.inject.roles')}</Table.Th>
            <Table.Th>{t('exercises.console.state')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {exercise.injects.map((inj) => (
            <Fragment key={inj.id}>
              <Table.Tr data-testid={`inject-row-${inj.id}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" fw={600}>
                    {inj.dueAt
                      ? formatShortTime(inj.dueAt, fmt.locale, fmt.timeZone)
                      : t('common.none')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatOffset(inj.offsetMinutes)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={600}
                    ta="left"
                    onClick={() => setOpen(open === inj.id ? null : inj.id)}
                    aria-expanded={open === inj.id}
                  >
                    {lt(inj.title)}
                  </Anchor>
                  {inj.when && (
                    <Badge size="xs" color="orange" variant="light" ml={4}>
                      {t('exercises.inject.branch')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <RoleBadges roles={inj.roles} />
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={stateColor[inj.state]}
                    variant="light"
                    style={{ overflow: 'visible' }}
                  >
                    {t(`exercises.injectState.${inj.state}`)}
                  </Badge>
                  {inj.releasedAt && (
                    <Text size="xs" c="dimmed">
                      {formatShortTime(inj.releasedAt, fmt.locale, fmt.timeZone)}
                      {inj.releasedBy ? ` · ${t(`exercises.releasedBy.${inj.releasedBy}`)}` : ''}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {exercise.you.facilitator && live && inj.state === 'pending' && (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        onClick={() =>
                          injectAction.mutate(
                            { injectId: inj.id, action: 'release' },
                            { onError: notifyError },
                          )
                        }
                        aria-label={t('exercises.console.releaseNamed', { title: lt(inj.title) })}
                      >
                        {t('exercises.console.release')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="gray"
                        onClick={() =>
                          injectAction.mutate(
                            { injectId: inj.id, action: 'skip' },
                            { onError: notifyError },
                          )
                        }
                      >
                        {t('exercises.console.skip')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
              <Table.Tr
                key={`${inj.id}-details`}
                style={{ display: open === inj.id ? undefined : 'none' }}
              >
                <Table.Td colSpan={5}>
                  <Collapse expanded={open === inj.id}>
                    <InjectDetails
                      inject={inj}
                      checkpoints={checkpoints}
                      condition={condition(inj)}
                    />
                  </Collapse>
                </Table.Td>
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** In-room mode: the facilitator types in what a role answered or decided. */
function RecordResponse({ orgId, exercise }: { orgId: string; exercise: ExerciseDetail }) {
  const { t } = useTranslation();
  const lt = useLt();
  const record = useStaffResponse(orgId, exercise.id);
  const released = exercise.injects.filter((i) => i.state === 'released');
  const [injectId, setInjectId] = useState<string | null>(null);
  const [questionId, setQuestionId] = useState<string | null>(null);
  const [role, setRole] = useState<ExerciseRole | null>(null);
  const [optionId, setOptionId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const inject = released.find((i) => i.id === injectId);
  const question = inject?.questions.find((q) => q.id === questionId);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!inject || !role) return;
        record.mutate(
          {
            id: newId(),
            injectId: inject.id,
            ...(question ? { questionId: question.id } : {}),
            kind: question ? 'answer' : 'decision',
            text: text.trim(),
            ...(optionId ? { optionId } : {}),
            role,
          },
          {
            onSuccess: () => {
              setText('');
              setOptionId(null);
              notifySuccess(t('exercises.console.recorded'));
            },
          },
        );
      }}
    >
      <Stack gap="xs">
        <Select
          label={t('exercises.console.inject')}
          data={released.map((i) => ({ value: i.id, label: lt(i.title) }))}
          value={injectId}
          onChange={(v) => {
            setInjectId(v);
            setQuestionId(null);
            setOptionId(null);
          }}
          required
        />
        {inject && (
          <Select
            label={t('exercises.console.question')}
            placeholder={t('exercises.console.decisionPlaceholder')}
            data={inject.questions.map((q) => ({ value: q.id, label: lt(q.text) }))}
            value={questionId}
            onChange={(v) => {
              setQuestionId(v);
              setOptionId(null);
            }}
            clearable
          />
        )}
        <Select
          label={t('exercises.participants.role')}
          data={exercise.scenario.roles.map((r) => ({
            value: r,
            label: t(`exercises.roles.${r}`),
          }))}
          value={role}
          onChange={(v) => setRole(v as ExerciseRole | null)}
          required
        />
        {question?.options && (
          <Radio.Group value={optionId ?? ''} onChange={setOptionId} label={lt(question.text)}>
            <Stack gap={4} mt={4}>
              {question.options.map((o) => (
                <Radio key={o.id} value={o.id} label={lt(o.label)} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Textarea
          label={t('exercises.console.text')}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          maxLength={4000}
        />
        <FormError error={record.error} />
        <Group>
          <Button
            type="submit"
            variant="light"
            loading={record.isPending}
            disabled={!inject || !role || (!text.trim() && !optionId)}
          >
            {t('exercises.console.record')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function FacilitatorConsolePage() {
  const { orgId = '', exerciseId = '' } = useParams();
  const { t } = useTranslation();
  const content = useExerciseContent();
  const exercise = useExercise(orgId, exerciseId);
  const responses = useResponses(orgId, exerciseId);
  const queryClient = useQueryClient();
  useExerciseLive(orgId, exerciseId);

  return (
    <QueryState query={exercise}>
      {(ex) => (
        <Page
          title={t('exercises.console.title', { title: ex.title })}
          description={<StatusBadge status={ex.status} />}
        >
          <ExerciseViews orgId={orgId} exercise={ex} />
          <Card withBorder radius="md" padding="lg">
            <Stack>
              <Clock clock={ex.clock} fetchedAt={exercise.dataUpdatedAt} />
              <ClockControls orgId={orgId} exercise={ex} />
              {ex.status === 'closed' && (
                <Alert color="indigo">{t('exercises.console.closedNote')}</Alert>
              )}
            </Stack>
          </Card>
          <Grid>
            <Grid.Col span={{ base: 12, xl: 8 }}>
              <Card
                withBorder
                radius="md"
                padding="lg"
                component="section"
                aria-labelledby="console-injects"
              >
                <Stack>
                  <Group justify="space-between">
                    <Title order={2} fz="lg" id="console-injects">
                      {t('exercises.console.injects')}
                    </Title>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() =>
                        void queryClient.invalidateQueries({
                          queryKey: exerciseKeys.exercise(orgId, exerciseId),
                        })
                      }
                    >
                      {t('exercises.console.refresh')}
                    </Button>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('exercises.console.injectsHint')}
                  </Text>
                  <InjectTimetable
                    orgId={orgId}
                    exercise={ex}
                    checkpoints={(content.data?.checkpoints ?? []).filter((c) =>
                      ex.plan.checkpoints.includes(c.id),
                    )}
                  />
                </Stack>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, xl: 4 }}>
              <Stack>
                <Card
                  withBorder
                  radius="md"
                  padding="lg"
                  component="section"
                  aria-labelledby="console-responses"
                >
                  <Stack>
                    <Title order={2} fz="lg" id="console-responses">
                      {t('exercises.responses.heading')}
                    </Title>
                    <QueryState query={responses}>
                      {(list) => <ResponseFeed responses={list} injects={ex.injects} />}
                    </QueryState>
                  </Stack>
                </Card>
                {ex.you.facilitator &&
                  ex.mode === 'in_room' &&
                  ex.status !== 'planned' &&
                  ex.status !== 'closed' && (
                    <Card
                      withBorder
                      radius="md"
                      padding="lg"
                      component="section"
                      aria-labelledby="console-record"
                    >
                      <Stack>
                        <Title order={2} fz="lg" id="console-record">
                          {t('exercises.console.recordHeading')}
                        </Title>
                        <Text size="xs" c="dimmed">
                          {t('exercises.console.recordHint')}
                        </Text>
                        <RecordResponse orgId={orgId} exercise={ex} />
                      </Stack>
                    </Card>
                  )}
              </Stack>
            </Grid.Col>
          </Grid>
        </Page>
      )}
    </QueryState>
  );
}
