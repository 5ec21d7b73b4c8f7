import {
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  actionEfforts,
  actionStatuses,
  VISIT_COUNT,
  type ActionEffort,
  type ActionStatus,
} from '../../../../contracts/improvement';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useMembers } from '../../organizations/api/members';
import {
  useCreateAction,
  useRecordProgress,
  useUpdateAction,
  type Action,
} from '../api/improvement';

function useVisitOptions() {
  const { t } = useTranslation();
  return Array.from({ length: VISIT_COUNT }, (_, i) => ({
    value: String(i + 1),
    label: t('improvement.visitLabel', { n: i + 1 }),
  }));
}

const num = (v: string | null) => (v ? Number(v) : null);

interface Draft {
  title: string;
  detail: string;
  ownerUserId: string | null;
  ownerName: string;
  dueOn: string;
  effort: ActionEffort | null;
  status: ActionStatus;
  agreedVisit: number | null;
  checkedVisit: number | null;
}

function ActionFormBody({
  orgId,
  action,
  onClose,
}: {
  orgId: string;
  action: Action | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const members = useMembers(orgId);
  const visits = useVisitOptions();
  const create = useCreateAction(orgId);
  const update = useUpdateAction(orgId);
  const save = action ? update : create;
  const [draft, setDraft] = useState<Draft>({
    title: action?.title ?? '',
    detail: action?.detail ?? '',
    ownerUserId: action?.ownerUserId ?? null,
    ownerName: action && !action.ownerUserId ? (action.ownerName ?? '') : '',
    dueOn: action?.dueOn ?? '',
    effort: action?.effort ?? null,
    status: action?.status ?? 'planned',
    agreedVisit: action?.agreedVisit ?? null,
    checkedVisit: action?.checkedVisit ?? null,
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const errors = fieldErrorsOf(save.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const common = {
      title: draft.title,
      detail: draft.detail,
      ownerUserId: draft.ownerUserId,
      ownerName: draft.ownerUserId ? null : draft.ownerName.trim() || null,
      dueOn: draft.dueOn || null,
      effort: draft.effort,
      agreedVisit: draft.agreedVisit,
    };
    const done = () => {
      notifySuccess(t('improvement.saved'));
      onClose();
    };
    if (action) {
      update.mutate(
        {
          id: action.id,
          body: { ...common, status: draft.status, checkedVisit: draft.checkedVisit },
        },
        { onSuccess: done },
      );
    } else {
      create.mutate({ ...common, source: { kind: 'manual', label: '' } }, { onSuccess: done });
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError
          error={save.error}
          shownFields={['title', 'dueOn', 'ownerUserId', 'checkedVisit']}
        />
        <TextInput
          label={t('improvement.fields.title')}
          required
          data-autofocus
          maxLength={200}
          value={draft.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errors.title}
        />
        <Textarea
          label={t('improvement.fields.detail')}
          autosize
          minRows={2}
          maxLength={4000}
          value={draft.detail}
          onChange={(e) => set('detail', e.currentTarget.value)}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('improvement.fields.ownerMember')}
            placeholder={t('common.notSet')}
            clearable
            data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
            value={draft.ownerUserId}
            onChange={(v) => set('ownerUserId', v)}
            error={errors.ownerUserId}
          />
          <TextInput
            label={t('improvement.fields.ownerName')}
            maxLength={120}
            disabled={draft.ownerUserId !== null}
            value={draft.ownerName}
            onChange={(e) => set('ownerName', e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('improvement.fields.dueOn')}
            value={draft.dueOn}
            onChange={(e) => set('dueOn', e.currentTarget.value)}
            error={errors.dueOn}
          />
          <Select
            label={t('improvement.fields.effort')}
            placeholder={t('common.notSet')}
            clearable
            data={actionEfforts.map((x) => ({ value: x, label: t(`improvement.efforts.${x}`) }))}
            value={draft.effort}
            onChange={(v) => set('effort', (v as ActionEffort | null) ?? null)}
          />
          <Select
            label={t('improvement.fields.agreedVisit')}
            placeholder={t('common.notSet')}
            clearable
            data={visits}
            value={draft.agreedVisit === null ? null : String(draft.agreedVisit)}
            onChange={(v) => set('agreedVisit', num(v))}
          />
          {action && (
            <Select
              label={t('improvement.fields.checkedVisit')}
              placeholder={t('common.notSet')}
              clearable
              data={visits}
              value={draft.checkedVisit === null ? null : String(draft.checkedVisit)}
              onChange={(v) => set('checkedVisit', num(v))}
              error={errors.checkedVisit}
            />
          )}
          {action && (
            <Select
              label={t('improvement.fields.status')}
              allowDeselect={false}
              data={actionStatuses.map((x) => ({
                value: x,
                label: t(`improvement.statuses.${x}`),
              }))}
              value={draft.status}
              onChange={(v) => v && set('status', v as ActionStatus)}
            />
          )}
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

/** Create (action null) or edit one improvement item in a modal. */
export function ActionFormModal({
  orgId,
  opened,
  action,
  onClose,
}: {
  orgId: string;
  opened: boolean;
  action: Action | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        action ? t('improvement.editTitle', { title: action.title }) : t('improvement.newTitle')
      }
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && (
        <ActionFormBody key={action?.id ?? 'new'} orgId={orgId} action={action} onClose={onClose} />
      )}
    </Modal>
  );
}

function ProgressFormBody({
  orgId,
  action,
  onClose,
}: {
  orgId: string;
  action: Action;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordProgress(orgId);
  const visits = useVisitOptions();
  const next = Math.min(
    VISIT_COUNT,
    (action.progress.at(-1)?.visit ?? action.agreedVisit ?? 0) + 1,
  );
  const [visit, setVisit] = useState<number>(next);
  const [status, setStatus] = useState<ActionStatus>(action.status);
  const [note, setNote] = useState('');
  const errors = fieldErrorsOf(record.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate(
      { id: action.id, body: { visit, status, note } },
      {
        onSuccess: () => {
          notifySuccess(t('improvement.saved'));
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError error={record.error} shownFields={['visit']} />
        {action.progress.length > 0 && (
          <Stack gap={4}>
            <Text fw={600} size="sm">
              {t('improvement.progressHistory')}
            </Text>
            <Table withTableBorder verticalSpacing={4}>
              <Table.Tbody>
                {action.progress.map((p) => (
                  <Table.Tr key={p.visit}>
                    <Table.Td>{t('improvement.visitLabel', { n: p.visit })}</Table.Td>
                    <Table.Td>{t(`improvement.statuses.${p.status}`)}</Table.Td>
                    <Table.Td>{p.note}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('improvement.fields.visit')}
            allowDeselect={false}
            data={visits}
            value={String(visit)}
            onChange={(v) => v && setVisit(Number(v))}
            error={errors.visit}
          />
          <Select
            label={t('improvement.fields.status')}
            allowDeselect={false}
            data={actionStatuses.map((x) => ({ value: x, label: t(`improvement.statuses.${x}`) }))}
            value={status}
            onChange={(v) => v && setStatus(v as ActionStatus)}
          />
        </SimpleGrid>
        <Textarea
          label={t('improvement.fields.note')}
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Records what was seen of one item at a visit. */
export function ProgressModal({
  orgId,
  action,
  onClose,
}: {
  orgId: string;
  action: Action | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={action ? t('improvement.progressTitle', { title: action.title }) : ''}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {action && (
        <ProgressFormBody key={action.id} orgId={orgId} action={action} onClose={onClose} />
      )}
    </Modal>
  );
}
