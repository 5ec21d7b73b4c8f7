import {
  Accordion,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  CopyButton,
  Group,
  Image,
  Modal,
  MultiSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  exerciseRoles,
  isOutsideRole,
  type CheckpointId,
  type ExerciseDetail,
  type ExerciseMode,
  type ExerciseRole,
} from '../../../../contracts/exercises';
import { fieldErrorsOf } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import {
  documentPagePath,
  useDeleteExercise,
  useEvaluatorCandidates,
  useExercise,
  useExerciseContent,
  useParticipantMutations,
  useSetEvaluators,
  useUpdateExercise,
  useUpdateSchedule,
  type ExerciseContent,
  type SeatLink,
} from '../api/exercises';
import { ExerciseViews, StatusBadge, useExerciseLive } from '../components/ExerciseHeader';
import { InjectDetails, RoleBadges, useConditionText } from '../components/InjectDetails';
import { formatOffset, formatShortTime, fromZonedInput, toZonedInput } from '../lib';
import { useLt } from '../hooks';

const documentKinds = [
  'exercise-explanation',
  'exercise-situation-manual',
  'exercise-handbook',
  'exercise-feedback-form',
  'exercise-after-action-report',
] as const;

function PlanForm({
  orgId,
  exercise,
  content,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  content: ExerciseContent;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const update = useUpdateExercise(orgId, exercise.id);
  const candidates = useEvaluatorCandidates(orgId, exercise.id);
  const editable = exercise.you.canEdit && exercise.status === 'planned';
  const [plan, setPlan] = useState(exercise.plan);
  const [objectives, setObjectives] = useState(exercise.plan.objectives.join('\n'));
  const [scheduled, setScheduled] = useState(toZonedInput(exercise.plan.scheduledAt, fmt.timeZone));
  // A plan saved elsewhere (another editor, a live update) replaces the form's values.
  const [seenPlan, setSeenPlan] = useState(exercise.plan);
  if (seenPlan !== exercise.plan) {
    setSeenPlan(exercise.plan);
    setPlan(exercise.plan);
    setObjectives(exercise.plan.objectives.join('\n'));
    setScheduled(toZonedInput(exercise.plan.scheduledAt, fmt.timeZone));
  }
  const set = <K extends keyof typeof plan>(key: K, value: (typeof plan)[K]) =>
    setPlan((p) => ({ ...p, [key]: value }));

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-plan">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate(
            {
              ...plan,
              objectives: objectives
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean),
              scheduledAt: fromZonedInput(scheduled, fmt.timeZone),
            },
            { onSuccess: () => notifySuccess(t('exercises.plan.saved')) },
          );
        }}
      >
        <Stack>
          <Title order={2} fz="lg" id="ex-plan">
            {t('exercises.plan.heading')}
          </Title>
          <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
            <Stack>
              <TextInput
                label={t('exercises.plan.title')}
                value={plan.title}
                onChange={(e) => set('title', e.currentTarget.value)}
                required
                maxLength={200}
              />
              <Textarea
                label={t('exercises.plan.overview')}
                autosize
                minRows={2}
                value={plan.overview}
                onChange={(e) => set('overview', e.currentTarget.value)}
              />
              <Textarea
                label={t('exercises.plan.background')}
                autosize
                minRows={2}
                value={plan.background}
                onChange={(e) => set('background', e.currentTarget.value)}
              />
              <Textarea
                label={t('exercises.plan.objectives')}
                description={t('exercises.plan.objectivesHint')}
                autosize
                minRows={2}
                value={objectives}
                onChange={(e) => setObjectives(e.currentTarget.value)}
              />
              <Textarea
                label={t('exercises.plan.scope')}
                autosize
                minRows={2}
                value={plan.scope}
                onChange={(e) => set('scope', e.currentTarget.value)}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  type="datetime-local"
                  label={t('exercises.plan.scheduledAt')}
                  value={scheduled}
                  onChange={(e) => setScheduled(e.currentTarget.value)}
                />
                <TextInput
                  label={t('exercises.plan.location')}
                  value={plan.location}
                  onChange={(e) => set('location', e.currentTarget.value)}
                  maxLength={200}
                />
                <NumberInput
                  label={t('exercises.plan.seatLinkHours')}
                  min={1}
                  max={24 * 14}
                  value={plan.seatLinkHours}
                  onChange={(v) =>
                    set('seatLinkHours', typeof v === 'number' ? v : plan.seatLinkHours)
                  }
                />
              </SimpleGrid>
              <Radio.Group
                label={t('exercises.mode.label')}
                value={plan.mode}
                onChange={(v) => set('mode', v as ExerciseMode)}
              >
                <Group mt={6}>
                  <Radio value="online" label={t('exercises.mode.online')} />
                  <Radio value="in_room" label={t('exercises.mode.in_room')} />
                </Group>
              </Radio.Group>
              <Select
                label={t('exercises.plan.facilitator')}
                data={(candidates.data ?? (exercise.facilitator ? [exercise.facilitator] : [])).map(
                  (u) => ({ value: u.id, label: u.name }),
                )}
                value={plan.facilitatorUserId}
                onChange={(v) => v && set('facilitatorUserId', v)}
                allowDeselect={false}
              />
              <Checkbox.Group
                label={t('exercises.plan.checkpoints')}
                description={t('exercises.plan.checkpointsHint')}
                value={plan.checkpoints}
                onChange={(v) => set('checkpoints', v as CheckpointId[])}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt={6} spacing={6}>
                  {content.checkpoints.map((c) => (
                    <Checkbox key={c.id} value={c.id} label={`${c.no}. ${lt(c.name)}`} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              <Textarea
                label={t('exercises.plan.preparation')}
                description={t('exercises.plan.preparationHint')}
                autosize
                minRows={2}
                value={plan.preparationNotes}
                onChange={(e) => set('preparationNotes', e.currentTarget.value)}
              />
            </Stack>
          </fieldset>
          <FormError error={update.error} />
          {editable ? (
            <Group>
              <Button type="submit" loading={update.isPending}>
                {t('exercises.plan.save')}
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {t('exercises.plan.locked')}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}

function Timetable({ orgId, exercise }: { orgId: string; exercise: ExerciseDetail }) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const save = useUpdateSchedule(orgId, exercise.id);
  const editable = exercise.you.canEdit && exercise.status === 'planned';
  const [starts, setStarts] = useState<Record<string, number>>({});
  const start = exercise.clock.startedAt ?? exercise.plan.scheduledAt;
  const duration = exercise.scenario.durationMinutes;
  const startOf = (phaseId: string, saved: number) => starts[phaseId] ?? saved;
  const rows = [...exercise.plan.timetable].sort((a, b) => a.startMinute - b.startMinute);
  const errors = fieldErrorsOf(save.error);
  const changed = rows.some((r) => startOf(r.phaseId, r.startMinute) !== r.startMinute);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-timetable">
      <Stack>
        <Title order={2} fz="lg" id="ex-timetable">
          {t('exercises.timetable.heading')}
        </Title>
        <Table withTableBorder verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('exercises.timetable.time')}</Table.Th>
              {editable && <Table.Th>{t('exercises.timetable.startMinute')}</Table.Th>}
              <Table.Th>{t('exercises.timetable.phase')}</Table.Th>
              <Table.Th>{t('exercises.timetable.purpose')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const next = rows[i + 1]?.startMinute ?? duration;
              const at = (m: number) =>
                start
                  ? formatShortTime(Date.parse(start) + m * 60_000, fmt.locale, fmt.timeZone)
                  : formatOffset(m);
              const index = exercise.plan.timetable.findIndex((p) => p.phaseId === r.phaseId);
              return (
                <Table.Tr key={r.phaseId}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {at(r.startMinute)}–{at(next)}
                  </Table.Td>
                  {editable && (
                    <Table.Td w={150}>
                      <NumberInput
                        size="xs"
                        aria-label={t('exercises.timetable.startOf', { phase: lt(r.title) })}
                        min={0}
                        max={duration}
                        // Out-of-range values reach the server, which says what is allowed.
                        clampBehavior="none"
                        allowDecimal={false}
                        value={startOf(r.phaseId, r.startMinute)}
                        onChange={(v) =>
                          setStarts((s) => ({
                            ...s,
                            [r.phaseId]: typeof v === 'number' ? v : r.startMinute,
                          }))
                        }
                        error={errors[`timetable.${index}.startMinute`]}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>{lt(r.title)}</Table.Td>
                  <Table.Td>{lt(r.purpose)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {start ? t('exercises.timetable.fromStart') : t('exercises.timetable.offsetsOnly')}
        </Text>
        {editable && (
          <>
            <FormError error={save.error} shownFields={Object.keys(errors)} />
            <Group>
              <Button
                variant="light"
                disabled={!changed}
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    {
                      timetable: exercise.plan.timetable.map((p) => ({
                        ...p,
                        startMinute: startOf(p.phaseId, p.startMinute),
                      })),
                    },
                    {
                      onSuccess: () => {
                        setStarts({});
                        notifySuccess(t('exercises.timetable.saved'));
                      },
                    },
                  )
                }
              >
                {t('exercises.timetable.save')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

type RunInject = ExerciseDetail['injects'][number];

/** Adapting one inject by hand before the start: when it falls due and what it says. */
function InjectEditor({
  orgId,
  exercise,
  inject,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  inject: RunInject;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const save = useUpdateSchedule(orgId, exercise.id);
  const [offset, setOffset] = useState(inject.offsetMinutes);
  const [title, setTitle] = useState(inject.title[lang]);
  const [situation, setSituation] = useState(inject.situation[lang]);
  const [bodies, setBodies] = useState(inject.media.map((m) => m.body[lang]));
  const errors = fieldErrorsOf(save.error);
  const pair = (p: { ja: string; en: string }, text: string) => ({ ...p, [lang]: text });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          {
            injects: [
              {
                id: inject.id,
                offsetMinutes: offset,
                title: pair(inject.title, title),
                situation: pair(inject.situation, situation),
                media: inject.media.map((m, k) => ({
                  ...(m.subject ? { subject: m.subject } : {}),
                  body: pair(m.body, bodies[k] ?? m.body[lang]),
                })),
              },
            ],
          },
          { onSuccess: () => notifySuccess(t('exercises.injectEdit.saved')) },
        );
      }}
    >
      <Stack gap="xs" data-testid={`inject-editor-${inject.id}`}>
        <Text size="xs" c="dimmed">
          {t('exercises.injectEdit.hint')}
        </Text>
        <NumberInput
          label={t('exercises.injectEdit.offset')}
          description={t('exercises.injectEdit.offsetHint', {
            minutes: exercise.scenario.durationMinutes,
          })}
          min={0}
          max={exercise.scenario.durationMinutes}
          clampBehavior="none"
          allowDecimal={false}
          value={offset}
          onChange={(v) => setOffset(typeof v === 'number' ? v : inject.offsetMinutes)}
          error={errors['injects.0.offsetMinutes']}
          w={220}
        />
        <TextInput
          label={t('exercises.injectEdit.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          required
          maxLength={300}
          error={errors[`injects.0.title.${lang}`]}
        />
        <Textarea
          label={t('exercises.injectEdit.situation')}
          autosize
          minRows={2}
          value={situation}
          onChange={(e) => setSituation(e.currentTarget.value)}
          required
          maxLength={4000}
        />
        {inject.media.map((m, k) => (
          <Textarea
            key={k}
            label={t('exercises.injectEdit.medium', { kind: t(`exercises.media.${m.kind}`) })}
            autosize
            minRows={2}
            value={bodies[k] ?? ''}
            onChange={(e) => {
              const text = e.currentTarget.value;
              setBodies((b) => b.map((x, j) => (j === k ? text : x)));
            }}
            required
            maxLength={8000}
          />
        ))}
        <FormError error={save.error} shownFields={Object.keys(errors)} />
        <Group>
          <Button type="submit" size="xs" loading={save.isPending}>
            {t('exercises.injectEdit.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Injects({
  orgId,
  exercise,
  content,
}: {
  orgId: string;
  exercise: ExerciseDetail;
  content: ExerciseContent;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const condition = useConditionText(exercise.injects);
  const checkpoints = content.checkpoints.filter((c) => exercise.plan.checkpoints.includes(c.id));
  const editable = exercise.you.canEdit && exercise.status === 'planned';
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-injects">
      <Stack>
        <Title order={2} fz="lg" id="ex-injects">
          {t('exercises.injects.heading')}
        </Title>
        <Text size="sm">{lt(exercise.scenario.summary)}</Text>
        {exercise.scenario.attackerSteps.length > 0 && (
          <Table withTableBorder verticalSpacing={4}>
            <Table.Caption>{t('exercises.injects.attackerSteps')}</Table.Caption>
            <Table.Tbody>
              {exercise.scenario.attackerSteps.map((s) => (
                <Table.Tr key={s.no}>
                  <Table.Td w={40}>{s.no}</Table.Td>
                  <Table.Td fw={600}>{lt(s.title)}</Table.Td>
                  <Table.Td>{lt(s.description)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Accordion multiple variant="separated">
          {exercise.injects.map((inj) => (
            <Accordion.Item key={inj.id} value={inj.id}>
              <Accordion.Control>
                <Group gap="sm" wrap="nowrap">
                  <Badge variant="light" w={64}>
                    {formatOffset(inj.offsetMinutes)}
                  </Badge>
                  <Text fw={600} size="sm">
                    {lt(inj.title)}
                  </Text>
                  {inj.when && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('exercises.inject.branch')}
                    </Badge>
                  )}
                  {inj.retestOf && (
                    <Badge size="xs" color="grape" variant="light">
                      {t('exercises.inject.retest')}
                    </Badge>
                  )}
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack>
                  <InjectDetails
                    inject={inj}
                    checkpoints={checkpoints}
                    condition={condition(inj)}
                  />
                  {editable && (
                    <InjectEditor
                      // A saved change elsewhere starts the editor afresh from the stored inject.
                      key={JSON.stringify([inj.offsetMinutes, inj.title, inj.situation, inj.media])}
                      orgId={orgId}
                      exercise={exercise}
                      inject={inj}
                    />
                  )}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Stack>
    </Card>
  );
}

function SeatLinkModal({ link, onClose }: { link: SeatLink | null; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Modal
      opened={link !== null}
      onClose={onClose}
      title={t('exercises.participants.linkTitle')}
      centered
    >
      {link && (
        <Stack align="center">
          <Image
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(link.qrSvg)}`}
            alt={t('exercises.participants.qrAlt')}
            w={220}
            h={220}
          />
          <TextInput
            readOnly
            value={link.url}
            w="100%"
            aria-label={t('exercises.participants.linkLabel')}
            data-testid="seat-url"
          />
          <CopyButton value={link.url}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('common.copied') : t('exercises.participants.copy')}
              </Button>
            )}
          </CopyButton>
          <Text size="xs" c="dimmed">
            {t('exercises.participants.expires', { at: fmt.dateTime(link.expiresAt) })}
          </Text>
        </Stack>
      )}
    </Modal>
  );
}

function Participants({ orgId, exercise }: { orgId: string; exercise: ExerciseDetail }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { add, remove, seatLink } = useParticipantMutations(orgId, exercise.id);
  const [name, setName] = useState('');
  const [role, setRole] = useState<ExerciseRole | null>(null);
  const [affiliation, setAffiliation] = useState('');
  const [link, setLink] = useState<SeatLink | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const canEdit = exercise.you.canEdit;
  const scenarioRoles = new Set(exercise.scenario.roles);
  const roleOptions = [
    ...exercise.scenario.roles,
    ...exerciseRoles.filter((r) => !scenarioRoles.has(r)),
  ].map((r) => ({
    value: r,
    label: `${t(`exercises.roles.${r}`)}${isOutsideRole(r) ? ` ${t('exercises.roles.outsideMark')}` : ''}`,
  }));
  const byRole = [...exercise.participants].sort(
    (a, b) => exerciseRoles.indexOf(a.role) - exerciseRoles.indexOf(b.role),
  );
  const inRoom = exercise.mode === 'in_room';

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-participants">
      <Stack>
        <Title order={2} fz="lg" id="ex-participants">
          {t('exercises.participants.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {inRoom ? t('exercises.participants.inRoomHint') : t('exercises.participants.hint')}
        </Text>
        {byRole.length === 0 ? (
          <EmptyNote>{t('exercises.participants.none')}</EmptyNote>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('exercises.participants.role')}</Table.Th>
                  <Table.Th>{t('exercises.participants.name')}</Table.Th>
                  <Table.Th>{t('exercises.participants.affiliation')}</Table.Th>
                  <Table.Th>{t('exercises.participants.seat')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byRole.map((p) => (
                  <Table.Tr key={p.id} data-testid={`participant-${p.name}`}>
                    <Table.Td>
                      <RoleBadges roles={[p.role]} />
                    </Table.Td>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>{p.affiliation || t('common.none')}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`exercises.seat.${p.seat.state}`)}</Text>
                      {p.seat.expiresAt && p.seat.state !== 'none' && (
                        <Text size="xs" c="dimmed">
                          {t('exercises.participants.expires', {
                            at: fmt.dateTime(p.seat.expiresAt),
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        {!inRoom && exercise.you.facilitator && exercise.status !== 'closed' && (
                          <Button
                            size="xs"
                            variant="light"
                            loading={seatLink.isPending && seatLink.variables === p.id}
                            onClick={() =>
                              seatLink.mutate(p.id, { onSuccess: setLink, onError: notifyError })
                            }
                          >
                            {p.seat.state === 'none'
                              ? t('exercises.participants.issue', { name: p.name })
                              : t('exercises.participants.reissue', { name: p.name })}
                          </Button>
                        )}
                        {canEdit && exercise.status === 'planned' && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setRemoving(p.id)}
                          >
                            {t('exercises.participants.remove')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canEdit && exercise.status !== 'closed' && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!role) return;
              add.mutate(
                { name: name.trim(), role, affiliation: affiliation.trim() },
                {
                  onSuccess: () => {
                    setName('');
                    setAffiliation('');
                  },
                },
              );
            }}
          >
            <Stack gap="xs">
              <Title order={3} fz="md">
                {t('exercises.participants.add')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('exercises.participants.name')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  required
                  maxLength={100}
                />
                <Select
                  label={t('exercises.participants.role')}
                  data={roleOptions}
                  value={role}
                  onChange={(v) => setRole(v as ExerciseRole | null)}
                  required
                  searchable
                />
                <TextInput
                  label={t('exercises.participants.affiliation')}
                  value={affiliation}
                  onChange={(e) => setAffiliation(e.currentTarget.value)}
                  maxLength={200}
                />
              </SimpleGrid>
              <FormError error={add.error} />
              <Group>
                <Button
                  type="submit"
                  variant="light"
                  loading={add.isPending}
                  disabled={!role || !name.trim()}
                >
                  {t('exercises.participants.addSubmit')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
      <SeatLinkModal link={link} onClose={() => setLink(null)} />
      <ConfirmDialog
        opened={removing !== null}
        title={t('exercises.participants.removeTitle')}
        message={t('exercises.participants.removeBody')}
        confirmLabel={t('exercises.participants.remove')}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing, { onSettled: () => setRemoving(null), onError: notifyError })
        }
        loading={remove.isPending}
      />
    </Card>
  );
}

function Evaluators({ orgId, exercise }: { orgId: string; exercise: ExerciseDetail }) {
  const { t } = useTranslation();
  const candidates = useEvaluatorCandidates(orgId, exercise.id);
  const setEvaluators = useSetEvaluators(orgId, exercise.id);
  const [chosen, setChosen] = useState(exercise.evaluators.map((e) => e.id));
  const [seen, setSeen] = useState(exercise.evaluators);
  if (seen !== exercise.evaluators) {
    setSeen(exercise.evaluators);
    setChosen(exercise.evaluators.map((e) => e.id));
  }
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-evaluators">
      <Stack>
        <Title order={2} fz="lg" id="ex-evaluators">
          {t('exercises.evaluators.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('exercises.evaluators.hint', {
            facilitator: exercise.facilitator?.name ?? t('common.notSet'),
          })}
        </Text>
        <MultiSelect
          label={t('exercises.evaluators.label')}
          data={(candidates.data ?? exercise.evaluators).map((u) => ({
            value: u.id,
            label: `${u.name}${u.kind === 'expert' ? ` ${t('exercises.evaluators.expertMark')}` : ''}`,
          }))}
          value={chosen}
          onChange={setChosen}
          disabled={!exercise.you.canEdit || exercise.status === 'closed'}
          searchable
        />
        <FormError error={setEvaluators.error} />
        {exercise.you.canEdit && exercise.status !== 'closed' && (
          <Group>
            <Button
              variant="light"
              loading={setEvaluators.isPending}
              onClick={() =>
                setEvaluators.mutate(chosen, {
                  onSuccess: () => notifySuccess(t('exercises.evaluators.saved')),
                })
              }
            >
              {t('exercises.evaluators.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Documents({ orgId, exerciseId }: { orgId: string; exerciseId: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ex-documents">
      <Stack>
        <Title order={2} fz="lg" id="ex-documents">
          {t('exercises.documents.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('exercises.documents.hint')}
        </Text>
        <Table withTableBorder verticalSpacing="xs">
          <Table.Tbody>
            {documentKinds.map((kind) => (
              <Table.Tr key={kind}>
                <Table.Td>{t(`exercises.documents.kinds.${kind}`)}</Table.Td>
                <Table.Td>
                  <Group gap="sm">
                    <Anchor component={Link} to={documentPagePath(orgId, exerciseId, kind, 'ja')}>
                      {t('exercises.documents.ja')}
                    </Anchor>
                    <Anchor component={Link} to={documentPagePath(orgId, exerciseId, kind, 'en')}>
                      {t('exercises.documents.en')}
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

export function ExercisePlanPage() {
  const { orgId = '', exerciseId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const content = useExerciseContent();
  const exercise = useExercise(orgId, exerciseId);
  const remove = useDeleteExercise(orgId);
  const [confirmDelete, setConfirmDelete] = useState(false);
  useExerciseLive(orgId, exerciseId);

  return (
    <QueryState query={exercise}>
      {(ex) => (
        <Page
          title={ex.title}
          description={
            <Group gap="xs" component="span">
              <StatusBadge status={ex.status} />
              <Text span size="sm">
                {t(`exercises.mode.${ex.mode}`)}
              </Text>
            </Group>
          }
          actions={
            <Group gap="xs">
              <Button component={Link} to={`/companies/${orgId}/exercises`} variant="subtle">
                {t('exercises.backToList')}
              </Button>
              {ex.you.canEdit && ex.status === 'planned' && (
                <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                  {t('exercises.delete')}
                </Button>
              )}
            </Group>
          }
        >
          <ExerciseViews orgId={orgId} exercise={ex} />
          <QueryState query={content}>
            {(c) => (
              <>
                <PlanForm orgId={orgId} exercise={ex} content={c} />
                <Timetable orgId={orgId} exercise={ex} />
                <Participants orgId={orgId} exercise={ex} />
                <Evaluators orgId={orgId} exercise={ex} />
                <Injects orgId={orgId} exercise={ex} content={c} />
                <Documents orgId={orgId} exerciseId={ex.id} />
              </>
            )}
          </QueryState>
          <ConfirmDialog
            opened={confirmDelete}
            title={t('exercises.deleteTitle')}
            message={t('exercises.deleteBody')}
            confirmLabel={t('exercises.delete')}
            onClose={() => setConfirmDelete(false)}
            onConfirm={() =>
              remove.mutate(ex.id, {
                onSuccess: () => void navigate(`/companies/${orgId}/exercises`),
                onError: notifyError,
                onSettled: () => setConfirmDelete(false),
              })
            }
            loading={remove.isPending}
          />
        </Page>
      )}
    </QueryState>
  );
}
