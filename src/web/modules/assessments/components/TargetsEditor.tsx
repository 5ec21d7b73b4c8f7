import { Button, Group, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  isScoredItem,
  type AssessmentResults,
  type QuestionItem,
  type QuestionSet,
  type Targets,
} from '../../../../contracts/assessments';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useSetTargets } from '../api/assessments';
import { useLocalized } from './localized';

/** Scored items of a top-level section, subsections flattened, in sheet order. */
function scoredItems(section: QuestionSet['sections'][number]): QuestionItem[] {
  return section.children.flatMap((child) =>
    child.kind === 'section'
      ? child.children.filter(isScoredItem)
      : isScoredItem(child)
        ? [child]
        : [],
  );
}

const parse = (value: string | number): number | undefined =>
  value === '' || value === undefined ? undefined : Number(value);

/**
 * Target scores (0–5) per section and per scored item, for the next assessment to aim at: shown beside the
 * scores and carried into a year-two assessment.
 */
export function TargetsEditor({
  orgId,
  results,
  questionSet,
  current,
}: {
  orgId: string;
  results: AssessmentResults;
  questionSet: QuestionSet;
  current: Targets;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<Targets>(current);
  const save = useSetTargets(orgId, results.assessmentId);
  const setSection = (id: string, value: string | number) =>
    setDraft((d) => {
      const sections = { ...d.sections };
      const n = parse(value);
      if (n === undefined) delete sections[id];
      else sections[id] = n;
      return { ...d, sections };
    });
  const setItem = (id: string, value: string | number) =>
    setDraft((d) => {
      const items = { ...d.items };
      const n = parse(value);
      if (n === undefined) delete items[id];
      else items[id] = n;
      return { ...d, items };
    });
  const scoreOf = new Map(results.items.map((i) => [i.itemId, i.score]));

  return (
    <>
      <Button
        variant="default"
        size="xs"
        onClick={() => {
          setDraft(current);
          save.reset();
          setOpened(true);
        }}
      >
        {t('assessments.targets.button')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('assessments.targets.title')}
        size="xl"
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('assessments.targets.help')}
          </Text>
          {questionSet.sections.map((section) => (
            <Table key={section.id} verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{loc(section.title)}</Table.Th>
                  <Table.Th w={90} ta="right">
                    {t('assessments.results.current')}
                  </Table.Th>
                  <Table.Th w={130}>{t('assessments.results.target')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td fw={600}>{t('assessments.targets.sectionTarget')}</Table.Td>
                  <Table.Td ta="right">
                    {results.sections.find((s) => s.sectionId === section.id)?.score ?? '—'}
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      min={0}
                      max={5}
                      step={0.5}
                      decimalScale={1}
                      aria-label={`${loc(section.title)} ${t('assessments.results.target')}`}
                      value={draft.sections[section.id] ?? ''}
                      onChange={(v) => setSection(section.id, v)}
                    />
                  </Table.Td>
                </Table.Tr>
                {scoredItems(section).map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Text size="sm">{loc(item.title)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{scoreOf.get(item.id) ?? '—'}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="xs"
                        min={0}
                        max={5}
                        step={0.5}
                        decimalScale={1}
                        aria-label={`${loc(item.title)} ${t('assessments.results.target')}`}
                        value={draft.items[item.id] ?? ''}
                        onChange={(v) => setItem(item.id, v)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
          {save.error && <FormError error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={save.isPending}
              onClick={() =>
                save.mutate(draft, {
                  onSuccess: () => {
                    notifySuccess(t('assessments.targets.saved'));
                    setOpened(false);
                  },
                })
              }
            >
              {t('assessments.targets.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
