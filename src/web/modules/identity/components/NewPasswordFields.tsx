import { PasswordInput, Stack } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export const MIN_PASSWORD_LENGTH = 10;

/** Returns the problems of a new password and its confirmation, as translated messages. */
export function checkNewPassword(
  password: string,
  confirm: string,
  t: TFunction,
): { password?: string; confirm?: string } {
  const out: { password?: string; confirm?: string } = {};
  if (password.length < MIN_PASSWORD_LENGTH)
    out.password = t('validation.passwordLength', { min: MIN_PASSWORD_LENGTH });
  if (confirm !== password) out.confirm = t('validation.passwordMismatch');
  return out;
}

/** A new password with its confirmation. */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  errors,
  label,
}: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  errors: { password?: string | undefined; confirm?: string | undefined };
  label?: string;
}) {
  const { t } = useTranslation();
  const toggle = { 'aria-label': t('auth.togglePassword') };
  return (
    <Stack gap="sm">
      <PasswordInput
        label={label ?? t('auth.newPassword')}
        description={t('auth.passwordRule', { min: MIN_PASSWORD_LENGTH })}
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => onPassword(e.currentTarget.value)}
        error={errors.password}
        visibilityToggleButtonProps={toggle}
      />
      <PasswordInput
        label={t('auth.confirmPassword')}
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        error={errors.confirm}
        visibilityToggleButtonProps={toggle}
      />
    </Stack>
  );
}
