import { Alert, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { industries } from '../../../../contracts/organizations';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { hasRole, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import { usePrograms, useProgramSummary, type ProgramSummary } from '../api/programs';
import { ProgramImprovementCard } from '../../improvement/components/ProgramImprovementCard';
import { ProgramPhishingCard } from '../../phishing/components/ProgramPhishingCard';

/** A count, or "withheld" when the group is too small to show without identifying a company. */
function Count({ value, minimum }: { value: number | null; minimum: number }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (value === null) {
    return (
      <Badge variant="light" color="gray" tt="none">
        {t('programs.withheld', { min: minimum })}
      </Badge>
    );
  }
  return <>{t('programs.companies', { n: fmt.number(value) })}</>;
}

function SummaryView({ summary }: { summary: ProgramSummary }) {
  const { t } = useTranslation();
  const min = summary.minimumGroupSize;
  return (
    <Stack gap="lg">
      <Alert variant="light" color="indigo" title={t('programs.summary.privacyTitle')}>
        {t('programs.summary.privacy', { min })}
      </Alert>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="summary-total">
        <Stack gap={4}>
          <Title order={2} fz="md" id="summary-total" c="dimmed">
            {t('programs.summary.enrolledCompanies')}
          </Title>
          <Text fz={32} fw={700}>
            <Count value={summary.enrolledCompanies} minimum={min} />
          </Text>
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card
          withBorder
          radius="md"
          padding="lg"
          component="section"
          aria-labelledby="summary-course"
        >
          <Stack>
            <Title order={2} fz="lg" id="summary-course">
              {t('programs.summary.byCourse')}
            </Title>
            {summary.byCourse.length === 0 ? (
              <EmptyNote>{t('common.noData')}</EmptyNote>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('programs.course')}</Table.Th>
                    <Table.Th ta="right">{t('programs.summary.companies')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.byCourse.map((row) => (
                    <Table.Tr key={row.course}>
                      <Table.Td>{t(`courses.${row.course}`)}</Table.Td>
                      <Table.Td ta="right">
                        <Count value={row.companies} minimum={min} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Card>
        <Card
          withBorder
          radius="md"
          padding="lg"
          component="section"
          aria-labelledby="summary-industry"
        >
          <Stack>
            <Title order={2} fz="lg" id="summary-industry">
              {t('programs.summary.byIndustry')}
            </Title>
            {summary.byIndustry.length === 0 ? (
              <EmptyNote>{t('common.noData')}</EmptyNote>
            ) : (
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('company.fields.industry')}</Table.Th>
                    <Table.Th ta="right">{t('programs.summary.companies')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.byIndustry.map((row) => (
                    <Table.Tr key={row.industry}>
                      <Table.Td>
                        <IndustryName industry={row.industry} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Count value={row.companies} minimum={min} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

type Industry = (typeof industries)[number];
const isIndustry = (v: string): v is Industry => (industries as readonly string[]).includes(v);

/** Industries the contract knows are translated; anything else is shown as sent. */
function IndustryName({ industry }: { industry: string }) {
  const { t } = useTranslation();
  return <>{isIndustry(industry) ? t(`industries.${industry}`) : industry}</>;
}

export function ProgramSummaryPage() {
  const { t } = useTranslation();
  const { programId = '' } = useParams();
  const me = useSession();
  const working = hasRole(me, 'operator', 'expert');
  const programs = usePrograms(working ? 'working' : 'observed');
  const summary = useProgramSummary(programId);
  const program = programs.data?.find((p) => p.id === programId);

  return (
    <Page
      title={
        program
          ? t('programs.summary.titleNamed', { name: program.name })
          : t('programs.summary.title')
      }
      description={
        program && (
          <Group gap="xs" component="span">
            {t('programs.fiscalYear', { year: program.fiscalYear })} · {program.region}
          </Group>
        )
      }
    >
      <QueryState query={summary}>
        {(s) => (
          <>
            <SummaryView summary={s} />
            <ProgramPhishingCard summary={s} />
          </>
        )}
      </QueryState>
      <ProgramImprovementCard programId={programId} />
    </Page>
  );
}
