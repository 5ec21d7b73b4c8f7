import { describe, expect, it } from 'vitest';
import type { ClockView } from '../../../contracts/exercises';
import { elapsedNow, formatElapsed, formatOffset, fromZonedInput, toZonedInput } from './lib';

const clock = (status: ClockView['status'], elapsedMs: number): ClockView => ({
  status,
  serverNow: '2026-11-20T01:00:00.000Z',
  startedAt: '2026-11-20T00:50:00.000Z',
  pausedAt: null,
  pausedTotalMs: 0,
  elapsedMs,
  closedAt: null,
});

describe('exercise clock helpers', () => {
  it('runs on from the server figure only while running', () => {
    expect(elapsedNow(clock('running', 60_000), 1_000, 6_000)).toBe(65_000);
    expect(elapsedNow(clock('paused', 60_000), 1_000, 6_000)).toBe(60_000);
    expect(elapsedNow(clock('closed', 60_000), 1_000, 6_000)).toBe(60_000);
  });

  it('formats exercise time and offsets', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(65_432)).toBe('01:05');
    expect(formatElapsed(3_725_000)).toBe('1:02:05');
    expect(formatOffset(5)).toBe('+5′');
    expect(formatOffset(75)).toBe('+1:15');
  });

  it('reads and writes datetime-local values in the user time zone', () => {
    expect(toZonedInput('2026-11-20T01:30:00.000Z', 'Asia/Tokyo')).toBe('2026-11-20T10:30');
    expect(fromZonedInput('2026-11-20T10:30', 'Asia/Tokyo')).toBe('2026-11-20T01:30:00.000Z');
    // Across the change to summer time in London.
    expect(fromZonedInput('2026-03-29T12:00', 'Europe/London')).toBe('2026-03-29T11:00:00.000Z');
    expect(fromZonedInput('', 'Asia/Tokyo')).toBeNull();
    expect(toZonedInput(null, 'Asia/Tokyo')).toBe('');
  });
});
