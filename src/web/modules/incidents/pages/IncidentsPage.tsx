import { Anchor, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  incidentSeverities,
  incidentStatuses,
  type IncidentSeverity,
  type IncidentStatus,
} from '../../../../contracts/incidents';
import { useLiveEvents } from '../../../api/live';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { canAdministerCompany, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import {
  incidentKeys,
  useIncidentTaxonomy,
  useIncidents,
  type IncidentFilters,
} from '../api/incidents';
import { SeverityBadge, StatusBadge } from '../components/badges';
import { CreateIncidentModal } from '../components/CreateIncidentModal';
import { useLocalized, useTaxonomyLabel } from '../components/localized';
import { ReportLinkPanel } from '../components/ReportLinkPanel';

/** The company's incidents (live), filters, the public form's settings and the printable form. */
export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const me = useSession();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<IncidentFilters>({});
  const incidents = useIncidents(orgId, filters);
  const taxonomy = useIncidentTaxonomy();
  const label = useTaxonomyLabel(taxonomy.data);
  const localized = useLocalized();
  const [creating, setCreating] = useState(false);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: incidentKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event !== 'incidents.changed') return;
      refresh();
      const data = e.data as { reported?: boolean } | null;
      if (data?.reported) notifySuccess(t('incidents.liveReport'));
    },
    refresh,
  );

  const language = i18n.language === 'en' ? 'en' : 'ja';
  const all = t('incidents.filters.all');
  const filterSelect = (key: keyof IncidentFilters, data: { value: string; label: string }[]) => (
    <Select
      label={t(`incidents.filters.${key}`)}
      placeholder={all}
      clearable
      data={data}
      value={filters[key] ?? null}
      onChange={(v) => setFilters((f) => ({ ...f, [key]: v ?? undefined }))}
      w={{ base: '100%', xs: 200 }}
    />
  );

  return (
    <Page
      title={t('incidents.title')}
      description={org.data?.name}
      actions={
        <>
          <Button
            variant="default"
            component={Link}
            to={`/companies/${orgId}/documents/incident-report-form?language=${language}`}
          >
            {t('incidents.printForm')}
          </Button>
          <Button onClick={() => setCreating(true)}>{t('incidents.new')}</Button>
        </>
      }
    >
      <ReportLinkPanel orgId={orgId} canAdminister={canAdministerCompany(me, orgId)} />
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="incident-list">
        <Stack>
          <Group justify="space-between" align="flex-end">
            <Title order={2} fz="lg" id="incident-list">
              {t('incidents.listTitle')}
            </Title>
            {incidents.data && (
              <Text size="sm" c="dimmed">
                {t('incidents.count', { n: incidents.data.length })}
              </Text>
            )}
          </Group>
          <Group gap="sm" role="group" aria-label={t('incidents.filters.label')}>
            {filterSelect(
              'status',
              incidentStatuses.map((s: IncidentStatus) => ({
                value: s,
                label: t(`incidents.statuses.${s}`),
              })),
            )}
            {filterSelect(
              'category',
              (taxonomy.data?.categories ?? []).map((c) => ({
                value: c.key,
                label: localized(c.label),
              })),
            )}
            {filterSelect(
              'severity',
              incidentSeverities.map((s: IncidentSeverity) => ({
                value: s,
                label: t(`incidents.severities.${s}`),
              })),
            )}
          </Group>
          <QueryState query={incidents}>
            {(list) =>
              list.length === 0 ? (
                <EmptyNote>
                  {Object.values(filters).some(Boolean)
                    ? t('incidents.noneFiltered')
                    : t('incidents.none')}
                </EmptyNote>
              ) : (
                <Table.ScrollContainer minWidth={900}>
                  <Table striped highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('incidents.columns.reference')}</Table.Th>
                        <Table.Th>{t('incidents.columns.title')}</Table.Th>
                        <Table.Th>{t('incidents.columns.status')}</Table.Th>
                        <Table.Th>{t('incidents.columns.category')}</Table.Th>
                        <Table.Th>{t('incidents.columns.severity')}</Table.Th>
                        <Table.Th>{t('incidents.columns.assignee')}</Table.Th>
                        <Table.Th>{t('incidents.columns.reportedAt')}</Table.Th>
                        <Table.Th>{t('incidents.columns.source')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((i) => (
                        <Table.Tr key={i.id}>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            <Anchor component={Link} to={`/companies/${orgId}/incidents/${i.id}`}>
                              {i.reference}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{i.title}</Table.Td>
                          <Table.Td>
                            <StatusBadge status={i.status} />
                          </Table.Td>
                          <Table.Td>{label('categories', i.category) ?? t('common.none')}</Table.Td>
                          <Table.Td>
                            <SeverityBadge severity={i.severity} />
                          </Table.Td>
                          <Table.Td>{i.assignee?.name ?? t('common.none')}</Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {fmt.dateTime(i.createdAt)}
                          </Table.Td>
                          <Table.Td>{t(`incidents.sources.${i.source}`)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )
            }
          </QueryState>
        </Stack>
      </Card>
      <CreateIncidentModal orgId={orgId} opened={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
