import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { DocumentSummaryView } from '../../../../contracts/documents';
import { useLiveEvents } from '../../../api/live';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifyError, notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import { documentKeys, useDocumentAction, useDocumentList } from '../api/documents';
import { StatusBadge } from '../components/StatusBadge';

export const documentPath = (
  orgId: string,
  kind: string,
  language: string,
  subject: string | null = null,
) =>
  `/companies/${orgId}/documents/${kind}?language=${language}${subject ? `&subject=${subject}` : ''}`;

function GenerateButton({ orgId, row }: { orgId: string; row: DocumentSummaryView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const action = useDocumentAction(orgId, row.kind, row.language, row.subjectId);
  return (
    <Button
      size="xs"
      loading={action.isPending}
      disabled={!row.available}
      title={row.available ? undefined : t('documents.unavailable')}
      onClick={() =>
        action.mutate(
          { type: 'generate' },
          {
            onSuccess: (ref) => {
              notifySuccess(t('documents.generated', { version: ref.version }));
              void navigate(documentPath(orgId, row.kind, row.language, row.subjectId));
            },
            onError: notifyError,
          },
        )
      }
    >
      {t('documents.generate')}
    </Button>
  );
}

/** Every document of one company: each kind and language with its state. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const list = useDocumentList(orgId);
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: documentKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'documents.changed') refresh();
    },
    refresh,
  );

  return (
    <Page title={t('documents.title')} description={org.data?.name}>
      <Text size="sm" c="dimmed" maw={820}>
        {t('documents.intro')}
      </Text>
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="documents-list"
      >
        <Stack>
          <Title order={2} fz="lg" id="documents-list">
            {t('documents.listTitle')}
          </Title>
          <QueryState query={list}>
            {(rows) =>
              rows.length === 0 ? (
                <EmptyNote>{t('documents.none')}</EmptyNote>
              ) : (
                <Table.ScrollContainer minWidth={760}>
                  <Table striped highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('documents.columns.document')}</Table.Th>
                        <Table.Th>{t('documents.columns.language')}</Table.Th>
                        <Table.Th>{t('documents.columns.status')}</Table.Th>
                        <Table.Th>{t('documents.columns.version')}</Table.Th>
                        <Table.Th>{t('documents.columns.openItems')}</Table.Th>
                        <Table.Th>{t('documents.columns.updatedAt')}</Table.Th>
                        <Table.Th>{t('documents.columns.actions')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((row) => (
                        <Table.Tr
                          key={`${row.kind}/${row.language}/${row.subjectId ?? ''}`}
                          data-kind={row.kind}
                        >
                          <Table.Td>
                            {row.documentId ? (
                              <Anchor
                                component={Link}
                                to={documentPath(orgId, row.kind, row.language, row.subjectId)}
                              >
                                {t(`documents.kinds.${row.kind}`)}
                              </Anchor>
                            ) : (
                              t(`documents.kinds.${row.kind}`)
                            )}
                            {row.subjectId && row.subtitle && (
                              <Text size="xs" c="dimmed">
                                {row.subtitle}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{t(`documents.languages.${row.language}`)}</Table.Td>
                          <Table.Td>
                            <StatusBadge status={row.status} />
                          </Table.Td>
                          <Table.Td>
                            {row.latestVersion !== null
                              ? t('documents.versionLabel', { version: row.latestVersion })
                              : '—'}
                          </Table.Td>
                          <Table.Td>{row.documentId ? fmt.number(row.openItems) : '—'}</Table.Td>
                          <Table.Td>{row.updatedAt ? fmt.dateTime(row.updatedAt) : '—'}</Table.Td>
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              {row.documentId ? (
                                <Button
                                  size="xs"
                                  variant="light"
                                  component={Link}
                                  to={documentPath(orgId, row.kind, row.language, row.subjectId)}
                                >
                                  {t('documents.open')}
                                </Button>
                              ) : (
                                <GenerateButton orgId={orgId} row={row} />
                              )}
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
    </Page>
  );
}
