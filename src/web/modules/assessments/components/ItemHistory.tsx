import { Button, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionItem } from '../../../../contracts/assessments';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFormatters } from '../../../lib/use-formatters';
import { type AnswerHistoryEntry, useItemHistory } from '../api/assessments';
import { useLocalized } from './localized';

/** An answer value in words: choice labels instead of ids, file names instead of file records. */
function useDescribeValue(item: QuestionItem) {
  const { t } = useTranslation();
  const loc = useLocalized();
  return (entry: AnswerHistoryEntry): string => {
    if (entry.change === 'comment') return entry.comment ?? t('assessments.history.commentRemoved');
    if (entry.state === 'dont_know') return t('assessments.item.dontKnow');
    if (entry.state === 'not_applicable') return t('assessments.item.notApplicable');
    if (entry.state === null || entry.value === null) return t('assessments.history.cleared');
    const value = entry.value;
    const choiceLabel = (id: string) => {
      if (item.type !== 'single' && item.type !== 'multiple') return id;
      const choice = item.choices.find((c) => c.id === id);
      return choice ? loc(choice.label) : id;
    };
    if (item.type === 'ynp' && (value === 'yes' || value === 'partial' || value === 'no'))
      return t(`assessments.ynp.${value}`);
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return choiceLabel(value);
    return value
      .map((v) => (typeof v === 'string' ? choiceLabel(v) : v.name))
      .join(t('assessments.history.separator'));
  };
}

/** The item's change history, loaded when opened. */
export function ItemHistory({
  orgId,
  assessmentId,
  item,
}: {
  orgId: string;
  assessmentId: string;
  item: QuestionItem;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [open, setOpen] = useState(false);
  const history = useItemHistory(orgId, assessmentId, item.id, open);
  const describe = useDescribeValue(item);
  return (
    <Stack gap="xs">
      <Button
        size="xs"
        variant="subtle"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        style={{ alignSelf: 'flex-start' }}
      >
        {open ? t('assessments.history.hide') : t('assessments.history.show')}
      </Button>
      {open && history.isPending && <Loader size="xs" />}
      {open && history.error && <ErrorAlert error={history.error} />}
      {open && history.data && history.data.entries.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('assessments.history.empty')}
        </Text>
      )}
      {open && history.data && history.data.entries.length > 0 && (
        <Timeline bulletSize={10} lineWidth={1} data-testid="item-history">
          {history.data.entries.map((entry, i) => (
            <Timeline.Item
              key={i}
              title={
                <Text size="xs" fw={600}>
                  {t(`assessments.history.change.${entry.change}`, {
                    name: entry.changedBy?.name ?? '—',
                  })}
                </Text>
              }
            >
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {describe(entry)}
              </Text>
              <Text size="xs" c="dimmed">
                {fmt.dateTime(entry.changedAt)}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}
