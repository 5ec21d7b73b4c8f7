import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Image,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { isLocale } from '../../../i18n';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import {
  activationFlowUrl,
  bcpKeys,
  useBcpOverview,
  type BcpOverview,
  type BcpSystem,
} from '../api/bcp';
import { PlanSections } from '../components/PlanSections';
import { SystemFactsModal } from '../components/SystemFactsForm';

const dash = '—';

// The plan's section keys, as the server names them in gaps and missing facts.
const sectionNames = [
  'scope',
  'bia',
  'activation',
  'organization',
  'contacts',
  'partners',
  'recovery',
  'alternates',
  'ransomware',
  'communication',
  'reconstitution',
  'maintenance',
  'gaps',
] as const;
type SectionName = (typeof sectionNames)[number];
const isSectionName = (s: string): s is SectionName =>
  (sectionNames as readonly string[]).includes(s);

/** Contradictions between facts and targets: the first thing on the page. */
function GapPanel({ overview }: { overview: BcpOverview }) {
  const { t } = useTranslation();
  const { gaps, missing } = overview;
  return (
    <Stack gap="sm" component="section" aria-label={t('bcp.gaps.label')}>
      {gaps.length > 0 ? (
        <Alert color="red" variant="light" title={t('bcp.gaps.title', { count: gaps.length })}>
          <List spacing={6} size="sm">
            {gaps.map((g, i) => (
              <List.Item key={`${g.code}-${g.assetId ?? ''}-${g.processId ?? ''}-${i}`}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <Badge color={g.severity === 'high' ? 'red' : 'orange'} size="sm" miw={40}>
                    {t(`bcp.severity.${g.severity}`)}
                  </Badge>
                  <Text size="sm" data-gap-code={g.code}>
                    {g.message}
                  </Text>
                </Group>
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="green" variant="light">
          {t('bcp.gaps.none')}
        </Alert>
      )}
      {missing.length > 0 && (
        <Alert
          color="yellow"
          variant="light"
          title={t('bcp.missing.title', { count: missing.length })}
        >
          <List spacing={2} size="sm">
            {missing.map((m, i) => (
              <List.Item key={i}>
                {isSectionName(m.section) ? `${t(`bcp.sectionNames.${m.section}`)}: ` : ''}
                {m.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

function SystemsTable({
  overview,
  onEdit,
}: {
  overview: BcpOverview;
  onEdit: (s: BcpSystem) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const hours = (v: number | null) => (v === null ? dash : t('bcp.hours', { n: v }));
  if (overview.systems.length === 0) return <EmptyNote>{t('bcp.noSystems')}</EmptyNote>;
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('bcp.columns.system')}</Table.Th>
            <Table.Th>{t('bcp.columns.processes')}</Table.Th>
            <Table.Th>{t('bcp.columns.targets')}</Table.Th>
            <Table.Th>{t('bcp.columns.backup')}</Table.Th>
            <Table.Th>{t('bcp.columns.restoreTest')}</Table.Th>
            <Table.Th>{t('bcp.columns.administrators')}</Table.Th>
            <Table.Th>{t('bcp.columns.alternates')}</Table.Th>
            <Table.Th>{t('bcp.columns.gaps')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overview.systems.map((s) => {
            const f = s.facts;
            const gapCount = overview.gaps.filter((g) => g.assetId === s.asset.id).length;
            return (
              <Table.Tr key={s.asset.id}>
                <Table.Td>
                  <Anchor component="button" type="button" ta="left" onClick={() => onEdit(s)}>
                    {s.asset.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{fmt.list(s.processes.map((p) => p.name)) || dash}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {t('bcp.targets', {
                    rto: hours(s.requiredRtoHours),
                    rpo: hours(s.requiredRpoHours),
                  })}
                </Table.Td>
                <Table.Td>
                  {f ? (
                    <Stack gap={0}>
                      <Text size="sm">
                        {f.backupFrequencyHours === null
                          ? t('bcp.notRecorded')
                          : t('bcp.every', { n: f.backupFrequencyHours })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {fmt.list(f.backupLocations.map((l) => t(`bcp.locations.${l}`)))}
                        {f.immutableBackup ? ` / ${t('bcp.immutableShort')}` : ''}
                      </Text>
                    </Stack>
                  ) : (
                    <Badge color="gray" variant="light">
                      {t('bcp.notRecorded')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {f?.lastRestoreTestOn ? fmt.calendarDate(f.lastRestoreTestOn) : dash}
                </Table.Td>
                <Table.Td>{f?.administratorCount ?? dash}</Table.Td>
                <Table.Td>
                  {f && f.alternates.length > 0
                    ? fmt.list(f.alternates.map((a) => t(`bcp.alternateKinds.${a}`)))
                    : f?.manualWorkaround
                      ? t('bcp.manualOnly')
                      : dash}
                </Table.Td>
                <Table.Td>
                  {gapCount > 0 ? (
                    <Badge color="red">{gapCount}</Badge>
                  ) : (
                    <Badge color="green" variant="light">
                      0
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    aria-label={t('bcp.editSystemNamed', { name: s.asset.name })}
                    onClick={() => onEdit(s)}
                  >
                    {t('bcp.editSystem')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The company's IT-BCP facts, their gaps against the BIA's targets, and the way to the plan document. */
export function BcpPage() {
  const { t, i18n } = useTranslation();
  const orgId = useParams().orgId ?? '';
  const navigate = useNavigate();
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const overview = useBcpOverview(orgId);
  const [editing, setEditing] = useState<BcpSystem | null>(null);
  const language = isLocale(i18n.language) ? i18n.language : 'ja';

  const refresh = () => void queryClient.invalidateQueries({ queryKey: bcpKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      // The plan reads the BIA and the inventory too.
      if (['bcp.changed', 'impact.changed', 'assets.changed'].includes(e.event)) refresh();
    },
    refresh,
  );

  return (
    <Page
      title={t('bcp.title')}
      description={org.data?.name}
      actions={
        <>
          <Button variant="default" component={Link} to={`/companies/${orgId}/impact`}>
            {t('bcp.toBia')}
          </Button>
          <Button
            onClick={() =>
              void navigate(`/companies/${orgId}/documents/itbcp?language=${language}`)
            }
          >
            {t('bcp.generate')}
          </Button>
        </>
      }
    >
      <QueryState query={overview}>
        {(data) => {
          const version = `${data.updatedAt ?? 'new'}`;
          return (
            <>
              <GapPanel overview={data} />
              <Card
                withBorder
                radius="md"
                padding="lg"
                component="section"
                aria-labelledby="bcp-facts"
              >
                <Stack>
                  <Title order={2} fz="lg" id="bcp-facts">
                    {t('bcp.factsTitle')}
                  </Title>
                  <PlanSections orgId={orgId} plan={data.plan} version={version} />
                </Stack>
              </Card>
              <Card
                withBorder
                radius="md"
                padding="lg"
                component="section"
                aria-labelledby="bcp-systems"
              >
                <Stack>
                  <Title order={2} fz="lg" id="bcp-systems">
                    {t('bcp.systemsTitle')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t('bcp.systemsIntro')}
                  </Text>
                  <SystemsTable overview={data} onEdit={setEditing} />
                </Stack>
              </Card>
              <Card
                withBorder
                radius="md"
                padding="lg"
                component="section"
                aria-labelledby="bcp-flow"
              >
                <Stack>
                  <Title order={2} fz="lg" id="bcp-flow">
                    {t('bcp.flowTitle')}
                  </Title>
                  {/* Loaded as an image, so nothing in the SVG can run in the page. */}
                  <Image
                    src={activationFlowUrl(orgId, language, version)}
                    alt={t('bcp.flowAlt', {
                      decider: data.plan.activation.decider.name || dash,
                      deputy: data.plan.activation.deputy.name || dash,
                    })}
                    maw={680}
                    fit="contain"
                  />
                </Stack>
              </Card>
              <SystemFactsModal orgId={orgId} system={editing} onClose={() => setEditing(null)} />
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}
