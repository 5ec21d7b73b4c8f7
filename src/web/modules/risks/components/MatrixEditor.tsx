import {
  ActionIcon,
  Button,
  ColorInput,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { riskMatrixView, type RiskMatrixConfig } from '../../../../contracts/risks';
import { apiRequest, fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { riskKeys, type RiskMatrix } from '../api/risks';

type Level = RiskMatrixConfig['levels'][number];

function useMatrixMutations(orgId: string) {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: riskKeys.all(orgId) });
  const save = useMutation({
    mutationFn: (body: RiskMatrixConfig) =>
      apiRequest(`/api/orgs/${orgId}/risk-matrix`, {
        method: 'PUT',
        body,
        schema: riskMatrixView,
      }),
    onSettled,
  });
  const reset = useMutation({
    mutationFn: () =>
      apiRequest(`/api/orgs/${orgId}/risk-matrix`, { method: 'DELETE', schema: riskMatrixView }),
    onSettled,
  });
  return { save, reset };
}

function MatrixEditorBody({
  orgId,
  matrix,
  onClose,
}: {
  orgId: string;
  matrix: RiskMatrix;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { save, reset } = useMatrixMutations(orgId);
  const [levels, setLevels] = useState<Level[]>(matrix.levels);
  const errors = fieldErrorsOf(save.error);
  const maxScore = matrix.likelihood.length * matrix.impact.length;
  const update = (i: number, change: Partial<Level>) =>
    setLevels((list) => list.map((l, j) => (j === i ? { ...l, ...change } : l)));
  const nextKey = () => {
    const used = new Set(levels.map((l) => l.key));
    let n = levels.length + 1;
    while (used.has(`level_${n}`)) n += 1;
    return `level_${n}`;
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('riskMatrix.help', { max: maxScore })}
      </Text>
      <FormError error={save.error} />
      <FormError error={reset.error} />
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('riskMatrix.labelJa')}</Table.Th>
              <Table.Th>{t('riskMatrix.labelEn')}</Table.Th>
              <Table.Th>{t('riskMatrix.minScore')}</Table.Th>
              <Table.Th>{t('riskMatrix.maxScore')}</Table.Th>
              <Table.Th>{t('riskMatrix.color')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {levels.map((l, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput
                    aria-label={`${t('riskMatrix.labelJa')} ${i + 1}`}
                    value={l.label.ja}
                    maxLength={40}
                    onChange={(e) =>
                      update(i, { label: { ...l.label, ja: e.currentTarget.value } })
                    }
                    error={errors[`levels.${i}.label.ja`]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`${t('riskMatrix.labelEn')} ${i + 1}`}
                    value={l.label.en}
                    maxLength={40}
                    onChange={(e) =>
                      update(i, { label: { ...l.label, en: e.currentTarget.value } })
                    }
                    error={errors[`levels.${i}.label.en`]}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`${t('riskMatrix.minScore')} ${i + 1}`}
                    w={90}
                    min={1}
                    max={maxScore}
                    allowDecimal={false}
                    value={l.minScore}
                    onChange={(v) => update(i, { minScore: typeof v === 'number' ? v : 1 })}
                    error={errors[`levels.${i}.minScore`]}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`${t('riskMatrix.maxScore')} ${i + 1}`}
                    w={90}
                    min={1}
                    max={maxScore}
                    allowDecimal={false}
                    value={l.maxScore}
                    onChange={(v) => update(i, { maxScore: typeof v === 'number' ? v : 1 })}
                    error={errors[`levels.${i}.maxScore`]}
                  />
                </Table.Td>
                <Table.Td>
                  <ColorInput
                    aria-label={`${t('riskMatrix.color')} ${i + 1}`}
                    w={130}
                    format="hex"
                    value={l.color}
                    onChange={(color) => update(i, { color })}
                    error={errors[`levels.${i}.color`]}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('riskMatrix.remove', { n: i + 1 })}
                    disabled={levels.length <= 2}
                    onClick={() => setLevels((list) => list.filter((_, j) => j !== i))}
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            variant="default"
            disabled={levels.length >= 10}
            onClick={() =>
              setLevels((list) => [
                ...list,
                {
                  key: nextKey(),
                  label: { ja: '', en: '' },
                  minScore: maxScore,
                  maxScore,
                  color: '#888888',
                },
              ])
            }
          >
            {t('riskMatrix.add')}
          </Button>
          {!matrix.isDefault && (
            <Button
              variant="subtle"
              color="red"
              loading={reset.isPending}
              onClick={() =>
                reset.mutate(undefined, {
                  onSuccess: (m) => {
                    setLevels(m.levels);
                    notifySuccess(t('riskMatrix.resetDone'));
                  },
                  onError: notifyError,
                })
              }
            >
              {t('riskMatrix.reset')}
            </Button>
          )}
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { likelihood: matrix.likelihood, impact: matrix.impact, levels },
                {
                  onSuccess: () => {
                    notifySuccess(t('riskMatrix.saved'));
                    onClose();
                  },
                },
              )
            }
          >
            {t('common.save')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

/** The company's risk levels and colours, edited by its admins; the axes stay as they are. */
export function MatrixEditorModal({
  orgId,
  matrix,
  opened,
  onClose,
}: {
  orgId: string;
  matrix: RiskMatrix | undefined;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('riskMatrix.title')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened && matrix && (
        <MatrixEditorBody
          key={matrix.updatedAt ?? 'default'}
          orgId={orgId}
          matrix={matrix}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}
