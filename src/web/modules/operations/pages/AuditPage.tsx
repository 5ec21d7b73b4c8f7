import { Button, Card, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EmptyNote } from '../../../components/EmptyNote';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { PageLoader } from '../../../components/PageLoader';
import { useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import { useAuditLog, type AuditEntry, type AuditFilters } from '../api/audit';

function Filters({
  applied,
  onApply,
}: {
  applied: AuditFilters;
  onApply: (f: AuditFilters) => void;
}) {
  const { t } = useTranslation();
  const me = useSession();
  const [action, setAction] = useState(applied.action);
  const [organizationId, setOrganizationId] = useState<string | null>(applied.organizationId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ action: action.trim(), organizationId });
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="form"
      onSubmit={submit}
      aria-label={t('audit.filters')}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('audit.action')}
          description={t('audit.actionHint')}
          value={action}
          onChange={(e) => setAction(e.currentTarget.value)}
          w={{ base: '100%', sm: 260 }}
        />
        <Select
          label={t('audit.organization')}
          placeholder={t('audit.anyOrganization')}
          data={me.companies.map((c) => ({ value: c.id, label: c.name }))}
          value={organizationId}
          onChange={setOrganizationId}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          searchable
          nothingFoundMessage={t('common.noMatches')}
          w={{ base: '100%', sm: 260 }}
        />
        <Group gap="xs">
          <Button type="submit">{t('audit.apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setAction('');
              setOrganizationId(null);
              onApply({ action: '', organizationId: null });
            }}
          >
            {t('audit.reset')}
          </Button>
        </Group>
      </Group>
    </Card>
  );
}

function DetailsCell({ details }: { details: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(details);
  if (entries.length === 0) return <>{t('common.none')}</>;
  return (
    <Stack gap={2} maw={320}>
      {entries.map(([key, value]) => (
        <Text key={key} size="xs" style={{ wordBreak: 'break-word' }}>
          <Text span size="xs" c="dimmed">
            {key}:
          </Text>{' '}
          <Code fz="xs">{typeof value === 'string' ? value : JSON.stringify(value)}</Code>
        </Text>
      ))}
    </Stack>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped verticalSpacing="xs" fz="sm">
        <Table.Caption>
          {t('audit.caption', { n: entries.length, zone: fmt.timeZone })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('audit.at')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.actor')}</Table.Th>
            <Table.Th>{t('audit.organization')}</Table.Th>
            <Table.Th>{t('audit.target')}</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('audit.ip')}</Table.Th>
            <Table.Th>{t('audit.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.at)}</Table.Td>
              <Table.Td>
                <Code>{e.action}</Code>
              </Table.Td>
              <Table.Td>{e.actorEmail ?? t('audit.system')}</Table.Td>
              <Table.Td>
                {e.organizationName ?? (e.organizationId ? e.organizationId : t('common.none'))}
              </Table.Td>
              <Table.Td>
                {e.targetType ? (
                  <Text size="sm">
                    {e.targetType}
                    {e.targetId && (
                      <Text
                        span
                        size="xs"
                        c="dimmed"
                        display="block"
                        style={{ wordBreak: 'break-all' }}
                      >
                        {e.targetId}
                      </Text>
                    )}
                  </Text>
                ) : (
                  t('common.none')
                )}
              </Table.Td>
              <Table.Td>{e.ip ?? t('common.none')}</Table.Td>
              <Table.Td>
                <DetailsCell details={e.details} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    action: params.get('action') ?? '',
    organizationId: params.get('organizationId'),
  };
  const log = useAuditLog(filters);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];

  const apply = (f: AuditFilters) => {
    const next = new URLSearchParams();
    if (f.action) next.set('action', f.action);
    if (f.organizationId) next.set('organizationId', f.organizationId);
    setParams(next);
  };

  return (
    <Page title={t('audit.title')} description={t('audit.intro')}>
      <Filters key={params.toString()} applied={filters} onApply={apply} />
      {log.isPending ? (
        <PageLoader />
      ) : log.isError && entries.length === 0 ? (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyNote>{t('audit.none')}</EmptyNote>
      ) : (
        <Stack>
          <AuditTable entries={entries} />
          {log.isFetchNextPageError && <ErrorAlert error={log.error} />}
          <Group justify="center">
            {log.hasNextPage ? (
              <Button
                variant="default"
                onClick={() => void log.fetchNextPage()}
                loading={log.isFetchingNextPage}
              >
                {t('audit.older')}
              </Button>
            ) : (
              <Text c="dimmed" size="sm">
                {t('audit.end')}
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Page>
  );
}
