import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Image,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../contracts/identity';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useBeginTotpSetup, useDisableTotp, useEnableTotp } from '../api/totp';

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function EnableTotp() {
  const { t } = useTranslation();
  const setup = useBeginTotpSetup();
  const enable = useEnableTotp();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();

  const onEnable = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError(t('validation.totpCode'));
      return;
    }
    setCodeError(undefined);
    enable.mutate(code, {
      onSuccess: () => {
        setup.reset();
        notifySuccess(t('profile.totp.enabled'));
      },
      onError: () => setCode(''),
    });
  };

  if (!setup.data) {
    return (
      <Stack align="flex-start">
        <Text size="sm">{t('profile.totp.offIntro')}</Text>
        <FormError error={setup.error} />
        <Button onClick={() => setup.mutate()} loading={setup.isPending}>
          {t('profile.totp.start')}
        </Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={onEnable} noValidate>
      <Stack>
        <Text size="sm">{t('profile.totp.scan')}</Text>
        <Image
          src={svgDataUrl(setup.data.qrSvg)}
          alt={t('profile.totp.qrAlt')}
          w={200}
          h={200}
          fit="contain"
          bg="white"
          p="xs"
          style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
        />
        <Stack gap={4}>
          <Text size="sm">{t('profile.totp.manual')}</Text>
          <Code
            fz="md"
            style={{ wordBreak: 'break-all', userSelect: 'all' }}
            aria-label={t('profile.totp.secret')}
          >
            {setup.data.secret}
          </Code>
        </Stack>
        <FormError error={enable.error} />
        <TextInput
          label={t('auth.totpCode')}
          description={t('auth.totpCodeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          error={codeError}
          maw={240}
        />
        <Group>
          <Button type="submit" loading={enable.isPending}>
            {t('profile.totp.enable')}
          </Button>
          <Button variant="default" onClick={() => setup.reset()}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DisableTotp() {
  const { t } = useTranslation();
  const disable = useDisableTotp();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setError(t('validation.required'));
      return;
    }
    setError(undefined);
    disable.mutate(password, {
      onSuccess: () => {
        setPassword('');
        notifySuccess(t('profile.totp.disabled'));
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">{t('profile.totp.onIntro')}</Text>
        <FormError error={disable.error} />
        <PasswordInput
          label={t('profile.totp.passwordToDisable')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={error}
          maw={360}
          visibilityToggleButtonProps={{ 'aria-label': t('auth.togglePassword') }}
        />
        <div>
          <Button type="submit" color="red" variant="outline" loading={disable.isPending}>
            {t('profile.totp.disable')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

export function TwoFactor({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="profile-totp">
      <Stack>
        <Group justify="space-between">
          <Title order={2} fz="lg" id="profile-totp">
            {t('profile.totp.title')}
          </Title>
          <Badge color={me.user.totpEnabled ? 'teal' : 'gray'} variant="light" tt="none">
            {me.user.totpEnabled ? t('profile.totp.statusOn') : t('profile.totp.statusOff')}
          </Badge>
        </Group>
        {me.user.totpEnabled ? <DisableTotp /> : <EnableTotp />}
        {!me.user.totpEnabled && (
          <Alert variant="light" color="gray">
            {t('profile.totp.recommend')}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
