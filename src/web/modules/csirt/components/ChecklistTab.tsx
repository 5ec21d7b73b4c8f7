import {
  Accordion,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checklistStatuses, type ChecklistStatus } from '../../../../contracts/csirt';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useFormatters } from '../../../lib/use-formatters';
import { useSaveChecklistEntry, type CsirtWorkspace } from '../api/csirt';
import { useLocalized } from './localized';

type Item = CsirtWorkspace['checklist'][number]['items'][number];

const statusColor: Record<ChecklistStatus, string> = {
  open: 'gray',
  decided: 'teal',
  not_applicable: 'yellow',
};

function ItemEditor({ orgId, item }: { orgId: string; item: Item }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const fmt = useFormatters();
  const save = useSaveChecklistEntry(orgId);
  const [form, setForm] = useState({
    before: item.before,
    after: item.after,
    decision: item.decision,
    notes: item.notes,
    status: item.status,
    visit: item.visit === null ? '' : String(item.visit),
  });
  const title = localized(item.title);
  const field = (name: 'before' | 'after' | 'decision' | 'notes') => (
    <Textarea
      label={t(`csirt.checklist.${name}`)}
      autosize
      minRows={2}
      maxLength={4000}
      value={form[name]}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
    />
  );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('csirt.checklist.guidance')}: {localized(item.guidance)}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {field('before')}
        {field('after')}
      </SimpleGrid>
      {field('decision')}
      {field('notes')}
      <Group gap="lg" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`status-${item.key}`}>
            {t('csirt.checklist.status')}
          </Text>
          <SegmentedControl
            aria-labelledby={`status-${item.key}`}
            value={form.status}
            onChange={(v) => setForm({ ...form, status: v as ChecklistStatus })}
            data={checklistStatuses.map((s) => ({
              value: s,
              label: t(`csirt.checklist.statuses.${s}`),
            }))}
          />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`visit-${item.key}`}>
            {t('csirt.checklist.visit')}
          </Text>
          <SegmentedControl
            aria-labelledby={`visit-${item.key}`}
            value={form.visit}
            onChange={(v) => setForm({ ...form, visit: v })}
            data={[
              { value: '', label: t('csirt.checklist.noVisit') },
              ...[1, 2, 3].map((n) => ({
                value: String(n),
                label: t('csirt.progress.visit', { n }),
              })),
            ]}
          />
        </Stack>
        <Button
          loading={save.isPending}
          onClick={() =>
            void save
              .mutateAsync({
                itemKey: item.key,
                body: {
                  before: form.before,
                  after: form.after,
                  decision: form.decision,
                  notes: form.notes,
                  status: form.status,
                  visit: form.visit ? (Number(form.visit) as 1 | 2 | 3) : null,
                },
              })
              .then(() => notifySuccess(t('csirt.checklist.saved', { title })), notifyError)
          }
        >
          {t('csirt.checklist.save')}
        </Button>
      </Group>
      {item.updatedAt && item.updatedByName && (
        <Text size="xs" c="dimmed">
          {t('csirt.checklist.updatedBy', {
            name: item.updatedByName,
            when: fmt.dateTime(item.updatedAt),
          })}
        </Text>
      )}
    </Stack>
  );
}

/** The checklist by category; each item opens into its before/after/decision/notes and visit. */
export function ChecklistTab({ orgId, data }: { orgId: string; data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <Stack>
      {data.checklist.map((category) => (
        <Card key={category.key} withBorder radius="md" padding="lg" component="section">
          <Stack gap="xs">
            <Title order={2} fz="lg">
              {localized(category.title)}
            </Title>
            <Text size="sm" c="dimmed">
              {localized(category.description)}
            </Text>
            <Accordion variant="separated" chevronPosition="left">
              {category.items.map((item) => (
                <Accordion.Item key={item.key} value={item.key}>
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text fw={500}>{localized(item.title)}</Text>
                      <Group gap={4} wrap="nowrap">
                        {item.visit !== null && (
                          <Badge variant="outline" color="indigo">
                            {t('csirt.progress.visit', { n: item.visit })}
                          </Badge>
                        )}
                        <Badge color={statusColor[item.status]}>
                          {t(`csirt.checklist.statuses.${item.status}`)}
                        </Badge>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    {/* Remount when someone else saves the item, so the form shows their version. */}
                    <ItemEditor key={item.updatedAt ?? 'new'} orgId={orgId} item={item} />
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
