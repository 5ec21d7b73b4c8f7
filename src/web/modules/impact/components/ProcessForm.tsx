import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  impactHorizons,
  impactLevels,
  impactTypes,
  type CreateProcessRequest,
  type ImpactLevel,
  type ImpactProfile,
} from '../../../../contracts/impact';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useAssetOptions } from '../../assets/api/assets';
import { useSaveProcess, type BusinessProcess } from '../api/impact';

const low = { at4h: 'low', at1d: 'low', at1w: 'low' } as const;
const emptyDraft = (): CreateProcessRequest => ({
  name: '',
  description: '',
  owner: '',
  dependencyAssetIds: [],
  impacts: { financial: low, customer: low, legal: low, reputation: low },
  mtdHours: null,
  rtoHours: null,
  rpoHours: null,
  recoveryPriority: null,
});

const draftOf = (p: BusinessProcess): CreateProcessRequest => ({
  name: p.name,
  description: p.description,
  owner: p.owner,
  dependencyAssetIds: p.dependencies.map((d) => d.id),
  impacts: p.impacts,
  mtdHours: p.mtdHours,
  rtoHours: p.rtoHours,
  rpoHours: p.rpoHours,
  recoveryPriority: p.recoveryPriority,
});

function ProcessFormBody({
  orgId,
  process,
  onClose,
}: {
  orgId: string;
  process: BusinessProcess | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveProcess(orgId);
  const assets = useAssetOptions(orgId);
  const [draft, setDraft] = useState<CreateProcessRequest>(() =>
    process ? draftOf(process) : emptyDraft(),
  );
  const [nameError, setNameError] = useState<string | null>(null);
  const serverErrors = fieldErrorsOf(save.error);
  const set = <K extends keyof CreateProcessRequest>(key: K, value: CreateProcessRequest[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const setImpact = (
    type: keyof ImpactProfile,
    horizon: (typeof impactHorizons)[number],
    level: ImpactLevel,
  ) =>
    setDraft((d) => ({
      ...d,
      impacts: { ...d.impacts, [type]: { ...d.impacts[type], [horizon]: level } },
    }));
  const hours = (v: string | number) => (typeof v === 'number' ? v : null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim()) {
      setNameError(t('validation.required'));
      return;
    }
    setNameError(null);
    save.mutate(
      { id: process?.id ?? null, body: { ...draft, name: draft.name.trim() } },
      {
        onSuccess: (saved) => {
          notifySuccess(t('impact.saved', { name: saved.name }));
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError error={save.error} shownFields={['name', 'rtoHours']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('impact.fields.name')}
            required
            data-autofocus
            maxLength={200}
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={nameError ?? serverErrors.name}
          />
          <TextInput
            label={t('impact.fields.owner')}
            maxLength={200}
            value={draft.owner}
            onChange={(e) => set('owner', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label={t('impact.fields.description')}
          autosize
          minRows={2}
          maxLength={4000}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
        />
        <MultiSelect
          label={t('impact.fields.dependencies')}
          placeholder={(assets.data ?? []).length === 0 ? t('impact.noAssets') : undefined}
          searchable
          clearable
          data={(assets.data ?? [])
            .filter((a) => a.type !== 'information' && a.type !== 'business_process')
            .map((a) => ({ value: a.id, label: a.name }))}
          value={draft.dependencyAssetIds}
          onChange={(v) => set('dependencyAssetIds', v)}
          nothingFoundMessage={t('common.noMatches')}
        />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <NumberInput
            label={t('impact.fields.mtd')}
            min={0}
            max={8760}
            value={draft.mtdHours ?? ''}
            onChange={(v) => set('mtdHours', hours(v))}
          />
          <NumberInput
            label={t('impact.fields.rto')}
            min={0}
            max={8760}
            value={draft.rtoHours ?? ''}
            onChange={(v) => set('rtoHours', hours(v))}
            error={serverErrors.rtoHours}
          />
          <NumberInput
            label={t('impact.fields.rpo')}
            min={0}
            max={8760}
            value={draft.rpoHours ?? ''}
            onChange={(v) => set('rpoHours', hours(v))}
          />
          <NumberInput
            label={t('impact.fields.priority')}
            min={1}
            max={999}
            allowDecimal={false}
            value={draft.recoveryPriority ?? ''}
            onChange={(v) => set('recoveryPriority', hours(v))}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text fw={500} size="sm">
            {t('impact.fields.impacts')}
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('impact.impactType')}</Table.Th>
                  {impactHorizons.map((h) => (
                    <Table.Th key={h}>{t(`impact.horizons.${h}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {impactTypes.map((type) => (
                  <Table.Tr key={type}>
                    <Table.Td>{t(`impact.types.${type}`)}</Table.Td>
                    {impactHorizons.map((h) => (
                      <Table.Td key={h}>
                        <SegmentedControl
                          size="xs"
                          aria-label={`${t(`impact.types.${type}`)} ${t(`impact.horizons.${h}`)}`}
                          data={impactLevels.map((l) => ({
                            value: l,
                            label: t(`impact.levels.${l}`),
                          }))}
                          value={draft.impacts[type][h]}
                          onChange={(v) => setImpact(type, h, v as ImpactLevel)}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
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

/** Adds or edits one business process of the BIA. */
export function ProcessFormModal({
  orgId,
  process,
  opened,
  onClose,
}: {
  orgId: string;
  process: BusinessProcess | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={process ? t('impact.editTitle', { name: process.name }) : t('impact.newTitle')}
    >
      {opened && (
        <ProcessFormBody
          key={process?.id ?? 'new'}
          orgId={orgId}
          process={process}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}
