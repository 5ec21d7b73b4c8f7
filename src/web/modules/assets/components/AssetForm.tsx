import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  assetCategoryOf,
  assetTypes,
  type AssetType,
  type CreateAssetRequest,
} from '../../../../contracts/assets';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useAssetOptions, useSaveAsset, type Asset } from '../api/assets';

type Rating = 'confidentiality' | 'integrity' | 'availability';
const ratings: Rating[] = ['confidentiality', 'integrity', 'availability'];
const ratingValues = ['1', '2', '3'] as const;

const emptyDraft = (): CreateAssetRequest => ({
  name: '',
  type: 'information',
  owner: '',
  location: '',
  confidentiality: null,
  integrity: null,
  availability: null,
  rtoHours: null,
  rpoHours: null,
  notes: '',
  linkedAssetIds: [],
});

const draftOf = (a: Asset): CreateAssetRequest => ({
  name: a.name,
  type: a.type,
  owner: a.owner,
  location: a.location,
  confidentiality: a.confidentiality,
  integrity: a.integrity,
  availability: a.availability,
  rtoHours: a.rtoHours,
  rpoHours: a.rpoHours,
  notes: a.notes,
  linkedAssetIds: a.linkedAssets.map((l) => l.id),
});

const hours = (v: string | number) => (v === '' ? null : Number(v));

function AssetFormBody({
  orgId,
  asset,
  onClose,
}: {
  orgId: string;
  asset: Asset | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveAsset(orgId);
  const options = useAssetOptions(orgId);
  const [draft, setDraft] = useState<CreateAssetRequest>(() =>
    asset ? draftOf(asset) : emptyDraft(),
  );
  const [nameError, setNameError] = useState<string>();
  const serverErrors = fieldErrorsOf(save.error);
  const set = <K extends keyof CreateAssetRequest>(key: K, value: CreateAssetRequest[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  // Primary assets link to supporting ones and the other way round.
  const category = assetCategoryOf(draft.type);
  const linkable = (options.data ?? []).filter(
    (o) => o.id !== asset?.id && assetCategoryOf(o.type) !== category,
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim()) {
      setNameError(t('validation.required'));
      return;
    }
    setNameError(undefined);
    const linkedAssetIds = draft.linkedAssetIds.filter((id) => linkable.some((o) => o.id === id));
    save.mutate(
      { id: asset?.id ?? null, body: { ...draft, name: draft.name.trim(), linkedAssetIds } },
      {
        onSuccess: (saved) => {
          notifySuccess(t(asset ? 'assets.updated' : 'assets.created', { name: saved.name }));
          onClose();
        },
      },
    );
  };

  const typeOption = (type: AssetType) => ({
    value: type,
    label: t(`assets.types.${type}`),
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError error={save.error} shownFields={['name']} />
        <TextInput
          label={t('assets.fields.name')}
          required
          data-autofocus
          value={draft.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={nameError ?? serverErrors.name}
          maxLength={200}
        />
        <Select
          label={t('assets.fields.type')}
          required
          allowDeselect={false}
          data={[
            {
              group: t('assets.categories.primary'),
              items: assetTypes.filter((x) => assetCategoryOf(x) === 'primary').map(typeOption),
            },
            {
              group: t('assets.categories.supporting'),
              items: assetTypes.filter((x) => assetCategoryOf(x) === 'supporting').map(typeOption),
            },
          ]}
          value={draft.type}
          onChange={(v) => v && set('type', v as AssetType)}
          description={t(`assets.categories.${category}`)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('assets.fields.owner')}
            value={draft.owner}
            onChange={(e) => set('owner', e.currentTarget.value)}
            maxLength={200}
          />
          <TextInput
            label={t('assets.fields.location')}
            value={draft.location}
            onChange={(e) => set('location', e.currentTarget.value)}
            maxLength={200}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {ratings.map((r) => (
            <Select
              key={r}
              label={t(`assets.fields.${r}`)}
              placeholder={t('common.notSet')}
              clearable
              data={ratingValues.map((v) => ({ value: v, label: t(`assets.ratings.${v}`) }))}
              value={draft[r] === null || draft[r] === undefined ? null : String(draft[r])}
              onChange={(v) => set(r, v ? Number(v) : null)}
            />
          ))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('assets.fields.rtoHours')}
            min={0}
            max={8760}
            value={draft.rtoHours ?? ''}
            onChange={(v) => set('rtoHours', hours(v))}
            error={serverErrors.rtoHours}
          />
          <NumberInput
            label={t('assets.fields.rpoHours')}
            min={0}
            max={8760}
            value={draft.rpoHours ?? ''}
            onChange={(v) => set('rpoHours', hours(v))}
            error={serverErrors.rpoHours}
          />
        </SimpleGrid>
        <MultiSelect
          label={t(category === 'primary' ? 'assets.fields.supportedBy' : 'assets.fields.serves')}
          placeholder={linkable.length === 0 ? t('assets.noLinkable') : undefined}
          searchable
          clearable
          data={linkable.map((o) => ({
            value: o.id,
            label: `${o.name}（${t(`assets.types.${o.type}`)}）`,
          }))}
          value={draft.linkedAssetIds}
          onChange={(v) => set('linkedAssetIds', v)}
          nothingFoundMessage={t('common.noMatches')}
        />
        <Textarea
          label={t('assets.fields.notes')}
          autosize
          minRows={2}
          maxLength={4000}
          value={draft.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
        />
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

/** Create (asset null) or edit one asset in a modal. */
export function AssetFormModal({
  orgId,
  opened,
  asset,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  asset: Asset | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={asset ? t('assets.editTitle', { name: asset.name }) : t('assets.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <AssetFormBody key={asset?.id ?? 'new'} orgId={orgId} asset={asset} onClose={onClose} />
      )}
    </Modal>
  );
}
