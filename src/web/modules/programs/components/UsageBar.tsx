import { Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Enrolled against capacity, as a small bar with the figures beside it. */
export function UsageBar({
  label,
  enrolled,
  capacity,
}: {
  label: string;
  enrolled: number;
  capacity: number;
}) {
  const { t } = useTranslation();
  const pct = capacity > 0 ? Math.min(100, Math.round((enrolled / capacity) * 100)) : 0;
  const full = capacity > 0 && enrolled >= capacity;
  return (
    <Group gap="sm" wrap="nowrap" miw={180}>
      <Progress
        value={pct}
        color={full ? 'orange' : 'indigo'}
        size="lg"
        radius="xl"
        style={{ flex: 1 }}
        aria-label={t('programs.usageLabel', { course: label, enrolled, capacity })}
      />
      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }} aria-hidden>
        {t('programs.usage', { enrolled, capacity })}
      </Text>
    </Group>
  );
}
