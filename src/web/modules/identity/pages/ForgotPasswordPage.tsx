import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { useRequestPasswordReset } from '../api/auth';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.forgot.title')} | ${t('app.name')}`);
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setError(t('validation.email'));
      return;
    }
    setError(undefined);
    request.mutate({ email: email.trim() });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="forgot-title">
      <Stack>
        <Title order={1} fz={24} id="forgot-title">
          {t('auth.forgot.title')}
        </Title>
        {request.isSuccess ? (
          <Alert color="teal" variant="light" title={t('auth.forgot.sentTitle')} role="status">
            {t('auth.forgot.sent')}
          </Alert>
        ) : (
          <>
            <Text c="dimmed" size="sm">
              {t('auth.forgot.intro')}
            </Text>
            <FormError error={request.error} shownFields={['email']} />
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={error ?? fieldErrorsOf(request.error).email}
            />
            <Button type="submit" loading={request.isPending} fullWidth>
              {t('auth.forgot.submit')}
            </Button>
          </>
        )}
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.backToLogin')}
        </Anchor>
      </Stack>
    </form>
  );
}
