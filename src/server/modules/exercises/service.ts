import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import {
  checkpointIds,
  type CreateExerciseRequest,
  type ExerciseDetail,
  type ExercisePlanFields,
  type ExerciseSummaryView,
  type InjectRunView,
  type ParticipantRequest,
  type ParticipantView,
  type UpdateExerciseRequest,
  type UserRef,
} from '../../../contracts/exercises';
import type { Db, DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues } from '../../lib/issues';
import { findUsersByIds } from '../identity/service';
import { listExpertIdsOfCompany } from '../experts/service';
import { deleteSubjectDocuments } from '../documents/service';
import { listMembers } from '../organizations/service';
import {
  adaptScenario,
  resolvePlaceholders,
  type ExerciseSnapshot,
  type SnapshotInject,
} from './adapt';
import { clockView, dueAt } from './clock';
import { appendEvent, type StoredEvent } from './events';
import { withRetests } from './retests';
import { findScenario } from './scenario';
import { assertTimetable } from './timing';
import { exerciseEvaluators, exerciseInjects, exerciseParticipants, exercises } from './tables';

export type ExerciseRow = typeof exercises.$inferSelect;
export type ParticipantRow = typeof exerciseParticipants.$inferSelect;
type InjectStateRow = typeof exerciseInjects.$inferSelect;

/** The result of a write: what to answer and which committed events to publish. */
export interface Changed<T> {
  value: T;
  events: StoredEvent[];
}

export const DEFAULT_SEAT_LINK_HOURS = 72;

export async function getExerciseRow(
  db: DbOrTx,
  organizationId: string,
  exerciseId: string,
): Promise<ExerciseRow> {
  const [row] = await db
    .select()
    .from(exercises)
    .where(and(eq(exercises.id, exerciseId), eq(exercises.organizationId, organizationId)));
  if (!row) throw new AppError('not_found');
  return row;
}

/** Reads and locks the exercise row for the rest of the transaction. */
export async function lockExercise(
  tx: DbOrTx,
  organizationId: string,
  exerciseId: string,
): Promise<ExerciseRow> {
  const [row] = await tx
    .select()
    .from(exercises)
    .where(and(eq(exercises.id, exerciseId), eq(exercises.organizationId, organizationId)))
    .for('update');
  if (!row) throw new AppError('not_found');
  return row;
}

/** Company members and the experts assigned to the company: who may facilitate or evaluate. */
export async function listStaffCandidates(db: DbOrTx, organizationId: string): Promise<UserRef[]> {
  const members = (await listMembers(db, organizationId)).filter(
    (m) => m.role === 'company_admin' || m.role === 'company_member',
  );
  const memberIds = new Set(members.map((m) => m.userId));
  const expertIds = (await listExpertIdsOfCompany(db, organizationId)).filter(
    (id) => !memberIds.has(id),
  );
  const experts = await findUsersByIds(db, expertIds);
  return [
    ...members.map((m) => ({ id: m.userId, name: m.name, kind: 'member' as const })),
    ...experts.map((u) => ({ id: u.id, name: u.name, kind: 'expert' as const })),
  ].sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

async function assertStaff(
  db: DbOrTx,
  organizationId: string,
  userIds: string[],
  field: string,
): Promise<void> {
  const allowed = new Set((await listStaffCandidates(db, organizationId)).map((c) => c.id));
  throwIfIssues(
    userIds.flatMap((id, i) =>
      allowed.has(id)
        ? []
        : [
            bodyIssue(
              field === 'userIds' ? [field, i] : [field],
              'not_staff',
              'not a member of the company or an expert assigned to it',
            ),
          ],
    ),
  );
}

function defaultPlan(
  snapshot: ExerciseSnapshot,
  request: CreateExerciseRequest,
  facilitatorUserId: string,
  locale: 'ja' | 'en',
): ExercisePlanFields {
  return {
    title: request.title ?? snapshot.title[locale],
    overview: snapshot.summary[locale],
    background: '',
    objectives: snapshot.objectives.map((o) => o[locale]),
    scope: '',
    scheduledAt: request.scheduledAt ?? null,
    location: '',
    mode: request.mode,
    timetable: snapshot.phases.map((p) => ({
      phaseId: p.id,
      title: p.title,
      startMinute: p.startMinute,
      purpose: p.purpose,
    })),
    checkpoints: [...checkpointIds],
    preparationNotes: '',
    facilitatorUserId,
    seatLinkHours: DEFAULT_SEAT_LINK_HOURS,
  };
}

/** Plans an exercise: the scenario is adapted to the company now and stored as a snapshot. */
export async function createExercise(
  db: Db,
  input: {
    organizationId: string;
    actorUserId: string;
    locale: 'ja' | 'en';
    request: CreateExerciseRequest;
  },
): Promise<Changed<ExerciseRow>> {
  const { organizationId, actorUserId, request } = input;
  const scenario = findScenario(request.scenarioId);
  if (!scenario) throwIfIssues([bodyIssue(['scenarioId'], 'unknown_scenario', 'no such scenario')]);
  const facilitatorUserId = request.facilitatorUserId ?? actorUserId;
  await assertStaff(db, organizationId, [facilitatorUserId], 'facilitatorUserId');
  return db.transaction(async (tx) => {
    const snapshot = await withRetests(tx, {
      organizationId,
      snapshot: adaptScenario(scenario!, await resolvePlaceholders(tx, organizationId)),
      retests: request.retests ?? [],
      locale: input.locale,
    });
    const [row] = await tx
      .insert(exercises)
      .values({
        organizationId,
        scenarioId: scenario!.id,
        plan: defaultPlan(snapshot, request, facilitatorUserId, input.locale),
        snapshot,
        facilitatorUserId,
        createdBy: actorUserId,
      })
      .returning();
    await tx.insert(exerciseInjects).values(
      snapshot.injects.map((i) => ({
        exerciseId: row!.id,
        injectId: i.id,
        offsetMinutes: i.offsetMinutes,
      })),
    );
    const event = await appendEvent(tx, row!.id, { type: 'exercise.planned' });
    return { value: { ...row!, lastSeq: event.seq }, events: [event] };
  });
}

export async function listExercises(
  db: DbOrTx,
  organizationId: string,
): Promise<ExerciseSummaryView[]> {
  const rows = await db
    .select()
    .from(exercises)
    .where(eq(exercises.organizationId, organizationId))
    .orderBy(desc(exercises.createdAt));
  return rows.map(summaryOf);
}

export function summaryOf(row: ExerciseRow): ExerciseSummaryView {
  return {
    id: row.id,
    scenarioId: row.scenarioId,
    title: row.plan.title,
    status: row.status,
    mode: row.plan.mode,
    scheduledAt: row.plan.scheduledAt,
    startedAt: row.startedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Edits the plan; only while planned, except the facilitator, evaluators and seat link hours. */
export async function updateExercise(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    request: UpdateExerciseRequest;
    locale?: 'ja' | 'en';
  },
): Promise<Changed<ExerciseRow>> {
  const { organizationId, exerciseId, request } = input;
  if (request.facilitatorUserId)
    await assertStaff(db, organizationId, [request.facilitatorUserId], 'facilitatorUserId');
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, organizationId, exerciseId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    const liveEditable = new Set(['facilitatorUserId', 'seatLinkHours']);
    if (row.status !== 'planned' && Object.keys(request).some((k) => !liveEditable.has(k)))
      throw new AppError('exercise_state_invalid');
    if (request.timetable)
      assertTimetable(row.snapshot.durationMinutes, request.timetable, input.locale ?? 'ja');
    const plan: ExercisePlanFields = { ...row.plan, ...request };
    const [updated] = await tx
      .update(exercises)
      .set({ plan, facilitatorUserId: plan.facilitatorUserId })
      .where(eq(exercises.id, exerciseId))
      .returning();
    const event = await appendEvent(tx, exerciseId, { type: 'exercise.updated' });
    return { value: { ...updated!, lastSeq: event.seq }, events: [event] };
  });
}

export async function deleteExercise(
  db: Db,
  organizationId: string,
  exerciseId: string,
): Promise<ExerciseRow> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, organizationId, exerciseId);
    if (row.status !== 'planned') throw new AppError('exercise_state_invalid');
    // Its documents belong to it and go with it.
    await deleteSubjectDocuments(tx, organizationId, exerciseId);
    await tx.delete(exercises).where(eq(exercises.id, exerciseId));
    return row;
  });
}

export async function setEvaluators(
  db: Db,
  input: { organizationId: string; exerciseId: string; userIds: string[] },
): Promise<Changed<null>> {
  const userIds = [...new Set(input.userIds)];
  await assertStaff(db, input.organizationId, userIds, 'userIds');
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    await tx.delete(exerciseEvaluators).where(eq(exerciseEvaluators.exerciseId, row.id));
    if (userIds.length > 0)
      await tx
        .insert(exerciseEvaluators)
        .values(userIds.map((userId) => ({ exerciseId: row.id, userId })));
    const event = await appendEvent(tx, row.id, { type: 'exercise.updated' });
    return { value: null, events: [event] };
  });
}

export async function listEvaluatorIds(db: DbOrTx, exerciseId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: exerciseEvaluators.userId })
    .from(exerciseEvaluators)
    .where(eq(exerciseEvaluators.exerciseId, exerciseId));
  return rows.map((r) => r.userId);
}

function participantViewOf(p: ParticipantRow, now: Date): ParticipantView {
  const expired = p.expiresAt !== null && p.expiresAt.getTime() <= now.getTime();
  return {
    id: p.id,
    name: p.name,
    role: p.role,
    affiliation: p.affiliation,
    seat: {
      state: !p.tokenHash ? 'none' : expired ? 'expired' : p.deviceHash ? 'claimed' : 'issued',
      issuedAt: p.issuedAt?.toISOString() ?? null,
      expiresAt: p.expiresAt?.toISOString() ?? null,
      claimedAt: p.claimedAt?.toISOString() ?? null,
    },
  };
}

export async function listParticipants(db: DbOrTx, exerciseId: string): Promise<ParticipantRow[]> {
  return db
    .select()
    .from(exerciseParticipants)
    .where(eq(exerciseParticipants.exerciseId, exerciseId))
    .orderBy(asc(exerciseParticipants.createdAt), asc(exerciseParticipants.name));
}

export async function addParticipant(
  db: Db,
  input: { organizationId: string; exerciseId: string; request: ParticipantRequest },
): Promise<Changed<ParticipantView>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    const [p] = await tx
      .insert(exerciseParticipants)
      .values({ exerciseId: row.id, organizationId: row.organizationId, ...input.request })
      .returning();
    const event = await appendEvent(tx, row.id, {
      type: 'participant.changed',
      data: { participantId: p!.id },
    });
    return { value: participantViewOf(p!, new Date()), events: [event] };
  });
}

export async function updateParticipant(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    participantId: string;
    request: ParticipantRequest;
  },
): Promise<Changed<ParticipantView>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    const [p] = await tx
      .update(exerciseParticipants)
      .set(input.request)
      .where(
        and(
          eq(exerciseParticipants.id, input.participantId),
          eq(exerciseParticipants.exerciseId, row.id),
        ),
      )
      .returning();
    if (!p) throw new AppError('not_found');
    const event = await appendEvent(tx, row.id, {
      type: 'participant.changed',
      data: { participantId: p.id },
    });
    return { value: participantViewOf(p, new Date()), events: [event] };
  });
}

export async function deleteParticipant(
  db: Db,
  input: { organizationId: string; exerciseId: string; participantId: string },
): Promise<Changed<null>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    if (row.status !== 'planned') throw new AppError('exercise_state_invalid');
    const [p] = await tx
      .delete(exerciseParticipants)
      .where(
        and(
          eq(exerciseParticipants.id, input.participantId),
          eq(exerciseParticipants.exerciseId, row.id),
        ),
      )
      .returning();
    if (!p) throw new AppError('not_found');
    const event = await appendEvent(tx, row.id, {
      type: 'participant.changed',
      data: { participantId: p.id },
    });
    return { value: null, events: [event] };
  });
}

export async function listInjectStates(db: DbOrTx, exerciseId: string): Promise<InjectStateRow[]> {
  return db.select().from(exerciseInjects).where(eq(exerciseInjects.exerciseId, exerciseId));
}

export function injectRunViews(
  row: ExerciseRow,
  states: readonly InjectStateRow[],
  now: Date,
): InjectRunView[] {
  const byId = new Map(states.map((s) => [s.injectId, s]));
  return row.snapshot.injects.map((inj: SnapshotInject) => {
    const s = byId.get(inj.id);
    const state = s?.state ?? 'pending';
    return {
      ...inj,
      state,
      dueAt:
        state === 'pending' ? (dueAt(row, inj.offsetMinutes, now)?.toISOString() ?? null) : null,
      releasedAt: s?.releasedAt?.toISOString() ?? null,
      releasedBy: s?.releasedBy ?? null,
    };
  });
}

export interface Viewer {
  userId: string;
  canWrite: boolean;
}

/** Everything the planning page, the facilitator console and the projector need, in one read. */
export async function getExerciseDetail(
  db: DbOrTx,
  organizationId: string,
  exerciseId: string,
  viewer: Viewer,
): Promise<ExerciseDetail> {
  const row = await getExerciseRow(db, organizationId, exerciseId);
  return detailOf(db, row, viewer);
}

export async function detailOf(
  db: DbOrTx,
  row: ExerciseRow,
  viewer: Viewer,
): Promise<ExerciseDetail> {
  const now = new Date();
  const [states, participants, evaluatorIds] = [
    await listInjectStates(db, row.id),
    await listParticipants(db, row.id),
    await listEvaluatorIds(db, row.id),
  ];
  const userIds = [...evaluatorIds, ...(row.facilitatorUserId ? [row.facilitatorUserId] : [])];
  const users = new Map((await findUsersByIds(db, userIds)).map((u) => [u.id, u]));
  const expertIds = new Set(await listExpertIdsOfCompany(db, row.organizationId));
  const ref = (id: string): UserRef | null => {
    const u = users.get(id);
    return u ? { id, name: u.name, kind: expertIds.has(id) ? 'expert' : 'member' } : null;
  };
  const facilitator = row.facilitatorUserId === viewer.userId;
  const s = row.snapshot;
  return {
    ...summaryOf(row),
    organizationId: row.organizationId,
    plan: row.plan,
    scenario: {
      id: s.id,
      course: s.course,
      title: s.title,
      summary: s.summary,
      objectives: s.objectives,
      durationMinutes: s.durationMinutes,
      roles: s.roles,
      attackerSteps: s.attackerSteps,
    },
    injects: injectRunViews(row, states, now),
    participants: participants.map((p) => participantViewOf(p, now)),
    evaluators: evaluatorIds.flatMap((id) => ref(id) ?? []),
    facilitator: row.facilitatorUserId ? ref(row.facilitatorUserId) : null,
    clock: clockView(row, now),
    lastSeq: row.lastSeq,
    you: {
      facilitator,
      evaluator: facilitator || evaluatorIds.includes(viewer.userId),
      canEdit: viewer.canWrite && row.status === 'planned',
    },
  };
}

/** For the documents generator: the plan, the adapted scenario, participants and evaluators. */
export async function getExercisePlan(
  db: DbOrTx,
  organizationId: string,
  exerciseId: string,
): Promise<ExerciseDetail> {
  const row = await getExerciseRow(db, organizationId, exerciseId);
  return detailOf(db, row, { userId: '', canWrite: false });
}

export function assertFacilitator(row: ExerciseRow, userId: string): void {
  if (row.facilitatorUserId !== userId) throw new AppError('exercise_facilitator_only');
}

export async function assertEvaluator(db: DbOrTx, row: ExerciseRow, userId: string): Promise<void> {
  if (row.facilitatorUserId === userId) return;
  const ids = await listEvaluatorIds(db, row.id);
  if (!ids.includes(userId)) throw new AppError('exercise_evaluator_only');
}

export async function participantsByIds(
  db: DbOrTx,
  ids: string[],
): Promise<Map<string, ParticipantRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(exerciseParticipants)
    .where(inArray(exerciseParticipants.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
