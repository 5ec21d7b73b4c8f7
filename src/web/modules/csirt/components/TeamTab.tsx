import {
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectCharter, TeamFacts } from '../../../../contracts/csirt';
import { fieldErrorsOf } from '../../../api/client';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useSaveProfile, type CsirtWorkspace } from '../api/csirt';

type TeamField = keyof TeamFacts;
const groups: { key: 'contact' | 'charter' | 'policies' | 'document'; fields: TeamField[] }[] = [
  {
    key: 'contact',
    fields: [
      'teamName',
      'shortName',
      'address',
      'timeZone',
      'telephone',
      'fax',
      'otherTelecom',
      'email',
      'publicKey',
      'operatingHours',
      'outOfHours',
      'otherInformation',
      'customerContact',
    ],
  },
  { key: 'charter', fields: ['mission', 'constituency', 'sponsorship', 'authority'] },
  {
    key: 'policies',
    fields: ['incidentSupport', 'cooperation', 'disclosure', 'communication', 'disclaimer'],
  },
  { key: 'document', fields: ['distributionList', 'documentLocation', 'authentication'] },
];
const shortFields = new Set<TeamField>([
  'teamName',
  'shortName',
  'timeZone',
  'telephone',
  'fax',
  'email',
]);
const charterFields: (keyof ProjectCharter)[] = [
  'background',
  'goals',
  'deliverables',
  'cost',
  'sponsor',
];

/** The RFC 2350 facts of the team and the CSIRT-building project charter. */
export function TeamTab({ orgId, data }: { orgId: string; data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const save = useSaveProfile(orgId);
  const [team, setTeam] = useState<TeamFacts>(data.profile.team);
  const [charter, setCharter] = useState<ProjectCharter>(data.profile.charter);
  const errors = fieldErrorsOf(save.error);

  return (
    <Stack>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="csirt-team">
        <Stack>
          <div>
            <Title order={2} fz="lg" id="csirt-team">
              {t('csirt.team.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('csirt.team.description')}
            </Text>
          </div>
          {groups.map((g) => (
            <Stack key={g.key} gap="xs">
              <Title order={3} fz="md">
                {t(`csirt.team.groups.${g.key}`)}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {g.fields.map((f) =>
                  shortFields.has(f) ? (
                    <TextInput
                      key={f}
                      label={t(`csirt.team.fields.${f}`)}
                      value={team[f]}
                      error={errors[`team.${f}`]}
                      onChange={(e) => setTeam({ ...team, [f]: e.currentTarget.value })}
                    />
                  ) : (
                    <Textarea
                      key={f}
                      label={t(`csirt.team.fields.${f}`)}
                      autosize
                      minRows={1}
                      value={team[f]}
                      error={errors[`team.${f}`]}
                      onChange={(e) => setTeam({ ...team, [f]: e.currentTarget.value })}
                    />
                  ),
                )}
              </SimpleGrid>
            </Stack>
          ))}
          <Group>
            <Button
              loading={save.isPending}
              onClick={() =>
                void save
                  .mutateAsync({ team })
                  .then(() => notifySuccess(t('csirt.team.saved')), notifyError)
              }
            >
              {t('csirt.team.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="csirt-charter">
        <Stack>
          <Title order={2} fz="lg" id="csirt-charter">
            {t('csirt.team.charterTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {charterFields.map((f) => (
              <Textarea
                key={f}
                label={t(`csirt.team.charter.${f}`)}
                autosize
                minRows={1}
                value={charter[f] ?? ''}
                onChange={(e) => setCharter({ ...charter, [f]: e.currentTarget.value })}
              />
            ))}
            <TextInput
              type="date"
              label={t('csirt.team.charter.deadline')}
              value={charter.deadline ?? ''}
              error={errors['charter.deadline']}
              onChange={(e) => setCharter({ ...charter, deadline: e.currentTarget.value || null })}
            />
          </SimpleGrid>
          <Group>
            <Button
              loading={save.isPending}
              onClick={() =>
                void save
                  .mutateAsync({ charter })
                  .then(() => notifySuccess(t('csirt.team.charterSaved')), notifyError)
              }
            >
              {t('csirt.team.saveCharter')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
