import {
  Button,
  Card,
  Group,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { useAddIncidentAction, type Incident } from '../api/incidents';

type Action = Incident['actions'][number];
const triageFieldKeys: Record<string, string> = {
  title: 'incidents.fields.title',
  category: 'incidents.columns.category',
  severity: 'incidents.columns.severity',
  functionalImpact: 'incidents.detail.functionalImpact',
  informationImpact: 'incidents.detail.informationImpact',
  recoverability: 'incidents.detail.recoverability',
  nextSteps: 'incidents.detail.nextSteps',
};

/** The incident's timeline (who did what, when) and a form to add a step. */
export function TimelineCard({ orgId, incident }: { orgId: string; incident: Incident }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const add = useAddIncidentAction(orgId, incident.id);
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const [error, setError] = useState<string>();

  // Entries store keys, not sentences, so the timeline reads in the viewer's language.
  const describe = (a: Action): string => {
    switch (a.kind) {
      case 'reported':
        return t('incidents.detail.kinds.reported');
      case 'created':
        return t('incidents.detail.kinds.created');
      case 'status':
        return t('incidents.detail.kinds.status', {
          status: t(`incidents.statuses.${a.text as Incident['status']}`, { defaultValue: a.text }),
        });
      case 'assigned':
        return a.text
          ? t('incidents.detail.kinds.assigned', { name: a.text })
          : t('incidents.detail.kinds.unassigned');
      case 'triage':
        return t('incidents.detail.kinds.triage', {
          fields: fmt.list(
            a.text
              .split(',')
              .map((f) =>
                triageFieldKeys[f] ? t(triageFieldKeys[f] as 'incidents.fields.title') : f,
              ),
          ),
        });
      case 'evidence':
        return t('incidents.detail.kinds.evidence', { text: a.text });
      case 'note':
        return a.text;
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setError(t('validation.required'));
      return;
    }
    setError(undefined);
    add.mutate(
      { text: text.trim(), ...(at ? { at: new Date(at).toISOString() } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('incidents.detail.noteAdded'));
          setText('');
          setAt('');
        },
      },
    );
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="incident-timeline"
    >
      <Stack>
        <Title order={2} fz="lg" id="incident-timeline">
          {t('incidents.detail.timeline')}
        </Title>
        {incident.actions.length === 0 ? (
          <Text c="dimmed">{t('incidents.detail.noActions')}</Text>
        ) : (
          <Timeline bulletSize={14} lineWidth={2} active={incident.actions.length}>
            {incident.actions.map((a) => (
              <Timeline.Item key={a.id} title={describe(a)}>
                <Text size="xs" c="dimmed">
                  {fmt.dateTime(a.at)}
                  {a.actorName ? ` · ${a.actorName}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
        <form onSubmit={onSubmit} noValidate aria-label={t('incidents.detail.addNote')}>
          <Stack gap="sm">
            <FormError error={add.error} shownFields={['text', 'at']} />
            <Textarea
              label={t('incidents.detail.noteText')}
              autosize
              minRows={2}
              maxLength={4000}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={error ?? fieldErrorsOf(add.error).text}
            />
            <Group align="flex-end">
              <TextInput
                label={t('incidents.detail.noteAt')}
                description={t('incidents.detail.noteAtHelp')}
                type="datetime-local"
                value={at}
                onChange={(e) => setAt(e.currentTarget.value)}
                error={fieldErrorsOf(add.error).at}
              />
              <Button type="submit" variant="light" loading={add.isPending}>
                {t('incidents.detail.addNote')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
