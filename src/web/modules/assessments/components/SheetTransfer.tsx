import { Alert, Button, FileButton, List } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { sheetImportResult } from '../../../../contracts/assessments';
import { isApiError, uploadFile } from '../../../api/client';
import { notifySuccess } from '../../../components/notify';
import { assessmentKeys } from '../api/assessments';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileIssues = z.object({
  issues: z.array(
    z.object({ row: z.number().optional(), column: z.string().optional(), message: z.string() }),
  ),
});

/** Export button for the offline answer sheet. */
export function SheetExportButton({
  orgId,
  assessmentId,
}: {
  orgId: string;
  assessmentId: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  return (
    <Button
      variant="default"
      component="a"
      href={`/api/orgs/${orgId}/assessments/${assessmentId}/sheet.xlsx?lang=${lang}`}
      download
    >
      {t('assessmentFiles.exportSheet')}
    </Button>
  );
}

export function useImportSheet(orgId: string, assessmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      uploadFile(`/api/orgs/${orgId}/assessments/${assessmentId}/sheet`, file, sheetImportResult, {
        contentType: XLSX,
      }),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: assessmentKeys.one(orgId, assessmentId) }),
  });
}

/** Import button for a filled answer sheet. */
export function SheetImportButton({ mutation }: { mutation: ReturnType<typeof useImportSheet> }) {
  const { t } = useTranslation();
  return (
    <FileButton
      accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      onChange={(file) =>
        file &&
        mutation.mutate(file, {
          onSuccess: (r) => notifySuccess(t('assessmentFiles.imported', r)),
        })
      }
    >
      {(props) => (
        <Button variant="default" loading={mutation.isPending} {...props}>
          {t('assessmentFiles.importSheet')}
        </Button>
      )}
    </FileButton>
  );
}

/** What a refused import named, row by row. */
export function SheetImportErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const details = isApiError(error) ? fileIssues.safeParse(error.details) : null;
  return (
    <Alert color="red" title={t('assessmentFiles.importFailed')}>
      {details?.success ? (
        <List size="sm">
          {details.data.issues.map((i, n) => (
            <List.Item key={n}>
              {i.row !== undefined &&
                (i.column
                  ? t('assessmentFiles.rowColumn', { row: i.row, column: i.column })
                  : t('assessmentFiles.row', { row: i.row }))}
              {i.row !== undefined && ': '}
              {i.message}
            </List.Item>
          ))}
        </List>
      ) : (
        isApiError(error) && error.message
      )}
    </Alert>
  );
}
