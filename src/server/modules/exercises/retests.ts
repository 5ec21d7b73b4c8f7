import { desc, eq, inArray } from 'drizzle-orm';
import type { Locale } from '../../../contracts/common';
import type { RetestProposalView } from '../../../contracts/exercises';
import type { DbOrTx } from '../../db/client';
import { bodyIssue, throwIfIssues } from '../../lib/issues';
import type { ExerciseSnapshot, SnapshotInject } from './adapt';
import { exerciseReports, exercises } from './tables';

// Retests: every after-action action proposes an inject that checks, in a later exercise, whether the
// improvement took hold. A proposal stays open until an exercise of the company carries it.

const msg = {
  unavailable: {
    ja: 'この再確認の状況付与は選べません（終了した演習のものではないか、すでに別の演習に入っています）。',
    en: 'This retest cannot be chosen (it is not from a closed exercise, or another exercise already carries it).',
  },
} as const;

const key = (exerciseId: string, actionId: string) => `${exerciseId}:${actionId}`;

/** The retests of the company's closed exercises that no exercise carries yet, newest exercise first. */
export async function openRetestProposals(
  db: DbOrTx,
  organizationId: string,
): Promise<RetestProposalView[]> {
  const rows = await db
    .select()
    .from(exercises)
    .where(eq(exercises.organizationId, organizationId))
    .orderBy(desc(exercises.closedAt));
  const carried = new Set(
    rows.flatMap((r) =>
      r.snapshot.injects.flatMap((i: SnapshotInject) =>
        i.retestOf ? [key(i.retestOf.exerciseId, i.retestOf.actionId)] : [],
      ),
    ),
  );
  const closed = rows.filter((r) => r.status === 'closed');
  if (closed.length === 0) return [];
  const reports = await db
    .select()
    .from(exerciseReports)
    .where(
      inArray(
        exerciseReports.exerciseId,
        closed.map((r) => r.id),
      ),
    );
  const byExercise = new Map(reports.map((r) => [r.exerciseId, r]));
  return closed.flatMap((r) =>
    (byExercise.get(r.id)?.actions ?? [])
      .filter((a) => a.retest.title.trim() !== '' && !carried.has(key(r.id, a.id)))
      .map((a) => ({
        exerciseId: r.id,
        exerciseTitle: r.plan.title,
        closedAt: r.closedAt?.toISOString() ?? null,
        actionId: a.id,
        actionTitle: a.title,
        checkpointId: a.checkpointId,
        retest: a.retest,
      })),
  );
}

/** The phase an offset falls in: the last one starting at or before it. */
function phaseAt(snapshot: ExerciseSnapshot, minute: number): string {
  const phases = [...snapshot.phases].sort((a, b) => a.startMinute - b.startMinute);
  return (phases.filter((p) => p.startMinute <= minute).pop() ?? phases[0]!).id;
}

/**
 * Adds the chosen retests to a freshly adapted snapshot as injects, spread over the exercise (the
 * facilitator moves them in the timetable afterwards), addressed to the roles the action named — or,
 * when it named none, the scenario's internal roles — and expecting the retested checkpoint.
 * Refuses (validation_failed, nothing stored) a retest that is not open.
 */
export async function withRetests(
  db: DbOrTx,
  input: {
    organizationId: string;
    snapshot: ExerciseSnapshot;
    retests: readonly { exerciseId: string; actionId: string }[];
    locale: Locale;
  },
): Promise<ExerciseSnapshot> {
  const { snapshot, retests, locale } = input;
  if (retests.length === 0) return snapshot;
  const open = new Map(
    (await openRetestProposals(db, input.organizationId)).map((p) => [
      key(p.exerciseId, p.actionId),
      p,
    ]),
  );
  const seen = new Set<string>();
  const chosen: RetestProposalView[] = [];
  const issues = retests.flatMap((r, i) => {
    const k = key(r.exerciseId, r.actionId);
    const proposal = open.get(k);
    if (!proposal || seen.has(k))
      return [bodyIssue(['retests', i], 'retest_unavailable', msg.unavailable[locale])];
    seen.add(k);
    chosen.push(proposal);
    return [];
  });
  throwIfIssues(issues);

  const ids = new Set(snapshot.injects.map((i) => i.id));
  const internal = snapshot.roles.filter((r) => snapshot.injects.some((i) => i.roles.includes(r)));
  const added: SnapshotInject[] = chosen.map((p, n) => {
    let id = `retest-${n + 1}`;
    for (let k = 2; ids.has(id); k++) id = `retest-${n + 1}-${k}`;
    ids.add(id);
    const offsetMinutes = Math.round((snapshot.durationMinutes * (n + 1)) / (chosen.length + 1));
    const same = (text: string) => ({ ja: text, en: text });
    const roles = p.retest.roles.length > 0 ? [...p.retest.roles] : internal;
    const situation = p.retest.situation.trim() || p.retest.title;
    return {
      id,
      offsetMinutes,
      phase: phaseAt(snapshot, offsetMinutes),
      title: same(p.retest.title),
      situation: same(situation),
      media: [{ kind: 'document', body: same(situation) }],
      roles,
      questions: p.retest.question.trim()
        ? [{ id: 'retest', text: same(p.retest.question), kind: 'free' }]
        : [],
      expectedActions: p.checkpointId
        ? [{ id: 'retest', text: same(p.actionTitle), checkpoints: [p.checkpointId], roles }]
        : [],
      retestOf: { exerciseId: p.exerciseId, actionId: p.actionId, checkpointId: p.checkpointId },
    };
  });
  return {
    ...snapshot,
    roles: [...new Set([...snapshot.roles, ...added.flatMap((i) => i.roles)])],
    // Stable by offset, so the handbook and the console list them where they fall.
    injects: [...snapshot.injects, ...added].sort((a, b) => a.offsetMinutes - b.offsetMinutes),
  };
}
