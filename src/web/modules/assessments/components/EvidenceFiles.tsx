import { ActionIcon, Anchor, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { evidenceFileList, type QuestionItem } from '../../../../contracts/assessments';
import { apiRequest, uploadFile } from '../../../api/client';
import { notifyError } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { assessmentKeys, type AnswerView } from '../api/assessments';

interface StoredFile {
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

/** The files attached to an evidence item: upload (type- and size-checked by the server), download, remove. */
export function EvidenceFiles({
  orgId,
  assessmentId,
  item,
  title,
  answer,
  disabled,
}: {
  orgId: string;
  assessmentId: string;
  title: string;
  item: Extract<QuestionItem, { type: 'evidence' }>;
  answer: AnswerView | undefined;
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
  const files =
    answer?.state === 'answered' && Array.isArray(answer.value)
      ? (answer.value as StoredFile[])
      : [];
  const accept = item.accept.map((m) => EXTENSIONS[m] ?? m).join(',');
  const maxMb = Math.floor(Math.min(item.maxSizeBytes, 10 * 1024 * 1024) / 1024 / 1024);

  return (
    <Stack gap={6}>
      <Text fw={600}>{title}</Text>
      <Text size="xs" c="dimmed">
        {t('assessmentFiles.evidence.help', { mb: maxMb, count: item.maxFiles })}
      </Text>
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
      {!disabled && files.length < item.maxFiles && (
        <FileButton
          accept={accept}
          onChange={(file) => file && upload.mutate(file, { onError: notifyError })}
        >
          {(props) => (
            <Button size="xs" variant="light" loading={upload.isPending} {...props}>
              {t('assessmentFiles.evidence.upload')}
            </Button>
          )}
        </FileButton>
      )}
    </Stack>
  );
}
