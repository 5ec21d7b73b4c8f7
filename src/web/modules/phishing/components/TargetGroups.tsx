import {
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { fieldErrorsOf, isApiError } from '../../../api/client';
import { EmptyNote } from '../../../components/EmptyNote';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCreateGroup,
  useImportTargets,
  useTargetGroups,
  type TargetGroup,
} from '../api/phishing';

const importIssues = z.object({
  issues: z.array(
    z.object({
      path: z.array(z.union([z.string(), z.number()])),
      message: z.string(),
    }),
  ),
});

/** The row and column of each problem in a refused file, as the server reported them. */
function issuesOf(error: unknown) {
  if (!isApiError(error) || error.code !== 'validation_failed') return [];
  const parsed = importIssues.safeParse(error.details);
  if (!parsed.success) return [];
  return parsed.data.issues.map((i) => ({
    row: i.path[0] === undefined ? null : String(i.path[0]),
    column: i.path[1] === undefined ? null : String(i.path[1]),
    message: i.message,
  }));
}

function ImportForm({ orgId, group }: { orgId: string; group: TargetGroup }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const importer = useImportTargets(orgId);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const issues = issuesOf(importer.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setProgress(0);
    importer.mutate(
      { groupId: group.id, file, onProgress: setProgress },
      {
        onSuccess: (r) => {
          setFile(null);
          notifySuccess(
            t('phishing.groups.imported', {
              n: fmt.number(r.imported),
              created: fmt.number(r.created),
              updated: fmt.number(r.updated),
              duplicates: fmt.number(r.duplicatesInFile),
            }),
          );
        },
      },
    );
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={t('phishing.groups.importInto', { name: group.name })}
    >
      <Stack gap="xs">
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label={t('phishing.groups.file')}
            description={t('phishing.groups.fileHelp')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            clearable
            w={{ base: '100%', sm: 360 }}
          />
          <Button type="submit" disabled={!file} loading={importer.isPending}>
            {t('phishing.groups.import')}
          </Button>
        </Group>
        {importer.isPending && (
          <Progress
            value={Math.round(progress * 100)}
            animated
            aria-label={t('phishing.groups.uploading')}
          />
        )}
        {importer.isError &&
          (issues.length > 0 ? (
            <Stack gap={4} role="alert">
              <Text c="red" fw={600} size="sm">
                {t('phishing.groups.refused', { n: issues.length })}
              </Text>
              <Table.ScrollContainer minWidth={480}>
                <Table striped withTableBorder verticalSpacing={4}>
                  <Table.Caption>{t('phishing.groups.issuesCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('phishing.groups.row')}</Table.Th>
                      <Table.Th>{t('phishing.groups.column')}</Table.Th>
                      <Table.Th>{t('phishing.groups.problem')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {issues.map((i, n) => (
                      <Table.Tr key={n}>
                        <Table.Td>{i.row ?? t('common.none')}</Table.Td>
                        <Table.Td>{i.column ?? t('common.none')}</Table.Td>
                        <Table.Td>{i.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          ) : (
            <ErrorAlert error={importer.error} />
          ))}
      </Stack>
    </form>
  );
}

function CreateGroupForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const create = useCreateGroup(orgId);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const serverErrors = fieldErrorsOf(create.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(t('validation.required'));
      return;
    }
    setError(undefined);
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (g) => {
          setName('');
          notifySuccess(t('phishing.groups.created', { name: g.name }));
        },
      },
    );
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-new-group">
      <Stack gap="xs">
        <Title order={3} fz="md" id="phishing-new-group">
          {t('phishing.groups.new')}
        </Title>
        <FormError error={create.error} shownFields={['name']} />
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('phishing.groups.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error ?? serverErrors.name}
            w={{ base: '100%', sm: 320 }}
          />
          <Button type="submit" mt={{ base: 0, sm: 25 }} loading={create.isPending}>
            {t('phishing.groups.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Target groups: who receives the training mails, imported from CSV or Excel. */
export function TargetGroups({ orgId, canAdmin }: { orgId: string; canAdmin: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const groups = useTargetGroups(orgId);
  return (
    <Stack gap="lg">
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="phishing-groups"
      >
        <Stack>
          <Title order={2} fz="lg" id="phishing-groups">
            {t('phishing.groups.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('phishing.groups.intro')}
          </Text>
          <QueryState query={groups}>
            {(list) =>
              list.length === 0 ? (
                <EmptyNote>{t('phishing.groups.none')}</EmptyNote>
              ) : (
                <Stack gap="md">
                  {list.map((g) => (
                    <Card key={g.id} withBorder radius="sm" padding="md">
                      <Stack gap="xs">
                        <Group justify="space-between">
                          <Title order={3} fz="md">
                            {g.name}
                          </Title>
                          <Text size="sm" c="dimmed">
                            {t('phishing.groups.count', { n: fmt.number(g.targetCount) })} ·{' '}
                            {fmt.date(g.createdAt)}
                          </Text>
                        </Group>
                        {canAdmin && <ImportForm orgId={orgId} group={g} />}
                      </Stack>
                    </Card>
                  ))}
                </Stack>
              )
            }
          </QueryState>
          {canAdmin && <CreateGroupForm orgId={orgId} />}
        </Stack>
      </Card>
    </Stack>
  );
}
