import type { ClockView, ExerciseStatus } from '../../../contracts/exercises';

export interface ClockState {
  status: ExerciseStatus;
  startedAt: Date | null;
  pausedAt: Date | null;
  pausedTotalMs: number;
  closedAt: Date | null;
}

/** Exercise time: wall time since the start minus every pause; it stands still while paused and after close. */
export function elapsedMs(c: ClockState, now: Date): number {
  if (!c.startedAt) return 0;
  const end = c.pausedAt ?? c.closedAt ?? now;
  return Math.max(0, end.getTime() - c.startedAt.getTime() - c.pausedTotalMs);
}

/**
 * Wall-clock due time of an offset by the shared clock: every pause so far (including one still going on)
 * pushes it back. Null before the start and after the close.
 */
export function dueAt(c: ClockState, offsetMinutes: number, now: Date): Date | null {
  if (!c.startedAt || c.closedAt) return null;
  const pausedSoFar = c.pausedTotalMs + (c.pausedAt ? now.getTime() - c.pausedAt.getTime() : 0);
  return new Date(c.startedAt.getTime() + pausedSoFar + offsetMinutes * 60_000);
}

export function clockView(c: ClockState, now: Date): ClockView {
  return {
    status: c.status,
    serverNow: now.toISOString(),
    startedAt: c.startedAt?.toISOString() ?? null,
    pausedAt: c.pausedAt?.toISOString() ?? null,
    pausedTotalMs: Math.round(c.pausedTotalMs),
    elapsedMs: Math.round(elapsedMs(c, now)),
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}
