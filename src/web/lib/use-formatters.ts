import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../i18n';
import {
  DEFAULT_TIME_ZONE,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatNumber,
  formatYen,
} from './dates';
import { useOptionalSession } from './session';

/** Formatters bound to the current language and the user's time zone (Asia/Tokyo by default). */
export function useFormatters() {
  const { i18n } = useTranslation();
  const me = useOptionalSession();
  const locale = isLocale(i18n.language) ? i18n.language : 'ja';
  const timeZone = me?.user.timeZone || DEFAULT_TIME_ZONE;
  return useMemo(
    () => ({
      locale,
      timeZone,
      dateTime: (value: string | Date) => formatDateTime(value, locale, timeZone),
      date: (value: string | Date) => formatDate(value, locale, timeZone),
      calendarDate: (value: string) => formatCalendarDate(value, locale),
      number: (value: number) => formatNumber(value, locale),
      yen: (value: number) => formatYen(value, locale),
      /** Names joined the way the language joins them (「A、B」 / "A, B"). */
      list: (values: string[]) =>
        locale === 'ja'
          ? new Intl.ListFormat('ja-JP', { type: 'conjunction' }).format(values)
          : new Intl.ListFormat('en-GB', { type: 'unit' }).format(values),
    }),
    [locale, timeZone],
  );
}
