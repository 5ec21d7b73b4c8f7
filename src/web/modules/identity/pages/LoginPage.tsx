import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { useMe } from '../../../api/me';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { useLogin } from '../api/auth';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.login.title')} | ${t('app.name')}`);
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [errors, setErrors] = useState<{ email?: string; password?: string; totpCode?: string }>(
    {},
  );

  if (me.isPending) return <PageLoader />;
  if (me.data) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!email.trim()) found.email = t('validation.required');
    if (!password) found.password = t('validation.required');
    if (needsTotp && !/^\d{6}$/.test(totpCode)) found.totpCode = t('validation.totpCode');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    login.mutate(
      { email: email.trim(), password, ...(needsTotp ? { totpCode } : {}) },
      {
        onSuccess: () => void navigate(next, { replace: true }),
        onError: (err) => {
          if (isApiError(err) && err.code === 'totp_required') setNeedsTotp(true);
          if (isApiError(err) && err.code === 'totp_invalid') setTotpCode('');
        },
      },
    );
  };

  const askedForTotp = isApiError(login.error) && login.error.code === 'totp_required';

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="login-title">
      <Stack>
        <Title order={1} fz={24} id="login-title">
          {t('auth.login.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('auth.login.intro')}
        </Text>
        {login.error && !askedForTotp && <ErrorAlert error={login.error} />}
        <TextInput
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          readOnly={needsTotp}
        />
        <PasswordInput
          label={t('auth.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          readOnly={needsTotp}
          visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePassword') }}
        />
        {needsTotp && (
          <>
            <Alert color="indigo" variant="light" role="status">
              {t('auth.login.totpPrompt')}
            </Alert>
            <TextInput
              label={t('auth.totpCode')}
              description={t('auth.totpCodeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              autoFocus
              value={totpCode}
              onChange={(e) => setTotpCode(e.currentTarget.value.replace(/\D/g, ''))}
              error={errors.totpCode}
            />
          </>
        )}
        <Button type="submit" loading={login.isPending} fullWidth>
          {needsTotp ? t('auth.login.verify') : t('auth.login.submit')}
        </Button>
        {needsTotp && (
          <Button
            variant="subtle"
            onClick={() => {
              setNeedsTotp(false);
              setTotpCode('');
              login.reset();
            }}
          >
            {t('auth.login.useOtherAccount')}
          </Button>
        )}
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('auth.login.forgot')}
        </Anchor>
      </Stack>
    </form>
  );
}
