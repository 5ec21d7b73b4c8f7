import { Anchor, Button, Group, Modal, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useAssessments, useCreateAssessment, useQuestionSets } from '../api/assessments';
import { useLocalized } from '../components/localized';
import { StatusBadge } from '../components/StatusBadge';

function NewAssessmentForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const fmt = useFormatters();
  const navigate = useNavigate();
  const sets = useQuestionSets();
  const assessments = useAssessments(orgId);
  const create = useCreateAssessment(orgId);
  const [setId, setSetId] = useState<string | null>(null);
  const [baselineId, setBaselineId] = useState<string | null>(null);
  const baselines = (assessments.data ?? []).filter(
    (a) => a.questionSet.id === setId && (a.status === 'submitted' || a.status === 'reviewed'),
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!setId) return;
        create.mutate(
          { questionSetId: setId, ...(baselineId ? { baselineAssessmentId: baselineId } : {}) },
          {
            onSuccess: (a) => {
              onClose();
              void navigate(`/companies/${orgId}/assessments/${a.id}`);
            },
          },
        );
      }}
    >
      <Stack>
        <Select
          label={t('assessments.new.questionSet')}
          required
          data={(sets.data ?? []).map((s) => ({ value: s.id, label: loc(s.title) }))}
          value={setId}
          onChange={(v) => {
            setSetId(v);
            setBaselineId(null);
          }}
          comboboxProps={{ withinPortal: true }}
        />
        {setId && (
          <Text size="sm" c="dimmed">
            {(() => {
              const s = sets.data?.find((x) => x.id === setId);
              return s?.description ? loc(s.description) : null;
            })()}
          </Text>
        )}
        <Select
          label={t('assessments.new.baseline')}
          description={t('assessments.new.baselineHelp')}
          placeholder={t('assessments.new.noBaseline')}
          clearable
          disabled={baselines.length === 0}
          data={baselines.map((a) => ({
            value: a.id,
            label: `${a.label ?? loc(a.questionSet.title)} (${fmt.date(a.submittedAt ?? a.createdAt)})`,
          }))}
          value={baselineId}
          onChange={setBaselineId}
        />
        <FormError error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={!setId} loading={create.isPending}>
            {t('assessments.new.start')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AssessmentsPage() {
  const { orgId = '' } = useParams();
  const { t } = useTranslation();
  const loc = useLocalized();
  const fmt = useFormatters();
  const list = useAssessments(orgId);
  const [opened, { open, close }] = useDisclosure(false);

  return (
    <Page
      title={t('assessments.title')}
      description={t('assessments.intro')}
      actions={<Button onClick={open}>{t('assessments.new.button')}</Button>}
    >
      <QueryState query={list}>
        {(assessments) =>
          assessments.length === 0 ? (
            <EmptyNote>{t('assessments.none')}</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assessments.columns.questionSet')}</Table.Th>
                    <Table.Th>{t('assessments.columns.status')}</Table.Th>
                    <Table.Th>{t('assessments.columns.progress')}</Table.Th>
                    <Table.Th>{t('assessments.columns.updated')}</Table.Th>
                    <Table.Th>{t('assessments.columns.results')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {assessments.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/companies/${orgId}/assessments/${a.id}`}
                          fw={600}
                        >
                          {loc(a.questionSet.title)}
                        </Anchor>
                        {a.label && (
                          <Text size="xs" c="dimmed">
                            {a.label}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={a.status} />
                      </Table.Td>
                      <Table.Td miw={160}>
                        <Text size="xs">
                          {t('assessments.progress', {
                            answered: a.progress.answered,
                            visible: a.progress.visible,
                          })}
                        </Text>
                        <Progress
                          value={
                            a.progress.visible
                              ? (100 * a.progress.answered) / a.progress.visible
                              : 0
                          }
                          size="sm"
                          aria-hidden
                        />
                      </Table.Td>
                      <Table.Td>{fmt.dateTime(a.updatedAt)}</Table.Td>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/companies/${orgId}/assessments/${a.id}/results`}
                        >
                          {t('assessments.viewResults')}
                        </Anchor>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <Modal
        opened={opened}
        onClose={close}
        title={t('assessments.new.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <NewAssessmentForm orgId={orgId} onClose={close} />
      </Modal>
    </Page>
  );
}
