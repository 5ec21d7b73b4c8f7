import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../contracts/common';
import { useMe } from '../api/me';
import { notifyError } from '../components/notify';
import { currentLocale, isLocale, setUiLocale, supportedLocales } from '../i18n';
import { useUpdateMe } from '../modules/identity/api/profile';

/** 日本語 / English; saved to the profile when signed in, on this device otherwise. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const updateMe = useUpdateMe();
  const value = isLocale(i18n.language) ? i18n.language : currentLocale();

  const choose = (locale: Locale) => {
    void setUiLocale(locale);
    if (me && me.user.locale !== locale) updateMe.mutate({ locale }, { onError: notifyError });
  };

  return (
    <SegmentedControl
      aria-label={t('header.language')}
      size="xs"
      value={value}
      onChange={(v) => {
        if (isLocale(v)) choose(v);
      }}
      data={supportedLocales.map((l) => ({
        value: l,
        label: <span lang={l}>{t(`language.${l}`)}</span>,
      }))}
    />
  );
}
