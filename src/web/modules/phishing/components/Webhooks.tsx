import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookEventKind } from '../../../../contracts/phishing-webhooks';
import { webhookEventKindSchema } from '../../../../contracts/phishing-webhooks';
import { fieldErrorsOf, isApiError } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useTestWebhook,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhooks,
  type Webhook,
  type WebhookDelivery,
} from '../api/webhooks';

const eventKinds = webhookEventKindSchema.options;
const statusColor: Record<WebhookDelivery['status'], string> = {
  pending: 'yellow',
  delivered: 'teal',
  failed: 'red',
};

function DeliveryLog({ orgId, webhook }: { orgId: string; webhook: Webhook }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const deliveries = useWebhookDeliveries(orgId, webhook.id);
  return (
    <QueryState query={deliveries}>
      {(list) =>
        list.length === 0 ? (
          <EmptyNote>{t('phishing.webhooks.noDeliveries')}</EmptyNote>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label={t('phishing.webhooks.deliveriesOf', { url: webhook.url })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('phishing.webhooks.at')}</Table.Th>
                  <Table.Th>{t('phishing.webhooks.event')}</Table.Th>
                  <Table.Th>{t('phishing.webhooks.status')}</Table.Th>
                  <Table.Th>{t('phishing.webhooks.attempts')}</Table.Th>
                  <Table.Th>{t('phishing.webhooks.lastError')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{fmt.dateTime(d.lastAttemptAt ?? d.createdAt)}</Table.Td>
                    <Table.Td>{t(`phishing.webhooks.kinds.${d.kind}`, d.kind)}</Table.Td>
                    <Table.Td>
                      <Badge color={statusColor[d.status]} variant="light">
                        {t(`phishing.webhooks.statuses.${d.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {fmt.number(d.attempts)}
                      {d.lastStatusCode !== null && ` (HTTP ${d.lastStatusCode})`}
                    </Table.Td>
                    <Table.Td>
                      {d.lastError && (
                        <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                          {d.lastError}
                        </Code>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}

function WebhookRow({ orgId, webhook }: { orgId: string; webhook: Webhook }) {
  const { t } = useTranslation();
  const update = useUpdateWebhook(orgId);
  const test = useTestWebhook(orgId);
  const remove = useDeleteWebhook(orgId);
  const [showLog, setShowLog] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const result = test.data;
  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text fw={500} style={{ wordBreak: 'break-all' }}>
              {webhook.url}
            </Text>
            <Group gap={4}>
              {webhook.events.map((k) => (
                <Badge key={k} variant="outline" size="sm">
                  {t(`phishing.webhooks.kinds.${k}`)}
                </Badge>
              ))}
              {webhook.includeScanners && (
                <Badge variant="light" color="gray" size="sm">
                  {t('phishing.webhooks.withScanners')}
                </Badge>
              )}
            </Group>
          </Stack>
          <Switch
            label={t('phishing.webhooks.enabled')}
            checked={webhook.enabled}
            disabled={update.isPending}
            onChange={(e) =>
              update.mutate(
                { id: webhook.id, body: { enabled: e.currentTarget.checked } },
                { onError: notifyError },
              )
            }
          />
        </Group>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            loading={test.isPending}
            onClick={() => test.mutate(webhook.id)}
          >
            {t('phishing.webhooks.sendTest')}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => setShowLog((v) => !v)}>
            {showLog ? t('phishing.webhooks.hideLog') : t('phishing.webhooks.showLog')}
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            aria-label={t('phishing.webhooks.deleteNamed', { url: webhook.url })}
            onClick={() => setDeleting(true)}
          >
            {t('phishing.webhooks.delete')}
          </Button>
        </Group>
        {result &&
          (result.status === 'delivered' ? (
            <Alert color="teal" variant="light" role="status">
              {t('phishing.webhooks.testDelivered', { code: result.lastStatusCode ?? '' })}
            </Alert>
          ) : (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={t('phishing.webhooks.testFailed')}
            >
              <Code block>{result.lastError}</Code>
            </Alert>
          ))}
        {test.isError && (
          <Alert color="red" variant="light" role="alert">
            {isApiError(test.error) ? test.error.message : t('errors.unexpected')}
          </Alert>
        )}
        {showLog && <DeliveryLog orgId={orgId} webhook={webhook} />}
      </Stack>
      <ConfirmDialog
        opened={deleting}
        title={t('phishing.webhooks.deleteTitle')}
        message={t('phishing.webhooks.deleteConfirm', { url: webhook.url })}
        confirmLabel={t('phishing.webhooks.delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove.mutate(webhook.id, {
            onSuccess: () => notifySuccess(t('phishing.webhooks.deleted')),
            onError: notifyError,
            onSettled: () => setDeleting(false),
          })
        }
      />
    </Card>
  );
}

function WebhookForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const create = useCreateWebhook(orgId);
  const serverErrors = fieldErrorsOf(create.error);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventKind[]>(['click', 'submit', 'report']);
  const [includeScanners, setIncludeScanners] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!url.trim()) found.url = t('validation.required');
    if (events.length === 0) found.events = t('phishing.webhooks.pickEvent');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ url: url.trim(), events, includeScanners }, { onSuccess: () => setUrl('') });
  };

  return (
    <Stack gap="sm">
      {create.data && (
        <Alert
          color="teal"
          variant="light"
          title={t('phishing.webhooks.createdTitle')}
          role="status"
        >
          <Stack gap="xs">
            <Text size="sm">{t('phishing.webhooks.createdBody')}</Text>
            <Code
              block
              style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
              aria-label={t('phishing.webhooks.secret')}
            >
              {create.data.secret}
            </Code>
            <Group>
              <CopyButton value={create.data.secret}>
                {({ copied, copy }) => (
                  <Button size="xs" color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? t('common.copied') : t('phishing.webhooks.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="default" onClick={() => create.reset()}>
                {t('phishing.webhooks.done')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-webhook-form">
        <Stack gap="sm">
          <Title order={4} fz="sm" id="phishing-webhook-form">
            {t('phishing.webhooks.new')}
          </Title>
          <FormError error={create.error} shownFields={['url', 'events']} />
          <TextInput
            label={t('phishing.webhooks.url')}
            required
            placeholder="https://siem.example.jp/hooks/banso"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url ?? serverErrors.url}
          />
          <Checkbox.Group
            label={t('phishing.webhooks.events')}
            value={events}
            onChange={(v) =>
              setEvents(
                v.filter((k): k is WebhookEventKind => eventKinds.includes(k as WebhookEventKind)),
              )
            }
            error={errors.events ?? serverErrors.events}
          >
            <Group gap="md" mt={4}>
              {eventKinds.map((k) => (
                <Checkbox key={k} value={k} label={t(`phishing.webhooks.kinds.${k}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox
            label={t('phishing.webhooks.includeScanners')}
            description={t('phishing.webhooks.includeScannersHelp')}
            checked={includeScanners}
            onChange={(e) => setIncludeScanners(e.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('phishing.webhooks.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/**
 * The company's signed webhook endpoints. The events name people, so only the company's own
 * admins manage them (the server refuses everyone else).
 */
export function Webhooks({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const companyAdmin = me.memberships.some(
    (m) => m.organizationId === orgId && m.role === 'company_admin',
  );
  if (!companyAdmin) return null;
  return <WebhookList orgId={orgId} title={t('phishing.webhooks.title')} />;
}

function WebhookList({ orgId, title }: { orgId: string; title: string }) {
  const { t } = useTranslation();
  const webhooks = useWebhooks(orgId);
  return (
    <Card withBorder component="section" aria-labelledby="phishing-webhooks">
      <Stack>
        <Title order={2} fz="lg" id="phishing-webhooks">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishing.webhooks.intro')}
        </Text>
        <QueryState query={webhooks}>
          {(list) =>
            list.length === 0 ? (
              <EmptyNote>{t('phishing.webhooks.none')}</EmptyNote>
            ) : (
              <Stack gap="sm">
                {list.map((w) => (
                  <WebhookRow key={w.id} orgId={orgId} webhook={w} />
                ))}
              </Stack>
            )
          }
        </QueryState>
        <WebhookForm orgId={orgId} />
      </Stack>
    </Card>
  );
}
