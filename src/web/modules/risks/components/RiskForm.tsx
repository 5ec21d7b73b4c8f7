import {
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  riskStatuses,
  riskTreatments,
  type CreateRiskRequest,
  type RiskStatus,
  type RiskTreatment,
} from '../../../../contracts/risks';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useAssetOptions } from '../../assets/api/assets';
import { useSaveRisk, type Risk, type RiskMatrix } from '../api/risks';
import { useLocalized } from './localized';

const emptyDraft = (): CreateRiskRequest => ({
  title: '',
  threat: '',
  vulnerability: '',
  assetIds: [],
  likelihood: 1,
  impact: 1,
  residualLikelihood: null,
  residualImpact: null,
  treatment: null,
  treatmentPlan: '',
  ownerName: null,
  dueOn: null,
  status: 'open',
});

const draftOf = (r: Risk): CreateRiskRequest => ({
  title: r.title,
  threat: r.threat,
  vulnerability: r.vulnerability,
  assetIds: r.assets.map((a) => a.id),
  likelihood: r.likelihood,
  impact: r.impact,
  residualLikelihood: r.residualLikelihood,
  residualImpact: r.residualImpact,
  treatment: r.treatment,
  treatmentPlan: r.treatmentPlan,
  ownerName: r.ownerUserId ? undefined : r.ownerName,
  dueOn: r.dueOn,
  status: r.status,
});

function RiskFormBody({
  orgId,
  risk,
  matrix,
  onClose,
}: {
  orgId: string;
  risk: Risk | null;
  matrix: RiskMatrix;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const save = useSaveRisk(orgId);
  const assets = useAssetOptions(orgId);
  const [draft, setDraft] = useState<CreateRiskRequest>(() =>
    risk ? draftOf(risk) : emptyDraft(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const serverErrors = fieldErrorsOf(save.error);
  const set = <K extends keyof CreateRiskRequest>(key: K, value: CreateRiskRequest[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const axis = (levels: RiskMatrix['likelihood']) =>
    levels.map((l) => ({ value: String(l.level), label: `${l.level} ${localized(l.label)}` }));
  const likelihoods = axis(matrix.likelihood);
  const impacts = axis(matrix.impact);
  const num = (v: string | null) => (v ? Number(v) : null);
  const str = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!draft.title.trim()) found.title = t('validation.required');
    const hasRl = draft.residualLikelihood != null;
    const hasRi = draft.residualImpact != null;
    if (hasRl !== hasRi)
      found[hasRl ? 'residualImpact' : 'residualLikelihood'] = t('risks.bothOrNeither');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(
      {
        id: risk?.id ?? null,
        body: {
          ...draft,
          title: draft.title.trim(),
          // Left out while the owner is a member nobody has retyped.
          ownerName: draft.ownerName === undefined ? undefined : draft.ownerName?.trim() || null,
        },
      },
      {
        onSuccess: (saved) => {
          notifySuccess(t(risk ? 'risks.updated' : 'risks.created', { title: saved.title }));
          onClose();
        },
      },
    );
  };

  const err = (key: string) => errors[key] ?? serverErrors[key];

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError
          error={save.error}
          shownFields={[
            'title',
            'likelihood',
            'impact',
            'residualLikelihood',
            'residualImpact',
            'dueOn',
          ]}
        />
        <TextInput
          label={t('risks.fields.title')}
          required
          data-autofocus
          maxLength={200}
          value={draft.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={err('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea
            label={t('risks.fields.threat')}
            autosize
            minRows={2}
            maxLength={2000}
            value={draft.threat}
            onChange={(e) => set('threat', e.currentTarget.value)}
          />
          <Textarea
            label={t('risks.fields.vulnerability')}
            autosize
            minRows={2}
            maxLength={2000}
            value={draft.vulnerability}
            onChange={(e) => set('vulnerability', e.currentTarget.value)}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('risks.fields.assets')}
          placeholder={(assets.data ?? []).length === 0 ? t('risks.noAssets') : undefined}
          searchable
          clearable
          data={(assets.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
          value={draft.assetIds}
          onChange={(v) => set('assetIds', v)}
          nothingFoundMessage={t('common.noMatches')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('risks.fields.likelihood')}
            required
            allowDeselect={false}
            data={likelihoods}
            value={String(draft.likelihood)}
            onChange={(v) => set('likelihood', num(v) ?? 1)}
            error={err('likelihood')}
          />
          <Select
            label={t('risks.fields.impact')}
            required
            allowDeselect={false}
            data={impacts}
            value={String(draft.impact)}
            onChange={(v) => set('impact', num(v) ?? 1)}
            error={err('impact')}
          />
          <Select
            label={t('risks.fields.residualLikelihood')}
            placeholder={t('common.notSet')}
            clearable
            data={likelihoods}
            value={str(draft.residualLikelihood)}
            onChange={(v) => set('residualLikelihood', num(v))}
            error={err('residualLikelihood')}
          />
          <Select
            label={t('risks.fields.residualImpact')}
            placeholder={t('common.notSet')}
            clearable
            data={impacts}
            value={str(draft.residualImpact)}
            onChange={(v) => set('residualImpact', num(v))}
            error={err('residualImpact')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('risks.fields.treatment')}
            placeholder={t('common.notSet')}
            clearable
            data={riskTreatments.map((x) => ({ value: x, label: t(`risks.treatments.${x}`) }))}
            value={draft.treatment ?? null}
            onChange={(v) => set('treatment', (v as RiskTreatment | null) ?? null)}
          />
          <Select
            label={t('risks.fields.status')}
            required
            allowDeselect={false}
            data={riskStatuses.map((x) => ({ value: x, label: t(`risks.statuses.${x}`) }))}
            value={draft.status}
            onChange={(v) => v && set('status', v as RiskStatus)}
          />
        </SimpleGrid>
        <Textarea
          label={t('risks.fields.treatmentPlan')}
          autosize
          minRows={2}
          maxLength={4000}
          value={draft.treatmentPlan}
          onChange={(e) => set('treatmentPlan', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('risks.fields.owner')}
            description={t('risks.ownerHelp')}
            maxLength={200}
            value={draft.ownerName ?? (risk?.ownerUserId ? (risk.ownerName ?? '') : '')}
            onChange={(e) => set('ownerName', e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('risks.fields.dueOn')}
            value={draft.dueOn ?? ''}
            onChange={(e) => set('dueOn', e.currentTarget.value || null)}
            error={err('dueOn')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Create (risk null) or edit one risk in a modal. */
export function RiskFormModal({
  orgId,
  opened,
  risk,
  matrix,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  risk: Risk | null;
  matrix: RiskMatrix | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={risk ? t('risks.editTitle', { title: risk.title }) : t('risks.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && matrix && (
        <RiskFormBody
          key={risk?.id ?? 'new'}
          orgId={orgId}
          risk={risk}
          matrix={matrix}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}
