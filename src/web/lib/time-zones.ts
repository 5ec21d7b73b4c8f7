import { utcOffsetLabel } from './dates';

export const commonTimeZones = [
  'Asia/Tokyo',
  'UTC',
  'Asia/Seoul',
  'Asia/Shanghai',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Bangkok',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Honolulu',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
] as const;

function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Select options: the common zones, plus the user's own and this device's, labelled with their offset. */
export function timeZoneOptions(current: string, now: Date): { value: string; label: string }[] {
  const zones = new Set<string>(commonTimeZones);
  zones.add(current);
  const device = browserTimeZone();
  if (device) zones.add(device);
  return [...zones].map((zone) => {
    const offset = utcOffsetLabel(zone, now);
    return { value: zone, label: offset ? `${zone} (${offset})` : zone };
  });
}
