import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  ExerciseRole,
  ResponseAck,
  ResponseView,
  SeatResponseRequest,
  SeatView,
} from '../../../contracts/exercises';
import type { Db, DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import type { JobDefinition, JobQueue } from '../../jobs/queue';
import type { RealtimeHub } from '../../realtime/hub';
import { clockView, dueAt, elapsedMs } from './clock';
import { appendEvent, publishEvents, type StoredEvent } from './events';
import {
  assertFacilitator,
  getExerciseRow,
  listInjectStates,
  lockExercise,
  participantsByIds,
  type Changed,
  type ExerciseRow,
  type ParticipantRow,
} from './service';
import type { SnapshotInject } from './adapt';
import {
  exerciseEvents,
  exerciseFeedback,
  exerciseInjects,
  exerciseParticipants,
  exerciseResponses,
  exercises,
} from './tables';

// ---------- clock: start, pause, resume, close ----------

export type ClockAction = 'start' | 'pause' | 'resume' | 'close';

/** Changes the shared clock; only the facilitator may. */
export async function changeClock(
  db: Db,
  input: { organizationId: string; exerciseId: string; actorUserId: string; action: ClockAction },
  now = new Date(),
): Promise<Changed<ExerciseRow>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    assertFacilitator(row, input.actorUserId);
    const set: Partial<ExerciseRow> = {};
    const type = (
      {
        start: 'exercise.started',
        pause: 'exercise.paused',
        resume: 'exercise.resumed',
        close: 'exercise.closed',
      } as const
    )[input.action];
    if (input.action === 'start') {
      if (row.status !== 'planned') throw new AppError('exercise_state_invalid');
      Object.assign(set, { status: 'running', startedAt: now });
    } else if (input.action === 'pause') {
      if (row.status !== 'running') throw new AppError('exercise_state_invalid');
      Object.assign(set, { status: 'paused', pausedAt: now });
    } else if (input.action === 'resume') {
      if (row.status !== 'paused' || !row.pausedAt) throw new AppError('exercise_state_invalid');
      Object.assign(set, {
        status: 'running',
        pausedAt: null,
        pausedTotalMs: row.pausedTotalMs + (now.getTime() - row.pausedAt.getTime()),
      });
    } else {
      if (row.status === 'closed') throw new AppError('exercise_closed');
      if (row.status === 'planned') throw new AppError('exercise_state_invalid');
      Object.assign(set, {
        status: 'closed',
        closedAt: now,
        pausedAt: null,
        pausedTotalMs:
          row.pausedTotalMs + (row.pausedAt ? now.getTime() - row.pausedAt.getTime() : 0),
      });
    }
    const [updated] = await tx
      .update(exercises)
      .set(set)
      .where(eq(exercises.id, row.id))
      .returning();
    const event = await appendEvent(tx, row.id, {
      type,
      forSeats: true,
      data: { exerciseMs: Math.round(elapsedMs(updated!, now)) },
    });
    return { value: { ...updated!, lastSeq: event.seq }, events: [event] };
  });
}

// ---------- releasing injects ----------

export const releaseDuePayload = z.object({ exerciseId: z.uuid(), organizationId: z.uuid() });

export interface LiveDeps {
  db: Db;
  realtime: Pick<RealtimeHub, 'publish'>;
}

async function latestChoice(
  tx: DbOrTx,
  exerciseId: string,
  injectId: string,
  questionId: string,
): Promise<string | null> {
  const [r] = await tx
    .select({ optionId: exerciseResponses.optionId })
    .from(exerciseResponses)
    .where(
      and(
        eq(exerciseResponses.exerciseId, exerciseId),
        eq(exerciseResponses.injectId, injectId),
        eq(exerciseResponses.questionId, questionId),
      ),
    )
    .orderBy(desc(exerciseResponses.seq))
    .limit(1);
  return r?.optionId ?? null;
}

async function conditionHolds(tx: DbOrTx, row: ExerciseRow, inj: SnapshotInject): Promise<boolean> {
  if (!inj.when) return true;
  const choice = await latestChoice(tx, row.id, inj.when.inject, inj.when.question);
  if (inj.when.anyOf) return choice !== null && inj.when.anyOf.includes(choice);
  return choice === null || !(inj.when.noneOf ?? []).includes(choice);
}

/**
 * Moves one inject out of pending. The conditional UPDATE is the exactly-once guard: two instances
 * (or a timer and a facilitator) racing for the same inject cannot both win.
 */
async function settleInject(
  tx: DbOrTx,
  row: ExerciseRow,
  inj: SnapshotInject,
  outcome: 'released' | 'skipped',
  by: 'manual' | 'schedule',
  now: Date,
  reason?: string,
): Promise<StoredEvent | null> {
  const [won] = await tx
    .update(exerciseInjects)
    .set({
      state: outcome,
      releasedAt: outcome === 'released' ? now : null,
      releasedBy: outcome === 'released' ? by : null,
    })
    .where(
      and(
        eq(exerciseInjects.exerciseId, row.id),
        eq(exerciseInjects.injectId, inj.id),
        eq(exerciseInjects.state, 'pending'),
      ),
    )
    .returning({ injectId: exerciseInjects.injectId });
  if (!won) return null;
  return appendEvent(tx, row.id, {
    type: outcome === 'released' ? 'inject.released' : 'inject.skipped',
    injectId: inj.id,
    roles: outcome === 'released' ? inj.roles : [],
    forSeats: outcome === 'released',
    data: {
      by,
      exerciseMs: Math.round(elapsedMs(row, now)),
      ...(reason ? { reason } : {}),
    },
  });
}

/** Releases (or, when their branch was not taken, skips) every inject due by the shared clock. */
export async function releaseDueInjects(
  db: Db,
  organizationId: string,
  exerciseId: string,
  now = new Date(),
): Promise<StoredEvent[]> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, organizationId, exerciseId);
    if (row.status !== 'running') return [];
    const elapsed = elapsedMs(row, now);
    const pending = new Set(
      (await listInjectStates(tx, row.id))
        .filter((s) => s.state === 'pending')
        .map((s) => s.injectId),
    );
    const events: StoredEvent[] = [];
    for (const inj of row.snapshot.injects) {
      if (!pending.has(inj.id) || inj.offsetMinutes * 60_000 > elapsed) continue;
      const holds = await conditionHolds(tx, row, inj);
      const e = await settleInject(
        tx,
        row,
        inj,
        holds ? 'released' : 'skipped',
        'schedule',
        now,
        holds ? undefined : 'branch_not_taken',
      );
      if (e) events.push(e);
    }
    return events;
  });
}

/** By hand: the facilitator releases or skips an inject whatever the timetable and branching say. */
export async function settleInjectByHand(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    injectId: string;
    actorUserId: string;
    outcome: 'released' | 'skipped';
  },
  now = new Date(),
): Promise<Changed<ExerciseRow>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    assertFacilitator(row, input.actorUserId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    if (row.status === 'planned') throw new AppError('exercise_state_invalid');
    const inj = row.snapshot.injects.find((i) => i.id === input.injectId);
    if (!inj) throw new AppError('not_found');
    const e = await settleInject(tx, row, inj, input.outcome, 'manual', now, 'by_hand');
    if (!e) throw new AppError('exercise_state_invalid');
    return { value: { ...row, lastSeq: e.seq }, events: [e] };
  });
}

export function releaseDueJob(deps: LiveDeps): JobDefinition<z.infer<typeof releaseDuePayload>> {
  return {
    name: 'exercises.release-due',
    payload: releaseDuePayload,
    retryLimit: 3,
    handler: async ({ exerciseId, organizationId }) => {
      try {
        const events = await releaseDueInjects(deps.db, organizationId, exerciseId);
        await publishEvents(deps.realtime, events);
      } catch (err) {
        // A deleted exercise has nothing left to release.
        if (err instanceof AppError && err.code === 'not_found') return;
        throw err;
      }
    },
  };
}

/** Safety net every minute: releases whatever is due in running exercises, should a timed job be lost. */
export function sweepDueJob(deps: LiveDeps): JobDefinition<Record<string, never>> {
  return {
    name: 'exercises.sweep-due',
    payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    handler: async () => {
      const running = await deps.db
        .select({ id: exercises.id, organizationId: exercises.organizationId })
        .from(exercises)
        .where(eq(exercises.status, 'running'));
      for (const r of running) {
        const events = await releaseDueInjects(deps.db, r.organizationId, r.id);
        await publishEvents(deps.realtime, events);
      }
    },
  };
}

/** Queues one timed job per distinct due time of the pending injects (after start or resume). */
export async function scheduleReleases(
  db: DbOrTx,
  queue: JobQueue,
  row: ExerciseRow,
  now = new Date(),
): Promise<void> {
  if (row.status !== 'running') return;
  const pending = new Set(
    (await listInjectStates(db, row.id))
      .filter((s) => s.state === 'pending')
      .map((s) => s.injectId),
  );
  const times = new Set<number>();
  for (const inj of row.snapshot.injects) {
    if (!pending.has(inj.id)) continue;
    const at = dueAt(row, inj.offsetMinutes, now);
    if (at) times.add(at.getTime());
  }
  for (const t of [...times].sort((a, b) => a - b)) {
    await queue.enqueue(
      { name: 'exercises.release-due', payload: releaseDuePayload },
      { exerciseId: row.id, organizationId: row.organizationId },
      t > now.getTime() ? { startAfter: new Date(t) } : {},
    );
  }
}

// ---------- responses ----------

function validateResponse(
  row: ExerciseRow,
  released: ReadonlySet<string>,
  role: ExerciseRole,
  req: SeatResponseRequest,
  staff: boolean,
): void {
  if (row.status === 'closed') throw new AppError('exercise_closed');
  if (row.status === 'planned') throw new AppError('exercise_state_invalid');
  const inj = row.snapshot.injects.find((i) => i.id === req.injectId);
  // Staff record for any role in the room; a seat answers only injects addressed to it.
  if (!inj || !released.has(inj.id) || (!staff && !inj.roles.includes(role)))
    throw new AppError('exercise_inject_unavailable');
  const issue = (path: string, code: string, message: string) =>
    new AppError('validation_failed', { issues: [{ in: 'body', path: [path], code, message }] });
  if (req.kind === 'decision') {
    if (req.questionId || req.optionId)
      throw issue('questionId', 'decision_has_question', 'decisions are not tied to a question');
    if (!req.text.trim()) throw issue('text', 'empty', 'a decision needs text');
    return;
  }
  const q = inj.questions.find((x) => x.id === req.questionId);
  if (!q) throw issue('questionId', 'unknown_question', 'no such question in this inject');
  if (q.kind === 'choice') {
    if (!req.optionId || !q.options?.some((o) => o.id === req.optionId))
      throw issue('optionId', 'unknown_option', 'choose one of the options');
  } else {
    if (req.optionId) throw issue('optionId', 'not_choice', 'this question takes text');
    if (!req.text.trim()) throw issue('text', 'empty', 'an answer needs text');
  }
}

async function existingAck(
  db: DbOrTx,
  input: { exerciseId: string; participantId: string | null; recordedBy: string | null },
  id: string,
): Promise<ResponseAck | null> {
  const [existing] = await db.select().from(exerciseResponses).where(eq(exerciseResponses.id, id));
  if (!existing) return null;
  const same =
    existing.exerciseId === input.exerciseId &&
    existing.participantId === input.participantId &&
    existing.recordedBy === input.recordedBy;
  if (!same) throw new AppError('conflict');
  return {
    id: existing.id,
    seq: existing.seq,
    createdAt: existing.createdAt.toISOString(),
    duplicate: true,
  };
}

/**
 * Stores an answer or decision. The client's id makes a resend harmless: the first acknowledgement is
 * returned again. The answer is acknowledged only once the transaction has committed.
 *
 * Everything that can be checked without the exercise's row lock is checked first (an inject once
 * released stays released); the lock that numbers the event is then held for one statement and the
 * commit, so answers from hundreds of seats do not queue behind each other's reads.
 */
export async function recordResponse(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    role: ExerciseRole;
    participantId: string | null;
    recordedBy: string | null;
    request: SeatResponseRequest;
    /** The exercise as the caller already read it (seat requests), to save a query. */
    row?: ExerciseRow;
  },
  now = new Date(),
): Promise<Changed<ResponseAck>> {
  const { request } = input;
  const row = input.row ?? (await getExerciseRow(db, input.organizationId, input.exerciseId));
  const released = new Set(
    (
      await db
        .select({ injectId: exerciseInjects.injectId })
        .from(exerciseInjects)
        .where(
          and(
            eq(exerciseInjects.exerciseId, row.id),
            eq(exerciseInjects.injectId, request.injectId),
            eq(exerciseInjects.state, 'released'),
          ),
        )
    ).map((r) => r.injectId),
  );
  try {
    validateResponse(row, released, input.role, request, input.recordedBy !== null);
  } catch (err) {
    // A resend of an answer stored before the exercise closed still gets its acknowledgement.
    const known = await existingAck(db, input, request.id);
    if (known) return { value: known, events: [] };
    throw err;
  }
  const at = now.toISOString();
  const data = {
    responseId: request.id,
    kind: request.kind,
    questionId: request.questionId ?? null,
    participantId: input.participantId,
  };
  // One statement committed on its own: the exercise's row lock that numbers the event is held only
  // inside the database, never while waiting for this process. A resend racing its own first copy
  // can leave a gap in the numbering (the counter moved, the insert found the id taken); gaps are
  // harmless to catch-up, which asks for everything after a number.
  const result = (await db.execute(sql`
    with s as (
      update ${exercises} set last_seq = last_seq + 1, updated_at = ${at}::timestamptz
      where id = ${row.id} and status in ('running', 'paused')
        and not exists (select 1 from ${exerciseResponses} where id = ${request.id})
      returning last_seq
    ), r as (
      insert into ${exerciseResponses} (id, exercise_id, participant_id, role, inject_id,
        question_id, kind, text, option_id, recorded_by, exercise_ms, seq, created_at)
      select ${request.id}, ${row.id}, ${input.participantId}, ${input.role}, ${request.injectId},
        ${request.questionId ?? null}, ${request.kind}, ${request.text}, ${request.optionId ?? null},
        ${input.recordedBy}, ${Math.round(elapsedMs(row, now))}, s.last_seq, ${at}::timestamptz
      from s
      on conflict (id) do nothing
      returning seq
    ), e as (
      insert into ${exerciseEvents} (exercise_id, seq, type, at, inject_id, roles, data, for_seats)
      select ${row.id}, r.seq, 'response.recorded', ${at}::timestamptz, ${request.injectId},
        ${JSON.stringify([input.role])}::jsonb, ${JSON.stringify(data)}::jsonb, false
      from r
      returning seq
    )
    select (select last_seq from s) as seq, (select count(*) from e)::int as inserted
  `)) as unknown as { rows: { seq: number | null; inserted: number }[] };
  const out = result.rows[0];
  if (out?.seq === null || out?.seq === undefined) {
    const known = await existingAck(db, input, request.id);
    if (known) return { value: known, events: [] };
    // Closed between the check above and the statement.
    const [current] = await db
      .select({ status: exercises.status })
      .from(exercises)
      .where(eq(exercises.id, row.id));
    throw new AppError(current?.status === 'closed' ? 'exercise_closed' : 'exercise_state_invalid');
  }
  if (Number(out.inserted) === 0) {
    const again = await existingAck(db, input, request.id);
    if (!again) throw new Error('duplicate response vanished');
    return { value: again, events: [] };
  }
  const seq = Number(out.seq);
  const event: StoredEvent = {
    exerciseId: row.id,
    seq,
    type: 'response.recorded',
    at,
    injectId: request.injectId,
    roles: [input.role],
    data,
    forSeats: false,
  };
  return { value: { id: request.id, seq, createdAt: at, duplicate: false }, events: [event] };
}

export async function listResponses(
  db: DbOrTx,
  exerciseId: string,
  filter: { participantId?: string } = {},
): Promise<ResponseView[]> {
  const rows = await db
    .select()
    .from(exerciseResponses)
    .where(
      and(
        eq(exerciseResponses.exerciseId, exerciseId),
        ...(filter.participantId
          ? [eq(exerciseResponses.participantId, filter.participantId)]
          : []),
      ),
    )
    .orderBy(asc(exerciseResponses.seq));
  const participants = await participantsByIds(db, [
    ...new Set(rows.flatMap((r) => (r.participantId ? [r.participantId] : []))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    injectId: r.injectId,
    questionId: r.questionId,
    kind: r.kind,
    text: r.text,
    optionId: r.optionId,
    role: r.role,
    participantId: r.participantId,
    participantName: r.participantId ? (participants.get(r.participantId)?.name ?? null) : null,
    recordedByUserId: r.recordedBy,
    createdAt: r.createdAt.toISOString(),
    seq: r.seq,
  }));
}

// ---------- seats ----------

export const hashSecret = (s: string) => createHash('sha256').update(s).digest('hex');
/** 256 bits, URL-safe. */
export const newSeatToken = () => randomBytes(32).toString('base64url');

/** Issues (or reissues) a participant's seat link: the old token and any device claim stop working. */
export async function issueSeatLink(
  db: Db,
  input: { organizationId: string; exerciseId: string; participantId: string; actorUserId: string },
  now = new Date(),
): Promise<Changed<{ participant: ParticipantRow; token: string }>> {
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    assertFacilitator(row, input.actorUserId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    const token = newSeatToken();
    const [p] = await tx
      .update(exerciseParticipants)
      .set({
        tokenHash: hashSecret(token),
        issuedAt: now,
        expiresAt: new Date(now.getTime() + row.plan.seatLinkHours * 3_600_000),
        deviceHash: null,
        claimedAt: null,
      })
      .where(
        and(
          eq(exerciseParticipants.id, input.participantId),
          eq(exerciseParticipants.exerciseId, row.id),
        ),
      )
      .returning();
    if (!p) throw new AppError('not_found');
    const event = await appendEvent(tx, row.id, {
      type: 'seat.reissued',
      data: { participantId: p.id },
    });
    return { value: { participant: p, token }, events: [event] };
  });
}

export interface Seat {
  participant: ParticipantRow;
  exercise: ExerciseRow;
}

async function seatByToken(db: DbOrTx, token: string, now: Date): Promise<Seat> {
  const [found] = await db
    .select({ participant: exerciseParticipants, exercise: exercises })
    .from(exerciseParticipants)
    .innerJoin(exercises, eq(exercises.id, exerciseParticipants.exerciseId))
    .where(eq(exerciseParticipants.tokenHash, hashSecret(token)));
  if (!found) throw new AppError('exercise_seat_invalid');
  const p = found.participant;
  if (!p.expiresAt || p.expiresAt.getTime() <= now.getTime())
    throw new AppError('exercise_seat_expired');
  return found;
}

/** The first device to present the link claims the seat; the same device may come back any time. */
export async function claimSeat(
  db: Db,
  input: { token: string; deviceSecret: string },
  now = new Date(),
): Promise<Changed<Seat>> {
  const seat = await seatByToken(db, input.token, now);
  const deviceHash = hashSecret(input.deviceSecret);
  if (seat.participant.deviceHash === deviceHash) return { value: seat, events: [] };
  if (seat.participant.deviceHash) throw new AppError('exercise_seat_taken');
  if (seat.exercise.status === 'closed') throw new AppError('exercise_closed');
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(exerciseParticipants)
      .set({ deviceHash, claimedAt: now })
      .where(
        and(
          eq(exerciseParticipants.id, seat.participant.id),
          eq(exerciseParticipants.tokenHash, hashSecret(input.token)),
          sql`${exerciseParticipants.deviceHash} is null`,
        ),
      )
      .returning();
    // Another device won the race between our read and this update.
    if (!claimed) throw new AppError('exercise_seat_taken');
    const event = await appendEvent(tx, seat.exercise.id, {
      type: 'seat.claimed',
      data: { participantId: claimed.id },
    });
    return { value: { participant: claimed, exercise: seat.exercise }, events: [event] };
  });
}

/** Every seat call: the link must be live and this must be the device that claimed it. */
export async function authenticateSeat(
  db: DbOrTx,
  token: string,
  deviceSecret: string,
  now = new Date(),
): Promise<Seat> {
  const seat = await seatByToken(db, token, now);
  if (!seat.participant.deviceHash) throw new AppError('exercise_seat_invalid');
  if (seat.participant.deviceHash !== hashSecret(deviceSecret))
    throw new AppError('exercise_seat_taken');
  return seat;
}

export async function seatView(db: DbOrTx, seat: Seat, now = new Date()): Promise<SeatView> {
  const { participant: p, exercise: row } = seat;
  const states = await listInjectStates(db, row.id);
  const released = new Map(
    states.filter((s) => s.state === 'released').map((s) => [s.injectId, s.releasedAt]),
  );
  const [fb] = await db
    .select({ at: exerciseFeedback.submittedAt })
    .from(exerciseFeedback)
    .where(and(eq(exerciseFeedback.exerciseId, row.id), eq(exerciseFeedback.participantId, p.id)));
  const injects = row.snapshot.injects
    .filter((i) => released.has(i.id) && i.roles.includes(p.role))
    .map((i) => ({
      id: i.id,
      phase: i.phase,
      title: i.title,
      media: i.media,
      roles: i.roles,
      questions: i.questions,
      releasedAt: (released.get(i.id) ?? now).toISOString(),
    }))
    .sort((a, b) => a.releasedAt.localeCompare(b.releasedAt));
  return {
    participantId: p.id,
    name: p.name,
    role: p.role,
    exercise: {
      id: row.id,
      title: row.plan.title,
      scenarioTitle: row.snapshot.title,
      mode: row.plan.mode,
      phases: row.snapshot.phases,
    },
    clock: clockView(row, now),
    injects,
    responses: await listResponses(db, row.id, { participantId: p.id }),
    feedbackSubmitted: fb !== undefined,
    lastSeq: row.lastSeq,
  };
}

/**
 * A flood guard per seat: at most LIMIT writes in WINDOW_MS. Kept in memory per instance; a seat
 * flooding two instances at once gets at most twice the budget, which still protects the database.
 */
export class SeatRateLimiter {
  readonly #hits = new Map<string, number[]>();
  constructor(
    private readonly limit = 20,
    private readonly windowMs = 10_000,
  ) {}

  check(key: string, now = Date.now()): void {
    const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.#hits.set(key, recent);
      throw new AppError('exercise_too_many_messages');
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > 10_000) {
      for (const [k, v] of this.#hits)
        if (v.every((t) => now - t >= this.windowMs)) this.#hits.delete(k);
    }
  }
}

export async function exerciseIdsOf(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: exercises.id, organizationId: exercises.organizationId })
    .from(exercises)
    .where(inArray(exercises.id, ids));
  return new Map(rows.map((r) => [r.id, r.organizationId]));
}
