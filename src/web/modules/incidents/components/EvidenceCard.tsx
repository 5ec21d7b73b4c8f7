import {
  Button,
  Card,
  Code,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { useAddIncidentEvidence, type Incident } from '../api/incidents';

/** A datetime-local value for now, in the browser's own time. */
function nowLocal(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

const empty = () => ({
  description: '',
  location: '',
  hash: '',
  collectedBy: '',
  collectedAt: nowLocal(),
});

/** Evidence kept for the incident, with where it is and who collected it when. */
export function EvidenceCard({ orgId, incident }: { orgId: string; incident: Incident }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const add = useAddIncidentEvidence(orgId, incident.id);
  const [draft, setDraft] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const serverErrors = fieldErrorsOf(add.error);
  const set = (key: keyof ReturnType<typeof empty>, value: string) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const f = (key: string) =>
    t(`incidents.detail.evidenceFields.${key}` as 'incidents.detail.evidenceFields.hash');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    for (const key of ['description', 'location', 'collectedBy', 'collectedAt'] as const)
      if (!draft[key].trim()) found[key] = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    add.mutate(
      {
        description: draft.description.trim(),
        location: draft.location.trim(),
        hash: draft.hash.trim(),
        collectedBy: draft.collectedBy.trim(),
        collectedAt: new Date(draft.collectedAt).toISOString(),
      },
      {
        onSuccess: () => {
          notifySuccess(t('incidents.detail.evidenceAdded'));
          setDraft(empty());
        },
      },
    );
  };
  const err = (key: string) => errors[key] ?? serverErrors[key];

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="incident-evidence"
    >
      <Stack>
        <Title order={2} fz="lg" id="incident-evidence">
          {t('incidents.detail.evidence')}
        </Title>
        {incident.evidence.length === 0 ? (
          <Text c="dimmed">{t('incidents.detail.noEvidence')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  {[
                    'description',
                    'location',
                    'hash',
                    'collectedBy',
                    'collectedAt',
                    'recordedBy',
                  ].map((k) => (
                    <Table.Th key={k}>{f(k)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {incident.evidence.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{e.description}</Table.Td>
                    <Table.Td>{e.location}</Table.Td>
                    <Table.Td>
                      {e.hash ? (
                        <Code style={{ wordBreak: 'break-all' }}>{e.hash}</Code>
                      ) : (
                        t('common.none')
                      )}
                    </Table.Td>
                    <Table.Td>{e.collectedBy}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {fmt.dateTime(e.collectedAt)}
                    </Table.Td>
                    <Table.Td>{e.recordedBy ?? t('common.none')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <form onSubmit={onSubmit} noValidate aria-label={t('incidents.detail.addEvidence')}>
          <Stack gap="sm">
            <FormError
              error={add.error}
              shownFields={['description', 'location', 'hash', 'collectedBy', 'collectedAt']}
            />
            <Textarea
              label={f('description')}
              required
              autosize
              minRows={1}
              maxLength={2000}
              value={draft.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              error={err('description')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={f('location')}
                required
                maxLength={500}
                value={draft.location}
                onChange={(e) => set('location', e.currentTarget.value)}
                error={err('location')}
              />
              <TextInput
                label={f('hash')}
                description={t('incidents.detail.hashHelp')}
                maxLength={200}
                value={draft.hash}
                onChange={(e) => set('hash', e.currentTarget.value)}
                error={err('hash')}
              />
              <TextInput
                label={f('collectedBy')}
                required
                maxLength={200}
                value={draft.collectedBy}
                onChange={(e) => set('collectedBy', e.currentTarget.value)}
                error={err('collectedBy')}
              />
              <TextInput
                label={f('collectedAt')}
                required
                type="datetime-local"
                value={draft.collectedAt}
                onChange={(e) => set('collectedAt', e.currentTarget.value)}
                error={err('collectedAt')}
              />
            </SimpleGrid>
            <div>
              <Button type="submit" variant="light" loading={add.isPending}>
                {t('incidents.detail.addEvidence')}
              </Button>
            </div>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
