import { Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { QueryState } from '../../../components/QueryState';
import { RoleBadge } from '../../../components/RoleBadge';
import { currentLocale } from '../../../i18n';
import { useFormatters } from '../../../lib/use-formatters';
import { useAcceptInvitation, useInvitationPreview } from '../api/invitations';
import { checkNewPassword, NewPasswordFields } from '../components/NewPasswordFields';

export function InvitationPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.invite.title')} | ${t('app.name')}`);
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  const fmt = useFormatters();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ name?: string; password?: string; confirm?: string }>({});
  const serverErrors = fieldErrorsOf(accept.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: typeof errors = checkNewPassword(password, confirm, t);
    if (!name.trim()) found.name = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    accept.mutate(
      { name: name.trim(), password, locale: currentLocale() },
      { onSuccess: () => void navigate('/', { replace: true }) },
    );
  };

  return (
    <Stack>
      <Title order={1} fz={24}>
        {t('auth.invite.title')}
      </Title>
      <QueryState query={preview}>
        {(invitation) => (
          <form onSubmit={onSubmit} noValidate>
            <Stack>
              <Text>{t('auth.invite.intro', { organization: invitation.organizationName })}</Text>
              <dl className="details-list">
                <dt>{t('auth.invite.organization')}</dt>
                <dd>{invitation.organizationName}</dd>
                <dt>{t('auth.invite.role')}</dt>
                <dd>
                  <RoleBadge role={invitation.role} />
                </dd>
                <dt>{t('auth.email')}</dt>
                <dd>{invitation.email}</dd>
                <dt>{t('auth.invite.expires')}</dt>
                <dd>{fmt.dateTime(invitation.expiresAt)}</dd>
              </dl>
              <FormError error={accept.error} shownFields={['name', 'password']} />
              <TextInput
                label={t('auth.invite.name')}
                autoComplete="name"
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name ?? serverErrors.name}
              />
              <NewPasswordFields
                label={t('auth.password')}
                password={password}
                confirm={confirm}
                onPassword={setPassword}
                onConfirm={setConfirm}
                errors={{
                  password: errors.password ?? serverErrors.password,
                  confirm: errors.confirm,
                }}
              />
              <Button type="submit" loading={accept.isPending} fullWidth>
                {t('auth.invite.submit')}
              </Button>
            </Stack>
          </form>
        )}
      </QueryState>
    </Stack>
  );
}
