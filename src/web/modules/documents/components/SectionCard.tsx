import {
  Alert,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  List,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  DocumentCommentView,
  DocumentSection,
  DocumentSectionStateView,
} from '../../../../contracts/documents';
import { useFormatters } from '../../../lib/use-formatters';
import { Blocks } from './Blocks';

export interface SectionCardProps {
  section: DocumentSection;
  state: DocumentSectionStateView | undefined;
  empty: boolean;
  comments: DocumentCommentView[];
  /** False when an older version is shown: edits and comments go to the latest one. */
  canChange: boolean;
  busy: boolean;
  onSave: (text: string | null) => Promise<boolean>;
  onComment: (body: string) => Promise<boolean>;
}

const headingOrder = { 1: 2, 2: 3, 3: 4 } as const;

/** One section: its content, the company's own text and the editor, and the review comments. */
export function SectionCard({
  section,
  state,
  empty,
  comments,
  canChange,
  busy,
  onSave,
  onComment,
}: SectionCardProps) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState('');
  const headingId = `section-${section.key}`;

  const startEdit = () => {
    setText(state?.editText ?? '');
    setEditing(true);
  };
  const save = async (value: string | null) => {
    if (await onSave(value)) setEditing(false);
  };
  const post = async () => {
    if (await onComment(comment)) {
      setComment('');
      setCommenting(false);
    }
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      ml={(section.level - 1) * 16}
      component="section"
      aria-labelledby={headingId}
      data-section-key={section.key}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Title
            order={headingOrder[section.level]}
            fz={section.level === 1 ? 'lg' : 'md'}
            id={headingId}
          >
            {section.heading}
          </Title>
          <Group gap={6}>
            {state?.overridden && (
              <Badge color="indigo" variant="light">
                {t('documents.ownText')}
              </Badge>
            )}
            {state?.stale && (
              <Badge color="orange" variant="filled">
                {t('documents.staleText')}
              </Badge>
            )}
            {!section.editable && (
              <Badge color="gray" variant="light">
                {t('documents.generatedOnly')}
              </Badge>
            )}
          </Group>
        </Group>

        {state?.stale && (
          <Alert color="orange" variant="light" p="xs">
            <Text size="sm">{t('documents.staleHelp')}</Text>
          </Alert>
        )}

        {editing ? (
          <Stack gap="xs">
            <Textarea
              label={t('documents.editLabel', { heading: section.heading })}
              description={t('documents.editHelp')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={4}
              maxRows={20}
              maxLength={20_000}
            />
            {state?.stale && (
              <Paper withBorder p="xs" bg="gray.0">
                <Text size="xs" fw={600}>
                  {t('documents.generatedTextTitle')}
                </Text>
                <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {state.generatedText}
                </Text>
              </Paper>
            )}
            <Group gap="xs">
              <Button size="xs" loading={busy} onClick={() => void save(text)}>
                {t('documents.save')}
              </Button>
              {state?.overridden && (
                <Button size="xs" variant="default" loading={busy} onClick={() => void save(null)}>
                  {t('documents.useGenerated')}
                </Button>
              )}
              <Button size="xs" variant="subtle" onClick={() => setEditing(false)}>
                {t('documents.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Blocks blocks={section.blocks} />
        )}

        {empty && !editing && (
          <Text size="sm" c="orange.8" fs="italic">
            {t('documents.emptySection')}
          </Text>
        )}
        {section.missing.length > 0 && (
          <Paper withBorder p="xs" bg="orange.0">
            <Text size="sm" fw={600} c="orange.9">
              {t('documents.stillMissing')}
            </Text>
            <List size="sm" c="orange.9">
              {section.missing.map((m, i) => (
                <List.Item key={i}>{m}</List.Item>
              ))}
            </List>
          </Paper>
        )}

        {(comments.length > 0 || canChange) && (
          <Stack gap={6}>
            {comments.length > 0 && (
              <Text size="xs" fw={600} c="dimmed">
                {t('documents.comments', { count: comments.length })}
              </Text>
            )}
            {comments.map((c) => (
              <Paper key={c.id} withBorder p="xs" bg="yellow.0" data-testid="document-comment">
                <Group justify="space-between" gap="xs">
                  <Text size="xs" fw={600}>
                    {c.author?.name ?? '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('documents.commentOnVersion', { version: c.version })} ·{' '}
                    {fmt.dateTime(c.createdAt)}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.body}
                </Text>
              </Paper>
            ))}
            {canChange && (
              <Group gap="xs">
                {section.editable && !editing && (
                  <Button size="xs" variant="light" onClick={startEdit}>
                    {t('documents.edit')}
                  </Button>
                )}
                {!commenting && (
                  <Button size="xs" variant="subtle" onClick={() => setCommenting(true)}>
                    {t('documents.addComment')}
                  </Button>
                )}
              </Group>
            )}
            <Collapse expanded={commenting && canChange}>
              <Stack gap="xs">
                <Textarea
                  label={t('documents.commentLabel', { heading: section.heading })}
                  value={comment}
                  onChange={(e) => setComment(e.currentTarget.value)}
                  autosize
                  minRows={2}
                  maxLength={4000}
                />
                <Group gap="xs">
                  <Button
                    size="xs"
                    loading={busy}
                    disabled={comment.trim() === ''}
                    onClick={() => void post()}
                  >
                    {t('documents.postComment')}
                  </Button>
                  <Button size="xs" variant="subtle" onClick={() => setCommenting(false)}>
                    {t('documents.cancel')}
                  </Button>
                </Group>
              </Stack>
            </Collapse>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
