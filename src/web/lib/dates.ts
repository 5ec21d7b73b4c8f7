import type { Locale } from '../../contracts/common';

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';
const intlLocale: Record<Locale, string> = { ja: 'ja-JP', en: 'en-GB' };

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(intlLocale[locale], { ...options, timeZone });
    } catch {
      f = new Intl.DateTimeFormat(intlLocale[locale], { ...options, timeZone: DEFAULT_TIME_ZONE });
    }
    cache.set(key, f);
  }
  return f;
}

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant (ISO string) as date and time in the user's time zone and language. */
export function formatDateTime(value: string | Date, locale: Locale, timeZone: string): string {
  const d = toDate(value);
  if (!d) return String(value);
  return formatter(locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** An instant (ISO string) as a date in the user's time zone and language. */
export function formatDate(value: string | Date, locale: Locale, timeZone: string): string {
  const d = toDate(value);
  if (!d) return String(value);
  return formatter(locale, timeZone, { dateStyle: 'medium' }).format(d);
}

/** A calendar date (YYYY-MM-DD) that belongs to no time zone, in the user's language. */
export function formatCalendarDate(value: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return formatter(locale, 'UTC', { dateStyle: 'medium' }).format(d);
}

/** The current UTC offset of a zone, e.g. "UTC+09:00". */
export function utcOffsetLabel(timeZone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      timeZoneName: 'longOffset',
    }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    return name === 'GMT' ? 'UTC±00:00' : name.replace('GMT', 'UTC');
  } catch {
    return '';
  }
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale]).format(value);
}

export function formatYen(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], {
    style: 'currency',
    currency: 'JPY',
    maximumFractionDigits: 0,
  }).format(value);
}
