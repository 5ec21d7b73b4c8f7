import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { alternateKinds, backupLocations, type SystemFacts } from '../../../../contracts/bcp';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useSaveSystemFacts, type BcpSystem } from '../api/bcp';

const emptyFacts = (): SystemFacts => ({
  backupMethod: '',
  backupFrequencyHours: null,
  backupLocations: [],
  immutableBackup: false,
  lastRestoreTestOn: null,
  restoreHours: null,
  administratorCount: null,
  alternates: [],
  alternateNotes: '',
  manualWorkaround: '',
  recoverySteps: [],
});

function SystemFactsBody({
  orgId,
  system,
  onClose,
}: {
  orgId: string;
  system: BcpSystem;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSystemFacts(orgId);
  const [draft, setDraft] = useState<SystemFacts>(() => system.facts ?? emptyFacts());
  const [steps, setSteps] = useState(() => draft.recoverySteps.join('\n'));
  const errors = fieldErrorsOf(save.error);
  const set = <K extends keyof SystemFacts>(key: K, value: SystemFacts[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const num = (v: string | number) => (typeof v === 'number' ? v : null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const recoverySteps = steps
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    save.mutate(
      { assetId: system.asset.id, facts: { ...draft, recoverySteps } },
      {
        onSuccess: () => {
          notifySuccess(t('bcp.systemSaved', { name: system.asset.name }));
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError error={save.error} shownFields={Object.keys(errors)} />
        <Text size="sm" c="dimmed">
          {t('bcp.systemTargets', {
            rto: system.requiredRtoHours ?? '—',
            rpo: system.requiredRpoHours ?? '—',
          })}
        </Text>
        <Text fw={600}>{t('bcp.systemGroups.backup')}</Text>
        <TextInput
          label={t('bcp.fields.backupMethod')}
          data-autofocus
          maxLength={500}
          value={draft.backupMethod}
          onChange={(e) => set('backupMethod', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t('bcp.fields.backupFrequencyHours')}
            description={t('bcp.hints.backupFrequencyHours')}
            min={0}
            max={8760}
            value={draft.backupFrequencyHours ?? ''}
            onChange={(v) => set('backupFrequencyHours', num(v))}
            error={errors.backupFrequencyHours}
          />
          <TextInput
            label={t('bcp.fields.lastRestoreTestOn')}
            type="date"
            value={draft.lastRestoreTestOn ?? ''}
            onChange={(e) => set('lastRestoreTestOn', e.currentTarget.value || null)}
            error={errors.lastRestoreTestOn}
          />
          <NumberInput
            label={t('bcp.fields.restoreHours')}
            min={0}
            max={8760}
            value={draft.restoreHours ?? ''}
            onChange={(v) => set('restoreHours', num(v))}
          />
        </SimpleGrid>
        <Checkbox.Group
          label={t('bcp.fields.backupLocations')}
          value={draft.backupLocations}
          onChange={(v) => set('backupLocations', v as SystemFacts['backupLocations'])}
        >
          <Group mt={4}>
            {backupLocations.map((l) => (
              <Checkbox key={l} value={l} label={t(`bcp.locations.${l}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Switch
          label={t('bcp.fields.immutableBackup')}
          checked={draft.immutableBackup}
          onChange={(e) => set('immutableBackup', e.currentTarget.checked)}
        />
        <Text fw={600}>{t('bcp.systemGroups.people')}</Text>
        <NumberInput
          label={t('bcp.fields.administratorCount')}
          min={0}
          max={1000}
          allowDecimal={false}
          value={draft.administratorCount ?? ''}
          onChange={(v) => set('administratorCount', num(v))}
          maw={240}
        />
        <Text fw={600}>{t('bcp.systemGroups.alternates')}</Text>
        <Checkbox.Group
          label={t('bcp.fields.alternates')}
          value={draft.alternates}
          onChange={(v) => set('alternates', v as SystemFacts['alternates'])}
        >
          <Group mt={4}>
            {alternateKinds.map((k) => (
              <Checkbox key={k} value={k} label={t(`bcp.alternateKinds.${k}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea
          label={t('bcp.fields.alternateNotes')}
          autosize
          minRows={2}
          maxLength={1000}
          value={draft.alternateNotes}
          onChange={(e) => set('alternateNotes', e.currentTarget.value)}
        />
        <Textarea
          label={t('bcp.fields.manualWorkaround')}
          autosize
          minRows={2}
          maxLength={2000}
          value={draft.manualWorkaround}
          onChange={(e) => set('manualWorkaround', e.currentTarget.value)}
        />
        <Textarea
          label={t('bcp.fields.recoverySteps')}
          description={t('bcp.hints.recoverySteps')}
          autosize
          minRows={3}
          value={steps}
          onChange={(e) => setSteps(e.currentTarget.value)}
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

/** Backup, people, alternates and recovery steps of one system. */
export function SystemFactsModal({
  orgId,
  system,
  onClose,
}: {
  orgId: string;
  system: BcpSystem | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={system !== null}
      onClose={onClose}
      size="xl"
      title={system ? t('bcp.systemTitle', { name: system.asset.name }) : ''}
    >
      {system && (
        <SystemFactsBody key={system.asset.id} orgId={orgId} system={system} onClose={onClose} />
      )}
    </Modal>
  );
}
