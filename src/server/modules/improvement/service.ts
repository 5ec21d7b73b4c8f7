import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Locale } from '../../../contracts/common';
import {
  actionEffortSchema,
  actionSourceKindSchema,
  VISIT_COUNT,
  type ActionEffort,
  type ActionSourceKind,
  type ActionStatus,
  type CreateActionRequest,
  type PutGoalsRequest,
  type RecordProgressRequest,
  type SecurityActionRequest,
  type UpdateActionRequest,
} from '../../../contracts/improvement';
import type { LocalizedText } from '../../../contracts/localized';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';
import type { RealtimeHub } from '../../realtime/hub';
import * as assessmentsService from '../assessments/service';
import { listMembers } from '../organizations/service';
import { MINIMUM_GROUP_SIZE } from '../programs/service';
import * as risksService from '../risks/service';
import { loadImprovementContent } from './content';
import { improvementMessages } from './messages';
import {
  improvementActions,
  improvementGoals,
  improvementProgress,
  securityActionStandings,
} from './tables';

export type Action = typeof improvementActions.$inferSelect;
export type ActionProgress = typeof improvementProgress.$inferSelect;
export interface ActionDetail extends Action {
  progress: ActionProgress[];
  /** The owning member's name, or the free-text owner. */
  ownerDisplayName: string | null;
}

/** What another module needs to hand over to add items: a database (or its transaction) and, optionally, the hub. */
export interface ImprovementContext {
  db: DbOrTx;
  realtime?: Pick<RealtimeHub, 'publish'> | undefined;
}

export interface NewActionItem {
  title: string;
  detail?: string | undefined;
  source: { kind: ActionSourceKind; refId?: string | null | undefined; label?: string | undefined };
  ownerName?: string | null | undefined;
  ownerUserId?: string | null | undefined;
  /** YYYY-MM-DD */
  dueDate?: string | null | undefined;
  effort?: ActionEffort | null | undefined;
  agreedVisit?: number | null | undefined;
}

const newActionItemSchema = z.object({
  title: z.string().trim().min(1).max(200),
  detail: z.string().trim().max(4000).optional(),
  source: z.object({
    kind: actionSourceKindSchema,
    refId: z.string().trim().min(1).max(200).nullable().optional(),
    label: z.string().trim().max(300).optional(),
  }),
  ownerName: z.string().trim().max(120).nullable().optional(),
  ownerUserId: z.uuid().nullable().optional(),
  dueDate: z.iso.date().nullable().optional(),
  effort: actionEffortSchema.nullable().optional(),
  agreedVisit: z.int().min(1).max(VISIT_COUNT).nullable().optional(),
});

const OPEN: ActionStatus[] = ['planned', 'in_progress'];

async function memberNamesOf(db: DbOrTx, organizationId: string): Promise<Map<string, string>> {
  return new Map((await listMembers(db, organizationId)).map((m) => [m.userId, m.name]));
}

function issuesOfItem(
  item: NewActionItem,
  index: number,
  members: Map<string, string>,
  locale: Locale,
): Issue[] {
  const t = improvementMessages(locale);
  const parsed = newActionItemSchema.safeParse(item);
  const at = (...path: (string | number)[]) => ['items', index, ...path];
  if (!parsed.success) {
    return parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      const message =
        field === 'title'
          ? item.title?.trim()
            ? t.titleTooLong
            : t.titleRequired
          : field === 'dueDate'
            ? t.badDate
            : field === 'effort'
              ? t.badEffort
              : field === 'source'
                ? t.badSource
                : field === 'agreedVisit'
                  ? t.badVisit
                  : i.message;
      return bodyIssue(at(...i.path.map(String)), i.code, message);
    });
  }
  if (item.ownerUserId && !members.has(item.ownerUserId))
    return [bodyIssue(at('ownerUserId'), 'not_member', t.ownerNotMember)];
  return [];
}

/**
 * Adds items to a company's improvement plan and returns their ids in the order given. An item whose
 * source (kind + refId) already has an open action returns that action's id instead of a duplicate.
 * All-or-nothing: one invalid item fails the whole call with validation_failed.
 */
export async function addActionItems(
  ctx: ImprovementContext,
  input: {
    orgId: string;
    actorUserId: string | null;
    items: NewActionItem[];
    locale?: Locale | undefined;
  },
): Promise<string[]> {
  const { orgId, actorUserId, items } = input;
  const locale = input.locale ?? 'ja';
  if (items.length === 0) return [];
  const ids = await ctx.db.transaction(async (tx) => {
    const members = await memberNamesOf(tx, orgId);
    throwIfIssues(items.flatMap((item, i) => issuesOfItem(item, i, members, locale)));
    const result: string[] = [];
    for (const [index, item] of items.entries()) {
      const refId = item.source.kind === 'manual' ? null : (item.source.refId?.trim() ?? null);
      if (refId) {
        const [existing] = await tx
          .select({ id: improvementActions.id })
          .from(improvementActions)
          .where(
            and(
              eq(improvementActions.organizationId, orgId),
              eq(improvementActions.sourceKind, item.source.kind),
              eq(improvementActions.sourceRefId, refId),
              inArray(improvementActions.status, OPEN),
            ),
          );
        if (existing) {
          result.push(existing.id);
          continue;
        }
      }
      const [row] = await tx
        .insert(improvementActions)
        .values({
          organizationId: orgId,
          title: item.title.trim(),
          detail: item.detail?.trim() ?? '',
          sourceKind: item.source.kind,
          sourceRefId: refId,
          sourceLabel: item.source.label?.trim() ?? '',
          ownerUserId: item.ownerUserId ?? null,
          ownerName: item.ownerUserId ? null : item.ownerName?.trim() || null,
          dueOn: item.dueDate ?? null,
          effort: item.effort ?? null,
          agreedVisit: item.agreedVisit ?? null,
          createdBy: actorUserId,
          // The plan lists actions by creation. Inserts of one call may fall in the same tick of
          // the database clock (PGlite's on a fast machine), so each is a millisecond later.
          createdAt: sql`clock_timestamp() + ${index} * interval '1 millisecond'`,
        })
        .returning({ id: improvementActions.id });
      result.push(row!.id);
    }
    return result;
  });
  await ctx.realtime?.publish(`org:${orgId}`, 'improvement.changed', { ids });
  return ids;
}

async function detailsOf(db: DbOrTx, orgId: string, list: Action[]): Promise<ActionDetail[]> {
  if (list.length === 0) return [];
  const progress = await db
    .select()
    .from(improvementProgress)
    .where(
      inArray(
        improvementProgress.actionId,
        list.map((a) => a.id),
      ),
    )
    .orderBy(asc(improvementProgress.visit));
  const names = await memberNamesOf(db, orgId);
  return list.map((a) => ({
    ...a,
    progress: progress.filter((p) => p.actionId === a.id),
    ownerDisplayName: a.ownerUserId ? (names.get(a.ownerUserId) ?? a.ownerName) : a.ownerName,
  }));
}

/** The company's plan in the order it was agreed: by visit, then by creation. */
export async function listActions(db: DbOrTx, orgId: string): Promise<ActionDetail[]> {
  const list = await db
    .select()
    .from(improvementActions)
    .where(eq(improvementActions.organizationId, orgId))
    .orderBy(
      sql`${improvementActions.agreedVisit} NULLS LAST`,
      asc(improvementActions.createdAt),
      asc(improvementActions.id),
    );
  return detailsOf(db, orgId, list);
}

async function findAction(db: DbOrTx, orgId: string, id: string): Promise<Action> {
  const [row] = await db
    .select()
    .from(improvementActions)
    .where(and(eq(improvementActions.organizationId, orgId), eq(improvementActions.id, id)));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function getAction(db: DbOrTx, orgId: string, id: string): Promise<ActionDetail> {
  const [detail] = await detailsOf(db, orgId, [await findAction(db, orgId, id)]);
  return detail!;
}

/** A manual (or sourced) action typed in on the plan page. */
export async function createAction(
  ctx: ImprovementContext,
  orgId: string,
  actorUserId: string,
  input: CreateActionRequest,
  locale: Locale,
): Promise<ActionDetail> {
  const [id] = await addActionItems(ctx, {
    orgId,
    actorUserId,
    locale,
    items: [
      {
        title: input.title,
        detail: input.detail,
        source: input.source,
        ownerUserId: input.ownerUserId,
        ownerName: input.ownerName,
        dueDate: input.dueOn,
        effort: input.effort,
        agreedVisit: input.agreedVisit,
      },
    ],
  });
  return getAction(ctx.db, orgId, id!);
}

function checkVisits(agreed: number | null, checked: number | null, locale: Locale): Issue[] {
  return agreed !== null && checked !== null && checked < agreed
    ? [
        bodyIssue(
          ['checkedVisit'],
          'checked_before_agreed',
          improvementMessages(locale).checkedBeforeAgreed,
        ),
      ]
    : [];
}

/** Changes an action; marking it done without a checked visit keeps the field as it was. */
export async function updateAction(
  db: DbOrTx,
  orgId: string,
  id: string,
  input: UpdateActionRequest,
  locale: Locale,
): Promise<ActionDetail> {
  const current = await findAction(db, orgId, id);
  const t = improvementMessages(locale);
  const issues: Issue[] = [];
  if (input.ownerUserId && !(await memberNamesOf(db, orgId)).has(input.ownerUserId))
    issues.push(bodyIssue(['ownerUserId'], 'not_member', t.ownerNotMember));
  const agreed = input.agreedVisit === undefined ? current.agreedVisit : input.agreedVisit;
  const checked = input.checkedVisit === undefined ? current.checkedVisit : input.checkedVisit;
  issues.push(...checkVisits(agreed, checked, locale));
  throwIfIssues(issues);
  const set: Partial<typeof improvementActions.$inferInsert> = { updatedAt: new Date() };
  if (input.title !== undefined) set.title = input.title;
  if (input.detail !== undefined) set.detail = input.detail;
  if (input.ownerUserId !== undefined) {
    set.ownerUserId = input.ownerUserId;
    if (input.ownerUserId) set.ownerName = null;
  }
  if (input.ownerName !== undefined) {
    set.ownerName = input.ownerName || null;
    if (input.ownerName) set.ownerUserId = null;
  }
  if (input.dueOn !== undefined) set.dueOn = input.dueOn;
  if (input.effort !== undefined) set.effort = input.effort;
  if (input.status !== undefined) set.status = input.status;
  if (input.agreedVisit !== undefined) set.agreedVisit = input.agreedVisit;
  if (input.checkedVisit !== undefined) set.checkedVisit = input.checkedVisit;
  await reopenGuard(db, current, input.status);
  await db
    .update(improvementActions)
    .set(set)
    .where(and(eq(improvementActions.organizationId, orgId), eq(improvementActions.id, id)));
  return getAction(db, orgId, id);
}

/** Reopening a closed action must not create a second open action for the same source. */
async function reopenGuard(db: DbOrTx, current: Action, next: ActionStatus | undefined) {
  if (!next || !OPEN.includes(next) || OPEN.includes(current.status) || !current.sourceRefId)
    return;
  const [other] = await db
    .select({ id: improvementActions.id })
    .from(improvementActions)
    .where(
      and(
        eq(improvementActions.organizationId, current.organizationId),
        eq(improvementActions.sourceKind, current.sourceKind),
        eq(improvementActions.sourceRefId, current.sourceRefId),
        inArray(improvementActions.status, OPEN),
      ),
    );
  if (other) throw new AppError('conflict', { openActionId: other.id });
}

export async function deleteAction(db: DbOrTx, orgId: string, id: string): Promise<Action> {
  const action = await findAction(db, orgId, id);
  await db.delete(improvementActions).where(eq(improvementActions.id, action.id));
  return action;
}

/**
 * Records what was seen at a visit (one entry per visit, replaced when recorded again) and moves the
 * action to that status; done at a visit sets the visit where it was checked.
 */
export async function recordProgress(
  db: DbOrTx,
  orgId: string,
  id: string,
  actorUserId: string,
  input: RecordProgressRequest,
  locale: Locale,
): Promise<ActionDetail> {
  const current = await findAction(db, orgId, id);
  const checkedVisit = input.status === 'done' ? input.visit : current.checkedVisit;
  throwIfIssues(
    input.status === 'done' ? checkVisits(current.agreedVisit, input.visit, locale) : [],
  );
  await db
    .insert(improvementProgress)
    .values({
      actionId: id,
      visit: input.visit,
      status: input.status,
      note: input.note,
      recordedBy: actorUserId,
    })
    .onConflictDoUpdate({
      target: [improvementProgress.actionId, improvementProgress.visit],
      set: {
        status: input.status,
        note: input.note,
        recordedBy: actorUserId,
        recordedAt: new Date(),
      },
    });
  // The latest visit recorded decides the current status, so correcting an earlier visit does not undo later news.
  const [latest] = await db
    .select({ visit: improvementProgress.visit, status: improvementProgress.status })
    .from(improvementProgress)
    .where(eq(improvementProgress.actionId, id))
    .orderBy(sql`${improvementProgress.visit} DESC`)
    .limit(1);
  const status = latest!.status;
  await reopenGuard(db, current, status);
  await db
    .update(improvementActions)
    .set({
      status,
      checkedVisit: status === 'done' ? (latest!.visit ?? checkedVisit) : current.checkedVisit,
      updatedAt: new Date(),
    })
    .where(eq(improvementActions.id, id));
  return getAction(db, orgId, id);
}

/** Done, open and dropped actions as they stood at each visit, for the progress chart. */
export function progressByVisit(actions: ActionDetail[]) {
  return Array.from({ length: VISIT_COUNT }, (_, i) => {
    const visit = i + 1;
    let done = 0;
    let open = 0;
    let dropped = 0;
    for (const a of actions) {
      // An action counts from the visit where it was agreed (from the first when nobody said).
      if ((a.agreedVisit ?? 1) > visit) continue;
      const seen = a.progress.filter((p) => p.visit <= visit).at(-1);
      const status =
        seen?.status ??
        (a.status === 'done' && a.checkedVisit !== null && a.checkedVisit <= visit
          ? 'done'
          : a.status === 'dropped' && a.checkedVisit !== null && a.checkedVisit <= visit
            ? 'dropped'
            : 'planned');
      if (status === 'done') done += 1;
      else if (status === 'dropped') dropped += 1;
      else open += 1;
    }
    return { visit, done, open, dropped };
  });
}

export function countByStatus(actions: Pick<Action, 'status'>[]): Record<ActionStatus, number> {
  const counts: Record<ActionStatus, number> = { planned: 0, in_progress: 0, done: 0, dropped: 0 };
  for (const a of actions) counts[a.status] += 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Proposals

export interface Proposal {
  key: string;
  title: string;
  detail: string;
  source: { kind: ActionSourceKind; refId: string; label: string };
  reason: string;
  score: number | null;
  target: number | null;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

/** The latest submitted or reviewed survey of the company, if any. */
async function latestSurveys(db: DbOrTx, orgId: string) {
  const kind = loadImprovementContent().assessment.questionSetKind;
  return (await assessmentsService.listAssessments(db, orgId))
    .map((s) => s.assessment)
    .filter(
      (a) =>
        (a.status === 'submitted' || a.status === 'reviewed') &&
        assessmentsService.questionSetOf(a).set.kind === kind,
    )
    .sort((a, b) => (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0));
}

/**
 * What the plan could take over: items of the latest submitted survey scoring at or below the rule's
 * threshold (or below their target), and risks above the levels the company tolerates. Sources that
 * already have an open action are left out, so accepting twice never duplicates.
 */
export async function listProposals(
  db: DbOrTx,
  orgId: string,
  locale: Locale,
): Promise<Proposal[]> {
  const rules = loadImprovementContent();
  const t = improvementMessages(locale);
  const proposals: Proposal[] = [];
  const [survey] = await latestSurveys(db, orgId);
  if (survey) {
    const results = await assessmentsService.getAssessmentResults(db, orgId, survey.id);
    const index = assessmentsService.questionSetOf(survey);
    for (const item of results.items) {
      if (item.score === null) continue;
      const below = item.target !== null && item.score < item.target;
      if (item.score > rules.assessment.lowScoreAtMost && !below) continue;
      const entry = index.items.get(item.itemId)!;
      const section = index.sections.get(item.sectionId)?.section;
      const band = results.sections.find((s) => s.sectionId === item.sectionId)?.band;
      const itemTitle = (entry.item.title as LocalizedText)[locale];
      proposals.push({
        key: `assessment:${item.itemId}`,
        title: fill(rules.proposalTitle.assessment[locale], { item: itemTitle }),
        detail: band?.toRaise[locale] ?? '',
        source: {
          kind: 'assessment',
          refId: item.itemId,
          label: section ? `${section.title[locale]} / ${itemTitle}` : itemTitle,
        },
        reason: below ? t.itemBelowTarget(item.score, item.target!) : t.itemLow(item.score),
        score: item.score,
        target: item.target,
      });
    }
  }
  const { config } = await risksService.getRiskMatrix(db, orgId);
  const tolerated = new Set(config.levels.slice(0, rules.risks.toleratedLevels).map((l) => l.key));
  for (const risk of await risksService.listRisks(db, orgId)) {
    if (tolerated.has(risk.level.key)) continue;
    if (rules.risks.skipStatuses.includes(risk.status)) continue;
    if (risk.treatment && rules.risks.skipTreatments.includes(risk.treatment)) continue;
    proposals.push({
      key: `risk:${risk.id}`,
      title: fill(rules.proposalTitle.risk[locale], { risk: risk.title }),
      detail: t.riskActionDetail(risk.treatmentPlan),
      source: { kind: 'risk', refId: risk.id, label: risk.title },
      reason: t.riskAboveTolerance(risk.level.label[locale], risk.score),
      score: risk.score,
      target: null,
    });
  }
  const open = await db
    .select({ kind: improvementActions.sourceKind, refId: improvementActions.sourceRefId })
    .from(improvementActions)
    .where(
      and(eq(improvementActions.organizationId, orgId), inArray(improvementActions.status, OPEN)),
    );
  const taken = new Set(open.map((o) => `${o.kind}:${o.refId}`));
  return proposals.filter((p) => !taken.has(p.key));
}

/** Takes the chosen proposals into the plan; an unknown or already-taken key fails the whole call. */
export async function acceptProposals(
  ctx: ImprovementContext,
  orgId: string,
  actorUserId: string,
  input: { keys: string[]; agreedVisit?: number | null | undefined },
  locale: Locale,
): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const available = new Map((await listProposals(tx, orgId, locale)).map((p) => [p.key, p]));
    const keys = [...new Set(input.keys)];
    throwIfIssues(
      keys.flatMap((k, i) =>
        available.has(k)
          ? []
          : [
              bodyIssue(
                ['keys', i],
                'unknown_proposal',
                improvementMessages(locale).unknownProposal,
              ),
            ],
      ),
    );
    return addActionItems(
      { db: tx, realtime: ctx.realtime },
      {
        orgId,
        actorUserId,
        locale,
        items: keys.map((k) => {
          const p = available.get(k)!;
          return {
            title: p.title,
            detail: p.detail,
            source: p.source,
            agreedVisit: input.agreedVisit ?? null,
          };
        }),
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Re-assessment: what moved

export interface Movement {
  questionSetId: string | null;
  previous: assessmentsService.Assessment | null;
  latest: assessmentsService.Assessment | null;
  sections: {
    sectionId: string;
    title: LocalizedText;
    previous: number | null;
    latest: number | null;
    change: 'up' | 'down' | 'same' | 'new';
  }[];
  items: {
    itemId: string;
    sectionId: string;
    title: LocalizedText;
    previous: number | null;
    latest: number | null;
    change: 'up' | 'down' | 'same' | 'new';
  }[];
}

function changeOf(
  previous: number | null,
  latest: number | null,
): Movement['items'][number]['change'] {
  if (previous === null || latest === null) return 'new';
  return latest > previous ? 'up' : latest < previous ? 'down' : 'same';
}

/**
 * Section scores of the latest submitted survey against the one before it: its baseline when it has
 * one, otherwise the previous submitted survey of the same set.
 */
export async function getMovement(db: DbOrTx, orgId: string): Promise<Movement> {
  const surveys = await latestSurveys(db, orgId);
  const latest = surveys[0];
  if (!latest)
    return { questionSetId: null, previous: null, latest: null, sections: [], items: [] };
  const previous =
    surveys.find((a) => a.id === latest.baselineAssessmentId) ??
    surveys.find((a) => a.id !== latest.id && a.questionSetId === latest.questionSetId) ??
    null;
  const now = await assessmentsService.getAssessmentResults(db, orgId, latest.id);
  const before = previous
    ? await assessmentsService.getAssessmentResults(db, orgId, previous.id)
    : null;
  // An item is listed under its top section, as the section rows are.
  const parentOf = new Map(now.sections.map((s) => [s.sectionId, s.parentId] as const));
  const topOf = (sectionId: string) => {
    let id = sectionId;
    for (let up = parentOf.get(id); up; up = parentOf.get(id)) id = up;
    return id;
  };
  const index = assessmentsService.questionSetOf(latest);
  return {
    questionSetId: latest.questionSetId,
    previous,
    latest,
    sections: now.sections
      .filter((s) => s.parentId === null)
      .map((s) => {
        const prev = before?.sections.find((b) => b.sectionId === s.sectionId)?.score ?? null;
        return {
          sectionId: s.sectionId,
          title: s.title,
          previous: prev,
          latest: s.score,
          change: changeOf(prev, s.score),
        };
      }),
    items: now.items
      .map((i) => {
        const prev = before?.items.find((b) => b.itemId === i.itemId)?.score ?? null;
        return {
          itemId: i.itemId,
          sectionId: topOf(i.sectionId),
          title: index.items.get(i.itemId)!.item.title as LocalizedText,
          previous: prev,
          latest: i.score,
          change: changeOf(prev, i.score),
        };
      })
      // Unscored items (text, dates, files) have nothing to move.
      .filter((i) => i.latest !== null || i.previous !== null),
  };
}

// ---------------------------------------------------------------------------------------------
// Next year's goals

export interface Goals {
  sections: {
    sectionId: string;
    title: LocalizedText;
    latestScore: number | null;
    targetScore: number | null;
  }[];
  free: { id: string; title: string; detail: string }[];
  updatedAt: Date | null;
}

async function surveySections(db: DbOrTx, orgId: string) {
  const [latest] = await latestSurveys(db, orgId);
  if (latest) {
    const results = await assessmentsService.getAssessmentResults(db, orgId, latest.id);
    return results.sections
      .filter((s) => s.parentId === null)
      .map((s) => ({ sectionId: s.sectionId, title: s.title, latestScore: s.score }));
  }
  // Before any survey is submitted, goals still refer to the shipped survey's sections.
  const kind = loadImprovementContent().assessment.questionSetKind;
  const set = assessmentsService.latestQuestionSetOfKind(kind);
  return set
    ? set.orderedSections
        .filter((s) => s.parentId === null)
        .map((s) => ({ sectionId: s.section.id, title: s.section.title, latestScore: null }))
    : [];
}

export async function getGoals(db: DbOrTx, orgId: string): Promise<Goals> {
  const rows = await db
    .select()
    .from(improvementGoals)
    .where(eq(improvementGoals.organizationId, orgId))
    .orderBy(asc(improvementGoals.position));
  const targets = new Map(
    rows.filter((r) => r.kind === 'section').map((r) => [r.sectionId!, r.targetScore]),
  );
  return {
    sections: (await surveySections(db, orgId)).map((s) => ({
      ...s,
      targetScore: targets.get(s.sectionId) ?? null,
    })),
    free: rows
      .filter((r) => r.kind === 'free')
      .map((r) => ({ id: r.id, title: r.title, detail: r.detail })),
    updatedAt: rows.reduce<Date | null>(
      (max, r) => (max === null || r.updatedAt > max ? r.updatedAt : max),
      null,
    ),
  };
}

/** Replaces next year's goals as a whole. */
export async function putGoals(
  db: DbOrTx,
  orgId: string,
  actorUserId: string,
  input: PutGoalsRequest,
  locale: Locale,
): Promise<Goals> {
  const t = improvementMessages(locale);
  const known = new Set((await surveySections(db, orgId)).map((s) => s.sectionId));
  const seen = new Set<string>();
  const issues: Issue[] = [];
  input.sections.forEach((s, i) => {
    if (!known.has(s.sectionId))
      issues.push(bodyIssue(['sections', i, 'sectionId'], 'unknown_section', t.unknownSection));
    else if (seen.has(s.sectionId))
      issues.push(bodyIssue(['sections', i, 'sectionId'], 'duplicate_section', t.duplicateSection));
    seen.add(s.sectionId);
  });
  throwIfIssues(issues);
  await db.delete(improvementGoals).where(eq(improvementGoals.organizationId, orgId));
  const rows = [
    ...input.sections.map((s, i) => ({
      organizationId: orgId,
      kind: 'section' as const,
      sectionId: s.sectionId,
      targetScore: s.targetScore,
      position: i,
      updatedBy: actorUserId,
    })),
    ...input.free.map((g, i) => ({
      organizationId: orgId,
      kind: 'free' as const,
      title: g.title,
      detail: g.detail,
      position: input.sections.length + i,
      updatedBy: actorUserId,
    })),
  ];
  if (rows.length > 0) await db.insert(improvementGoals).values(rows);
  return getGoals(db, orgId);
}

// ---------------------------------------------------------------------------------------------
// SECURITY ACTION

export type SecurityActionStanding = typeof securityActionStandings.$inferSelect;

export const starsOf = (
  s: Pick<SecurityActionStanding, 'oneStarDeclaredOn' | 'twoStarDeclaredOn'> | undefined,
) => (s?.twoStarDeclaredOn ? 2 : s?.oneStarDeclaredOn ? 1 : 0);

export async function getSecurityAction(
  db: DbOrTx,
  orgId: string,
): Promise<SecurityActionStanding | undefined> {
  const [row] = await db
    .select()
    .from(securityActionStandings)
    .where(eq(securityActionStandings.organizationId, orgId));
  return row;
}

/** Records the company's declaration dates; two stars need both steps behind them. */
export async function setSecurityAction(
  db: DbOrTx,
  orgId: string,
  actorUserId: string,
  input: SecurityActionRequest,
  locale: Locale,
): Promise<SecurityActionStanding> {
  if (input.twoStarDeclaredOn && !(input.selfCheckDoneOn && input.policyPublishedOn))
    throwIfIssues([
      bodyIssue(
        ['twoStarDeclaredOn'],
        'two_stars_need_steps',
        improvementMessages(locale).twoStarsNeedSteps,
      ),
    ]);
  const values = { ...input, updatedBy: actorUserId, updatedAt: new Date() };
  const [row] = await db
    .insert(securityActionStandings)
    .values({ organizationId: orgId, ...values })
    .onConflictDoUpdate({ target: securityActionStandings.organizationId, set: values })
    .returning();
  return row!;
}

/**
 * Program-level aggregate over the given companies: SECURITY ACTION declarations and action counts,
 * withheld while fewer companies than the minimum group size take part.
 */
export async function summarizeCompanies(db: DbOrTx, companyIds: string[]) {
  const base = { minimumGroupSize: MINIMUM_GROUP_SIZE, companies: companyIds.length };
  if (companyIds.length < MINIMUM_GROUP_SIZE)
    return { ...base, oneStar: null, twoStars: null, actions: null };
  const standings = await db
    .select()
    .from(securityActionStandings)
    .where(inArray(securityActionStandings.organizationId, companyIds));
  const actions = await db
    .select({ status: improvementActions.status })
    .from(improvementActions)
    .where(inArray(improvementActions.organizationId, companyIds));
  return {
    ...base,
    oneStar: standings.filter((s) => starsOf(s) === 1).length,
    twoStars: standings.filter((s) => starsOf(s) === 2).length,
    actions: countByStatus(actions),
  };
}
