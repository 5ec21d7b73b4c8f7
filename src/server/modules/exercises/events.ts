import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  exerciseRealtimeEventName,
  type ExerciseEvent,
  type ExerciseEventType,
  type ExerciseRole,
} from '../../../contracts/exercises';
import type { DbOrTx } from '../../db/client';
import type { RealtimeHub } from '../../realtime/hub';
import { exerciseEvents, exercises } from './tables';

export interface StoredEvent extends ExerciseEvent {
  forSeats: boolean;
}

export interface NewEvent {
  type: ExerciseEventType;
  injectId?: string | null;
  roles?: ExerciseRole[];
  data?: Record<string, unknown>;
  forSeats?: boolean;
}

export const staffRoom = (exerciseId: string) => `exercise:${exerciseId}`;
export const seatRoom = (exerciseId: string) => `exercise-seat:${exerciseId}`;

/**
 * Numbers and stores one event inside the caller's transaction. Bumping the exercise's counter takes
 * its row lock, so events of one exercise are numbered without gaps in commit order.
 */
export async function appendEvent(
  tx: DbOrTx,
  exerciseId: string,
  event: NewEvent,
): Promise<StoredEvent> {
  const at = new Date();
  const [row] = await tx
    .update(exercises)
    .set({ lastSeq: sql`${exercises.lastSeq} + 1`, updatedAt: at })
    .where(eq(exercises.id, exerciseId))
    .returning({ lastSeq: exercises.lastSeq });
  if (!row) throw new Error(`exercise ${exerciseId} vanished`);
  const stored = {
    exerciseId,
    seq: row.lastSeq,
    type: event.type,
    at,
    injectId: event.injectId ?? null,
    roles: event.roles ?? [],
    data: event.data ?? {},
    forSeats: event.forSeats ?? false,
  };
  await tx.insert(exerciseEvents).values(stored);
  return { ...stored, at: at.toISOString() };
}

function present(e: StoredEvent): ExerciseEvent {
  return {
    exerciseId: e.exerciseId,
    seq: e.seq,
    type: e.type,
    at: e.at,
    injectId: e.injectId,
    roles: e.roles,
    data: e.data,
  };
}

/** Publishes committed events: staff see all, seats only theirs. Failures are logged, not thrown: the events are stored and clients catch up. */
export async function publishEvents(
  realtime: Pick<RealtimeHub, 'publish'>,
  events: readonly StoredEvent[],
): Promise<void> {
  for (const e of events) {
    const view = present(e);
    try {
      await realtime.publish(staffRoom(e.exerciseId), exerciseRealtimeEventName, view);
      if (e.forSeats)
        await realtime.publish(seatRoom(e.exerciseId), exerciseRealtimeEventName, view);
    } catch (err) {
      console.warn('exercise event not published', { seq: e.seq, err: String(err) });
    }
  }
}

/** Events after a sequence number, for catch-up; seats get only seat events for their role. */
export async function listEvents(
  db: DbOrTx,
  exerciseId: string,
  options: { after: number; limit: number; seatRole?: ExerciseRole },
): Promise<{ events: ExerciseEvent[]; more: boolean }> {
  const rows = await db
    .select()
    .from(exerciseEvents)
    .where(
      and(
        eq(exerciseEvents.exerciseId, exerciseId),
        gt(exerciseEvents.seq, options.after),
        ...(options.seatRole ? [eq(exerciseEvents.forSeats, true)] : []),
      ),
    )
    .orderBy(asc(exerciseEvents.seq))
    .limit(options.limit + 1);
  const more = rows.length > options.limit;
  const role = options.seatRole;
  const events = rows
    .slice(0, options.limit)
    .filter((r) => !role || r.roles.length === 0 || r.roles.includes(role))
    .map((r) =>
      present({
        ...r,
        type: r.type as ExerciseEventType,
        at: r.at.toISOString(),
      }),
    );
  return { events, more };
}
