import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from './notify';

/** A modal asking to confirm a destructive action; Escape or Cancel closes it. */
export function ConfirmDialog({
  opened,
  title,
  message,
  confirmLabel,
  loading,
  onConfirm,
  onClose,
  children,
}: {
  opened: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <Text size="sm">{message}</Text>
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={loading} onClick={onConfirm} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The part of a TanStack mutation the removal dialog drives. */
interface RemovalMutation<V> {
  isPending: boolean;
  mutate: (
    variables: V,
    options: { onSuccess: () => void; onError: (error: Error) => void },
  ) => void;
}

/**
 * Confirms removing one item, runs the mutation, and reports the outcome: closes with a success
 * notice, or stays open with the server's message so the user can retry or cancel.
 */
export function ConfirmRemovalDialog<T, V>({
  target,
  onClose,
  title,
  message,
  confirmLabel,
  mutation,
  variables,
  successMessage,
}: {
  target: T | null;
  onClose: () => void;
  title: string;
  message: (target: T) => ReactNode;
  confirmLabel: string;
  mutation: RemovalMutation<V>;
  variables: (target: T) => V;
  successMessage: (target: T) => string;
}) {
  return (
    <ConfirmDialog
      opened={target !== null}
      title={title}
      message={target === null ? '' : message(target)}
      confirmLabel={confirmLabel}
      loading={mutation.isPending}
      onClose={onClose}
      onConfirm={() => {
        if (target === null) return;
        mutation.mutate(variables(target), {
          onSuccess: () => {
            notifySuccess(successMessage(target));
            onClose();
          },
          onError: notifyError,
        });
      }}
    />
  );
}
