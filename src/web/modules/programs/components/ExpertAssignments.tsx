import { Button, Group, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmRemovalDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useAssignExpert,
  useAssignments,
  useExperts,
  useUnassignExpert,
  type ExpertAssignment,
} from '../api/assignments';

/** Which expert runs alongside which company in this program; operators assign and end assignments. */
export function ExpertAssignments({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const me = useSession();
  const operatorOrgId = me.memberships.find((m) => m.role === 'operator')?.organizationId;
  const assignments = useAssignments(programId);
  const experts = useExperts(operatorOrgId);
  const assign = useAssignExpert(programId);
  const unassign = useUnassignExpert(programId);
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [expertUserId, setExpertUserId] = useState<string | null>(null);
  const [ending, setEnding] = useState<ExpertAssignment | null>(null);
  const headingId = `assignments-${programId}`;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!companyId || !expertUserId) return;
    assign.mutate(
      { companyId, expertUserId },
      {
        onSuccess: (a) =>
          notifySuccess(
            t('assignments.assigned', { expert: a.expertName, company: a.companyName }),
          ),
      },
    );
  };

  return (
    <Stack component="section" aria-labelledby={headingId}>
      <Title order={3} fz="md" id={headingId}>
        {t('assignments.title')}
      </Title>
      <QueryState query={assignments}>
        {(list) =>
          list.length === 0 ? (
            <EmptyNote>{t('assignments.none')}</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assignments.company')}</Table.Th>
                    <Table.Th>{t('assignments.expert')}</Table.Th>
                    <Table.Th>{t('assignments.since')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{a.companyName}</Table.Td>
                      <Table.Td>{a.expertName}</Table.Td>
                      <Table.Td>{fmt.dateTime(a.assignedAt)}</Table.Td>
                      <Table.Td ta="right">
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          aria-label={t('assignments.endNamed', {
                            expert: a.expertName,
                            company: a.companyName,
                          })}
                          onClick={() => setEnding(a)}
                        >
                          {t('assignments.end')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <form onSubmit={onSubmit} aria-label={t('assignments.assignTitle')}>
        <Stack gap="xs">
          <FormError error={assign.error} shownFields={[]} />
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t('assignments.company')}
              data={me.companies.map((c) => ({ value: c.id, label: c.name }))}
              value={companyId}
              onChange={setCompanyId}
              searchable
              w={{ base: '100%', sm: 260 }}
            />
            <Select
              label={t('assignments.expert')}
              data={(experts.data ?? []).map((x) => ({ value: x.userId, label: x.name }))}
              value={expertUserId}
              onChange={setExpertUserId}
              nothingFoundMessage={t('assignments.noExperts')}
              w={{ base: '100%', sm: 220 }}
            />
            <Button type="submit" loading={assign.isPending} disabled={!companyId || !expertUserId}>
              {t('assignments.assign')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            {t('assignments.hint')}
          </Text>
        </Stack>
      </form>
      <ConfirmRemovalDialog
        target={ending}
        onClose={() => setEnding(null)}
        title={t('assignments.endTitle')}
        message={(a) =>
          t('assignments.endConfirm', { expert: a.expertName, company: a.companyName })
        }
        confirmLabel={t('assignments.end')}
        mutation={unassign}
        variables={(a) => a.id}
        successMessage={() => t('assignments.ended')}
      />
    </Stack>
  );
}
