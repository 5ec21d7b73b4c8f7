import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  documentFormats,
  documentKindSchema,
  type DocumentDetailView,
  type DocumentKind,
} from '../../../../contracts/documents';
import { isApiError } from '../../../api/client';
import { useLiveEvents } from '../../../api/live';
import { EmptyNote } from '../../../components/EmptyNote';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { PageLoader } from '../../../components/PageLoader';
import { useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import {
  documentKeys,
  downloadUrl,
  useDocument,
  useDocumentAction,
  useDocumentComment,
  type DocumentLanguage,
  type DocumentSubject,
} from '../api/documents';
import { SectionCard } from '../components/SectionCard';
import { StatusBadge } from '../components/StatusBadge';
import { VersionsPanel } from '../components/VersionsPanel';

function Checklist({ doc }: { doc: DocumentDetailView }) {
  const { t } = useTranslation();
  if (doc.checklist.length === 0) return <EmptyNote>{t('documents.checklistEmpty')}</EmptyNote>;
  const color = {
    missing: 'orange',
    warning: 'red',
    empty: 'orange',
    stale: 'yellow',
    orphaned: 'gray',
  };
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('documents.checklistIntro')}
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table striped verticalSpacing="xs" data-testid="document-checklist">
          <Table.Tbody>
            {doc.checklist.map((e, i) => (
              <Table.Tr key={i}>
                <Table.Td w={140}>
                  <Badge color={color[e.type]} variant="light">
                    {t(`documents.checklistTypes.${e.type}`)}
                  </Badge>
                </Table.Td>
                <Table.Td w="30%">
                  {e.sectionKey && e.type !== 'orphaned' ? (
                    <Anchor href={`#section-${e.sectionKey}`}>{e.heading}</Anchor>
                  ) : (
                    e.heading
                  )}
                </Table.Td>
                <Table.Td>{e.text}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {doc.orphanedOverrides.length > 0 && (
        <Card withBorder padding="sm">
          <Text fw={600} size="sm" mb={6}>
            {t('documents.orphanedTitle')}
          </Text>
          {doc.orphanedOverrides.map((o) => (
            <Text key={o.sectionKey} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {o.sectionKey}: {o.text}
            </Text>
          ))}
        </Card>
      )}
    </Stack>
  );
}

function Viewer({
  orgId,
  kind,
  language,
  subject,
  doc,
  onViewVersion,
}: {
  orgId: string;
  kind: DocumentKind;
  language: DocumentLanguage;
  subject: DocumentSubject;
  doc: DocumentDetailView;
  onViewVersion: (version: number | null) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const me = useSession();
  const action = useDocumentAction(orgId, kind, language, subject);
  const [approving, setApproving] = useState(false);
  const isLatest = doc.version.version === doc.latestVersion;
  const version = doc.version;
  const states = new Map(doc.sections.map((s) => [s.key, s]));
  const empty = new Set(doc.checklist.filter((e) => e.type === 'empty').map((e) => e.sectionKey));

  const comment = useDocumentComment(orgId, kind, language, subject);
  const outcome = <T,>(promise: Promise<T>, success: (result: T) => string) =>
    promise
      .then((result) => {
        notifySuccess(success(result));
        return true;
      })
      .catch((err: unknown) => {
        notifyError(err);
        return false;
      });
  const run = (
    input: Parameters<typeof action.mutateAsync>[0],
    success: (result: Awaited<ReturnType<typeof action.mutateAsync>>) => string,
  ) => outcome(action.mutateAsync(input), success);

  const transition = (type: 'submit' | 'return' | 'approve', message: string) =>
    run({ type, version: version.version }, () => message);

  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Title order={2} fz="xl">
              {doc.document.title}
            </Title>
            {doc.document.subtitle && <Text c="dimmed">{doc.document.subtitle}</Text>}
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {t('documents.versionLabel', { version: version.version })}
              </Text>
              <StatusBadge status={version.status} />
              {version.status === 'in_review' && version.submittedBy && version.submittedAt && (
                <Text size="xs" c="dimmed">
                  {t('documents.submittedBy', {
                    name: version.submittedBy.name,
                    date: fmt.dateTime(version.submittedAt),
                  })}
                </Text>
              )}
              {version.approvedBy && version.approvedAt && (
                <Text size="xs" c="dimmed">
                  {t('documents.approvedBy', {
                    name: version.approvedBy.name,
                    date: fmt.dateTime(version.approvedAt),
                  })}
                </Text>
              )}
            </Group>
          </Stack>
          <Group gap="xs">
            {isLatest && version.status === 'draft' && (
              <Button
                loading={action.isPending}
                onClick={() => void transition('submit', t('documents.submitted'))}
              >
                {t('documents.submit')}
              </Button>
            )}
            {isLatest && version.status === 'in_review' && (
              <>
                {me.memberships.some(
                  (m) => m.organizationId === orgId && m.role === 'company_admin',
                ) ? (
                  <Button color="teal" onClick={() => setApproving(true)}>
                    {t('documents.approve')}
                  </Button>
                ) : (
                  <Text size="xs" c="dimmed" maw={200}>
                    {t('documents.approveHint')}
                  </Text>
                )}
                <Button
                  variant="default"
                  loading={action.isPending}
                  onClick={() => void transition('return', t('documents.returned'))}
                >
                  {t('documents.returnToDraft')}
                </Button>
              </>
            )}
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="light">{t('documents.download')}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                {documentFormats.map((format) => (
                  <Menu.Item
                    key={format}
                    component="a"
                    href={downloadUrl(orgId, kind, language, format, version.version, subject)}
                    download
                  >
                    {t(`documents.formats.${format}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </Card>

      {!isLatest && (
        <Alert color="blue" variant="light">
          <Group justify="space-between">
            <Text size="sm">{t('documents.viewingOld', { version: version.version })}</Text>
            <Button size="xs" variant="light" onClick={() => onViewVersion(null)}>
              {t('documents.showLatest')}
            </Button>
          </Group>
        </Alert>
      )}

      <Tabs defaultValue="document" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="document">{t('documents.tabs.document')}</Tabs.Tab>
          <Tabs.Tab value="checklist">
            {t('documents.tabs.checklist', { count: doc.checklist.length })}
          </Tabs.Tab>
          <Tabs.Tab value="versions">{t('documents.tabs.versions')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="document" pt="md">
          <Stack gap="sm">
            <Card
              withBorder
              radius="md"
              padding="md"
              component="section"
              aria-label={t('documents.cover')}
            >
              <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
                <Table.Tbody>
                  {doc.document.cover.map((c, i) => (
                    <Table.Tr key={i}>
                      <Table.Th w="30%" bg="gray.0">
                        {c.label}
                      </Table.Th>
                      <Table.Td>{c.value}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            {doc.document.sections.map((section) => (
              <SectionCard
                key={section.key}
                section={section}
                state={states.get(section.key)}
                empty={empty.has(section.key)}
                comments={doc.comments.filter((c) => c.sectionKey === section.key)}
                canChange={isLatest}
                busy={action.isPending || comment.isPending}
                onSave={(text) =>
                  run(
                    {
                      type: 'edit',
                      body: { baseVersion: version.version, sectionKey: section.key, text },
                    },
                    (ref) =>
                      ref.created
                        ? t('documents.saved', { version: ref.version })
                        : t('documents.noChange'),
                  )
                }
                onComment={(body) =>
                  outcome(
                    comment.mutateAsync({
                      version: version.version,
                      sectionKey: section.key,
                      body,
                    }),
                    () => t('documents.commented'),
                  )
                }
              />
            ))}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="checklist" pt="md">
          <Checklist doc={doc} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <VersionsPanel
            orgId={orgId}
            kind={kind}
            language={language}
            subject={subject}
            versions={doc.versions}
            onView={(v) => onViewVersion(v === doc.latestVersion ? null : v)}
          />
        </Tabs.Panel>
      </Tabs>

      <Modal
        opened={approving}
        onClose={() => setApproving(false)}
        title={t('documents.approve')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Text size="sm">{t('documents.approveConfirm', { version: version.version })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setApproving(false)}>
              {t('documents.cancel')}
            </Button>
            <Button
              color="teal"
              loading={action.isPending}
              data-autofocus
              onClick={() =>
                void transition('approve', t('documents.approved')).then(() => setApproving(false))
              }
            >
              {t('documents.approve')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** One document of a company in one language: viewer, editing, review and approval, versions. */
export function DocumentPage() {
  const { t } = useTranslation();
  const params = useParams();
  const orgId = params.orgId ?? '';
  const parsedKind = documentKindSchema.safeParse(params.kind);
  const [search, setSearch] = useSearchParams();
  const language: DocumentLanguage = search.get('language') === 'en' ? 'en' : 'ja';
  const versionParam = Number(search.get('version'));
  const version = Number.isInteger(versionParam) && versionParam > 0 ? versionParam : null;
  const kind: DocumentKind = parsedKind.success ? parsedKind.data : 'csirt-description';
  // Exercise documents belong to one exercise, named in the address.
  const subject: DocumentSubject = search.get('subject');
  const org = useOrganization(orgId);
  const doc = useDocument(orgId, kind, language, version, subject);
  const generate = useDocumentAction(orgId, kind, language, subject);
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: documentKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'documents.changed') refresh();
    },
    refresh,
  );

  const setParams = (next: { language?: DocumentLanguage; version?: number | null }) => {
    const p = new URLSearchParams(search);
    if (next.language) p.set('language', next.language);
    if (next.version === null) p.delete('version');
    else if (next.version !== undefined) p.set('version', String(next.version));
    setSearch(p);
  };

  if (!parsedKind.success) {
    return (
      <Page title={t('documents.title')}>
        <EmptyNote>{t('documents.unavailable')}</EmptyNote>
      </Page>
    );
  }

  const notGenerated = doc.isError && isApiError(doc.error) && doc.error.status === 404;
  const onGenerate = () =>
    generate.mutate(
      { type: 'generate' },
      {
        onSuccess: (ref) => {
          notifySuccess(
            ref.created
              ? t('documents.generated', { version: ref.version })
              : t('documents.unchanged'),
          );
          setParams({ version: null });
        },
        onError: notifyError,
      },
    );

  return (
    <Page
      title={t(`documents.kinds.${kind}`)}
      description={
        <Group gap="md" component="span">
          <Anchor component={Link} to={`/companies/${orgId}/documents`}>
            {org.data?.name ?? t('documents.title')}
          </Anchor>
          {subject && (
            <Anchor component={Link} to={`/companies/${orgId}/exercises/${subject}`}>
              {t('documents.backToExercise')}
            </Anchor>
          )}
        </Group>
      }
      actions={
        <>
          <SegmentedControl
            aria-label={t('documents.columns.language')}
            value={language}
            onChange={(v) => setParams({ language: v === 'en' ? 'en' : 'ja', version: null })}
            data={[
              { value: 'ja', label: t('documents.languages.ja') },
              { value: 'en', label: t('documents.languages.en') },
            ]}
          />
          <Button variant="default" loading={generate.isPending} onClick={onGenerate}>
            {notGenerated ? t('documents.generate') : t('documents.regenerate')}
          </Button>
        </>
      }
    >
      {doc.isPending ? (
        <PageLoader />
      ) : notGenerated ? (
        <EmptyNote>{t('documents.notGenerated')}</EmptyNote>
      ) : doc.isError ? (
        <ErrorAlert error={doc.error} onRetry={() => void doc.refetch()} />
      ) : (
        <Viewer
          orgId={orgId}
          kind={kind}
          language={language}
          subject={subject}
          doc={doc.data}
          onViewVersion={(v) => setParams({ version: v })}
        />
      )}
    </Page>
  );
}
