import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AnswerValue,
  QuestionItem,
  SaveAnswerRequest,
} from '../../../../contracts/assessments';
import { notifyError } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { useSaveAnswer, useSaveComment, type AnswerView } from '../api/assessments';
import { EvidenceFiles, type StoredFile } from './EvidenceFiles';
import { ItemHistory } from './ItemHistory';
import { useLocalized } from './localized';

const YNP = ['yes', 'partial', 'no'] as const;

/** The editable value of a text-like field, following the server's value unless being edited. */
function useFieldDraft(serverValue: string) {
  const [draft, setDraft] = useState(serverValue);
  const [seen, setSeen] = useState(serverValue);
  const [editing, setEditing] = useState(false);
  if (serverValue !== seen && !editing) {
    setSeen(serverValue);
    setDraft(serverValue);
  }
  return { draft, setDraft, setEditing };
}

function ValueInput({
  orgId,
  assessmentId,
  item,
  answer,
  disabled,
  onSave,
}: {
  orgId: string;
  assessmentId: string;
  item: QuestionItem;
  answer: AnswerView | undefined;
  disabled: boolean;
  onSave: (value: AnswerValue | null) => void;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const value = answer?.state === 'answered' ? answer.value : null;
  const textValue = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const field = useFieldDraft(textValue);
  const debounced = useDebouncedCallback((next: string) => {
    field.setEditing(false);
    if (item.type === 'number') {
      const n = Number(next);
      onSave(next.trim() === '' || Number.isNaN(n) ? null : n);
    } else onSave(next.trim() === '' ? null : next);
  }, 800);
  const title = loc(item.title);

  switch (item.type) {
    case 'scale':
      return (
        <Radio.Group
          label={title}
          readOnly={disabled}
          value={typeof value === 'number' ? String(value) : null}
          onChange={(v) => onSave(Number(v))}
        >
          <Stack gap={6} mt="xs">
            {item.levels.map((level, n) => (
              <Radio key={n} value={String(n)} label={`${n} — ${loc(level)}`} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'single':
      return (
        <Radio.Group
          label={title}
          readOnly={disabled}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onSave(v)}
        >
          <Stack gap={6} mt="xs">
            {item.choices.map((c) => (
              <Radio key={c.id} value={c.id} label={loc(c.label)} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      return (
        <Checkbox.Group
          label={title}
          readOnly={disabled}
          value={selected}
          onChange={(next) => {
            const exclusive = item.choices.filter((c) => c.exclusive).map((c) => c.id);
            const added = next.find((id) => !selected.includes(id));
            const cleaned =
              added && exclusive.includes(added)
                ? [added]
                : next.filter((id) => !exclusive.includes(id));
            onSave(cleaned.length > 0 ? cleaned : null);
          }}
        >
          <Stack gap={6} mt="xs">
            {item.choices.map((c) => (
              <Checkbox key={c.id} value={c.id} label={loc(c.label)} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    }
    case 'ynp':
      return (
        <Radio.Group
          label={title}
          readOnly={disabled}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onSave(v)}
        >
          <Group gap="lg" mt="xs">
            {YNP.map((v) => (
              <Radio key={v} value={v} label={t(`assessments.ynp.${v}`)} />
            ))}
          </Group>
        </Radio.Group>
      );
    case 'number':
      return (
        <NumberInput
          label={title}
          value={field.draft}
          min={item.min}
          max={item.max}
          allowDecimal={!item.integer}
          disabled={disabled}
          rightSection={item.unit ? <Text size="xs">{loc(item.unit)}</Text> : undefined}
          rightSectionWidth={item.unit ? 60 : undefined}
          maw={280}
          onChange={(v) => {
            const next = String(v);
            field.setEditing(true);
            field.setDraft(next);
            debounced(next);
          }}
        />
      );
    case 'date':
      return (
        <TextInput
          type="date"
          label={title}
          value={field.draft}
          disabled={disabled}
          maw={220}
          onChange={(e) => {
            field.setDraft(e.currentTarget.value);
            onSave(e.currentTarget.value || null);
          }}
        />
      );
    case 'text': {
      const onText = (next: string) => {
        field.setEditing(true);
        field.setDraft(next);
        debounced(next);
      };
      return item.multiline ? (
        <Textarea
          label={title}
          value={field.draft}
          maxLength={item.maxLength}
          disabled={disabled}
          autosize
          minRows={2}
          onChange={(e) => onText(e.currentTarget.value)}
        />
      ) : (
        <TextInput
          label={title}
          value={field.draft}
          maxLength={item.maxLength}
          disabled={disabled}
          onChange={(e) => onText(e.currentTarget.value)}
        />
      );
    }
    case 'evidence':
      return (
        <EvidenceFiles
          orgId={orgId}
          assessmentId={assessmentId}
          item={item}
          title={title}
          files={
            answer?.state === 'answered' && Array.isArray(value) ? (value as StoredFile[]) : []
          }
          disabled={disabled}
        />
      );
  }
}

/** One question: its answer input, "don't know" / "not applicable", who answered, a comment. */
export function ItemCard({
  orgId,
  assessmentId,
  item,
  answer,
  disabled,
  showGuidance,
  unanswered,
  files,
}: {
  orgId: string;
  assessmentId: string;
  item: QuestionItem;
  answer: AnswerView | undefined;
  /** Stored files backing the answer up (evidence items keep theirs in the answer). */
  files: StoredFile[];
  disabled: boolean;
  showGuidance: boolean;
  /** Flagged by a refused submission. */
  unanswered: boolean;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const fmt = useFormatters();
  const save = useSaveAnswer(orgId, assessmentId);
  const saveComment = useSaveComment(orgId, assessmentId);
  const comment = useFieldDraft(answer?.comment ?? '');
  const [commentOpen, setCommentOpen] = useState(false);

  const send = (body: SaveAnswerRequest) => {
    if (!disabled) save.mutate({ itemId: item.id, body }, { onError: notifyError });
  };
  const onSave = (value: AnswerValue | null) =>
    send(value === null ? { state: 'unanswered' } : { state: 'answered', value });
  const state = answer?.state ?? null;
  const toggle = (s: 'dont_know' | 'not_applicable') =>
    send(state === s ? { state: 'unanswered' } : { state: s });

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      id={`item-${item.id}`}
      data-item={item.id}
      style={unanswered && !state ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
    >
      <Stack gap="sm">
        {item.help && (
          <Text size="sm" c="dimmed">
            {loc(item.help)}
          </Text>
        )}
        <ValueInput
          orgId={orgId}
          assessmentId={assessmentId}
          item={item}
          answer={answer}
          disabled={disabled}
          onSave={onSave}
        />
        {item.type !== 'evidence' && (
          <EvidenceFiles
            orgId={orgId}
            assessmentId={assessmentId}
            item={item}
            files={files}
            disabled={disabled}
          />
        )}
        {showGuidance && item.guidance && (
          <Alert variant="light" color="indigo" title={t('assessments.item.guidance')} p="xs">
            <Text size="sm">{loc(item.guidance)}</Text>
          </Alert>
        )}
        <Group gap="xs" wrap="wrap">
          <Button
            size="xs"
            variant={state === 'dont_know' ? 'filled' : 'default'}
            color="yellow"
            aria-pressed={state === 'dont_know'}
            disabled={disabled}
            onClick={() => toggle('dont_know')}
          >
            {t('assessments.item.dontKnow')}
          </Button>
          <Button
            size="xs"
            variant={state === 'not_applicable' ? 'filled' : 'default'}
            color="gray"
            aria-pressed={state === 'not_applicable'}
            disabled={disabled}
            onClick={() => toggle('not_applicable')}
          >
            {t('assessments.item.notApplicable')}
          </Button>
          {state !== null && !disabled && (
            <Button size="xs" variant="subtle" onClick={() => send({ state: 'unanswered' })}>
              {t('assessments.item.clear')}
            </Button>
          )}
          {!disabled && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => setCommentOpen((o) => !o)}
              aria-expanded={commentOpen}
            >
              {answer?.comment
                ? t('assessments.item.editComment')
                : t('assessments.item.addComment')}
            </Button>
          )}
        </Group>
        {state === 'dont_know' && (
          <Text size="xs" c="yellow.9">
            {t('assessments.item.dontKnowNote')}
          </Text>
        )}
        {answer?.comment && !commentOpen && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            💬 {answer.comment}
          </Text>
        )}
        {commentOpen && (
          <Stack gap={4}>
            <Textarea
              label={t('assessments.item.comment')}
              value={comment.draft}
              autosize
              minRows={2}
              maxLength={4000}
              disabled={disabled}
              onChange={(e) => {
                comment.setEditing(true);
                comment.setDraft(e.currentTarget.value);
              }}
            />
            <Group justify="flex-end">
              <Button
                size="xs"
                disabled={disabled}
                loading={saveComment.isPending}
                onClick={() =>
                  saveComment.mutate(
                    { itemId: item.id, comment: comment.draft.trim() || null },
                    {
                      onSuccess: () => {
                        comment.setEditing(false);
                        setCommentOpen(false);
                      },
                      onError: notifyError,
                    },
                  )
                }
              >
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        )}
        <Text size="xs" c="dimmed" data-testid="answered-by">
          {save.isPending
            ? t('assessments.saving')
            : answer?.answeredBy && answer.answeredAt
              ? t('assessments.item.answeredBy', {
                  name: answer.answeredBy.name,
                  when: fmt.dateTime(answer.answeredAt),
                })
              : t('assessments.item.notAnswered')}
          {answer?.carriedOver ? ` · ${t('assessments.item.carriedOver')}` : ''}
        </Text>
        <ItemHistory orgId={orgId} assessmentId={assessmentId} item={item} />
      </Stack>
    </Paper>
  );
}
