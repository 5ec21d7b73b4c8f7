import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  isScoredItem,
  type AnswerValue,
  type AssessmentResults,
  type LocalizedText,
  type QuestionSetKind,
  type SaveAnswerRequest,
  type Targets,
} from '../../../contracts/assessments';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { localiseIssues } from '../../http/validation';
import { throwIfIssues, type Issue } from '../../lib/issues';
import * as programs from '../programs/service';
import { loadQuestionSets } from './catalog';
import { answerValueSchema, type IndexedQuestionSet } from './question-set';
import {
  missingRequiredItems,
  scoreAssessment,
  sectionProgress,
  visibleItemIds,
  type AnswerMap,
  type AssessmentScore,
  type SectionProgress,
} from './scoring';
import {
  assessmentAnswerHistory,
  assessmentAnswers,
  assessmentReviews,
  assessments,
} from './tables';

export type Assessment = typeof assessments.$inferSelect;
export type AssessmentAnswer = typeof assessmentAnswers.$inferSelect;
export type AnswerHistoryEntry = typeof assessmentAnswerHistory.$inferSelect;
export type SectionReview = typeof assessmentReviews.$inferSelect;

/** How the caller stands towards the company: decides who may review and reopen. */
export type Standing = 'operator' | 'expert' | 'company_admin' | 'company_member';
export interface Actor {
  userId: string;
  standing: Standing;
}

export const EDITABLE: readonly Assessment['status'][] = ['draft', 'reopened'];
const LOCKED: readonly Assessment['status'][] = ['submitted', 'reviewed'];
const REVIEWERS: readonly Standing[] = ['expert', 'operator'];
const REOPENERS: readonly Standing[] = ['expert', 'operator', 'company_admin'];

// --- validation errors that name the item or section --------------------------------------

type IssueCode =
  | 'unknown_item'
  | 'hidden_item'
  | 'unknown_section'
  | 'not_scored'
  | 'unanswered'
  | 'unknown_question_set'
  | 'other_question_set'
  | 'baseline_not_submitted';

const issueMessages: Record<IssueCode, LocalizedText> = {
  unknown_item: {
    ja: 'この質問票にない項目です。',
    en: 'This item is not part of the question set.',
  },
  hidden_item: {
    ja: 'これまでの回答では表示されない項目のため、回答できません。',
    en: 'This item is hidden by the answers given so far and cannot be answered.',
  },
  unknown_section: {
    ja: 'この質問票にないセクションです。',
    en: 'This section is not part of the question set.',
  },
  not_scored: {
    ja: '採点されない項目には目標点を設定できません。',
    en: 'Only scored items can have a target score.',
  },
  unanswered: {
    ja: '未回答です。回答するか「わからない」「該当なし」を選んでください。',
    en: "Not answered yet. Answer it or choose “don't know” or “not applicable”.",
  },
  unknown_question_set: {
    ja: 'この質問票はありません。',
    en: 'There is no such question set.',
  },
  other_question_set: {
    ja: '前回の診断は別の質問票のものです。',
    en: 'The previous assessment used a different question set.',
  },
  baseline_not_submitted: {
    ja: '前回の診断がまだ提出されていません。',
    en: 'The previous assessment has not been submitted yet.',
  },
};

interface IssueTarget {
  in: 'path' | 'body';
  path: (string | number)[];
  itemId?: string;
  sectionId?: string;
}

function issue(code: IssueCode, locale: Locale, target: IssueTarget): Issue {
  return { ...target, path: target.path.map(String), code, message: issueMessages[code][locale] };
}

function invalid(issues: Issue[]): AppError {
  return new AppError('validation_failed', { issues });
}

export function lockedError(a: Assessment): AppError {
  return new AppError('assessment_locked', { status: a.status });
}

// --- reading ------------------------------------------------------------------------------

/** The question set version an assessment was started on. */
export function questionSetOf(a: Pick<Assessment, 'questionSetId' | 'questionSetVersion'>) {
  const index = loadQuestionSets().get(a.questionSetId, a.questionSetVersion);
  // Version files are never removed, so this is a broken installation rather than bad input.
  if (!index)
    throw new Error(`question set ${a.questionSetId} v${a.questionSetVersion} is missing`);
  return index;
}

/** The newest version of the first shipped set of a kind (e.g. the survey), for pages before any answer. */
export function latestQuestionSetOfKind(kind: QuestionSetKind) {
  return loadQuestionSets()
    .latestVersions()
    .find((s) => s.set.kind === kind);
}

/** One assessment of the company; another company's id is not found. */
export async function getAssessment(db: DbOrTx, orgId: string, id: string): Promise<Assessment> {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, id), eq(assessments.organizationId, orgId)));
  if (!row) throw new AppError('not_found');
  return row;
}

/** Like getAssessment, holding the row until the transaction ends so saves and submit serialise. */
export async function lockAssessment(tx: DbOrTx, orgId: string, id: string): Promise<Assessment> {
  const [row] = await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, id), eq(assessments.organizationId, orgId)))
    .for('update');
  if (!row) throw new AppError('not_found');
  return row;
}

/** The current answer rows of one assessment (its company already checked by the caller). */
export async function listAnswers(db: DbOrTx, assessmentId: string): Promise<AssessmentAnswer[]> {
  return db
    .select()
    .from(assessmentAnswers)
    .where(eq(assessmentAnswers.assessmentId, assessmentId))
    .orderBy(asc(assessmentAnswers.itemId));
}

/** Answer rows as the scoring functions read them. */
export function toAnswerMap(rows: readonly AssessmentAnswer[]): AnswerMap {
  return new Map(rows.map((r) => [r.itemId, { state: r.state, value: r.value }]));
}

async function answersByAssessment(
  db: DbOrTx,
  ids: string[],
): Promise<Map<string, AssessmentAnswer[]>> {
  const grouped = new Map<string, AssessmentAnswer[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return grouped;
  const rows = await db
    .select()
    .from(assessmentAnswers)
    .where(inArray(assessmentAnswers.assessmentId, ids));
  for (const row of rows) grouped.get(row.assessmentId)!.push(row);
  return grouped;
}

export interface AssessmentSummary {
  assessment: Assessment;
  progress: { visible: number; answered: number; dontKnow: number };
}

function overallProgress(index: IndexedQuestionSet, answers: AnswerMap) {
  const visible = visibleItemIds(index, answers);
  const states = [...visible].map((id) => answers.get(id)?.state ?? null);
  return {
    visible: visible.size,
    answered: states.filter((s) => s !== null).length,
    dontKnow: states.filter((s) => s === 'dont_know').length,
  };
}

/** The company's assessments, newest first, each with how far it has got. */
export async function listAssessments(db: DbOrTx, orgId: string): Promise<AssessmentSummary[]> {
  const rows = await db
    .select()
    .from(assessments)
    .where(eq(assessments.organizationId, orgId))
    .orderBy(desc(assessments.createdAt));
  const answers = await answersByAssessment(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((assessment) => ({
    assessment,
    progress: overallProgress(
      questionSetOf(assessment),
      toAnswerMap(answers.get(assessment.id) ?? []),
    ),
  }));
}

/** An assessment with its overall progress, for list views and after a status change. */
export async function summarizeAssessment(
  db: DbOrTx,
  assessment: Assessment,
): Promise<AssessmentSummary> {
  const answers = toAnswerMap(await listAnswers(db, assessment.id));
  return { assessment, progress: overallProgress(questionSetOf(assessment), answers) };
}

export interface AssessmentDetail extends AssessmentSummary {
  answers: AssessmentAnswer[];
  visibleItemIds: string[];
  sectionProgress: SectionProgress[];
  reviews: SectionReview[];
}

/** An assessment with its answers, what is visible, progress per section and the expert's feedback. */
export async function getAssessmentDetail(
  db: DbOrTx,
  orgId: string,
  id: string,
): Promise<AssessmentDetail> {
  const assessment = await getAssessment(db, orgId, id);
  const rows = await listAnswers(db, id);
  const index = questionSetOf(assessment);
  const answers = toAnswerMap(rows);
  const visible = visibleItemIds(index, answers);
  return {
    assessment,
    progress: overallProgress(index, answers),
    answers: rows,
    visibleItemIds: index.orderedItems.map((e) => e.item.id).filter((i) => visible.has(i)),
    sectionProgress: sectionProgress(index, answers, visible),
    reviews: await listReviews(db, id),
  };
}

/** The expert's feedback on an assessment, by section id. */
export async function listReviews(db: DbOrTx, assessmentId: string): Promise<SectionReview[]> {
  return db
    .select()
    .from(assessmentReviews)
    .where(eq(assessmentReviews.assessmentId, assessmentId))
    .orderBy(asc(assessmentReviews.sectionId));
}

/** Who changed which answer or comment and when, newest first. */
export async function listAnswerHistory(
  db: DbOrTx,
  orgId: string,
  id: string,
  query: { itemId?: string | undefined; limit: number },
): Promise<AnswerHistoryEntry[]> {
  await getAssessment(db, orgId, id);
  return db
    .select()
    .from(assessmentAnswerHistory)
    .where(
      and(
        eq(assessmentAnswerHistory.assessmentId, id),
        query.itemId ? eq(assessmentAnswerHistory.itemId, query.itemId) : undefined,
      ),
    )
    .orderBy(desc(assessmentAnswerHistory.changedAt), desc(assessmentAnswerHistory.id))
    .limit(query.limit);
}

// --- creating -----------------------------------------------------------------------------

/** Targets may name only scored items and existing sections of the set. */
function checkTargets(index: IndexedQuestionSet, targets: Targets, locale: Locale): void {
  const issues = [
    ...Object.keys(targets.items).flatMap((itemId) => {
      const entry = index.items.get(itemId);
      if (entry && isScoredItem(entry.item)) return [];
      const code = entry ? 'not_scored' : 'unknown_item';
      return [issue(code, locale, { in: 'body', path: ['targets', 'items', itemId], itemId })];
    }),
    ...Object.keys(targets.sections).flatMap((sectionId) =>
      index.sections.has(sectionId)
        ? []
        : [
            issue('unknown_section', locale, {
              in: 'body',
              path: ['targets', 'sections', sectionId],
              sectionId,
            }),
          ],
    ),
  ];
  throwIfIssues(issues);
}

async function baselineFor(
  db: DbOrTx,
  orgId: string,
  baselineId: string,
  questionSetId: string,
  locale: Locale,
): Promise<Assessment> {
  const baseline = await getAssessment(db, orgId, baselineId);
  const path = ['baselineAssessmentId'];
  if (baseline.questionSetId !== questionSetId) {
    throw invalid([issue('other_question_set', locale, { in: 'body', path })]);
  }
  if (!LOCKED.includes(baseline.status)) {
    throw invalid([issue('baseline_not_submitted', locale, { in: 'body', path })]);
  }
  return baseline;
}

/** Baseline answers the new version still accepts, so next year starts from last year's sheet. */
function carriedOverAnswers(index: IndexedQuestionSet, rows: AssessmentAnswer[]) {
  return rows.filter((row) => {
    const entry = index.items.get(row.itemId);
    if (!entry || row.state === null) return false;
    return row.state !== 'answered' || answerValueSchema(entry.item).safeParse(row.value).success;
  });
}

async function copyBaselineAnswers(
  tx: DbOrTx,
  index: IndexedQuestionSet,
  baselineId: string,
  assessmentId: string,
  actor: Actor,
): Promise<void> {
  const rows = carriedOverAnswers(index, await listAnswers(tx, baselineId));
  if (rows.length === 0) return;
  await tx.insert(assessmentAnswers).values(
    rows.map((r) => ({
      assessmentId,
      itemId: r.itemId,
      state: r.state,
      value: r.value,
      carriedOver: true,
      answeredBy: r.answeredBy,
      answeredAt: r.answeredAt,
    })),
  );
  await tx.insert(assessmentAnswerHistory).values(
    rows.map((r) => ({
      assessmentId,
      itemId: r.itemId,
      change: 'carried_over' as const,
      state: r.state,
      value: r.value,
      changedBy: actor.userId,
    })),
  );
}

export interface CreateAssessmentInput {
  questionSetId: string;
  label?: string | undefined;
  baselineAssessmentId?: string | undefined;
  copyBaselineAnswers: boolean;
  targets?: Targets | undefined;
}

/**
 * Starts an assessment on the newest version of a set, optionally from last year's assessment as a
 * baseline (its scores become the "before", its answers the starting point). Run in a transaction.
 */
export async function createAssessment(
  tx: DbOrTx,
  orgId: string,
  actor: Actor,
  input: CreateAssessmentInput,
  locale: Locale,
): Promise<Assessment> {
  const index = loadQuestionSets().latest(input.questionSetId);
  if (!index) {
    const path = ['questionSetId'];
    throw invalid([issue('unknown_question_set', locale, { in: 'body', path })]);
  }
  const baseline = input.baselineAssessmentId
    ? await baselineFor(tx, orgId, input.baselineAssessmentId, input.questionSetId, locale)
    : undefined;
  const targets = input.targets ?? { items: {}, sections: {} };
  checkTargets(index, targets, locale);
  const [created] = await tx
    .insert(assessments)
    .values({
      organizationId: orgId,
      programId: await programs.findCurrentProgramId(tx, orgId),
      questionSetId: index.set.id,
      questionSetVersion: index.set.version,
      label: input.label ?? null,
      baselineAssessmentId: baseline?.id ?? null,
      targets,
      createdBy: actor.userId,
    })
    .returning();
  if (!created) throw new Error('assessment insert returned nothing');
  if (baseline && input.copyBaselineAnswers) {
    await copyBaselineAnswers(tx, index, baseline.id, created.id, actor);
  }
  return created;
}

/** Replaces the target scores per item and per section; targets are plans, so any status allows it. */
export async function setTargets(
  db: DbOrTx,
  orgId: string,
  id: string,
  targets: Targets,
  locale: Locale,
): Promise<Assessment> {
  const assessment = await getAssessment(db, orgId, id);
  checkTargets(questionSetOf(assessment), targets, locale);
  const [updated] = await db
    .update(assessments)
    .set({ targets, updatedAt: new Date() })
    .where(eq(assessments.id, assessment.id))
    .returning();
  return updated!;
}

// --- answering ----------------------------------------------------------------------------

interface EditContext {
  assessment: Assessment;
  index: IndexedQuestionSet;
  rows: AssessmentAnswer[];
  answers: AnswerMap;
}

/** Locks an editable assessment and checks that the item exists and is shown; throws otherwise. */
async function openItemForEdit(
  tx: DbOrTx,
  orgId: string,
  id: string,
  itemId: string,
  locale: Locale,
): Promise<EditContext> {
  const assessment = await lockAssessment(tx, orgId, id);
  if (!EDITABLE.includes(assessment.status)) throw lockedError(assessment);
  const index = questionSetOf(assessment);
  if (!index.items.has(itemId)) {
    throw invalid([issue('unknown_item', locale, { in: 'path', path: ['itemId'], itemId })]);
  }
  const rows = await listAnswers(tx, id);
  const answers = toAnswerMap(rows);
  if (!visibleItemIds(index, answers).has(itemId)) {
    throw invalid([issue('hidden_item', locale, { in: 'path', path: ['itemId'], itemId })]);
  }
  return { assessment, index, rows, answers };
}

function parseValue(
  index: IndexedQuestionSet,
  itemId: string,
  value: unknown,
  locale: Locale,
): AnswerValue {
  const parsed = answerValueSchema(index.items.get(itemId)!.item).safeParse(value);
  if (parsed.success) return parsed.data as AnswerValue;
  throw new AppError('validation_failed', {
    issues: localiseIssues(
      parsed.error.issues.map((i: z.core.$ZodIssue) => ({
        ...i,
        path: ['value', ...i.path.map(String)],
      })),
      locale,
      'body',
    ).map((i) => ({ ...i, itemId })),
  });
}

async function touch(tx: DbOrTx, assessmentId: string): Promise<void> {
  await tx
    .update(assessments)
    .set({ updatedAt: new Date() })
    .where(eq(assessments.id, assessmentId));
}

export interface SavedAnswer {
  answer: AssessmentAnswer;
  visibleItemIds: string[];
  sectionProgress: SectionProgress[];
}

/**
 * Autosaves one item: a value checked against the item's type, "don't know", "not applicable", or
 * taking the answer back. Unknown or hidden items and bad values change nothing. Run in a transaction.
 */
export async function saveAnswer(
  tx: DbOrTx,
  orgId: string,
  id: string,
  itemId: string,
  input: SaveAnswerRequest,
  actor: Actor,
  locale: Locale,
): Promise<SavedAnswer> {
  const { index, rows } = await openItemForEdit(tx, orgId, id, itemId, locale);
  const value = input.state === 'answered' ? parseValue(index, itemId, input.value, locale) : null;
  const state = input.state === 'unanswered' ? null : input.state;
  const now = new Date();
  const change = {
    state,
    value,
    carriedOver: false,
    answeredBy: actor.userId,
    answeredAt: now,
    updatedAt: now,
  };
  const [answer] = await tx
    .insert(assessmentAnswers)
    .values({ assessmentId: id, itemId, ...change })
    .onConflictDoUpdate({
      target: [assessmentAnswers.assessmentId, assessmentAnswers.itemId],
      set: change,
    })
    .returning();
  await tx.insert(assessmentAnswerHistory).values({
    assessmentId: id,
    itemId,
    change: 'answer',
    state,
    value,
    comment: answer!.comment,
    changedBy: actor.userId,
    changedAt: now,
  });
  await touch(tx, id);
  const answers = toAnswerMap([...rows.filter((r) => r.itemId !== itemId), answer!]);
  const visible = visibleItemIds(index, answers);
  return {
    answer: answer!,
    visibleItemIds: index.orderedItems.map((e) => e.item.id).filter((i) => visible.has(i)),
    sectionProgress: sectionProgress(index, answers, visible),
  };
}

/** Sets or clears the comment on one item; the answer stays as it is. Run in a transaction. */
export async function saveComment(
  tx: DbOrTx,
  orgId: string,
  id: string,
  itemId: string,
  comment: string | null,
  actor: Actor,
  locale: Locale,
): Promise<AssessmentAnswer> {
  await openItemForEdit(tx, orgId, id, itemId, locale);
  const text = comment && comment.length > 0 ? comment : null;
  const now = new Date();
  const [row] = await tx
    .insert(assessmentAnswers)
    .values({ assessmentId: id, itemId, comment: text, updatedAt: now })
    .onConflictDoUpdate({
      target: [assessmentAnswers.assessmentId, assessmentAnswers.itemId],
      set: { comment: text, updatedAt: now },
    })
    .returning();
  await tx.insert(assessmentAnswerHistory).values({
    assessmentId: id,
    itemId,
    change: 'comment',
    state: row!.state,
    value: row!.value,
    comment: text,
    changedBy: actor.userId,
    changedAt: now,
  });
  await touch(tx, id);
  return row!;
}

// --- submitting, reviewing, reopening ---------------------------------------------------------

/** Locks the answers; every required visible item must have an answer, don't-know or N/A. */
export async function submitAssessment(
  tx: DbOrTx,
  orgId: string,
  id: string,
  actor: Actor,
  locale: Locale,
): Promise<Assessment> {
  const assessment = await lockAssessment(tx, orgId, id);
  if (!EDITABLE.includes(assessment.status)) throw lockedError(assessment);
  const index = questionSetOf(assessment);
  const answers = toAnswerMap(await listAnswers(tx, id));
  const missing = missingRequiredItems(index, answers, visibleItemIds(index, answers));
  if (missing.length > 0) {
    throw invalid(
      missing.map((itemId) =>
        issue('unanswered', locale, { in: 'body', path: ['items', itemId], itemId }),
      ),
    );
  }
  const now = new Date();
  const [updated] = await tx
    .update(assessments)
    .set({ status: 'submitted', submittedBy: actor.userId, submittedAt: now, updatedAt: now })
    .where(eq(assessments.id, id))
    .returning();
  return updated!;
}

export interface ReviewInput {
  summary?: string | undefined;
  sections: { sectionId: string; feedback: string }[];
}

/** The expert's (or operator's) feedback per section on a submitted assessment. Run in a transaction. */
export async function reviewAssessment(
  tx: DbOrTx,
  orgId: string,
  id: string,
  actor: Actor,
  input: ReviewInput,
  locale: Locale,
): Promise<Assessment> {
  if (!REVIEWERS.includes(actor.standing)) throw new AppError('forbidden');
  const assessment = await lockAssessment(tx, orgId, id);
  if (!LOCKED.includes(assessment.status)) {
    throw new AppError('assessment_not_submitted', { status: assessment.status });
  }
  const index = questionSetOf(assessment);
  const unknown = input.sections
    .map((s, i) => ({ ...s, i }))
    .filter((s) => !index.sections.has(s.sectionId));
  if (unknown.length > 0) {
    throw invalid(
      unknown.map((s) =>
        issue('unknown_section', locale, {
          in: 'body',
          path: ['sections', s.i, 'sectionId'],
          sectionId: s.sectionId,
        }),
      ),
    );
  }
  const now = new Date();
  for (const s of input.sections) {
    await tx
      .insert(assessmentReviews)
      .values({
        assessmentId: id,
        sectionId: s.sectionId,
        feedback: s.feedback,
        reviewerId: actor.userId,
      })
      .onConflictDoUpdate({
        target: [assessmentReviews.assessmentId, assessmentReviews.sectionId],
        set: { feedback: s.feedback, reviewerId: actor.userId, updatedAt: now },
      });
  }
  const [updated] = await tx
    .update(assessments)
    .set({
      status: 'reviewed',
      reviewedBy: actor.userId,
      reviewedAt: now,
      updatedAt: now,
      ...(input.summary !== undefined ? { reviewSummary: input.summary || null } : {}),
    })
    .where(eq(assessments.id, id))
    .returning();
  return updated!;
}

/**
 * Dates a finished assessment back to when it was actually done (history brought in from before the
 * product, such as last year's survey of the demo): started a week before it was submitted, reviewed
 * two days after, and every answer given on the day it was started.
 */
export async function backdateAssessment(
  tx: DbOrTx,
  orgId: string,
  id: string,
  submittedAt: Date,
): Promise<void> {
  const assessment = await lockAssessment(tx, orgId, id);
  if (!LOCKED.includes(assessment.status)) {
    throw new AppError('assessment_not_submitted', { status: assessment.status });
  }
  const day = 24 * 60 * 60 * 1000;
  const startedAt = new Date(submittedAt.getTime() - 7 * day);
  const reviewedAt = assessment.reviewedAt ? new Date(submittedAt.getTime() + 2 * day) : null;
  await tx
    .update(assessments)
    .set({ createdAt: startedAt, submittedAt, reviewedAt, updatedAt: reviewedAt ?? submittedAt })
    .where(eq(assessments.id, id));
  await tx
    .update(assessmentAnswers)
    .set({ answeredAt: startedAt, updatedAt: startedAt })
    .where(eq(assessmentAnswers.assessmentId, id));
  await tx
    .update(assessmentAnswerHistory)
    .set({ changedAt: startedAt })
    .where(eq(assessmentAnswerHistory.assessmentId, id));
  await tx
    .update(assessmentReviews)
    .set({ createdAt: reviewedAt ?? submittedAt, updatedAt: reviewedAt ?? submittedAt })
    .where(eq(assessmentReviews.assessmentId, id));
}

/** Opens a submitted assessment for changes again; the reason is kept. Run in a transaction. */
export async function reopenAssessment(
  tx: DbOrTx,
  orgId: string,
  id: string,
  actor: Actor,
  reason: string,
): Promise<Assessment> {
  if (!REOPENERS.includes(actor.standing)) throw new AppError('forbidden');
  const assessment = await lockAssessment(tx, orgId, id);
  if (!LOCKED.includes(assessment.status)) {
    throw new AppError('assessment_not_submitted', { status: assessment.status });
  }
  const now = new Date();
  const [updated] = await tx
    .update(assessments)
    .set({
      status: 'reopened',
      reopenedBy: actor.userId,
      reopenedAt: now,
      reopenReason: reason,
      updatedAt: now,
    })
    .where(eq(assessments.id, id))
    .returning();
  return updated!;
}

// --- results ------------------------------------------------------------------------------

const round = (n: number | null | undefined) =>
  n === null || n === undefined ? null : Math.round(n * 100) / 100;

async function scoreOf(db: DbOrTx, a: Assessment): Promise<AssessmentScore> {
  return scoreAssessment(questionSetOf(a), toAnswerMap(await listAnswers(db, a.id)));
}

interface ProgramAverages {
  companies: number | null;
  sections: Map<string, number>;
}

/** The latest submitted assessment of the same set per company in the same program. */
async function peerAssessments(db: DbOrTx, a: Assessment): Promise<Assessment[]> {
  if (!a.programId) return [];
  const rows = await db
    .select()
    .from(assessments)
    .where(
      and(
        eq(assessments.programId, a.programId),
        eq(assessments.questionSetId, a.questionSetId),
        inArray(assessments.status, [...LOCKED]),
      ),
    )
    .orderBy(
      asc(assessments.organizationId),
      desc(sql`coalesce(${assessments.submittedAt}, ${assessments.createdAt})`),
    );
  const latest = new Map<string, Assessment>();
  for (const row of rows) if (!latest.has(row.organizationId)) latest.set(row.organizationId, row);
  return [...latest.values()];
}

/**
 * The program's average per section, anonymous: shown only where at least MINIMUM_GROUP_SIZE
 * companies have a score, so no company's figures can be read back out of it.
 */
async function programAverages(db: DbOrTx, a: Assessment): Promise<ProgramAverages> {
  const peers = await peerAssessments(db, a);
  if (peers.length < programs.MINIMUM_GROUP_SIZE) return { companies: null, sections: new Map() };
  const answers = await answersByAssessment(
    db,
    peers.map((p) => p.id),
  );
  const bySection = new Map<string, number[]>();
  for (const peer of peers) {
    const score = scoreAssessment(questionSetOf(peer), toAnswerMap(answers.get(peer.id)!));
    for (const [sectionId, value] of score.sections) {
      if (value === null) continue;
      bySection.set(sectionId, [...(bySection.get(sectionId) ?? []), value]);
    }
  }
  const sections = new Map<string, number>();
  for (const [sectionId, values] of bySection) {
    if (values.length >= programs.MINIMUM_GROUP_SIZE) {
      sections.set(sectionId, values.reduce((s, v) => s + v, 0) / values.length);
    }
  }
  return { companies: peers.length, sections };
}

function bandFor(index: IndexedQuestionSet, sectionId: string, score: number | null) {
  const bands = index.sections.get(sectionId)!.section.bands;
  if (!bands || score === null) return null;
  const band = bands.filter((b) => b.min <= round(score)!).at(-1);
  return band ? { meaning: band.meaning, toRaise: band.toRaise } : null;
}

/**
 * Section scores with targets, the baseline's scores (before/after), the program average when
 * enough companies contributed, the outcome with its reasons, and the don't-know items to follow up.
 */
export async function getAssessmentResults(
  db: DbOrTx,
  orgId: string,
  id: string,
): Promise<AssessmentResults> {
  const assessment = await getAssessment(db, orgId, id);
  const index = questionSetOf(assessment);
  const rows = await listAnswers(db, id);
  const score = scoreAssessment(index, toAnswerMap(rows));
  const baselineRow = assessment.baselineAssessmentId
    ? await getAssessment(db, orgId, assessment.baselineAssessmentId)
    : undefined;
  const baseline = baselineRow ? await scoreOf(db, baselineRow) : undefined;
  const averages = await programAverages(db, assessment);
  const comments = new Map(rows.map((r) => [r.itemId, r.comment]));
  const { targets } = assessment;
  return {
    assessmentId: assessment.id,
    status: assessment.status,
    questionSet: { id: index.set.id, version: index.set.version },
    total: round(score.total),
    baselineTotal: round(baseline?.total),
    sections: index.orderedSections.map((entry, i) => {
      const sectionId = entry.section.id;
      const value = score.sections.get(sectionId) ?? null;
      return {
        sectionId,
        parentId: entry.parentId,
        title: entry.section.title,
        score: round(value),
        target: targets.sections[sectionId] ?? null,
        baselineScore: round(baseline?.sections.get(sectionId)),
        programAverage: round(averages.sections.get(sectionId)),
        band: bandFor(index, sectionId, value),
        progress: score.progress[i]!,
      };
    }),
    items: index.orderedItems
      .filter((e) => isScoredItem(e.item) && score.visible.has(e.item.id))
      .map((e) => ({
        itemId: e.item.id,
        sectionId: e.sectionIds.at(-1)!,
        score: round(score.items.get(e.item.id)),
        target: targets.items[e.item.id] ?? null,
        baselineScore: round(baseline?.items.get(e.item.id)),
      })),
    outcome: score.outcome,
    followUps: score.followUps.map((itemId) => ({ itemId, comment: comments.get(itemId) ?? null })),
    programComparison: {
      minimumGroupSize: programs.MINIMUM_GROUP_SIZE,
      companies: averages.companies,
    },
  };
}
