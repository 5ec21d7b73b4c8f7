import { Badge, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useProgramImprovementSummary } from '../api/improvement';

/** The program's SECURITY ACTION declarations and improvement items, as aggregates only. */
export function ProgramImprovementCard({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const summary = useProgramImprovementSummary(programId);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="summary-improvement"
    >
      <Stack>
        <Title order={2} fz="lg" id="summary-improvement">
          {t('improvement.programSummary.title')}
        </Title>
        <QueryState query={summary}>
          {(s) => {
            const figure = (value: number | null | undefined) =>
              value === null || value === undefined ? (
                <Badge variant="light" color="gray" tt="none">
                  {t('programs.withheld', { min: s.minimumGroupSize })}
                </Badge>
              ) : (
                fmt.number(value)
              );
            const rows = [
              ['twoStars', s.twoStars],
              ['oneStar', s.oneStar],
              ['actionsDone', s.actions ? s.actions.done : null],
              ['actionsOpen', s.actions ? s.actions.planned + s.actions.in_progress : null],
            ] as const;
            return (
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                {rows.map(([key, value]) => (
                  <Stack key={key} gap={2}>
                    <Text size="sm" c="dimmed">
                      {t(`improvement.programSummary.${key}`)}
                    </Text>
                    <Text fz={24} fw={700} data-testid={`program-${key}`}>
                      {figure(value)}
                    </Text>
                  </Stack>
                ))}
              </SimpleGrid>
            );
          }}
        </QueryState>
      </Stack>
    </Card>
  );
}
