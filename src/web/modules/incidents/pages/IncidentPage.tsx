import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { incidentKeys, useIncident, useIncidentTaxonomy, type Incident } from '../api/incidents';
import { SeverityBadge, StatusBadge } from '../components/badges';
import { EvidenceCard } from '../components/EvidenceCard';
import { TimelineCard } from '../components/TimelineCard';
import { TriageForm } from '../components/TriageForm';

/** What the reporter said, as they said it. */
function ReportCard({ incident }: { incident: Incident }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const r = incident.report;
  const none = t('incidents.detail.notGiven');
  const rows: [string, string][] = [
    [t('incidents.fields.reporterName'), r.reporterName],
    [t('incidents.fields.affiliation'), t(`incidents.affiliations.${r.affiliation}`)],
    [t('incidents.fields.organisation'), r.organisation || none],
    [t('incidents.fields.email'), r.email || none],
    [t('incidents.fields.phone'), r.phone || none],
    [t('incidents.fields.purpose'), t(`incidents.purposes.${r.purpose}`)],
    [t('incidents.fields.whatWasSeen'), r.whatWasSeen],
    [
      t('incidents.fields.seenAt'),
      // In the reader's time zone; the reporter's own wall-clock time beside it when the zones differ.
      r.seenAtInstant
        ? r.seenTimeZone === fmt.timeZone
          ? fmt.dateTime(r.seenAtInstant)
          : t('incidents.detail.seenAt', {
              at: fmt.dateTime(r.seenAtInstant),
              zone: `${r.seenAt?.replace('T', ' ')} ${r.seenTimeZone}`,
            })
        : none,
    ],
    [t('incidents.fields.howFound'), r.howFound || none],
    [t('incidents.fields.affectedSystems'), r.affectedSystems || none],
    [
      t('incidents.fields.hosting'),
      r.hosting.length > 0 ? fmt.list(r.hosting.map((h) => t(`incidents.hosting.${h}`))) : none,
    ],
    [
      t('incidents.fields.personalData'),
      t(`incidents.personalData.${r.personalData}`) +
        (r.personalDataCount !== null
          ? `（${t('incidents.detail.people', { n: fmt.number(r.personalDataCount) })}）`
          : ''),
    ],
    [t('incidents.fields.notes'), r.notes || none],
  ];
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="incident-report">
      <Stack>
        <Title order={2} fz="lg" id="incident-report">
          {t('incidents.detail.report')}
        </Title>
        <Table variant="vertical" layout="fixed" withTableBorder>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={{ base: 120, sm: 180 }}>{label}</Table.Th>
                <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/** One incident: the report, triage, timeline and evidence; refreshes live. */
export function IncidentPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { orgId = '', incidentId = '' } = useParams();
  const queryClient = useQueryClient();
  const incident = useIncident(orgId, incidentId);
  const taxonomy = useIncidentTaxonomy();
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: incidentKeys.detail(orgId, incidentId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'incidents.changed' && (e.data as { id?: string } | null)?.id === incidentId)
        refresh();
    },
    refresh,
  );

  return (
    <QueryState query={incident}>
      {(data) => (
        <Page
          title={`${data.reference} ${data.title}`}
          description={
            <Group gap="xs" component="span">
              <StatusBadge status={data.status} />
              <SeverityBadge severity={data.severity} />
              <Text span size="sm" c="dimmed">
                {t(`incidents.sources.${data.source}`)} · {fmt.dateTime(data.createdAt)}
              </Text>
            </Group>
          }
          actions={
            <Anchor component={Link} to={`/companies/${orgId}/incidents`}>
              {t('incidents.detail.back')}
            </Anchor>
          }
        >
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <ReportCard incident={data} />
            <Card
              withBorder
              radius="md"
              padding="lg"
              component="section"
              aria-labelledby="incident-triage"
            >
              <Stack>
                <Title order={2} fz="lg" id="incident-triage">
                  {t('incidents.detail.triage')}
                </Title>
                <QueryState query={taxonomy}>
                  {(tx) => <TriageForm key={data.id} orgId={orgId} incident={data} taxonomy={tx} />}
                </QueryState>
              </Stack>
            </Card>
          </SimpleGrid>
          <TimelineCard orgId={orgId} incident={data} />
          <EvidenceCard orgId={orgId} incident={data} />
        </Page>
      )}
    </QueryState>
  );
}
