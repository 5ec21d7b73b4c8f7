import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ExerciseEvent, ResponseView } from '../../../../contracts/exercises';
import { isApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { useFormatters } from '../../../lib/use-formatters';
import {
  claimSeat,
  deviceSecretFor,
  getSeat,
  getSeatEvents,
  getSeatFeedback,
  isRetryable,
  postSeatFeedback,
  postSeatResponse,
  readOutbox,
  useSeatSocket,
  writeOutbox,
  type FeedbackForm,
  type OutboxItem,
  type Seat,
  type SeatCredentials,
} from '../api/seat';
import { Clock } from '../components/Clock';
import { InjectMedia } from '../components/InjectMedia';
import { formatClockTime, newId } from '../lib';
import { useLt } from '../hooks';

type SeatInject = Seat['injects'][number];
type Question = SeatInject['questions'][number];

/** Events after which the seat's view must be fetched again. */
function touchesSeat(event: ExerciseEvent, seat: Seat): boolean {
  if (event.type.startsWith('exercise.')) return true;
  if (event.type === 'inject.released')
    return event.roles.length === 0 || event.roles.includes(seat.role);
  if (event.type === 'seat.reissued' || event.type === 'participant.changed') return true;
  return false;
}

function useSeatSession(token: string) {
  const creds = useMemo<SeatCredentials>(
    () => ({ token, device: deviceSecretFor(token) }),
    [token],
  );
  const [seat, setSeat] = useState<Seat | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [online, setOnline] = useState(true);
  const lastSeq = useRef(0);
  const seatRef = useRef<Seat | null>(null);

  const apply = useCallback((s: Seat) => {
    seatRef.current = s;
    lastSeq.current = Math.max(lastSeq.current, s.lastSeq);
    setSeat(s);
    setFetchedAt(Date.now());
    setError(null);
  }, []);

  const reload = useCallback(async () => {
    try {
      apply(await getSeat(creds));
    } catch (err) {
      if (isRetryable(err)) setOnline(false);
      else setError(err);
    }
  }, [apply, creds]);

  // Claiming is idempotent for the device that holds the seat: the first visit takes the seat, a
  // reload (or a return after a lost connection) gets it back; any other device is refused.
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () =>
      claimSeat(creds).then(
        (s) => {
          if (!cancelled) apply(s);
        },
        (err: unknown) => {
          if (cancelled) return;
          setError(err);
          // Opened while offline: keep trying until the network is back.
          if (isRetryable(err)) timer = setTimeout(() => void attempt(), 3000);
        },
      );
    void attempt();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [apply, creds]);

  // Catch up on what happened while this device was away, by sequence number.
  const catchUp = useCallback(async () => {
    const current = seatRef.current;
    if (!current) return;
    try {
      let relevant = false;
      let more = true;
      while (more) {
        const page = await getSeatEvents(creds, lastSeq.current);
        for (const e of page.events) if (touchesSeat(e, current)) relevant = true;
        lastSeq.current = Math.max(lastSeq.current, page.lastSeq);
        more = page.more && page.events.length > 0;
      }
      if (relevant) await reload();
    } catch (err) {
      if (isRetryable(err)) setOnline(false);
    }
  }, [creds, reload]);

  useSeatSocket(
    seat ? creds : null,
    (event) => {
      const current = seatRef.current;
      if (!current) return;
      if (event.seq > lastSeq.current + 1) {
        // A gap: something was missed; the catch-up fetches it in order.
        void catchUp();
        return;
      }
      lastSeq.current = Math.max(lastSeq.current, event.seq);
      if (touchesSeat(event, current)) void reload();
    },
    () => void catchUp(),
    setOnline,
  );

  return { creds, seat, setSeat, fetchedAt, error, online, setOnline, reload };
}

/** Answers go to the outbox first (kept in this browser) and leave it only when the server has them. */
function useOutbox(
  creds: SeatCredentials,
  onAck: (r: ResponseView) => void,
  onOnline: (v: boolean) => void,
) {
  const [items, setItems] = useState<OutboxItem[]>(() => readOutbox(creds.token));
  const [failed, setFailed] = useState<{ item: OutboxItem; error: unknown }[]>([]);
  const flushing = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    clearTimeout(retryTimer.current);
    try {
      let queue = readOutbox(creds.token);
      while (queue.length > 0) {
        const item = queue[0]!;
        try {
          const { queuedAt: _queued, ...body } = item;
          const ack = await postSeatResponse(creds, body);
          onOnline(true);
          onAck({
            id: item.id,
            injectId: item.injectId,
            questionId: item.questionId ?? null,
            kind: item.kind,
            text: item.text,
            optionId: item.optionId ?? null,
            role: 'executive',
            participantId: null,
            participantName: null,
            recordedByUserId: null,
            createdAt: ack.createdAt,
            seq: ack.seq,
          });
        } catch (err) {
          if (isRetryable(err)) {
            onOnline(false);
            retryTimer.current = setTimeout(() => void flush(), 3000);
            break;
          }
          // Refused for good (the exercise closed, the link was reissued…): show it, do not resend.
          setFailed((f) => [...f, { item, error: err }]);
        }
        queue = readOutbox(creds.token).filter((q) => q.id !== item.id);
        writeOutbox(creds.token, queue);
        setItems(queue);
      }
    } finally {
      flushing.current = false;
    }
  }, [creds, onAck, onOnline]);

  useEffect(() => {
    void flush();
    const again = () => void flush();
    window.addEventListener('online', again);
    return () => {
      window.removeEventListener('online', again);
      clearTimeout(retryTimer.current);
    };
  }, [flush]);

  const send = useCallback(
    (item: Omit<OutboxItem, 'id' | 'queuedAt'>) => {
      const full: OutboxItem = { ...item, id: newId(), queuedAt: new Date().toISOString() };
      const queue = [...readOutbox(creds.token), full];
      writeOutbox(creds.token, queue);
      setItems(queue);
      void flush();
    },
    [creds.token, flush],
  );

  return { items, failed, send, flush };
}

function QuestionForm({
  inject,
  question,
  disabled,
  onSend,
}: {
  inject: SeatInject;
  question: Question | null;
  disabled: boolean;
  onSend: (item: Omit<OutboxItem, 'id' | 'queuedAt'>) => void;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const [text, setText] = useState('');
  const [optionId, setOptionId] = useState<string | null>(null);
  const label = question ? lt(question.text) : t('exercises.seatPage.decision');
  const ready = (question?.kind === 'choice' ? optionId !== null : text.trim() !== '') && !disabled;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        onSend({
          injectId: inject.id,
          ...(question ? { questionId: question.id } : {}),
          kind: question ? 'answer' : 'decision',
          text: text.trim(),
          ...(optionId ? { optionId } : {}),
        });
        setText('');
        setOptionId(null);
      }}
    >
      <Stack gap={6}>
        {question?.options && (
          <Radio.Group label={label} value={optionId ?? ''} onChange={setOptionId}>
            <Stack gap={4} mt={4}>
              {question.options.map((o) => (
                <Radio key={o.id} value={o.id} label={lt(o.label)} disabled={disabled} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Textarea
          label={question?.options ? t('exercises.seatPage.why') : label}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          maxLength={4000}
          disabled={disabled}
        />
        <Group>
          <Button type="submit" size="xs" disabled={!ready}>
            {question ? t('exercises.seatPage.send') : t('exercises.seatPage.logDecision')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MyAnswers({
  inject,
  questionId,
  responses,
  pending,
}: {
  inject: SeatInject;
  questionId: string | null;
  responses: readonly ResponseView[];
  pending: readonly OutboxItem[];
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const question = inject.questions.find((q) => q.id === questionId);
  const optionLabel = (id: string | null | undefined) =>
    lt(question?.options?.find((o) => o.id === id)?.label);
  const mine = responses.filter(
    (r) => r.injectId === inject.id && (r.questionId ?? null) === questionId,
  );
  const waiting = pending.filter(
    (p) => p.injectId === inject.id && (p.questionId ?? null) === questionId,
  );
  if (mine.length === 0 && waiting.length === 0) return null;
  return (
    <Stack gap={4}>
      {mine.map((r) => (
        <Paper key={r.id} p={6} bg="teal.0" radius="sm" data-testid="my-answer">
          <Group gap={6} justify="space-between" wrap="nowrap">
            <Text size="sm">
              {r.optionId && <b>{optionLabel(r.optionId)} </b>}
              {r.text}
            </Text>
            <Badge size="xs" color="teal" variant="light">
              {t('exercises.seatPage.sent', {
                at: formatClockTime(r.createdAt, fmt.locale, fmt.timeZone),
              })}
            </Badge>
          </Group>
        </Paper>
      ))}
      {waiting.map((p) => (
        <Paper key={p.id} p={6} bg="yellow.0" radius="sm" data-testid="pending-answer">
          <Group gap={6} justify="space-between" wrap="nowrap">
            <Text size="sm">
              {p.optionId && <b>{optionLabel(p.optionId)} </b>}
              {p.text}
            </Text>
            <Badge size="xs" color="yellow" variant="light">
              {t('exercises.seatPage.waiting')}
            </Badge>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function FeedbackSurvey({ creds }: { creds: SeatCredentials }) {
  const { t } = useTranslation();
  const lt = useLt();
  const [form, setForm] = useState<FeedbackForm | null>(null);
  const [values, setValues] = useState<Record<string, { value?: number; text?: string }>>({});
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  useEffect(() => {
    getSeatFeedback(creds).then(setForm, setError);
  }, [creds]);
  if (error && !form) return <ErrorAlert error={error} />;
  if (!form || !form.open) return null;
  if (form.submitted || done)
    return <Alert color="teal">{t('exercises.seatPage.feedbackThanks')}</Alert>;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="seat-feedback">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSending(true);
          postSeatFeedback(creds, {
            answers: form.questions
              .map((q) => ({ questionId: q.id, ...values[q.id] }))
              .filter((a) => a.value !== undefined || (a.text ?? '').trim() !== ''),
          })
            .then(
              () => setDone(true),
              (err: unknown) => setError(err),
            )
            .finally(() => setSending(false));
        }}
      >
        <Stack>
          <Title order={2} fz="lg" id="seat-feedback">
            {t('exercises.seatPage.feedbackTitle')}
          </Title>
          {form.questions.map((q) =>
            q.kind === 'scale' ? (
              <Stack key={q.id} gap={4}>
                <Text size="sm" fw={600} id={`fb-${q.id}`}>
                  {lt(q.text)}
                </Text>
                <SegmentedControl
                  aria-labelledby={`fb-${q.id}`}
                  data={Array.from({ length: q.max ?? 5 }, (_, i) => String(i + 1))}
                  value={values[q.id]?.value ? String(values[q.id]?.value) : ''}
                  onChange={(v) => setValues((s) => ({ ...s, [q.id]: { value: Number(v) } }))}
                />
                {q.minLabel && q.maxLabel && (
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed">
                      1: {lt(q.minLabel)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {q.max ?? 5}: {lt(q.maxLabel)}
                    </Text>
                  </Group>
                )}
              </Stack>
            ) : (
              <Textarea
                key={q.id}
                label={lt(q.text)}
                autosize
                minRows={2}
                maxLength={4000}
                value={values[q.id]?.text ?? ''}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  setValues((s) => ({ ...s, [q.id]: { text } }));
                }}
              />
            ),
          )}
          {error !== null && <ErrorAlert error={error} />}
          <Group>
            <Button type="submit" loading={sending}>
              {t('exercises.seatPage.feedbackSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function SeatBody({ session }: { session: ReturnType<typeof useSeatSession> & { seat: Seat } }) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const { seat, setSeat, creds, online, setOnline } = session;
  const onAck = useCallback(
    (r: ResponseView) =>
      setSeat((s) =>
        s && !s.responses.some((x) => x.id === r.id)
          ? {
              ...s,
              responses: [
                ...s.responses,
                { ...r, role: s.role, participantId: s.participantId, participantName: s.name },
              ],
            }
          : s,
      ),
    [setSeat],
  );
  const outbox = useOutbox(creds, onAck, setOnline);
  const closed = seat.clock.status === 'closed';
  const canAnswer = seat.clock.status === 'running' || seat.clock.status === 'paused';
  const injects = [...seat.injects].sort((a, b) => b.releasedAt.localeCompare(a.releasedAt));
  useDocumentTitle(`${seat.exercise.title} | ${t('app.name')}`);

  return (
    <Stack>
      <Stack gap={2}>
        <Text size="xs" c="dimmed">
          {lt(seat.exercise.scenarioTitle)}
        </Text>
        <Title order={1} fz={22}>
          {seat.exercise.title}
        </Title>
        <Group gap="xs">
          <Badge variant="light" data-testid="seat-role">
            {t(`exercises.roles.${seat.role}`)}
          </Badge>
          <Text size="sm" fw={600}>
            {seat.name}
          </Text>
          <Badge color={online ? 'teal' : 'red'} variant="dot" data-testid="seat-connection">
            {online ? t('exercises.seatPage.online') : t('exercises.seatPage.offline')}
          </Badge>
        </Group>
      </Stack>
      <Clock clock={seat.clock} fetchedAt={session.fetchedAt} />
      {outbox.items.length > 0 && (
        <Alert color="yellow" data-testid="seat-outbox">
          {t('exercises.seatPage.outbox', { n: outbox.items.length })}
        </Alert>
      )}
      {outbox.failed.map((f) => (
        <ErrorAlert key={f.item.id} error={f.error} />
      ))}
      {seat.clock.status === 'planned' && (
        <Alert color="gray">{t('exercises.seatPage.notStarted')}</Alert>
      )}
      {closed && <Alert color="indigo">{t('exercises.seatPage.closed')}</Alert>}
      {closed && <FeedbackSurvey creds={creds} />}
      {injects.length === 0 && seat.clock.status !== 'planned' && (
        <Text c="dimmed" size="sm">
          {t('exercises.seatPage.noInjects')}
        </Text>
      )}
      {injects.map((inj) => (
        <Card
          key={inj.id}
          withBorder
          radius="md"
          padding="sm"
          component="article"
          aria-labelledby={`inj-${inj.id}`}
          data-testid="seat-inject"
        >
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap">
              <Title order={2} fz="md" id={`inj-${inj.id}`}>
                {lt(inj.title)}
              </Title>
              <Text size="xs" c="dimmed">
                {formatClockTime(inj.releasedAt, fmt.locale, fmt.timeZone)}
              </Text>
            </Group>
            <InjectMedia media={inj.media} />
            {inj.questions.map((q) => (
              <Stack key={q.id} gap={6}>
                <MyAnswers
                  inject={inj}
                  questionId={q.id}
                  responses={seat.responses}
                  pending={outbox.items}
                />
                {canAnswer && (
                  <QuestionForm
                    inject={inj}
                    question={q}
                    disabled={!canAnswer}
                    onSend={outbox.send}
                  />
                )}
              </Stack>
            ))}
            <MyAnswers
              inject={inj}
              questionId={null}
              responses={seat.responses}
              pending={outbox.items}
            />
            {canAnswer && (
              <QuestionForm
                inject={inj}
                question={null}
                disabled={!canAnswer}
                onSend={outbox.send}
              />
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

/** A participant's seat: no account, opened from the invitation link or QR code. */
export function SeatPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const session = useSeatSession(token);
  if (session.seat) return <SeatBody session={{ ...session, seat: session.seat }} />;
  if (session.error !== null)
    return (
      <Stack>
        <Title order={1} fz={22}>
          {t('exercises.seatPage.title')}
        </Title>
        <ErrorAlert error={session.error} />
        {isApiError(session.error) && session.error.status !== 0 && (
          <Text size="sm" c="dimmed">
            {t('exercises.seatPage.askFacilitator')}
          </Text>
        )}
      </Stack>
    );
  return <PageLoader />;
}
