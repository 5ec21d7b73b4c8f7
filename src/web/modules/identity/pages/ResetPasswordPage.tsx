import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { useConfirmPasswordReset } from '../api/auth';
import { checkNewPassword, NewPasswordFields } from '../components/NewPasswordFields';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.reset.title')} | ${t('app.name')}`);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirmReset = useConfirmPasswordReset();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkNewPassword(password, confirm, t);
    setErrors(found);
    if (Object.keys(found).length === 0) confirmReset.mutate({ token, password });
  };

  return (
    <Stack>
      <Title order={1} fz={24}>
        {t('auth.reset.title')}
      </Title>
      {!token ? (
        <Alert color="red" variant="light" title={t('errors.title')}>
          {t('auth.reset.missingToken')}
        </Alert>
      ) : confirmReset.isSuccess ? (
        <Alert color="teal" variant="light" title={t('auth.reset.doneTitle')} role="status">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('auth.reset.done')}</Text>
            <Button component={Link} to="/login">
              {t('auth.reset.toLogin')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <Text c="dimmed" size="sm">
              {t('auth.reset.intro')}
            </Text>
            <FormError error={confirmReset.error} shownFields={['password']} />
            <NewPasswordFields
              password={password}
              confirm={confirm}
              onPassword={setPassword}
              onConfirm={setConfirm}
              errors={{
                password: errors.password ?? fieldErrorsOf(confirmReset.error).password,
                confirm: errors.confirm,
              }}
            />
            <Button type="submit" loading={confirmReset.isPending} fullWidth>
              {t('auth.reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {!confirmReset.isSuccess && (
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('auth.reset.requestAgain')}
        </Anchor>
      )}
    </Stack>
  );
}
