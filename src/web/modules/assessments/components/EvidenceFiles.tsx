import { ActionIcon, Anchor, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { evidenceFileList, type QuestionItem } from '../../../../contracts/assessments';
import { apiRequest, uploadFile } from '../../../api/client';
import { notifyError } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { assessmentKeys } from '../api/assessments';

export interface StoredFile {
  name: string;
  mediaType: string;
  sizeBytes: number;
  fileId?: string;
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg,.jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'text/plain': '.txt',
};

/** Supporting files on an item of any other type: every kind, 10 MB each, 5 files (as the server). */
const SUPPORTING = { accept: Object.keys(EXTENSIONS), maxSizeBytes: 10 * 1024 * 1024, maxFiles: 5 };

/**
 * The files attached to an item: upload (type- and size-checked by the server), download, remove.
 * On an evidence item they are the answer; on any other item they back the answer up.
 */
export function EvidenceFiles({
  orgId,
  assessmentId,
  item,
  title,
  files,
  disabled,
}: {
  orgId: string;
  assessmentId: string;
  item: QuestionItem;
  /** Shown on evidence items, where the files are the question's answer. */
  title?: string;
  files: StoredFile[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const queryClient = useQueryClient();
  const base = `/api/orgs/${orgId}/assessments/${assessmentId}/answers/${item.id}/files`;
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: assessmentKeys.one(orgId, assessmentId) });
  const upload = useMutation({
    mutationFn: (file: File) =>
      uploadFile(`${base}?name=${encodeURIComponent(file.name)}`, file, evidenceFileList),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (fileId: string) =>
      apiRequest(`${base}/${fileId}`, { method: 'DELETE', schema: evidenceFileList }),
    onSettled: refresh,
  });
  const limits = item.type === 'evidence' ? item : SUPPORTING;
  const accept = limits.accept.map((m) => EXTENSIONS[m] ?? m).join(',');
  const maxMb = Math.floor(Math.min(limits.maxSizeBytes, 10 * 1024 * 1024) / 1024 / 1024);
  // A locked item with no files has nothing to show.
  if (title === undefined && disabled && files.length === 0) return null;

  return (
    <Stack gap={6} data-testid="item-files">
      {title !== undefined ? (
        <Text fw={600}>{title}</Text>
      ) : (
        <Text size="sm" fw={500}>
          {t('assessmentFiles.evidence.supporting')}
        </Text>
      )}
      {!disabled && (
        <Text size="xs" c="dimmed">
          {t('assessmentFiles.evidence.help', { mb: maxMb, count: limits.maxFiles })}
        </Text>
      )}
      {files.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assessmentFiles.evidence.none')}
        </Text>
      ) : (
        <Stack gap={2}>
          {files.map((f, i) => (
            <Group key={f.fileId ?? i} gap="xs" wrap="nowrap">
              {f.fileId ? (
                <Anchor href={`${base}/${f.fileId}`} download={f.name} size="sm">
                  {f.name}
                </Anchor>
              ) : (
                <Text size="sm">{f.name}</Text>
              )}
              <Text size="xs" c="dimmed">
                {t('assessmentFiles.evidence.size', {
                  kb: fmt.number(Math.max(1, Math.round(f.sizeBytes / 1024))),
                })}
              </Text>
              {f.fileId && !disabled && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  aria-label={t('assessmentFiles.evidence.remove', { name: f.name })}
                  loading={remove.isPending && remove.variables === f.fileId}
                  onClick={() => remove.mutate(f.fileId!, { onError: notifyError })}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {!disabled && files.length < limits.maxFiles && (
        <FileButton
          accept={accept}
          onChange={(file) => file && upload.mutate(file, { onError: notifyError })}
        >
          {(props) => (
            <Button
              size="xs"
              variant="light"
              loading={upload.isPending}
              style={{ alignSelf: 'flex-start' }}
              {...props}
            >
              {t('assessmentFiles.evidence.upload')}
            </Button>
          )}
        </FileButton>
      )}
    </Stack>
  );
}
