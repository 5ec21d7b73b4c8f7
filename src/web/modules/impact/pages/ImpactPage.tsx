import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { impactHorizons, impactLevels, type ImpactLevel } from '../../../../contracts/impact';
import { useLiveEvents } from '../../../api/live';
import { ConfirmRemovalDialog } from '../../../components/ConfirmDialog';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import { useLocalized } from '../../risks/components/localized';
import {
  impactKeys,
  useBusinessProcesses,
  useDeleteProcess,
  useImpactSummary,
  type BusinessProcess,
  type ImpactSummary,
} from '../api/impact';
import { ProcessFormModal } from '../components/ProcessForm';

const dash = '—';

/** Readable text (black or white) on a level's colour. */
function textOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1a1b1e' : '#ffffff';
}

function LevelBadge({ summary, level }: { summary: ImpactSummary; level: ImpactLevel }) {
  const localized = useLocalized();
  const def = summary.levels.find((l) => l.key === level);
  if (!def) return null;
  return (
    <Badge color={def.color} c={textOn(def.color)} variant="filled" size="sm">
      {localized(def.label)}
    </Badge>
  );
}

/** RTO, RPO and MTD per process as bars, in recovery order, and impact over time as a heat map. */
function ImpactCharts({ summary }: { summary: ImpactSummary }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const names = summary.processes.map((p) =>
    p.recoveryPriority === null ? p.name : `${p.recoveryPriority}. ${p.name}`,
  );
  const bars = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('impact.chart.hours'), nameLocation: 'end' },
      // Priority 1 at the top.
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        {
          name: t('impact.fields.rto'),
          type: 'bar',
          data: summary.processes.map((p) => p.rtoHours),
        },
        {
          name: t('impact.fields.rpo'),
          type: 'bar',
          data: summary.processes.map((p) => p.rpoHours),
        },
        {
          name: t('impact.fields.mtd'),
          type: 'bar',
          data: summary.processes.map((p) => p.mtdHours),
        },
      ],
    }),
    [summary, names, t],
  );
  const heat = useMemo<EChartOption>(
    () => ({
      tooltip: {
        formatter: (p: { value: [number, number, number] }) =>
          `${names[p.value[1]] ?? ''}<br/>${localized(summary.horizons[p.value[0]]!.label)}: ${localized(summary.levels[p.value[2]]!.label)}`,
      },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: summary.horizons.map((h) => localized(h.label)) },
      yAxis: { type: 'category', data: names, inverse: true },
      visualMap: {
        type: 'piecewise',
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        pieces: summary.levels.map((l, i) => ({
          value: i,
          label: localized(l.label),
          color: l.color,
        })),
      },
      series: [
        {
          type: 'heatmap',
          label: {
            show: true,
            formatter: (p: { value: [number, number, number] }) =>
              localized(summary.levels[p.value[2]]!.label),
          },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
          data: summary.processes.flatMap((p, y) =>
            impactHorizons.map((h, x) => [x, y, impactLevels.indexOf(p.overall[h])]),
          ),
        },
      ],
    }),
    [summary, names, localized],
  );
  const height = Math.max(220, 60 + summary.processes.length * 44);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Stack gap={4}>
        <Text fw={600}>{t('impact.chart.targetsTitle')}</Text>
        <EChart option={bars} height={height} label={t('impact.chart.targetsLabel')} />
      </Stack>
      <Stack gap={4}>
        <Text fw={600}>{t('impact.chart.overTimeTitle')}</Text>
        <EChart option={heat} height={height} label={t('impact.chart.overTimeLabel')} />
      </Stack>
    </SimpleGrid>
  );
}

/** The business impact analysis of one company: processes, what they depend on, impact over time and recovery targets. */
export function ImpactPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const processes = useBusinessProcesses(orgId);
  const summary = useImpactSummary(orgId);
  const remove = useDeleteProcess(orgId);
  const [editing, setEditing] = useState<BusinessProcess | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<BusinessProcess | null>(null);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: impactKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'impact.changed') refresh();
    },
    refresh,
  );
  const openForm = (p: BusinessProcess | null) => {
    setEditing(p);
    setFormOpen(true);
  };
  const hours = (v: number | null) => (v === null ? dash : t('impact.hours', { n: v }));

  return (
    <Page
      title={t('impact.title')}
      description={org.data?.name}
      actions={
        <>
          <Button variant="default" component={Link} to={`/companies/${orgId}/bcp`}>
            {t('impact.toBcp')}
          </Button>
          <Button onClick={() => openForm(null)}>{t('impact.new')}</Button>
        </>
      }
    >
      <Text c="dimmed">{t('impact.intro')}</Text>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="impact-chart">
        <Stack>
          <Title order={2} fz="lg" id="impact-chart">
            {t('impact.chart.title')}
          </Title>
          <QueryState query={summary}>
            {(data) =>
              data.processes.length === 0 ? (
                <EmptyNote>{t('impact.none')}</EmptyNote>
              ) : (
                <ImpactCharts summary={data} />
              )
            }
          </QueryState>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="impact-list">
        <Stack>
          <Title order={2} fz="lg" id="impact-list">
            {t('impact.listTitle')}
          </Title>
          <QueryState query={processes}>
            {(list) =>
              list.length === 0 ? (
                <EmptyNote>{t('impact.none')}</EmptyNote>
              ) : (
                <Table.ScrollContainer minWidth={1000}>
                  <Table striped highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('impact.fields.priority')}</Table.Th>
                        <Table.Th>{t('impact.fields.name')}</Table.Th>
                        <Table.Th>{t('impact.fields.dependencies')}</Table.Th>
                        {impactHorizons.map((h) => (
                          <Table.Th key={h}>{t(`impact.horizons.${h}`)}</Table.Th>
                        ))}
                        <Table.Th>{t('impact.fields.mtd')}</Table.Th>
                        <Table.Th>{t('impact.fields.rto')}</Table.Th>
                        <Table.Th>{t('impact.fields.rpo')}</Table.Th>
                        <Table.Th>{t('common.actions')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((p) => {
                        const row = summary.data?.processes.find((s) => s.id === p.id);
                        return (
                          <Table.Tr key={p.id}>
                            <Table.Td>{p.recoveryPriority ?? dash}</Table.Td>
                            <Table.Td>
                              <Stack gap={2}>
                                <Anchor
                                  component="button"
                                  type="button"
                                  ta="left"
                                  onClick={() => openForm(p)}
                                >
                                  {p.name}
                                </Anchor>
                                {p.owner && (
                                  <Text size="xs" c="dimmed">
                                    {p.owner}
                                  </Text>
                                )}
                                {row?.gaps.map((g) => (
                                  <Text key={`${g.assetId}-${g.field}`} size="xs" c="red.8">
                                    {t(g.field === 'rtoHours' ? 'impact.gapRto' : 'impact.gapRpo', {
                                      asset: g.assetName,
                                      assetHours: g.assetHours,
                                      processHours: g.processHours,
                                    })}
                                  </Text>
                                ))}
                              </Stack>
                            </Table.Td>
                            <Table.Td>
                              {p.dependencies.length > 0
                                ? fmt.list(p.dependencies.map((d) => d.name))
                                : dash}
                            </Table.Td>
                            {impactHorizons.map((h) => (
                              <Table.Td key={h} style={{ whiteSpace: 'nowrap' }}>
                                {row && summary.data ? (
                                  <LevelBadge summary={summary.data} level={row.overall[h]} />
                                ) : (
                                  dash
                                )}
                              </Table.Td>
                            ))}
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>
                              {hours(p.mtdHours)}
                            </Table.Td>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>
                              {hours(p.rtoHours)}
                            </Table.Td>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>
                              {hours(p.rpoHours)}
                            </Table.Td>
                            <Table.Td>
                              <Group gap={4} wrap="nowrap">
                                <Button size="xs" variant="subtle" onClick={() => openForm(p)}>
                                  {t('impact.edit')}
                                </Button>
                                <Button
                                  size="xs"
                                  variant="subtle"
                                  color="red"
                                  aria-label={t('impact.deleteNamed', { name: p.name })}
                                  onClick={() => setDeleting(p)}
                                >
                                  {t('impact.delete')}
                                </Button>
                              </Group>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )
            }
          </QueryState>
        </Stack>
      </Card>
      <ProcessFormModal
        orgId={orgId}
        process={editing}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
      />
      <ConfirmRemovalDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        title={t('impact.deleteTitle')}
        message={(p) => t('impact.deleteConfirm', { name: p.name })}
        confirmLabel={t('impact.delete')}
        mutation={remove}
        variables={(p) => p.id}
        successMessage={(p) => t('impact.deleted', { name: p.name })}
      />
    </Page>
  );
}
