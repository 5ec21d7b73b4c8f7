import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  incidentSeverities,
  incidentStatuses,
  type UpdateIncidentRequest,
} from '../../../../contracts/incidents';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import {
  useAssignees,
  useUpdateIncident,
  type Incident,
  type IncidentTaxonomy,
} from '../api/incidents';
import { useLocalized } from './localized';

type Draft = Required<{
  [K in keyof UpdateIncidentRequest]: Exclude<UpdateIncidentRequest[K], undefined>;
}>;

const draftOf = (i: Incident): Draft => ({
  title: i.title,
  status: i.status,
  category: i.category,
  severity: i.severity,
  functionalImpact: i.functionalImpact,
  informationImpact: i.informationImpact,
  recoverability: i.recoverability,
  assigneeUserId: i.assignee?.userId ?? null,
  nextSteps: i.nextSteps,
});

/** Triage: status, category, severity, the NIST SP 800-61 scales, assignee and next steps. */
export function TriageForm({
  orgId,
  incident,
  taxonomy,
}: {
  orgId: string;
  incident: Incident;
  taxonomy: IncidentTaxonomy;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const update = useUpdateIncident(orgId, incident.id);
  const assignees = useAssignees(orgId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(incident));
  const errors = fieldErrorsOf(update.error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const scale = (list: 'functionalImpact' | 'informationImpact' | 'recoverability') => {
    const entries = taxonomy[list];
    const chosen = entries.find((e) => e.key === draft[list]);
    return (
      <Select
        label={t(`incidents.detail.${list}`)}
        description={chosen ? localized(chosen.description) : t('incidents.detail.scaleHelp')}
        placeholder={t('common.notSet')}
        clearable
        data={entries.map((e) => ({ value: e.key, label: localized(e.label) }))}
        value={draft[list]}
        onChange={(v) => set(list, v as Draft[typeof list])}
        error={errors[list]}
      />
    );
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { ...draft, title: draft.title.trim() || incident.title, nextSteps: draft.nextSteps.trim() },
      { onSuccess: () => notifySuccess(t('incidents.detail.saved')) },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('incidents.detail.triage')}>
      <Stack>
        <FormError
          error={update.error}
          shownFields={['title', 'category', 'assigneeUserId', 'nextSteps']}
        />
        <TextInput
          label={t('incidents.fields.title')}
          maxLength={200}
          value={draft.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errors.title}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('incidents.columns.status')}
            allowDeselect={false}
            data={incidentStatuses.map((s) => ({ value: s, label: t(`incidents.statuses.${s}`) }))}
            value={draft.status}
            onChange={(v) => v && set('status', v as Draft['status'])}
          />
          <Select
            label={t('incidents.columns.severity')}
            placeholder={t('common.notSet')}
            clearable
            data={incidentSeverities.map((s) => ({
              value: s,
              label: t(`incidents.severities.${s}`),
            }))}
            value={draft.severity}
            onChange={(v) => set('severity', v as Draft['severity'])}
          />
          <Select
            label={t('incidents.columns.category')}
            placeholder={t('common.notSet')}
            clearable
            searchable
            data={taxonomy.categories.map((c) => ({ value: c.key, label: localized(c.label) }))}
            value={draft.category}
            onChange={(v) => set('category', v)}
            error={errors.category}
            nothingFoundMessage={t('common.noMatches')}
          />
          <Select
            label={t('incidents.detail.assignee')}
            placeholder={t('common.notSet')}
            clearable
            data={(assignees.data ?? []).map((p) => ({ value: p.userId, label: p.name }))}
            value={draft.assigneeUserId}
            onChange={(v) => set('assigneeUserId', v)}
            error={errors.assigneeUserId}
          />
        </SimpleGrid>
        {scale('functionalImpact')}
        {scale('informationImpact')}
        {scale('recoverability')}
        <Textarea
          label={t('incidents.detail.nextSteps')}
          autosize
          minRows={3}
          maxLength={4000}
          value={draft.nextSteps}
          onChange={(e) => set('nextSteps', e.currentTarget.value)}
          error={errors.nextSteps}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('incidents.detail.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
