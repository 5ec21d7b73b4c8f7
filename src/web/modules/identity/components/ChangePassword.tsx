import { Button, Card, PasswordInput, Stack, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useChangePassword } from '../api/profile';
import { checkNewPassword, NewPasswordFields } from './NewPasswordFields';

export function ChangePassword() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; password?: string; confirm?: string }>(
    {},
  );
  const serverErrors = fieldErrorsOf(change.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = checkNewPassword(password, confirm, t);
    if (!current) found.current = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    change.mutate(
      { currentPassword: current, newPassword: password },
      {
        onSuccess: () => {
          setCurrent('');
          setPassword('');
          setConfirm('');
          notifySuccess(t('profile.password.changed'));
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
      aria-labelledby="profile-password"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Title order={2} fz="lg" id="profile-password">
            {t('profile.password.title')}
          </Title>
          <FormError error={change.error} shownFields={['currentPassword', 'newPassword']} />
          <PasswordInput
            label={t('profile.password.current')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.current ?? serverErrors.currentPassword}
            visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePassword') }}
          />
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            errors={{
              password: errors.password ?? serverErrors.newPassword,
              confirm: errors.confirm,
            }}
          />
          <div>
            <Button type="submit" loading={change.isPending}>
              {t('profile.password.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}
