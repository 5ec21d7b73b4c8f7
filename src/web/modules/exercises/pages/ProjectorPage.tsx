import { Badge, Box, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { QueryState } from '../../../components/QueryState';
import { useExercise } from '../api/exercises';
import { Clock } from '../components/Clock';
import { useExerciseLive } from '../components/ExerciseHeader';
import { RoleBadges } from '../components/InjectDetails';
import { InjectMedia } from '../components/InjectMedia';
import { useLt } from '../hooks';

/**
 * In-room mode: what the meeting room sees on the projector — the clock and the latest inject, big.
 * It covers the whole window; the facilitator drives the exercise from the console on their own device.
 */
export function ProjectorPage() {
  const { orgId = '', exerciseId = '' } = useParams();
  const { t } = useTranslation();
  const lt = useLt();
  const exercise = useExercise(orgId, exerciseId);
  useExerciseLive(orgId, exerciseId);

  return (
    <Box
      pos="fixed"
      inset={0}
      bg="white"
      style={{ zIndex: 300, overflow: 'auto' }}
      p={{ base: 'md', md: 48 }}
      data-testid="projector"
    >
      <QueryState query={exercise}>
        {(ex) => {
          const released = ex.injects
            .filter((i) => i.state === 'released')
            .sort((a, b) => (a.releasedAt ?? '').localeCompare(b.releasedAt ?? ''));
          const current = released.at(-1);
          const phase = current
            ? ex.plan.timetable.find((p) => p.phaseId === current.phase)
            : undefined;
          return (
            <Stack gap="xl">
              <Group justify="space-between" align="flex-start">
                <Stack gap={4}>
                  <Title order={1} fz={36}>
                    {ex.title}
                  </Title>
                  <Text fz="xl" c="dimmed">
                    {lt(ex.scenario.title)}
                  </Text>
                </Stack>
                <Button
                  component={Link}
                  to={`/companies/${orgId}/exercises/${ex.id}/console`}
                  variant="subtle"
                >
                  {t('exercises.projector.exit')}
                </Button>
              </Group>
              <Clock clock={ex.clock} fetchedAt={exercise.dataUpdatedAt} size="xl" />
              {ex.status === 'planned' && <Text fz={32}>{t('exercises.projector.waiting')}</Text>}
              {ex.status === 'closed' && <Text fz={32}>{t('exercises.projector.closed')}</Text>}
              {current && (
                <Stack gap="md" aria-live="polite">
                  <Group gap="sm">
                    {phase && (
                      <Badge size="xl" variant="light">
                        {lt(phase.title)}
                      </Badge>
                    )}
                    <Text fz={20} c="dimmed">
                      {t('exercises.projector.count', {
                        n: released.length,
                        total: ex.injects.length,
                      })}
                    </Text>
                  </Group>
                  <Title order={2} fz={44} data-testid="projector-inject">
                    {lt(current.title)}
                  </Title>
                  <RoleBadges roles={current.roles} />
                  <InjectMedia media={current.media} large />
                  {current.questions.length > 0 && (
                    <Stack gap="xs">
                      <Text fz={24} fw={700}>
                        {t('exercises.projector.discuss')}
                      </Text>
                      {current.questions.map((q) => (
                        <Text key={q.id} fz={26}>
                          ・{lt(q.text)}
                          {q.options && (
                            <Text span fz={22} c="dimmed">
                              {' '}
                              （{q.options.map((o) => lt(o.label)).join(' / ')}）
                            </Text>
                          )}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Stack>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Box>
  );
}
