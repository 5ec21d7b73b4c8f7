import { Badge, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProgramSummary } from '../../programs/api/programs';
import { useFormatters } from '../../../lib/use-formatters';
import { percent } from '../lib';

/**
 * Phishing training across the program's companies, for the operator and the municipality:
 * pooled people-only rates, never one company's, withheld while too few companies contribute.
 */
export function ProgramPhishingCard({ summary }: { summary: ProgramSummary }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const p = summary.phishing;
  const figures = [
    { key: 'companies', value: p.companies === null ? null : fmt.number(p.companies) },
    { key: 'campaigns', value: p.campaigns === null ? null : fmt.number(p.campaigns) },
    { key: 'openRate', value: p.openRate === null ? null : percent(p.openRate) },
    { key: 'clickRate', value: p.clickRate === null ? null : percent(p.clickRate) },
    { key: 'reportRate', value: p.reportRate === null ? null : percent(p.reportRate) },
    {
      key: 'companiesUnderTarget',
      value: p.companiesUnderTarget === null ? null : percent(p.companiesUnderTarget),
    },
  ] as const;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="program-phishing"
      mt="lg"
    >
      <Stack>
        <Title order={2} fz="lg" id="program-phishing">
          {t('phishingResults.program.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishingResults.program.intro', { target: percent(p.clickRateTarget) })}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 3 }} component="dl" spacing="sm">
          {figures.map((f) => (
            <div key={f.key}>
              <Text component="dt" size="xs" c="dimmed">
                {t(`phishingResults.program.${f.key}`, { target: percent(p.clickRateTarget) })}
              </Text>
              <Text component="dd" fw={700} fz="xl" m={0} data-testid={`program-phishing-${f.key}`}>
                {f.value ?? (
                  <Badge variant="light" color="gray" tt="none">
                    {t('programs.withheld', { min: summary.minimumGroupSize })}
                  </Badge>
                )}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
