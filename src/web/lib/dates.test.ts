import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDateTime, utcOffsetLabel } from './dates';

describe('date formatting', () => {
  const instant = '2025-04-01T00:30:00Z';

  it('shows an instant in the given time zone', () => {
    expect(formatDateTime(instant, 'ja', 'Asia/Tokyo')).toContain('9:30');
    expect(formatDateTime(instant, 'en', 'Europe/London')).toContain('01:30');
  });

  it('falls back to Asia/Tokyo for an unknown zone', () => {
    expect(formatDateTime(instant, 'ja', 'Nowhere/Land')).toContain('9:30');
  });

  it('keeps calendar dates on their day whatever the zone', () => {
    expect(formatCalendarDate('2025-04-01', 'ja')).toContain('4');
    expect(formatCalendarDate('2025-04-01', 'en')).toContain('1 Apr 2025');
  });

  it('labels UTC offsets', () => {
    expect(utcOffsetLabel('Asia/Tokyo', new Date(instant))).toBe('UTC+09:00');
  });
});
