import type { Locale } from '../../contracts/common';

/** A date and time as the recipient reads it: their language and their time zone. */
export function formatForUser(date: Date, user: { locale: Locale; timeZone: string }): string {
  return new Intl.DateTimeFormat(user.locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: user.timeZone,
  }).format(date);
}
