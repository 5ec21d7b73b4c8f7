import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyNote } from '../../../components/EmptyNote';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { hasRole, isOperator, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import { usePrograms, type Program } from '../api/programs';
import { ExpertAssignments } from '../components/ExpertAssignments';
import { UsageBar } from '../components/UsageBar';

function ProgramCard({
  program,
  canSeeSummary,
  canAssign,
}: {
  program: Program;
  canSeeSummary: boolean;
  canAssign: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const headingId = `program-${program.id}`;
  const totalCapacity = program.courses.reduce((s, c) => s + c.capacity, 0);
  const totalEnrolled = program.courses.reduce((s, c) => s + c.enrolled, 0);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId}>
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={2} fz="lg" id={headingId}>
              {program.name}
            </Title>
            <Text size="sm" c="dimmed">
              {t('programs.period', {
                start: fmt.calendarDate(program.startsOn),
                end: fmt.calendarDate(program.endsOn),
              })}
            </Text>
          </Stack>
          <Group gap="xs">
            <Badge variant="light" tt="none">
              {t('programs.fiscalYear', { year: program.fiscalYear })}
            </Badge>
            <Badge variant="light" color="gray" tt="none">
              {program.region}
            </Badge>
          </Group>
        </Group>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm">
            <Table.Caption>{t('programs.coursesCaption', { name: program.name })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('programs.course')}</Table.Th>
                <Table.Th ta="right">{t('programs.capacity')}</Table.Th>
                <Table.Th ta="right">{t('programs.enrolled')}</Table.Th>
                <Table.Th w="40%">{t('programs.fill')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {program.courses.map((c) => (
                <Table.Tr key={c.code}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`courses.${c.code}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{fmt.number(c.capacity)}</Table.Td>
                  <Table.Td ta="right">{fmt.number(c.enrolled)}</Table.Td>
                  <Table.Td>
                    <UsageBar label={c.name} enrolled={c.enrolled} capacity={c.capacity} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            {program.courses.length > 1 && (
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>{t('programs.total')}</Table.Th>
                  <Table.Th ta="right">{fmt.number(totalCapacity)}</Table.Th>
                  <Table.Th ta="right">{fmt.number(totalEnrolled)}</Table.Th>
                  <Table.Td>
                    <UsageBar
                      label={t('programs.total')}
                      enrolled={totalEnrolled}
                      capacity={totalCapacity}
                    />
                  </Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            )}
          </Table>
        </Table.ScrollContainer>
        {canSeeSummary && (
          <div>
            <Button component={Link} to={`/programs/${program.id}/summary`} variant="light">
              {t('programs.openSummary')}
            </Button>
          </div>
        )}
        {canAssign && <ExpertAssignments programId={program.id} />}
      </Stack>
    </Card>
  );
}

export function ProgramsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const working = hasRole(me, 'operator', 'expert');
  const observer = hasRole(me, 'observer');
  const programs = usePrograms(working ? 'working' : 'observed', working || observer);
  const canSeeSummary = isOperator(me) || (!working && observer);

  return (
    <Page
      title={t('programs.title')}
      description={working ? t('programs.intro') : t('programs.observerIntro')}
    >
      {!working && !observer ? (
        <EmptyNote>{t('programs.noAccess')}</EmptyNote>
      ) : (
        <QueryState query={programs}>
          {(list) =>
            list.length === 0 ? (
              <EmptyNote>{t('programs.none')}</EmptyNote>
            ) : (
              <Stack gap="lg">
                {list.map((p) => (
                  <ProgramCard
                    key={p.id}
                    program={p}
                    canSeeSummary={canSeeSummary}
                    canAssign={isOperator(me)}
                  />
                ))}
              </Stack>
            )
          }
        </QueryState>
      )}
    </Page>
  );
}
