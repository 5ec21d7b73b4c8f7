import {
  Alert,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, isApiError } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  serverReplyOf,
  useDeleteReportMailbox,
  useDeleteSmtpProfile,
  usePollReportMailbox,
  useReportMailbox,
  useSaveReportMailbox,
  useSaveSmtpProfile,
  useSmtpProfiles,
  useTestReportMailbox,
  useTestSmtpProfile,
  type ReportMailbox,
  type SmtpProfile,
} from '../api/phishing';
import { ScannerRulesSettings } from './ScannerRulesSettings';
import { Webhooks } from './Webhooks';

type TlsMode = SmtpProfile['tlsMode'];
const tlsModes: TlsMode[] = ['starttls', 'tls', 'none'];
const defaultPort: Record<TlsMode, number> = { none: 25, starttls: 587, tls: 465 };

/** The server's message and, when the mail server answered, its reply word for word. */
function ServerFailure({ title, error }: { title: string; error: unknown }) {
  const { t } = useTranslation();
  const reply = serverReplyOf(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text size="sm">{isApiError(error) ? error.message : t('errors.unexpected')}</Text>
      {reply && (
        <>
          <Text size="xs" c="dimmed" mt="xs">
            {t('phishing.smtp.serverReply')}
          </Text>
          <Code block data-testid="server-reply">
            {reply}
          </Code>
        </>
      )}
    </Alert>
  );
}

function SmtpProfileForm({
  orgId,
  editing,
  onDone,
}: {
  orgId: string;
  editing: SmtpProfile | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSmtpProfile(orgId);
  const serverErrors = fieldErrorsOf(save.error);
  const [name, setName] = useState(editing?.name ?? '');
  const [host, setHost] = useState(editing?.host ?? '');
  const [tlsMode, setTlsMode] = useState<TlsMode>(editing?.tlsMode ?? 'starttls');
  const [port, setPort] = useState<number | string>(editing?.port ?? defaultPort.starttls);
  const [username, setUsername] = useState(editing?.username ?? '');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [fromAddress, setFromAddress] = useState(editing?.fromAddress ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    if (!host.trim()) found.host = t('validation.required');
    if (!fromAddress.trim()) found.fromAddress = t('validation.required');
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535)
      found.port = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const fields = {
      name: name.trim(),
      host: host.trim(),
      port: portNumber,
      tlsMode,
      username: username.trim() || null,
      fromAddress: fromAddress.trim(),
    };
    const body = editing
      ? {
          ...fields,
          ...(clearPassword ? { password: null } : password ? { password } : {}),
        }
      : { ...fields, ...(password ? { password } : {}) };
    save.mutate(
      { id: editing?.id ?? null, body },
      {
        onSuccess: (p) => {
          notifySuccess(t('phishing.smtp.saved', { name: p.name }));
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-smtp-form">
      <Stack gap="sm">
        <Title order={4} fz="sm" id="phishing-smtp-form">
          {editing ? t('phishing.smtp.editNamed', { name: editing.name }) : t('phishing.smtp.new')}
        </Title>
        <FormError
          error={save.error}
          shownFields={['name', 'host', 'port', 'tlsMode', 'username', 'fromAddress', 'password']}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('phishing.smtp.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ?? serverErrors.name}
          />
          <TextInput
            type="email"
            label={t('phishing.smtp.fromAddress')}
            required
            value={fromAddress}
            onChange={(e) => setFromAddress(e.currentTarget.value)}
            error={errors.fromAddress ?? serverErrors.fromAddress}
          />
          <TextInput
            label={t('phishing.smtp.host')}
            required
            placeholder="smtp.example.jp"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            error={errors.host ?? serverErrors.host}
          />
          <Group grow align="flex-start">
            <Select
              label={t('phishing.smtp.tlsMode')}
              data={tlsModes.map((m) => ({ value: m, label: t(`phishing.smtp.tls.${m}`) }))}
              value={tlsMode}
              allowDeselect={false}
              onChange={(v) => {
                const mode = tlsModes.find((m) => m === v) ?? 'starttls';
                // The usual port follows the mode unless someone typed another one.
                if (Object.values(defaultPort).includes(Number(port))) setPort(defaultPort[mode]);
                setTlsMode(mode);
              }}
            />
            <NumberInput
              label={t('phishing.smtp.port')}
              min={1}
              max={65535}
              allowDecimal={false}
              value={port}
              onChange={setPort}
              error={errors.port ?? serverErrors.port}
            />
          </Group>
          <TextInput
            label={t('phishing.smtp.username')}
            description={t('phishing.smtp.usernameHelp')}
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={serverErrors.username}
          />
          <Stack gap={4}>
            <PasswordInput
              label={t('phishing.smtp.password')}
              description={editing?.passwordSet ? t('phishing.smtp.passwordKeep') : undefined}
              autoComplete="new-password"
              value={password}
              disabled={clearPassword}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={serverErrors.password}
            />
            {editing?.passwordSet && (
              <Checkbox
                label={t('phishing.smtp.clearPassword')}
                checked={clearPassword}
                onChange={(e) => setClearPassword(e.currentTarget.checked)}
              />
            )}
          </Stack>
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('phishing.smtp.save')}
          </Button>
          {editing && (
            <Button variant="default" onClick={onDone}>
              {t('phishing.smtp.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function SmtpTestForm({ orgId, profiles }: { orgId: string; profiles: SmtpProfile[] }) {
  const { t } = useTranslation();
  const test = useTestSmtpProfile(orgId);
  const [profileId, setProfileId] = useState<string | null>(profiles[0]?.id ?? null);
  const [to, setTo] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const profile = profiles.find((p) => p.id === profileId) ?? profiles[0];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!profile || !to.trim()) return;
    setSentTo(null);
    test.mutate({ id: profile.id, to: to.trim() }, { onSuccess: () => setSentTo(to.trim()) });
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t('phishing.smtp.testNamed', { name: profile?.name ?? '' })}
    >
      <Stack gap="xs">
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('phishing.smtp.name')}
            data={profiles.map((p) => ({ value: p.id, label: p.name }))}
            value={profile?.id ?? null}
            allowDeselect={false}
            onChange={setProfileId}
          />
          <TextInput
            type="email"
            label={t('phishing.smtp.testTo')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={fieldErrorsOf(test.error).to}
            w={{ base: '100%', sm: 300 }}
          />
          <Button type="submit" variant="light" loading={test.isPending} disabled={!to.trim()}>
            {t('phishing.smtp.test')}
          </Button>
        </Group>
        {sentTo && (
          <Alert color="teal" variant="light" role="status">
            {t('phishing.smtp.testSent', { to: sentTo })}
          </Alert>
        )}
        {test.isError && <ServerFailure title={t('phishing.smtp.testFailed')} error={test.error} />}
      </Stack>
    </form>
  );
}

function SmtpProfiles({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const profiles = useSmtpProfiles(orgId);
  const remove = useDeleteSmtpProfile(orgId);
  const [editing, setEditing] = useState<SmtpProfile | null>(null);
  const [deleting, setDeleting] = useState<SmtpProfile | null>(null);

  return (
    <Card withBorder component="section" aria-labelledby="phishing-smtp">
      <Stack>
        <Title order={2} fz="lg" id="phishing-smtp">
          {t('phishing.smtp.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishing.smtp.intro')}
        </Text>
        <QueryState query={profiles}>
          {(list) =>
            list.length === 0 ? (
              <EmptyNote>{t('phishing.smtp.none')}</EmptyNote>
            ) : (
              <Stack>
                <Table.ScrollContainer minWidth={640}>
                  <Table striped withTableBorder>
                    <Table.Caption>{t('phishing.smtp.caption', { n: list.length })}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('phishing.smtp.name')}</Table.Th>
                        <Table.Th>{t('phishing.smtp.host')}</Table.Th>
                        <Table.Th>{t('phishing.smtp.tlsMode')}</Table.Th>
                        <Table.Th>{t('phishing.smtp.username')}</Table.Th>
                        <Table.Th>{t('phishing.smtp.password')}</Table.Th>
                        <Table.Th>{t('phishing.smtp.fromAddress')}</Table.Th>
                        <Table.Th />
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((p) => (
                        <Table.Tr key={p.id}>
                          <Table.Td>{p.name}</Table.Td>
                          <Table.Td>
                            {p.host}:{p.port}
                          </Table.Td>
                          <Table.Td>{t(`phishing.smtp.tls.${p.tlsMode}`)}</Table.Td>
                          <Table.Td>{p.username ?? t('common.none')}</Table.Td>
                          <Table.Td>
                            {p.passwordSet
                              ? t('phishing.smtp.passwordSet')
                              : t('phishing.smtp.passwordNotSet')}
                          </Table.Td>
                          <Table.Td>{p.fromAddress}</Table.Td>
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              <Button size="xs" variant="light" onClick={() => setEditing(p)}>
                                {t('phishing.smtp.edit')}
                              </Button>
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                aria-label={t('phishing.smtp.deleteNamed', { name: p.name })}
                                onClick={() => setDeleting(p)}
                              >
                                {t('phishing.smtp.delete')}
                              </Button>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <SmtpTestForm orgId={orgId} profiles={list} />
              </Stack>
            )
          }
        </QueryState>
        <SmtpProfileForm
          key={editing?.id ?? 'new'}
          orgId={orgId}
          editing={editing}
          onDone={() => setEditing(null)}
        />
      </Stack>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('phishing.smtp.deleteTitle')}
        message={t('phishing.smtp.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('phishing.smtp.delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          const name = deleting.name;
          remove.mutate(deleting.id, {
            onSuccess: () => notifySuccess(t('phishing.smtp.deleted', { name })),
            onError: notifyError,
            onSettled: () => setDeleting(null),
          });
        }}
      />
    </Card>
  );
}

function ReportMailboxForm({ orgId, current }: { orgId: string; current: ReportMailbox | null }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const save = useSaveReportMailbox(orgId);
  const test = useTestReportMailbox(orgId);
  const poll = usePollReportMailbox(orgId);
  const remove = useDeleteReportMailbox(orgId);
  const serverErrors = fieldErrorsOf(save.error);
  const [host, setHost] = useState(current?.host ?? '');
  const [port, setPort] = useState<number | string>(current?.port ?? 993);
  const [secure, setSecure] = useState(current?.secure ?? true);
  const [username, setUsername] = useState(current?.username ?? '');
  const [password, setPassword] = useState('');
  const [folder, setFolder] = useState(current?.mailbox ?? 'INBOX');
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [tested, setTested] = useState(false);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        host: host.trim(),
        port: Number(port),
        secure,
        username: username.trim(),
        ...(password ? { password } : {}),
        mailbox: folder.trim() || 'INBOX',
        enabled,
      },
      {
        onSuccess: () => {
          setPassword('');
          notifySuccess(t('phishing.mailbox.saved'));
        },
      },
    );
  };

  const failure = test.error ?? poll.error;
  return (
    <Stack>
      {current && (
        <Stack gap={2}>
          <Text size="sm">
            {current.lastPolledAt
              ? t('phishing.mailbox.lastPolled', { at: fmt.dateTime(current.lastPolledAt) })
              : t('phishing.mailbox.neverPolled')}
          </Text>
          <Text size="sm">
            {t('phishing.mailbox.reportsFound', { n: fmt.number(current.reportsFound) })}
          </Text>
          {current.lastError && (
            <Alert color="red" variant="light" title={t('phishing.mailbox.lastError')}>
              <Code block>{current.lastError}</Code>
            </Alert>
          )}
        </Stack>
      )}
      <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-mailbox">
        <Stack gap="sm">
          <FormError
            error={save.error}
            shownFields={['host', 'port', 'username', 'password', 'mailbox']}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('phishing.mailbox.host')}
              required
              placeholder="imap.example.jp"
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={serverErrors.host}
            />
            <NumberInput
              label={t('phishing.mailbox.port')}
              min={1}
              max={65535}
              allowDecimal={false}
              value={port}
              onChange={setPort}
              error={serverErrors.port}
            />
            <TextInput
              label={t('phishing.mailbox.username')}
              required
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={serverErrors.username}
            />
            <PasswordInput
              label={t('phishing.mailbox.password')}
              required={!current}
              description={current ? t('phishing.mailbox.passwordKeep') : undefined}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={serverErrors.password}
            />
            <TextInput
              label={t('phishing.mailbox.folder')}
              value={folder}
              onChange={(e) => setFolder(e.currentTarget.value)}
              error={serverErrors.mailbox}
            />
            <Stack gap="xs" justify="flex-end">
              <Checkbox
                label={t('phishing.mailbox.secure')}
                checked={secure}
                onChange={(e) => setSecure(e.currentTarget.checked)}
              />
              <Checkbox
                label={t('phishing.mailbox.enabled')}
                checked={enabled}
                onChange={(e) => setEnabled(e.currentTarget.checked)}
              />
            </Stack>
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('phishing.mailbox.save')}
            </Button>
            {current && (
              <>
                <Button
                  variant="light"
                  loading={test.isPending}
                  onClick={() => {
                    setTested(false);
                    poll.reset();
                    test.mutate(undefined, { onSuccess: () => setTested(true) });
                  }}
                >
                  {t('phishing.mailbox.test')}
                </Button>
                <Button
                  variant="light"
                  loading={poll.isPending}
                  onClick={() => {
                    test.reset();
                    poll.mutate(undefined, {
                      onSuccess: (r) =>
                        notifySuccess(
                          r.bounces > 0
                            ? t('phishing.mailbox.polledWithBounces', {
                                messages: fmt.number(r.messages),
                                reports: fmt.number(r.reports),
                                bounces: fmt.number(r.bounces),
                              })
                            : t('phishing.mailbox.polled', {
                                messages: fmt.number(r.messages),
                                reports: fmt.number(r.reports),
                              }),
                        ),
                    });
                  }}
                >
                  {t('phishing.mailbox.poll')}
                </Button>
                <Button
                  variant="subtle"
                  color="red"
                  loading={remove.isPending}
                  onClick={() =>
                    remove.mutate(undefined, {
                      onSuccess: () => notifySuccess(t('phishing.mailbox.removed')),
                      onError: notifyError,
                    })
                  }
                >
                  {t('phishing.mailbox.remove')}
                </Button>
              </>
            )}
          </Group>
          {tested && !test.isError && (
            <Alert color="teal" variant="light" role="status">
              {t('phishing.mailbox.testOk')}
            </Alert>
          )}
          {failure && <ServerFailure title={t('phishing.mailbox.failed')} error={failure} />}
        </Stack>
      </form>
    </Stack>
  );
}

function ReportMailboxSettings({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const mailbox = useReportMailbox(orgId);
  return (
    <Card withBorder component="section" aria-labelledby="phishing-mailbox">
      <Stack>
        <Title order={2} fz="lg" id="phishing-mailbox">
          {t('phishing.mailbox.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishing.mailbox.intro')}
        </Text>
        <QueryState query={mailbox}>
          {(current) => (
            <>
              {!current && <EmptyNote>{t('phishing.mailbox.none')}</EmptyNote>}
              <ReportMailboxForm
                key={current ? `${current.host}:${current.username}` : 'new'}
                orgId={orgId}
                current={current}
              />
            </>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}

/** A company's sending profiles, report mailbox, scanner rules and webhooks (webhooks: company admins only). */
export function Settings({ orgId }: { orgId: string }) {
  return (
    <Stack>
      <SmtpProfiles orgId={orgId} />
      <ReportMailboxSettings orgId={orgId} />
      <ScannerRulesSettings orgId={orgId} />
      <Webhooks orgId={orgId} />
    </Stack>
  );
}
