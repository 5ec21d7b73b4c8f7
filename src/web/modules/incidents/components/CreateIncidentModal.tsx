import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useCreateIncident } from '../api/incidents';
import { ReportFields, reportFieldPaths } from './ReportFields';
import { reportDraftErrors, reportInputOf } from './report-draft';
import { useReportDraft } from './use-report-draft';

function CreateIncidentForm({ orgId, onClose }: { orgId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateIncident(orgId);
  const [title, setTitle] = useState('');
  const { draft, setDraft, submitted, visible } = useReportDraft();
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The server names report fields report.<field>; the inputs are keyed by the field alone.
  const serverErrors = Object.fromEntries(
    Object.entries(fieldErrorsOf(create.error)).map(([k, v]) => [k.replace(/^report\./, ''), v]),
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = reportDraftErrors(draft, t, { requireContact: false });
    setErrors(found);
    submitted();
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { title: title.trim() || undefined, report: reportInputOf(draft) },
      {
        onSuccess: (incident) => {
          notifySuccess(t('incidents.created', { reference: incident.reference }));
          onClose();
          void navigate(`/companies/${orgId}/incidents/${incident.id}`);
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('incidents.newIntro')}
        </Text>
        <TextInput
          label={t('incidents.fields.title')}
          description={t('incidents.help.title')}
          maxLength={200}
          data-autofocus
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={serverErrors.title}
        />
        <ReportFields
          draft={draft}
          onChange={setDraft}
          errors={visible({ ...serverErrors, ...errors })}
          requireContact={false}
        />
        <FormError
          error={create.error}
          shownFields={['title', ...reportFieldPaths.map((p) => `report.${p}`)]}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateIncidentModal({
  orgId,
  opened,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('incidents.newTitle')} size="xl">
      {opened && <CreateIncidentForm orgId={orgId} onClose={onClose} />}
    </Modal>
  );
}
