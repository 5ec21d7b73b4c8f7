import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useAssignLesson,
  useFollowUp,
  type FollowUp as FollowUpData,
  type FollowUpPerson,
} from '../api/followup';

const statusColor = { assigned: 'gray', opened: 'yellow', completed: 'green' } as const;

function AssignControl({
  orgId,
  campaignId,
  person,
  data,
}: {
  orgId: string;
  campaignId: string;
  person: FollowUpPerson;
  data: FollowUpData;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const [lessonKey, setLessonKey] = useState(person.lessonKey ?? data.defaultLessonKey);
  const assign = useAssignLesson(orgId, campaignId);
  const title = (key: string) => data.lessons.find((l) => l.key === key)?.title[lang] ?? key;
  return (
    <Group gap="xs" wrap="nowrap">
      <NativeSelect
        size="xs"
        aria-label={t('phishingResults.followUp.chooseLesson', { name: person.name })}
        value={lessonKey}
        onChange={(e) => setLessonKey(e.currentTarget.value)}
        data={data.lessons.map((l) => ({ value: l.key, label: l.title[lang] }))}
      />
      <Button
        size="xs"
        variant="light"
        loading={assign.isPending}
        onClick={() =>
          assign.mutate(
            { recipientId: person.recipientId, lessonKey },
            {
              onSuccess: () =>
                notifySuccess(
                  t('phishingResults.followUp.assignedNotice', {
                    name: person.name,
                    lesson: title(lessonKey),
                  }),
                ),
              onError: notifyError,
            },
          )
        }
      >
        {person.status
          ? t('phishingResults.followUp.reassign')
          : t('phishingResults.followUp.assign')}
      </Button>
    </Group>
  );
}

/** Who clicked, which lesson each was given and how far they got; the company admin's view. */
export function FollowUp({ orgId, campaignId }: { orgId: string; campaignId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const followUp = useFollowUp(orgId, campaignId, true);
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="phishing-follow-up"
    >
      <Stack>
        <Title order={2} fz="lg" id="phishing-follow-up">
          {t('phishingResults.followUp.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishingResults.followUp.intro')}
        </Text>
        <QueryState query={followUp}>
          {(data) => (
            <>
              <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" spacing="sm">
                {(['eligible', 'assigned', 'opened', 'completed'] as const).map((k) => (
                  <div key={k}>
                    <Text component="dt" size="xs" c="dimmed">
                      {t(`phishingResults.followUp.${k}`)}
                    </Text>
                    <Text component="dd" fw={700} fz="xl" m={0} data-testid={`follow-up-${k}`}>
                      {fmt.number(data.counts[k])}
                    </Text>
                  </div>
                ))}
              </SimpleGrid>
              {data.people.length === 0 ? (
                <EmptyNote>{t('phishingResults.followUp.none')}</EmptyNote>
              ) : (
                <Table.ScrollContainer minWidth={900}>
                  <Table striped verticalSpacing={4} fz="sm">
                    <Table.Caption>{t('phishingResults.followUp.caption')}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('phishingResults.followUp.person')}</Table.Th>
                        <Table.Th>{t('phishingResults.followUp.reacted')}</Table.Th>
                        <Table.Th>{t('phishingResults.followUp.lesson')}</Table.Th>
                        <Table.Th>{t('phishingResults.followUp.status')}</Table.Th>
                        <Table.Th />
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.people.map((p) => (
                        <Table.Tr key={p.recipientId} data-testid="follow-up-person">
                          <Table.Td>
                            {p.name}
                            <Text span size="xs" c="dimmed" display="block">
                              {p.email}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {p.submittedAt
                              ? `${t('phishingResults.followUp.submitted')} ${fmt.dateTime(p.submittedAt)}`
                              : p.clickedAt
                                ? `${t('phishingResults.followUp.clicked')} ${fmt.dateTime(p.clickedAt)}`
                                : t('common.none')}
                          </Table.Td>
                          <Table.Td>
                            {p.lessonKey
                              ? (data.lessons.find((l) => l.key === p.lessonKey)?.title[lang] ??
                                p.lessonKey)
                              : t('common.none')}
                            {p.assignedBy && (
                              <Text span size="xs" c="dimmed" display="block">
                                {p.assignedBy === 'automatic'
                                  ? t('phishingResults.followUp.automatic')
                                  : t('phishingResults.followUp.byAdmin')}
                                {p.assignedAt && ` · ${fmt.dateTime(p.assignedAt)}`}
                                {!p.mailQueuedAt &&
                                  ` · ${t('phishingResults.followUp.mailPending')}`}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td data-testid="follow-up-status">
                            <Badge variant="light" color={p.status ? statusColor[p.status] : 'red'}>
                              {t(`phishingResults.followUp.statuses.${p.status ?? 'none'}`)}
                            </Badge>
                            {p.completedAt && (
                              <Text span size="xs" c="dimmed" display="block">
                                {fmt.dateTime(p.completedAt)}
                              </Text>
                            )}
                            {p.attempts > 0 && !p.completedAt && (
                              <Text span size="xs" c="dimmed" display="block">
                                {t('phishingResults.followUp.attempts', { n: p.attempts })}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <AssignControl
                              orgId={orgId}
                              campaignId={campaignId}
                              person={p}
                              data={data}
                            />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </>
          )}
        </QueryState>
      </Stack>
    </Card>
  );
}
