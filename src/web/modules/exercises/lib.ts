import type { ClockView } from '../../../contracts/exercises';

export interface LocalizedPair {
  ja: string;
  en: string;
}

/** Exercise time now: the server's figure plus what ran on this device since it was fetched. */
export function elapsedNow(clock: ClockView, fetchedAt: number, now: number): number {
  if (clock.status !== 'running') return clock.elapsedMs;
  return clock.elapsedMs + Math.max(0, now - fetchedAt);
}

/** "1:05:09" or "05:09" for an exercise clock. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "+15 min" style offset label. */
export function formatOffset(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `+${h}:${String(m).padStart(2, '0')}` : `+${m}′`;
}

/** A wall-clock time "14:05:09" in the given zone. */
export function formatClockTime(value: number | string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(value));
}

/** A short wall-clock time "14:05". */
export function formatShortTime(value: number | string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(value));
}

export const newId = (): string => crypto.randomUUID();

/** Mean HSEEP score (0–3) as text with one decimal. */
export const formatScore = (score: number | null): string =>
  score === null ? '—' : score.toFixed(1);

export const ratingColor: Record<string, string> = {
  performed: 'teal',
  some_challenges: 'yellow',
  major_challenges: 'orange',
  unable: 'red',
};

function zonedParts(at: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const out: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** An instant as the value of a datetime-local input, in the given time zone. */
export function toZonedInput(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const p = zonedParts(new Date(iso), timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** A datetime-local value read in the given time zone, as an ISO instant (null when empty). */
export function fromZonedInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wanted;
  // Two rounds settle the zone offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    const seen = Date.UTC(p.year ?? y, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
    guess += wanted - seen;
  }
  return new Date(guess).toISOString();
}
