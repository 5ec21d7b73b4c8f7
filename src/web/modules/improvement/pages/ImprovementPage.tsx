import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
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
import { improvementKeys, useDeleteAction, useImprovement, type Action } from '../api/improvement';
import { ActionFormModal, ProgressModal } from '../components/ActionForms';
import {
  GoalsPanel,
  MovementPanel,
  ProgressPanel,
  ProposalsPanel,
  Section,
  SecurityActionPanel,
} from '../components/Panels';

const dash = '—';
const statusColors = {
  planned: 'gray',
  in_progress: 'blue',
  done: 'teal',
  dropped: 'dark',
} as const;

/** A company's improvement plan: proposals, items with per-visit progress, movement, goals. */
export function ImprovementPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const overview = useImprovement(orgId);
  const remove = useDeleteAction(orgId);
  const [editing, setEditing] = useState<Action | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [recording, setRecording] = useState<Action | null>(null);
  const [deleting, setDeleting] = useState<Action | null>(null);

  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: improvementKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (
        e.event === 'improvement.changed' ||
        e.event === 'risks.changed' ||
        e.event.startsWith('assessment')
      )
        refresh();
    },
    refresh,
  );
  const openForm = (action: Action | null) => {
    setEditing(action);
    setFormOpen(true);
  };
  const visit = (n: number | null) => (n === null ? dash : t('improvement.visitLabel', { n }));

  return (
    <Page
      title={t('improvement.title')}
      description={org.data?.name}
      actions={<Button onClick={() => openForm(null)}>{t('improvement.newAction')}</Button>}
    >
      <Section id="improvement-plan" title={t('improvement.planTitle')}>
        <QueryState query={overview}>
          {({ actions }) =>
            actions.length === 0 ? (
              <EmptyNote>{t('improvement.none')}</EmptyNote>
            ) : (
              <Table.ScrollContainer minWidth={980}>
                <Table striped highlightOnHover verticalSpacing="xs" data-testid="action-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('improvement.fields.title')}</Table.Th>
                      <Table.Th>{t('improvement.fields.source')}</Table.Th>
                      <Table.Th>{t('improvement.fields.owner')}</Table.Th>
                      <Table.Th>{t('improvement.fields.dueOn')}</Table.Th>
                      <Table.Th>{t('improvement.fields.effort')}</Table.Th>
                      <Table.Th>{t('improvement.fields.status')}</Table.Th>
                      <Table.Th>{t('improvement.fields.agreedVisit')}</Table.Th>
                      <Table.Th>{t('improvement.fields.checkedVisit')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {actions.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td>
                          <Stack gap={2}>
                            <Text fw={600}>{a.title}</Text>
                            {a.detail && (
                              <Text size="xs" c="dimmed" lineClamp={2}>
                                {a.detail}
                              </Text>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={2}>
                            <Badge variant="light">
                              {t(`improvement.sources.${a.source.kind}`)}
                            </Badge>
                            {a.source.label && (
                              <Text size="xs" c="dimmed">
                                {a.source.label}
                              </Text>
                            )}
                          </Stack>
                        </Table.Td>
                        <Table.Td>{a.ownerName ?? dash}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {a.dueOn ? fmt.calendarDate(a.dueOn) : dash}
                        </Table.Td>
                        <Table.Td>
                          {a.effort ? t(`improvement.efforts.${a.effort}`) : dash}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={statusColors[a.status]}>
                            {t(`improvement.statuses.${a.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{visit(a.agreedVisit)}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {visit(a.checkedVisit)}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button
                              size="compact-sm"
                              variant="light"
                              onClick={() => setRecording(a)}
                            >
                              {t('improvement.recordProgress')}
                            </Button>
                            <Button size="compact-sm" variant="subtle" onClick={() => openForm(a)}>
                              {t('improvement.edit')}
                            </Button>
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              color="red"
                              onClick={() => setDeleting(a)}
                            >
                              {t('improvement.delete')}
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
      </Section>
      <ProposalsPanel orgId={orgId} />
      {overview.data && <ProgressPanel progress={overview.data.progress} />}
      <MovementPanel orgId={orgId} />
      <GoalsPanel orgId={orgId} />
      <SecurityActionPanel orgId={orgId} />
      <ActionFormModal
        orgId={orgId}
        opened={formOpen}
        action={editing}
        onClose={() => setFormOpen(false)}
      />
      <ProgressModal orgId={orgId} action={recording} onClose={() => setRecording(null)} />
      <ConfirmRemovalDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        title={t('improvement.deleteTitle')}
        message={(a) => t('improvement.deleteBody', { title: a.title })}
        confirmLabel={t('improvement.delete')}
        mutation={remove}
        variables={(a) => a.id}
        successMessage={(a) => t('improvement.deleted', { title: a.title })}
      />
    </Page>
  );
}
