import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { ConfirmRemovalDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import {
  riskKeys,
  useDeleteRisk,
  useHeatMap,
  useRiskMatrix,
  useRisks,
  type Risk,
} from '../api/risks';
import { HeatMap } from '../components/HeatMap';
import { useLocalized } from '../components/localized';
import { RiskFormModal } from '../components/RiskForm';
import { MatrixEditorModal } from '../components/MatrixEditor';
import { canAdministerCompany, useSession } from '../../../lib/session';

const dash = '—';

/** Readable text (black or white) on a level's colour. */
function textOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1a1b1e' : '#ffffff';
}

function LevelBadge({ level }: { level: Risk['level'] }) {
  const localized = useLocalized();
  return (
    <Badge color={level.color} c={textOn(level.color)} variant="filled">
      {localized(level.label)}
    </Badge>
  );
}

/** The risk register of one company with its heat map. */
export function RisksPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const risks = useRisks(orgId);
  const heatMap = useHeatMap(orgId);
  const matrix = useRiskMatrix(orgId);
  const remove = useDeleteRisk(orgId);
  const [editing, setEditing] = useState<Risk | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<Risk | null>(null);
  const [matrixOpen, setMatrixOpen] = useState(false);
  const canEditMatrix = canAdministerCompany(useSession(), orgId);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: riskKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'risks.changed') refresh();
    },
    refresh,
  );
  const openForm = (risk: Risk | null) => {
    setEditing(risk);
    setFormOpen(true);
  };

  return (
    <Page
      title={t('risks.title')}
      description={org.data?.name}
      actions={
        <>
          {canEditMatrix && (
            <Button variant="default" onClick={() => setMatrixOpen(true)} disabled={!matrix.data}>
              {t('riskMatrix.open')}
            </Button>
          )}
          <Button onClick={() => openForm(null)} disabled={!matrix.data}>
            {t('risks.new')}
          </Button>
        </>
      }
    >
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="risks-list">
        <Stack>
          <Title order={2} fz="lg" id="risks-list">
            {t('risks.listTitle')}
          </Title>
          <QueryState query={risks}>
            {(list) =>
              list.length === 0 ? (
                <EmptyNote>{t('risks.none')}</EmptyNote>
              ) : (
                <Table.ScrollContainer minWidth={980}>
                  <Table striped highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('risks.fields.title')}</Table.Th>
                        <Table.Th>{t('risks.fields.level')}</Table.Th>
                        <Table.Th title={t('risks.productTitle')}>{t('risks.current')}</Table.Th>
                        <Table.Th title={t('risks.productTitle')}>{t('risks.residual')}</Table.Th>
                        <Table.Th>{t('risks.fields.treatment')}</Table.Th>
                        <Table.Th>{t('risks.fields.owner')}</Table.Th>
                        <Table.Th>{t('risks.fields.dueOn')}</Table.Th>
                        <Table.Th>{t('risks.fields.status')}</Table.Th>
                        <Table.Th>{t('common.actions')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.map((r) => (
                        <Table.Tr key={r.id}>
                          <Table.Td>
                            <Stack gap={2}>
                              <Anchor
                                component="button"
                                type="button"
                                ta="left"
                                onClick={() => openForm(r)}
                              >
                                {r.title}
                              </Anchor>
                              {r.assets.length > 0 && (
                                <Text size="xs" c="dimmed">
                                  {t('risks.assetsList', {
                                    names: fmt.list(r.assets.map((a) => a.name)),
                                  })}
                                </Text>
                              )}
                            </Stack>
                          </Table.Td>
                          <Table.Td>
                            <LevelBadge level={r.level} />
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {t('risks.product', { l: r.likelihood, i: r.impact, score: r.score })}
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {r.residualLikelihood !== null &&
                            r.residualImpact !== null &&
                            r.residualScore !== null ? (
                              <Group gap={6} wrap="nowrap">
                                {t('risks.product', {
                                  l: r.residualLikelihood,
                                  i: r.residualImpact,
                                  score: r.residualScore,
                                })}
                                {r.residualLevel && <LevelBadge level={r.residualLevel} />}
                              </Group>
                            ) : (
                              dash
                            )}
                          </Table.Td>
                          <Table.Td>
                            {r.treatment ? t(`risks.treatments.${r.treatment}`) : dash}
                          </Table.Td>
                          <Table.Td>{r.ownerName || dash}</Table.Td>
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>
                            {r.dueOn ? fmt.calendarDate(r.dueOn) : dash}
                          </Table.Td>
                          <Table.Td>{t(`risks.statuses.${r.status}`)}</Table.Td>
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              <Button
                                size="xs"
                                variant="subtle"
                                onClick={() => openForm(r)}
                                disabled={!matrix.data}
                              >
                                {t('risks.edit')}
                              </Button>
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                aria-label={t('risks.deleteNamed', { title: r.title })}
                                onClick={() => setDeleting(r)}
                              >
                                {t('risks.deleteShort')}
                              </Button>
                            </Group>
                          </Table.Td>
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
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="risks-heat-map"
      >
        <Stack>
          <Title order={2} fz="lg" id="risks-heat-map">
            {t('risks.heatMap.title')}
          </Title>
          <QueryState query={heatMap}>{(data) => <HeatMap data={data} />}</QueryState>
        </Stack>
      </Card>
      <RiskFormModal
        orgId={orgId}
        opened={formOpen}
        risk={editing}
        matrix={matrix.data}
        onClose={() => setFormOpen(false)}
      />
      <MatrixEditorModal
        orgId={orgId}
        matrix={matrix.data}
        opened={matrixOpen}
        onClose={() => setMatrixOpen(false)}
      />
      <ConfirmRemovalDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        title={t('risks.deleteTitle')}
        message={(r) => t('risks.deleteMessage', { title: r.title })}
        confirmLabel={t('risks.delete')}
        mutation={remove}
        variables={(r) => r.id}
        successMessage={(r) => t('risks.deleted', { title: r.title })}
      />
    </Page>
  );
}
