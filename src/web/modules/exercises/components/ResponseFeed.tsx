import { Badge, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InjectContentView } from '../../../../contracts/exercises';
import { useFormatters } from '../../../lib/use-formatters';
import type { ResponseItem } from '../api/exercises';
import { formatClockTime } from '../lib';
import { useLt } from '../hooks';
import { EmptyNote } from '../../../components/EmptyNote';

/** Every answer and decision as it arrives, newest first. */
export function ResponseFeed({
  responses,
  injects,
  height = 520,
}: {
  responses: readonly ResponseItem[];
  injects: readonly InjectContentView[];
  height?: number;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const fmt = useFormatters();
  const sorted = [...responses].sort((a, b) => b.seq - a.seq);
  if (sorted.length === 0) return <EmptyNote>{t('exercises.responses.none')}</EmptyNote>;
  return (
    <ScrollArea.Autosize mah={height}>
      <Stack gap="xs" data-testid="response-feed">
        {sorted.map((r) => {
          const inject = injects.find((i) => i.id === r.injectId);
          const question = inject?.questions.find((q) => q.id === r.questionId);
          const option = question?.options?.find((o) => o.id === r.optionId);
          return (
            <Paper key={r.id} withBorder p="xs" radius="sm" data-testid="response-item">
              <Group gap="xs" justify="space-between" wrap="nowrap">
                <Group gap="xs">
                  <Badge size="sm" variant="light">
                    {t(`exercises.roles.${r.role}`)}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {r.participantName ?? t('exercises.responses.recordedInRoom')}
                  </Text>
                  {r.kind === 'decision' && (
                    <Badge size="sm" color="orange" variant="light">
                      {t('exercises.responses.decision')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {formatClockTime(r.createdAt, fmt.locale, fmt.timeZone)}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" mt={2}>
                {inject ? lt(inject.title) : r.injectId}
                {question ? ` — ${lt(question.text)}` : ''}
              </Text>
              {option && (
                <Text size="sm" fw={600}>
                  {lt(option.label)}
                </Text>
              )}
              {r.text && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {r.text}
                </Text>
              )}
            </Paper>
          );
        })}
      </Stack>
    </ScrollArea.Autosize>
  );
}
