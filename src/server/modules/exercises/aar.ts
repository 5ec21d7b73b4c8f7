import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as echarts from 'echarts';
import {
  hseepRatings,
  hseepScore,
  type AarActionView,
  type AarFinding,
  type AarView,
  type CheckpointId,
  type CheckpointScoreView,
  type EvaluationView,
  type EvidenceView,
  type FeedbackRequest,
  type FeedbackSummaryView,
  type HseepRating,
  type RatingView,
  type TimelineEntry,
  type TrendView,
  type UpdateAarRequest,
} from '../../../contracts/exercises';
import type { Locale } from '../../../contracts/common';
import type { Db, DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues } from '../../lib/issues';
import type { RealtimeHub } from '../../realtime/hub';
import { findUsersByIds } from '../identity/service';
import { addActionItems } from '../improvement/service';
import { elapsedMs } from './clock';
import { appendEvent, type StoredEvent } from './events';
import { listResponses, type Seat } from './live';
import { loadExerciseContent, type CheckpointContent } from './scenario';
import {
  assertEvaluator,
  getExerciseRow,
  lockExercise,
  type Changed,
  type ExerciseRow,
} from './service';
import {
  exerciseEvents,
  exerciseEvidence,
  exerciseFeedback,
  exerciseRatings,
  exerciseReports,
  exercises,
} from './tables';

// ---------- evaluation ----------

export async function rateCheckpoint(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    checkpointId: CheckpointId;
    actorUserId: string;
    rating: HseepRating;
    note: string;
  },
  now = new Date(),
): Promise<Changed<RatingView>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    await assertEvaluator(tx, row, input.actorUserId);
    if (row.status === 'planned') throw new AppError('exercise_state_invalid');
    if (!row.plan.checkpoints.includes(input.checkpointId)) throw new AppError('not_found');
    const values = {
      exerciseId: row.id,
      checkpointId: input.checkpointId,
      evaluatorUserId: input.actorUserId,
      rating: input.rating,
      note: input.note,
      updatedAt: now,
    };
    await tx
      .insert(exerciseRatings)
      .values(values)
      .onConflictDoUpdate({
        target: [
          exerciseRatings.exerciseId,
          exerciseRatings.checkpointId,
          exerciseRatings.evaluatorUserId,
        ],
        set: { rating: values.rating, note: values.note, updatedAt: now },
      });
    const event = await appendEvent(tx, row.id, {
      type: 'rating.recorded',
      data: {
        checkpointId: input.checkpointId,
        rating: input.rating,
        evaluatorUserId: input.actorUserId,
      },
    });
    const [user] = await findUsersByIds(tx, [input.actorUserId]);
    return {
      value: {
        checkpointId: input.checkpointId,
        evaluatorUserId: input.actorUserId,
        evaluatorName: user?.name ?? '',
        rating: input.rating,
        note: input.note,
        updatedAt: now.toISOString(),
      },
      events: [event],
    };
  });
}

export async function addEvidence(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    actorUserId: string;
    id: string;
    checkpointId: CheckpointId;
    injectId: string | null;
    note: string;
  },
  now = new Date(),
): Promise<Changed<EvidenceView>> {
  const result = await db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    await assertEvaluator(tx, row, input.actorUserId);
    if (row.status === 'planned') throw new AppError('exercise_state_invalid');
    if (!row.plan.checkpoints.includes(input.checkpointId)) throw new AppError('not_found');
    if (input.injectId && !row.snapshot.injects.some((i) => i.id === input.injectId))
      throwIfIssues([bodyIssue(['injectId'], 'unknown_inject', 'no such inject')]);
    const [inserted] = await tx
      .insert(exerciseEvidence)
      .values({
        id: input.id,
        exerciseId: row.id,
        checkpointId: input.checkpointId,
        injectId: input.injectId,
        evaluatorUserId: input.actorUserId,
        note: input.note,
        exerciseMs: Math.round(elapsedMs(row, now)),
        at: now,
      })
      .onConflictDoNothing({ target: exerciseEvidence.id })
      .returning();
    if (!inserted) return { value: null, events: [] as StoredEvent[] };
    const event = await appendEvent(tx, row.id, {
      type: 'evidence.recorded',
      injectId: input.injectId,
      data: { evidenceId: input.id, checkpointId: input.checkpointId },
    });
    return { value: inserted, events: [event] };
  });
  const [stored] = await db
    .select()
    .from(exerciseEvidence)
    .where(eq(exerciseEvidence.id, input.id));
  if (
    !stored ||
    stored.exerciseId !== input.exerciseId ||
    stored.evaluatorUserId !== input.actorUserId
  )
    throw new AppError('conflict');
  const [user] = await findUsersByIds(db, [input.actorUserId]);
  return { value: evidenceViewOf(stored, user?.name ?? ''), events: result.events };
}

function evidenceViewOf(e: typeof exerciseEvidence.$inferSelect, name: string): EvidenceView {
  return {
    id: e.id,
    checkpointId: e.checkpointId as CheckpointId,
    injectId: e.injectId,
    note: e.note,
    evaluatorUserId: e.evaluatorUserId,
    evaluatorName: name,
    at: e.at.toISOString(),
    exerciseMs: e.exerciseMs,
  };
}

/** Mean of the ratings per checkpoint, 0–3, and the scale step nearest to it (ties go down). */
export function scoreCheckpoints(
  checkpoints: readonly CheckpointId[],
  ratings: readonly { checkpointId: string; rating: HseepRating }[],
): CheckpointScoreView[] {
  return checkpoints.map((id) => {
    const mine = ratings.filter((r) => r.checkpointId === id).map((r) => hseepScore[r.rating]);
    if (mine.length === 0) return { checkpointId: id, score: null, ratings: 0, rating: null };
    const score = Math.round((mine.reduce((a, b) => a + b, 0) / mine.length) * 100) / 100;
    let nearest: HseepRating = 'unable';
    for (const r of hseepRatings) {
      if (Math.abs(hseepScore[r] - score) < Math.abs(hseepScore[nearest] - score)) nearest = r;
    }
    return { checkpointId: id, score, ratings: mine.length, rating: nearest };
  });
}

export function overallOf(scores: readonly CheckpointScoreView[]): number | null {
  const rated = scores.flatMap((s) => (s.score === null ? [] : [s.score]));
  if (rated.length === 0) return null;
  return Math.round((rated.reduce((a, b) => a + b, 0) / rated.length) * 100) / 100;
}

async function ratingsOf(db: DbOrTx, exerciseId: string) {
  return db
    .select()
    .from(exerciseRatings)
    .where(eq(exerciseRatings.exerciseId, exerciseId))
    .orderBy(asc(exerciseRatings.checkpointId));
}

async function evidenceOf(db: DbOrTx, exerciseId: string) {
  return db
    .select()
    .from(exerciseEvidence)
    .where(eq(exerciseEvidence.exerciseId, exerciseId))
    .orderBy(asc(exerciseEvidence.at));
}

export async function getEvaluation(
  db: DbOrTx,
  organizationId: string,
  exerciseId: string,
): Promise<EvaluationView> {
  const row = await getExerciseRow(db, organizationId, exerciseId);
  const [ratings, evidence] = [await ratingsOf(db, row.id), await evidenceOf(db, row.id)];
  const names = new Map(
    (
      await findUsersByIds(db, [
        ...new Set([...ratings, ...evidence].map((r) => r.evaluatorUserId)),
      ])
    ).map((u) => [u.id, u.name]),
  );
  const content = loadExerciseContent().checkpoints;
  return {
    checkpoints: content.filter((c) => row.plan.checkpoints.includes(c.id)),
    ratings: ratings.map((r) => ({
      checkpointId: r.checkpointId as CheckpointId,
      evaluatorUserId: r.evaluatorUserId,
      evaluatorName: names.get(r.evaluatorUserId) ?? '',
      rating: r.rating,
      note: r.note,
      updatedAt: r.updatedAt.toISOString(),
    })),
    evidence: evidence.map((e) => evidenceViewOf(e, names.get(e.evaluatorUserId) ?? '')),
    scores: scoreCheckpoints(row.plan.checkpoints, ratings),
  };
}

// ---------- after-action report ----------

const msg = {
  improve: { ja: (n: string) => `改善: ${n}`, en: (n: string) => `Improve: ${n}` },
  retest: { ja: (t: string) => `再確認: ${t}`, en: (t: string) => `Retest: ${t}` },
  expected: { ja: '期待される対応', en: 'Expected actions' },
  observed: { ja: '評価者の所見', en: 'Evaluators’ observations' },
  retestQuestion: {
    ja: (n: string) => `前回課題となった「${n}」について、今回は誰が何をどの順で行いますか？`,
    en: (n: string) => `Last time "${n}" fell short. This time, who does what, in what order?`,
  },
};

function addDays(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Drafts strengths, gaps and recommended actions from the ratings: a checkpoint averaging 2.5 or more
 * is a strength, 2 or less a gap. Each gap gets an action built from the scenario's expected actions for
 * that checkpoint and the evaluators' notes, a due date by severity, and a retest inject taken from the
 * inject that tested it.
 */
export function draftReport(
  row: ExerciseRow,
  checkpoints: readonly CheckpointContent[],
  scores: readonly CheckpointScoreView[],
  notes: readonly { checkpointId: string; note: string }[],
  locale: Locale,
  now: Date,
): { strengths: AarFinding[]; gaps: AarFinding[]; actions: AarActionView[] } {
  const byId = new Map(checkpoints.map((c) => [c.id, c]));
  const notesOf = (id: string) =>
    notes.filter((n) => n.checkpointId === id && n.note.trim()).map((n) => n.note.trim());
  const strengths: AarFinding[] = [];
  const gaps: AarFinding[] = [];
  const actions: AarActionView[] = [];
  const base = row.closedAt ?? now;
  for (const s of [...scores].sort((a, b) => (a.score ?? 9) - (b.score ?? 9))) {
    const cp = byId.get(s.checkpointId);
    if (!cp || s.score === null) continue;
    const observed = notesOf(cp.id);
    if (s.score >= 2.5) {
      strengths.push({
        checkpointId: cp.id,
        text: `${cp.name[locale]}: ${observed[0] ?? cp.performed[locale]}`,
      });
      continue;
    }
    if (s.score > 2) continue;
    gaps.push({
      checkpointId: cp.id,
      text: `${cp.name[locale]}: ${observed[0] ?? cp.description[locale]}`,
    });
    const testing = row.snapshot.injects
      .map((inj) => ({
        inj,
        expected: inj.expectedActions.filter((a) => a.checkpoints.includes(cp.id)),
      }))
      .filter((x) => x.expected.length > 0);
    const expected = testing.flatMap((x) => x.expected.map((a) => `- ${a.text[locale]}`));
    const detail = [
      cp.performed[locale],
      ...(expected.length ? ['', `${msg.expected[locale]}:`, ...new Set(expected)] : []),
      ...(observed.length
        ? ['', `${msg.observed[locale]}:`, ...observed.map((o) => `- ${o}`)]
        : []),
    ].join('\n');
    const source = testing[0]?.inj;
    actions.push({
      id: randomUUID(),
      checkpointId: cp.id,
      title: msg.improve[locale](cp.name[locale]).slice(0, 200),
      detail: detail.slice(0, 4000),
      ownerName: '',
      dueDate: addDays(base, s.score < 1 ? 30 : s.score < 2 ? 60 : 90),
      effort: s.score < 1 ? 'large' : s.score < 2 ? 'medium' : 'small',
      retest: {
        title: msg.retest[locale](source ? source.title[locale] : cp.name[locale]).slice(0, 300),
        situation: (source ? source.situation[locale] : cp.description[locale]).slice(0, 2000),
        question: msg.retestQuestion[locale](cp.name[locale]).slice(0, 1000),
        roles: source ? source.roles : [],
      },
      sentAt: null,
    });
  }
  return { strengths, gaps, actions };
}

/** Builds (or rebuilds) the report draft once the exercise is closed. */
export async function generateReport(
  db: Db,
  input: { organizationId: string; exerciseId: string; locale: Locale },
  now = new Date(),
): Promise<Changed<null>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    if (row.status !== 'closed') throw new AppError('exercise_state_invalid');
    const ratings = await ratingsOf(tx, row.id);
    const evidence = await evidenceOf(tx, row.id);
    const scores = scoreCheckpoints(row.plan.checkpoints, ratings);
    const draft = draftReport(
      row,
      loadExerciseContent().checkpoints,
      scores,
      [...ratings, ...evidence],
      input.locale,
      now,
    );
    // Actions already handed to the improvement plan stay, so they are not sent twice.
    const [previous] = await tx
      .select()
      .from(exerciseReports)
      .where(eq(exerciseReports.exerciseId, row.id));
    const sent = (previous?.actions ?? []).filter((a) => a.sentAt);
    const fresh = draft.actions.filter(
      (a) => !sent.some((s) => s.checkpointId !== null && s.checkpointId === a.checkpointId),
    );
    const values = {
      strengths: draft.strengths,
      gaps: draft.gaps,
      actions: [...sent, ...fresh],
      generatedAt: now,
      updatedAt: now,
    };
    await tx
      .insert(exerciseReports)
      .values({ exerciseId: row.id, ...values })
      .onConflictDoUpdate({ target: exerciseReports.exerciseId, set: values });
    const event = await appendEvent(tx, row.id, { type: 'aar.updated' });
    return { value: null, events: [event] };
  });
}

export async function updateReport(
  db: Db,
  input: { organizationId: string; exerciseId: string; request: UpdateAarRequest },
  now = new Date(),
): Promise<Changed<null>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    const [report] = await tx
      .select()
      .from(exerciseReports)
      .where(eq(exerciseReports.exerciseId, row.id));
    if (!report) throw new AppError('not_found');
    const set: Partial<typeof exerciseReports.$inferInsert> = { updatedAt: now };
    if (input.request.strengths) set.strengths = input.request.strengths;
    if (input.request.gaps) set.gaps = input.request.gaps;
    if (input.request.actions) {
      const old = new Map(report.actions.map((a) => [a.id, a]));
      set.actions = input.request.actions.map((a) => ({
        ...a,
        id: a.id && old.has(a.id) ? a.id : randomUUID(),
        sentAt: (a.id && old.get(a.id)?.sentAt) || null,
      }));
    }
    await tx.update(exerciseReports).set(set).where(eq(exerciseReports.exerciseId, row.id));
    const event = await appendEvent(tx, row.id, { type: 'aar.updated' });
    return { value: null, events: [event] };
  });
}

/** Hands actions to the company's improvement plan (once each) and marks them sent. */
export async function sendToImprovement(
  db: Db,
  realtime: Pick<RealtimeHub, 'publish'>,
  input: {
    organizationId: string;
    exerciseId: string;
    actorUserId: string;
    actionIds?: string[] | undefined;
    locale: Locale;
  },
  now = new Date(),
): Promise<Changed<{ sent: number; alreadySent: number }>> {
  const row = await getExerciseRow(db, input.organizationId, input.exerciseId);
  const [report] = await db
    .select()
    .from(exerciseReports)
    .where(eq(exerciseReports.exerciseId, row.id));
  if (!report) throw new AppError('not_found');
  const wanted = input.actionIds
    ? report.actions.filter((a) => input.actionIds!.includes(a.id))
    : report.actions;
  if (input.actionIds && wanted.length !== new Set(input.actionIds).size)
    throw new AppError('not_found');
  const toSend = wanted.filter((a) => !a.sentAt);
  const label = row.plan.title;
  if (toSend.length > 0) {
    // refId per action: the improvement module skips items it already holds open for the same source.
    await addActionItems(
      { db, realtime },
      {
        orgId: row.organizationId,
        actorUserId: input.actorUserId,
        locale: input.locale,
        items: toSend.map((a) => ({
          title: a.title,
          detail: [a.detail, '', `${msg.retest[input.locale](a.retest.title)}`, a.retest.question]
            .join('\n')
            .slice(0, 4000),
          source: { kind: 'exercise', refId: `${row.id}:${a.id}`, label: label.slice(0, 300) },
          ownerName: a.ownerName || null,
          dueDate: a.dueDate,
          effort: a.effort,
        })),
      },
    );
  }
  const sentIds = new Set(toSend.map((a) => a.id));
  const events = await db.transaction(async (tx) => {
    await lockExercise(tx, row.organizationId, row.id);
    const [current] = await tx
      .select()
      .from(exerciseReports)
      .where(eq(exerciseReports.exerciseId, row.id));
    const actions = (current?.actions ?? []).map((a) =>
      sentIds.has(a.id) && !a.sentAt ? { ...a, sentAt: now.toISOString() } : a,
    );
    await tx
      .update(exerciseReports)
      .set({ actions, updatedAt: now })
      .where(eq(exerciseReports.exerciseId, row.id));
    return [await appendEvent(tx, row.id, { type: 'aar.updated' })];
  });
  return { value: { sent: toSend.length, alreadySent: wanted.length - toSend.length }, events };
}

const timelineKindOf: Record<string, TimelineEntry['kind'] | undefined> = {
  'exercise.started': 'started',
  'exercise.paused': 'paused',
  'exercise.resumed': 'resumed',
  'exercise.closed': 'closed',
  'inject.released': 'released',
  'inject.skipped': 'skipped',
  'rating.recorded': 'rating',
  'evidence.recorded': 'evidence',
};

/** The session as it happened, from the event log; exercise time is rebuilt from the clock events. */
export async function buildTimeline(
  db: DbOrTx,
  row: ExerciseRow,
  locale: Locale,
): Promise<TimelineEntry[]> {
  const events = await db
    .select()
    .from(exerciseEvents)
    .where(eq(exerciseEvents.exerciseId, row.id))
    .orderBy(asc(exerciseEvents.seq));
  const responses = new Map((await listResponses(db, row.id)).map((r) => [r.id, r]));
  const evidence = new Map((await evidenceOf(db, row.id)).map((e) => [e.id, e]));
  const userIds = new Set<string>();
  for (const e of events) {
    const u = e.data.evaluatorUserId;
    if (typeof u === 'string') userIds.add(u);
  }
  for (const e of evidence.values()) userIds.add(e.evaluatorUserId);
  const names = new Map((await findUsersByIds(db, [...userIds])).map((u) => [u.id, u.name]));
  const injects = new Map(row.snapshot.injects.map((i) => [i.id, i]));
  let startedAt: number | null = null;
  let pausedAt: number | null = null;
  let pausedTotal = 0;
  const out: TimelineEntry[] = [];
  for (const e of events) {
    const at = e.at.getTime();
    if (e.type === 'exercise.started') startedAt = at;
    const exerciseMs =
      startedAt === null ? 0 : Math.max(0, (pausedAt ?? at) - startedAt - pausedTotal);
    if (e.type === 'exercise.paused') pausedAt = at;
    if ((e.type === 'exercise.resumed' || e.type === 'exercise.closed') && pausedAt !== null) {
      pausedTotal += at - pausedAt;
      pausedAt = null;
    }
    const inj = e.injectId ? injects.get(e.injectId) : undefined;
    const base = {
      at: e.at.toISOString(),
      exerciseMs,
      injectId: e.injectId,
      role: null,
      checkpointId: null,
      actor: null,
    };
    if (e.type === 'response.recorded') {
      const r = responses.get(String(e.data.responseId));
      if (!r) continue;
      const q = inj?.questions.find((x) => x.id === r.questionId);
      const option = q?.options?.find((o) => o.id === r.optionId)?.label[locale];
      out.push({
        ...base,
        kind: r.kind,
        role: r.role,
        text: [option, r.text].filter(Boolean).join(' — '),
        actor: r.participantName,
      });
      continue;
    }
    const kind = timelineKindOf[e.type];
    if (!kind) continue;
    if (kind === 'evidence') {
      const ev = evidence.get(String(e.data.evidenceId));
      if (!ev) continue;
      out.push({
        ...base,
        kind,
        checkpointId: ev.checkpointId as CheckpointId,
        text: ev.note,
        actor: names.get(ev.evaluatorUserId) ?? null,
      });
      continue;
    }
    if (kind === 'rating') {
      out.push({
        ...base,
        kind,
        checkpointId: e.data.checkpointId as CheckpointId,
        text: String(e.data.rating),
        actor: names.get(String(e.data.evaluatorUserId)) ?? null,
      });
      continue;
    }
    out.push({ ...base, kind, text: inj ? inj.title[locale] : '' });
  }
  return out;
}

export function scoreChartSvg(
  checkpoints: readonly CheckpointContent[],
  scores: readonly CheckpointScoreView[],
  locale: Locale,
  size = { width: 720, height: 420 },
): string {
  const byId = new Map(checkpoints.map((c) => [c.id, c]));
  const rows = [...scores].reverse();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...size });
  const colour = (s: number | null) =>
    s === null
      ? '#bbbbbb'
      : s >= 2.5
        ? '#2f9e44'
        : s > 2
          ? '#74b816'
          : s >= 1
            ? '#f08c00'
            : '#e03131';
  try {
    chart.setOption({
      animation: false,
      grid: { left: 230, right: 40, top: 20, bottom: 40 },
      xAxis: {
        type: 'value',
        min: 0,
        max: 3,
        interval: 1,
        axisLabel: {
          formatter: (v: number) =>
            ({
              0: locale === 'ja' ? '実施不可' : 'Unable',
              1: locale === 'ja' ? '大きな課題' : 'Major',
              2: locale === 'ja' ? '一部課題' : 'Some',
              3: locale === 'ja' ? '実施できた' : 'Performed',
            })[v] ?? '',
        },
      },
      yAxis: {
        type: 'category',
        data: rows.map((s) => {
          const c = byId.get(s.checkpointId);
          return c ? `${c.no}. ${c.name[locale]}` : s.checkpointId;
        }),
        axisLabel: { width: 220, overflow: 'truncate', fontSize: 11 },
      },
      series: [
        {
          type: 'bar',
          data: rows.map((s) => ({ value: s.score ?? 0, itemStyle: { color: colour(s.score) } })),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number }) => {
              const s = rows[p.dataIndex]?.score;
              return s === null || s === undefined ? '–' : s.toFixed(2);
            },
          },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The report with everything derived from the session, for the page and for the Word document. */
export async function getAfterActionReport(
  db: DbOrTx,
  organizationId: string,
  exerciseId: string,
  locale: Locale,
): Promise<AarView> {
  const row = await getExerciseRow(db, organizationId, exerciseId);
  const [report] = await db
    .select()
    .from(exerciseReports)
    .where(eq(exerciseReports.exerciseId, row.id));
  if (!report) throw new AppError('not_found');
  const scores = scoreCheckpoints(row.plan.checkpoints, await ratingsOf(db, row.id));
  return {
    exerciseId: row.id,
    generatedAt: report.generatedAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
    timeline: await buildTimeline(db, row, locale),
    scores,
    overallScore: overallOf(scores),
    strengths: report.strengths,
    gaps: report.gaps,
    actions: report.actions,
    chartPath: `/api/orgs/${row.organizationId}/exercises/${row.id}/aar/chart.svg`,
    feedback: await feedbackSummary(db, row.id),
  };
}

export async function getScoreChart(
  db: DbOrTx,
  organizationId: string,
  exerciseId: string,
  locale: Locale,
): Promise<string> {
  const row = await getExerciseRow(db, organizationId, exerciseId);
  const scores = scoreCheckpoints(row.plan.checkpoints, await ratingsOf(db, row.id));
  return scoreChartSvg(loadExerciseContent().checkpoints, scores, locale);
}

// ---------- feedback ----------

export async function submitFeedback(
  db: Db,
  seat: Seat,
  request: FeedbackRequest,
  now = new Date(),
): Promise<Changed<null>> {
  const questions = new Map(loadExerciseContent().feedback.map((q) => [q.id, q]));
  const issues = request.answers.flatMap((a, i) => {
    const q = questions.get(a.questionId);
    if (!q)
      return [bodyIssue(['answers', i, 'questionId'], 'unknown_question', 'no such question')];
    if (q.kind === 'scale' && (a.value === undefined || a.value > (q.max ?? 5)))
      return [bodyIssue(['answers', i, 'value'], 'out_of_range', `1 to ${q.max}`)];
    if (q.kind === 'free' && a.value !== undefined)
      return [bodyIssue(['answers', i, 'value'], 'not_scale', 'this question takes text')];
    return [];
  });
  throwIfIssues(issues);
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, seat.exercise.organizationId, seat.exercise.id);
    if (row.status !== 'closed') throw new AppError('exercise_state_invalid');
    const [inserted] = await tx
      .insert(exerciseFeedback)
      .values({
        exerciseId: row.id,
        participantId: seat.participant.id,
        answers: request.answers.map((a) => ({
          questionId: a.questionId,
          ...(a.value !== undefined ? { value: a.value } : {}),
          ...(a.text ? { text: a.text } : {}),
        })),
        submittedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new AppError('conflict');
    const event = await appendEvent(tx, row.id, {
      type: 'feedback.submitted',
      data: { participantId: seat.participant.id },
    });
    return { value: null, events: [event] };
  });
}

export async function feedbackSummary(
  db: DbOrTx,
  exerciseId: string,
): Promise<FeedbackSummaryView> {
  const rows = await db
    .select()
    .from(exerciseFeedback)
    .where(eq(exerciseFeedback.exerciseId, exerciseId));
  const questions = loadExerciseContent().feedback;
  return {
    responses: rows.length,
    questions: questions.map((q) => {
      const answers = rows.flatMap((r) => r.answers.filter((a) => a.questionId === q.id));
      const values = answers.flatMap((a) => (a.value === undefined ? [] : [a.value]));
      const max = q.max ?? 0;
      return {
        id: q.id,
        text: q.text,
        kind: q.kind,
        average:
          values.length > 0
            ? Math.round((values.reduce((x, y) => x + y, 0) / values.length) * 100) / 100
            : null,
        distribution: Array.from(
          { length: max },
          (_, i) => values.filter((v) => v === i + 1).length,
        ),
        comments: answers.flatMap((a) => (a.text ? [a.text] : [])),
      };
    }),
  };
}

export function feedbackForm(seatFeedbackSubmitted: boolean, status: ExerciseRow['status']) {
  return {
    questions: loadExerciseContent().feedback.map((q) => ({
      id: q.id,
      text: q.text,
      kind: q.kind,
      ...(q.max !== undefined ? { max: q.max } : {}),
      ...(q.minLabel ? { minLabel: q.minLabel } : {}),
      ...(q.maxLabel ? { maxLabel: q.maxLabel } : {}),
    })),
    submitted: seatFeedbackSubmitted,
    open: status === 'closed',
  };
}

// ---------- trend ----------

/** Checkpoint scores of the company's closed exercises, oldest first. */
export async function checkpointTrend(db: DbOrTx, organizationId: string): Promise<TrendView> {
  const rows = await db
    .select()
    .from(exercises)
    .where(and(eq(exercises.organizationId, organizationId), eq(exercises.status, 'closed')))
    .orderBy(asc(exercises.closedAt));
  const ids = rows.map((r) => r.id);
  const ratings =
    ids.length > 0
      ? await db.select().from(exerciseRatings).where(inArray(exerciseRatings.exerciseId, ids))
      : [];
  return {
    exercises: rows.map((r) => {
      const scores = scoreCheckpoints(
        r.plan.checkpoints,
        ratings.filter((x) => x.exerciseId === r.id),
      );
      return {
        id: r.id,
        title: r.plan.title,
        closedAt: r.closedAt?.toISOString() ?? null,
        scores,
        overallScore: overallOf(scores),
      };
    }),
  };
}
