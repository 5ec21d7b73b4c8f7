import { describe, expect, it } from 'vitest';
import { minuteToTime, percent, timeToMinute, zonedLocalToIso } from './lib';

describe('phishing form helpers', () => {
  it('converts between minutes of the day and HH:MM', () => {
    expect(minuteToTime(540)).toBe('09:00');
    expect(minuteToTime(1440)).toBe('24:00');
    expect(timeToMinute('18:30')).toBe(1110);
    expect(timeToMinute('24:00')).toBe(1440);
    expect(timeToMinute('25:00')).toBeNull();
    expect(timeToMinute('9:00')).toBeNull();
  });

  it('reads a local date and time in the campaign’s time zone', () => {
    expect(zonedLocalToIso('2026-04-01T09:00', 'Asia/Tokyo')).toBe('2026-04-01T00:00:00.000Z');
    expect(zonedLocalToIso('2026-07-01T09:00', 'Europe/London')).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedLocalToIso('2026-01-01T09:00', 'UTC')).toBe('2026-01-01T09:00:00.000Z');
    expect(zonedLocalToIso('nonsense', 'UTC')).toBeNull();
  });

  it('formats rates as percentages', () => {
    expect(percent(0.05)).toBe('5.0%');
    expect(percent(1 / 3)).toBe('33.3%');
  });
});
