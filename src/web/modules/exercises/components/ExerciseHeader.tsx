import { Badge, Button, Group } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import {
  exerciseRealtimeEventName,
  type ExerciseDetail,
  type ExerciseEvent,
} from '../../../../contracts/exercises';
import { useLiveEvents } from '../../../api/live';
import { exerciseKeys } from '../api/exercises';

export const statusColor: Record<string, string> = {
  planned: 'gray',
  running: 'green',
  paused: 'yellow',
  closed: 'indigo',
};

export function StatusBadge({ status }: { status: ExerciseDetail['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" data-testid="exercise-status">
      {t(`exercises.status.${status}`)}
    </Badge>
  );
}

/** Links between the views of one exercise; each view is its own page so each device opens one. */
export function ExerciseViews({ orgId, exercise }: { orgId: string; exercise: ExerciseDetail }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const base = `/companies/${orgId}/exercises/${exercise.id}`;
  const views = [
    { to: base, label: t('exercises.views.plan'), show: true },
    { to: `${base}/console`, label: t('exercises.views.console'), show: true },
    { to: `${base}/evaluate`, label: t('exercises.views.evaluate'), show: exercise.you.evaluator },
    {
      to: `${base}/projector`,
      label: t('exercises.views.projector'),
      show: exercise.mode === 'in_room',
    },
    { to: `${base}/report`, label: t('exercises.views.report'), show: true },
  ];
  return (
    <Group gap="xs" wrap="wrap" component="nav" aria-label={t('exercises.views.label')}>
      {views
        .filter((v) => v.show)
        .map((v) => (
          <Button
            key={v.to}
            component={Link}
            to={v.to}
            size="xs"
            variant={pathname === v.to ? 'filled' : 'light'}
            aria-current={pathname === v.to ? 'page' : undefined}
          >
            {v.label}
          </Button>
        ))}
    </Group>
  );
}

/**
 * Keeps an exercise's views current: each event on the exercise's room refetches the views it
 * touches; after a reconnection everything is refetched, since events may have been missed.
 */
export function useExerciseLive(
  orgId: string,
  exerciseId: string,
  onEvent?: (event: ExerciseEvent) => void,
): void {
  const queryClient = useQueryClient();
  const refresh = (key: readonly unknown[]) =>
    void queryClient.invalidateQueries({ queryKey: key });
  useLiveEvents(
    [`exercise:${exerciseId}`],
    (live) => {
      if (live.event !== exerciseRealtimeEventName) return;
      const event = live.data as ExerciseEvent;
      onEvent?.(event);
      const type = event.type;
      if (type === 'response.recorded') refresh(exerciseKeys.responses(orgId, exerciseId));
      else if (type === 'rating.recorded' || type === 'evidence.recorded')
        refresh(exerciseKeys.evaluation(orgId, exerciseId));
      else if (type === 'aar.updated' || type === 'feedback.submitted')
        refresh(exerciseKeys.aar(orgId, exerciseId));
      else refresh(exerciseKeys.detail(orgId, exerciseId));
    },
    () => refresh(exerciseKeys.exercise(orgId, exerciseId)),
  );
}
