import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ClockView } from '../../../../contracts/exercises';
import { useFormatters } from '../../../lib/use-formatters';
import { elapsedNow, formatClockTime, formatElapsed } from '../lib';
import { useNow } from '../hooks';

/**
 * The shared clock: the wall-clock time and the exercise time (which stands still while paused).
 * fetchedAt is when this device received the clock figures.
 */
export function Clock({
  clock,
  fetchedAt,
  size = 'md',
}: {
  clock: ClockView;
  fetchedAt: number;
  size?: 'md' | 'xl';
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const now = useNow(500);
  const big = size === 'xl';
  return (
    <Group gap={big ? 48 : 'xl'} align="flex-end" wrap="wrap">
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          {t('exercises.clock.wall')}
        </Text>
        <Text fz={big ? 56 : 28} fw={700} ff="monospace" data-testid="wall-clock">
          {formatClockTime(now, fmt.locale, fmt.timeZone)}
        </Text>
      </Stack>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          {t('exercises.clock.elapsed')}
        </Text>
        <Text
          fz={big ? 56 : 28}
          fw={700}
          ff="monospace"
          c={clock.status === 'paused' ? 'yellow.8' : undefined}
          data-testid="exercise-clock"
        >
          {formatElapsed(elapsedNow(clock, fetchedAt, now))}
        </Text>
      </Stack>
      {clock.startedAt && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('exercises.clock.startedAt')}
          </Text>
          <Text fz={big ? 28 : 'md'}>
            {formatClockTime(clock.startedAt, fmt.locale, fmt.timeZone)}
          </Text>
        </Stack>
      )}
      {clock.status === 'paused' && (
        <Text fz={big ? 32 : 'lg'} fw={700} c="yellow.8">
          {t('exercises.clock.paused')}
        </Text>
      )}
    </Group>
  );
}
