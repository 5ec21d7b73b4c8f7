import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useApiTokens,
  useCreateApiToken,
  useRevokeApiToken,
  type ApiToken,
} from '../api/api-tokens';

function CreateToken() {
  const { t } = useTranslation();
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(90);
  const [nameError, setNameError] = useState<string>();
  const serverErrors = fieldErrorsOf(create.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('validation.required'));
      return;
    }
    setNameError(undefined);
    create.mutate(
      { name: name.trim(), ...(typeof days === 'number' ? { expiresInDays: days } : {}) },
      { onSuccess: () => setName('') },
    );
  };

  return (
    <Stack>
      {create.data && (
        <Alert color="teal" variant="light" title={t('profile.tokens.createdTitle')} role="status">
          <Stack gap="xs">
            <Text size="sm">{t('profile.tokens.createdBody')}</Text>
            <Code
              block
              style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
              aria-label={t('profile.tokens.secret')}
            >
              {create.data.token}
            </Code>
            <Group>
              <CopyButton value={create.data.token}>
                {({ copied, copy }) => (
                  <Button size="xs" color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? t('common.copied') : t('profile.tokens.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="default" onClick={() => create.reset()}>
                {t('profile.tokens.done')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate aria-labelledby="token-create-title">
        <Stack gap="sm">
          <Title order={3} fz="md" id="token-create-title">
            {t('profile.tokens.createTitle')}
          </Title>
          <FormError error={create.error} shownFields={['name', 'expiresInDays']} />
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t('profile.tokens.name')}
              description={t('profile.tokens.nameHint')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError ?? serverErrors.name}
              w={{ base: '100%', sm: 280 }}
            />
            <NumberInput
              label={t('profile.tokens.expiresInDays')}
              description={t('profile.tokens.expiresHint')}
              min={1}
              max={3650}
              allowDecimal={false}
              allowNegative={false}
              value={days}
              onChange={setDays}
              error={serverErrors.expiresInDays}
              w={{ base: '100%', sm: 200 }}
            />
          </Group>
          <div>
            <Button type="submit" loading={create.isPending}>
              {t('profile.tokens.create')}
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}

function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const revoke = useRevokeApiToken();
  const [pending, setPending] = useState<ApiToken | null>(null);

  if (tokens.length === 0) return <EmptyNote>{t('profile.tokens.none')}</EmptyNote>;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <Table.Caption>{t('profile.tokens.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('profile.tokens.name')}</Table.Th>
              <Table.Th>{t('profile.tokens.prefix')}</Table.Th>
              <Table.Th>{t('profile.tokens.created')}</Table.Th>
              <Table.Th>{t('profile.tokens.lastUsed')}</Table.Th>
              <Table.Th>{t('profile.tokens.expires')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  <Code>{token.prefix}…</Code>
                </Table.Td>
                <Table.Td>{fmt.dateTime(token.createdAt)}</Table.Td>
                <Table.Td>
                  {token.lastUsedAt ? fmt.dateTime(token.lastUsedAt) : t('common.never')}
                </Table.Td>
                <Table.Td>
                  {token.expiresAt ? fmt.dateTime(token.expiresAt) : t('profile.tokens.noExpiry')}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    onClick={() => setPending(token)}
                    aria-label={t('profile.tokens.revokeNamed', { name: token.name })}
                  >
                    {t('profile.tokens.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={pending !== null}
        title={t('profile.tokens.revokeTitle')}
        message={t('profile.tokens.revokeConfirm', { name: pending?.name ?? '' })}
        confirmLabel={t('profile.tokens.revoke')}
        loading={revoke.isPending}
        onClose={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return;
          revoke.mutate(pending.id, {
            onSuccess: () => notifySuccess(t('profile.tokens.revoked')),
            onError: notifyError,
            onSettled: () => setPending(null),
          });
        }}
      />
    </>
  );
}

export function ApiTokens() {
  const { t } = useTranslation();
  const tokens = useApiTokens();
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="profile-tokens">
      <Stack>
        <Title order={2} fz="lg" id="profile-tokens">
          {t('profile.tokens.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('profile.tokens.intro')}
        </Text>
        <QueryState query={tokens}>{(list) => <TokenTable tokens={list} />}</QueryState>
        <CreateToken />
      </Stack>
    </Card>
  );
}
