import {
  Button,
  FileInput,
  Group,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { isApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { useImportAssets } from '../api/assets';

const importIssues = z.object({
  issues: z.array(
    z.object({
      path: z.array(z.union([z.string(), z.number()])),
      message: z.string(),
      row: z.number().optional(),
      column: z.string().optional(),
    }),
  ),
  totalIssues: z.number().optional(),
});

/** The row and column of each problem in a refused file, as the server reported them. */
function issuesOf(error: unknown) {
  if (!isApiError(error) || error.code !== 'validation_failed') return null;
  const parsed = importIssues.safeParse(error.details);
  if (!parsed.success || parsed.data.issues.length === 0) return null;
  return {
    total: parsed.data.totalIssues ?? parsed.data.issues.length,
    rows: parsed.data.issues.map((i) => ({
      row: i.row !== undefined ? String(i.row) : i.path[0] === undefined ? null : String(i.path[0]),
      column: i.column ?? (i.path[1] === undefined ? null : String(i.path[1])),
      message: i.message,
    })),
  };
}

/** Imports a CSV or Excel file into the inventory, all or nothing. */
export function AssetImport({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const importer = useImportAssets(orgId);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'add' | 'update'>('add');
  const [progress, setProgress] = useState(0);
  const issues = issuesOf(importer.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setProgress(0);
    importer.mutate(
      { file, mode, onProgress: setProgress },
      {
        onSuccess: (r) => {
          setFile(null);
          notifySuccess(
            t('assets.import.done', {
              created: fmt.number(r.created),
              updated: fmt.number(r.updated),
              links: fmt.number(r.links),
            }),
          );
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('assets.import.title')}>
      <Stack gap="xs">
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label={t('assets.import.file')}
            description={t('assets.import.fileHelp')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={setFile}
            clearable
            w={{ base: '100%', sm: 320 }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="assets-import-mode">
              {t('assets.import.mode')}
            </Text>
            <SegmentedControl
              aria-labelledby="assets-import-mode"
              value={mode}
              onChange={(v) => setMode(v === 'update' ? 'update' : 'add')}
              data={[
                { value: 'add', label: t('assets.import.modes.add') },
                { value: 'update', label: t('assets.import.modes.update') },
              ]}
            />
          </Stack>
          <Button type="submit" disabled={!file} loading={importer.isPending}>
            {t('assets.import.submit')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t(`assets.import.modeHelp.${mode}`)}
        </Text>
        {importer.isPending && (
          <Progress
            value={Math.round(progress * 100)}
            animated
            aria-label={t('assets.import.uploading')}
          />
        )}
        {importer.isError &&
          (issues ? (
            <Stack gap={4} role="alert">
              <Text c="red" fw={600} size="sm">
                {t('assets.import.refused', { n: fmt.number(issues.total) })}
              </Text>
              <Table.ScrollContainer minWidth={480}>
                <Table striped withTableBorder verticalSpacing={4}>
                  <Table.Caption>{t('assets.import.issuesCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('assets.import.row')}</Table.Th>
                      <Table.Th>{t('assets.import.column')}</Table.Th>
                      <Table.Th>{t('assets.import.problem')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {issues.rows.map((i, n) => (
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
