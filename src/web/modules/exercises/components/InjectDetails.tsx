import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CheckpointView, InjectContentView } from '../../../../contracts/exercises';
import { useLt } from '../hooks';
import { InjectMedia } from './InjectMedia';

export function RoleBadges({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      {roles.map((r) => (
        <Badge key={r} size="sm" variant="outline" color="gray">
          {t(`exercises.roles.${r as 'executive'}`)}
        </Badge>
      ))}
    </Group>
  );
}

/** The branch an inject belongs to, in words: "when 'What do you do?' was answered 'Cut now'". */
export function useConditionText(injects: readonly InjectContentView[]) {
  const { t } = useTranslation();
  const lt = useLt();
  return (inject: InjectContentView): string | null => {
    const when = inject.when;
    if (!when) return null;
    const source = injects.find((i) => i.id === when.inject);
    const question = source?.questions.find((q) => q.id === when.question);
    const label = (id: string) => lt(question?.options?.find((o) => o.id === id)?.label) || id;
    const question_ = question ? lt(question.text) : when.question;
    if (when.anyOf)
      return t('exercises.inject.whenAny', {
        question: question_,
        options: when.anyOf.map(label).join(' / '),
      });
    return t('exercises.inject.whenNone', {
      question: question_,
      options: (when.noneOf ?? []).map(label).join(' / '),
    });
  };
}

/** Everything the facilitator needs to know about one inject. */
export function InjectDetails({
  inject,
  checkpoints,
  condition,
}: {
  inject: InjectContentView;
  checkpoints: readonly CheckpointView[];
  condition: string | null;
}) {
  const { t } = useTranslation();
  const lt = useLt();
  const cpName = (id: string) => {
    const c = checkpoints.find((x) => x.id === id);
    return c ? `${c.no}. ${lt(c.name)}` : id;
  };
  return (
    <Stack gap="sm">
      {condition && (
        <Text size="sm" c="orange.8">
          {condition}
        </Text>
      )}
      <div>
        <Text size="xs" c="dimmed" fw={700}>
          {t('exercises.inject.situation')}
        </Text>
        <Text size="sm">{lt(inject.situation)}</Text>
      </div>
      <div>
        <Text size="xs" c="dimmed" fw={700} mb={4}>
          {t('exercises.inject.roles')}
        </Text>
        <RoleBadges roles={inject.roles} />
      </div>
      <InjectMedia media={inject.media} />
      {inject.questions.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" fw={700}>
            {t('exercises.inject.questions')}
          </Text>
          <List size="sm">
            {inject.questions.map((q) => (
              <List.Item key={q.id}>
                {lt(q.text)}
                {q.options && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    （{q.options.map((o) => lt(o.label)).join(' / ')}）
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {inject.expectedActions.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" fw={700}>
            {t('exercises.inject.expected')}
          </Text>
          <List size="sm">
            {inject.expectedActions.map((a) => (
              <List.Item key={a.id}>
                {lt(a.text)}
                <Group gap={4} mt={2}>
                  {a.checkpoints.map((c) => (
                    <Badge key={c} size="xs" variant="light" color="indigo">
                      {cpName(c)}
                    </Badge>
                  ))}
                </Group>
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}
