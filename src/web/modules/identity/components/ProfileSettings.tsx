import { Button, Card, Select, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../contracts/common';
import type { Me } from '../../../../contracts/identity';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { isLocale, setUiLocale, supportedLocales } from '../../../i18n';
import { timeZoneOptions } from '../../../lib/time-zones';
import { useUpdateMe } from '../api/profile';

export function ProfileSettings({ me }: { me: Me }) {
  const { t } = useTranslation();
  const update = useUpdateMe();
  const [name, setName] = useState(me.user.name);
  const [locale, setLocale] = useState<Locale>(me.user.locale);
  const [timeZone, setTimeZone] = useState(me.user.timeZone);
  const [nameError, setNameError] = useState<string>();
  const [zones] = useState(() => timeZoneOptions(me.user.timeZone, new Date()));
  const serverErrors = fieldErrorsOf(update.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('validation.required'));
      return;
    }
    setNameError(undefined);
    update.mutate(
      { name: name.trim(), locale, timeZone },
      {
        onSuccess: (updated) => {
          void setUiLocale(updated.user.locale);
          notifySuccess(t('profile.saved'));
        },
      },
    );
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="profile-settings"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={2} fz="lg" id="profile-settings">
            {t('profile.settings.title')}
          </Title>
          <FormError error={update.error} shownFields={['name', 'locale', 'timeZone']} />
          <TextInput label={t('auth.email')} value={me.user.email} readOnly variant="filled" />
          <TextInput
            label={t('profile.settings.name')}
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError ?? serverErrors.name}
          />
          <Select
            label={t('profile.settings.language')}
            data={supportedLocales.map((l) => ({ value: l, label: t(`language.${l}`) }))}
            value={locale}
            onChange={(v) => {
              if (isLocale(v)) setLocale(v);
            }}
            allowDeselect={false}
            error={serverErrors.locale}
          />
          <Select
            label={t('profile.settings.timeZone')}
            description={t('profile.settings.timeZoneHint')}
            data={zones}
            value={timeZone}
            onChange={(v) => {
              if (v) setTimeZone(v);
            }}
            searchable
            allowDeselect={false}
            nothingFoundMessage={t('common.noMatches')}
            error={serverErrors.timeZone}
          />
          <div>
            <Button type="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}
