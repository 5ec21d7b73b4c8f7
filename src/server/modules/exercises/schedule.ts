import { and, eq } from 'drizzle-orm';
import type { Locale } from '../../../contracts/common';
import type { ScheduleRequest } from '../../../contracts/exercises';
import type { Db } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';
import type { SnapshotInject } from './adapt';
import { appendEvent } from './events';
import { lockExercise, type Changed, type ExerciseRow } from './service';
import { msg, timetableIssues } from './timing';
import { exerciseInjects, exercises } from './tables';

// Hand-editing an exercise's schedule before it starts: when each phase begins, when each inject
// falls due, and the inject texts adapted to the company beyond what the placeholders did.

/**
 * Applies the edited timings and texts, all or nothing, while the exercise is planned. The snapshot
 * keeps its injects in offset order (the scheduler releases them in that order) and the release rows
 * take the new offsets.
 */
export async function updateSchedule(
  db: Db,
  input: {
    organizationId: string;
    exerciseId: string;
    request: ScheduleRequest;
    locale: Locale;
  },
): Promise<Changed<ExerciseRow>> {
  const { request, locale } = input;
  return db.transaction(async (tx) => {
    const row = await lockExercise(tx, input.organizationId, input.exerciseId);
    if (row.status === 'closed') throw new AppError('exercise_closed');
    if (row.status !== 'planned') throw new AppError('exercise_state_invalid');
    const duration = row.snapshot.durationMinutes;
    const issues: Issue[] = request.timetable
      ? timetableIssues(request.timetable, duration, locale, 'timetable')
      : [];

    const byId = new Map(row.snapshot.injects.map((i) => [i.id, i]));
    const edits = new Map<string, NonNullable<ScheduleRequest['injects']>[number]>();
    for (const [i, edit] of (request.injects ?? []).entries()) {
      const inj = byId.get(edit.id);
      if (!inj) {
        issues.push(bodyIssue(['injects', i, 'id'], 'unknown_inject', msg.unknownInject[locale]));
        continue;
      }
      if (edits.has(edit.id))
        issues.push(bodyIssue(['injects', i, 'id'], 'duplicate', msg.duplicate[locale]));
      if (edit.offsetMinutes > duration)
        issues.push(
          bodyIssue(
            ['injects', i, 'offsetMinutes'],
            'beyond_duration',
            msg.beyondDuration[locale](duration),
          ),
        );
      if (edit.media && edit.media.length !== inj.media.length)
        issues.push(
          bodyIssue(
            ['injects', i, 'media'],
            'media_count',
            msg.mediaCount[locale](inj.media.length),
          ),
        );
      edits.set(edit.id, edit);
    }

    const injects: SnapshotInject[] = row.snapshot.injects.map((inj) => {
      const edit = edits.get(inj.id);
      if (!edit) return inj;
      return {
        ...inj,
        offsetMinutes: edit.offsetMinutes,
        ...(edit.title ? { title: edit.title } : {}),
        ...(edit.situation ? { situation: edit.situation } : {}),
        ...(edit.media && edit.media.length === inj.media.length
          ? {
              media: inj.media.map((m, k) => ({
                ...m,
                body: edit.media![k]!.body,
                ...(edit.media![k]!.subject ? { subject: edit.media![k]!.subject } : {}),
              })),
            }
          : {}),
      };
    });
    // A branch is decided when it falls due, so the choice it follows must come first.
    const offsets = new Map(injects.map((i) => [i.id, i.offsetMinutes]));
    const indexOf = new Map((request.injects ?? []).map((e, i) => [e.id, i]));
    for (const inj of injects) {
      if (!inj.when) continue;
      const source = offsets.get(inj.when.inject);
      if (source === undefined || source <= inj.offsetMinutes) continue;
      const at = indexOf.get(inj.id) ?? indexOf.get(inj.when.inject) ?? 0;
      const sourceTitle = byId.get(inj.when.inject)?.title[locale] ?? inj.when.inject;
      issues.push(
        bodyIssue(
          ['injects', at, 'offsetMinutes'],
          'before_condition_source',
          msg.beforeSource[locale](sourceTitle),
        ),
      );
    }
    throwIfIssues(issues);

    const sorted = [...injects].sort((a, b) => a.offsetMinutes - b.offsetMinutes);
    const plan = request.timetable ? { ...row.plan, timetable: request.timetable } : row.plan;
    const [updated] = await tx
      .update(exercises)
      .set({ plan, snapshot: { ...row.snapshot, injects: sorted }, updatedAt: new Date() })
      .where(eq(exercises.id, row.id))
      .returning();
    for (const edit of edits.values()) {
      await tx
        .update(exerciseInjects)
        .set({ offsetMinutes: edit.offsetMinutes })
        .where(and(eq(exerciseInjects.exerciseId, row.id), eq(exerciseInjects.injectId, edit.id)));
    }
    const event = await appendEvent(tx, row.id, { type: 'exercise.updated' });
    return { value: { ...updated!, lastSeq: event.seq }, events: [event] };
  });
}
