import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  List,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  escalationOrder,
  flowStages,
  type FlowStage,
  type FlowStep,
} from '../../../../contracts/csirt';
import { EmptyNote } from '../../../components/EmptyNote';
import { QueryState } from '../../../components/QueryState';
import { notifyError, notifySuccess } from '../../../components/notify';
import { useCsirtFlow, useSaveFlow, type CsirtFlow, type CsirtWorkspace } from '../api/csirt';
import { svgDataUri, useLocalized } from './localized';

function StepsEditor({
  orgId,
  flow,
  data,
}: {
  orgId: string;
  flow: CsirtFlow;
  data: CsirtWorkspace;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const save = useSaveFlow(orgId, localized.locale);
  const [steps, setSteps] = useState<FlowStep[]>(flow.steps);
  const roles = data.roles.map((r) => ({ value: r.key, label: localized(r.title) }));
  const parties = data.parties.map((p) => ({ value: p.key, label: localized(p.name) }));
  const update = (i: number, patch: Partial<FlowStep>) =>
    setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    setSteps(next);
  };
  return (
    <Stack>
      <Title order={2} fz="lg">
        {t('csirt.flow.stepsTitle')}
      </Title>
      {steps.map((s, i) => (
        <Card key={s.id} withBorder radius="md" padding="md" aria-label={s.title}>
          <Stack gap="xs">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label={t('csirt.flow.stage')}
                data={flowStages.map((st) => ({ value: st, label: t(`csirt.flow.stages.${st}`) }))}
                value={s.stage}
                allowDeselect={false}
                onChange={(v) => v && update(i, { stage: v as FlowStage })}
              />
              <Select
                label={t('csirt.flow.lane')}
                data={roles}
                value={s.lane}
                allowDeselect={false}
                onChange={(v) => v && update(i, { lane: v })}
              />
              <TextInput
                label={t('csirt.flow.stepTitle')}
                value={s.title}
                maxLength={120}
                required
                onChange={(e) => update(i, { title: e.currentTarget.value })}
              />
            </SimpleGrid>
            <Textarea
              label={t('csirt.flow.detail')}
              autosize
              minRows={1}
              value={s.detail}
              onChange={(e) => update(i, { detail: e.currentTarget.value })}
            />
            <Switch
              label={t('csirt.flow.isDecision')}
              checked={s.decision !== null}
              onChange={(e) =>
                update(i, {
                  decision: e.currentTarget.checked
                    ? { question: s.title, ownerRole: s.lane, criteria: '' }
                    : null,
                })
              }
            />
            {s.decision && (
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('csirt.flow.question')}
                  value={s.decision.question}
                  required
                  onChange={(e) =>
                    update(i, { decision: { ...s.decision!, question: e.currentTarget.value } })
                  }
                />
                <Select
                  label={t('csirt.flow.owner')}
                  data={roles}
                  value={s.decision.ownerRole}
                  allowDeselect={false}
                  onChange={(v) => v && update(i, { decision: { ...s.decision!, ownerRole: v } })}
                />
                <Textarea
                  label={t('csirt.flow.criteria')}
                  autosize
                  minRows={1}
                  value={s.decision.criteria}
                  onChange={(e) =>
                    update(i, { decision: { ...s.decision!, criteria: e.currentTarget.value } })
                  }
                />
              </SimpleGrid>
            )}
            <MultiSelect
              label={t('csirt.flow.notify')}
              data={parties}
              value={s.notify}
              onChange={(v) => update(i, { notify: v })}
            />
            <Group gap="xs">
              <Button size="xs" variant="default" disabled={i === 0} onClick={() => move(i, -1)}>
                {t('csirt.flow.moveUp')}
              </Button>
              <Button
                size="xs"
                variant="default"
                disabled={i === steps.length - 1}
                onClick={() => move(i, 1)}
              >
                {t('csirt.flow.moveDown')}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                disabled={steps.length <= 1}
                onClick={() => setSteps(steps.filter((_, j) => j !== i))}
              >
                {t('csirt.flow.removeStep')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
      <Group>
        <Button
          variant="default"
          onClick={() =>
            setSteps([
              ...steps,
              {
                id: `step-${Date.now().toString(36)}`,
                stage: 'review',
                lane: steps.at(-1)?.lane ?? roles[0]!.value,
                title: t('csirt.flow.newStep'),
                detail: '',
                decision: null,
                notify: [],
              },
            ])
          }
        >
          {t('csirt.flow.addStep')}
        </Button>
        <Button
          loading={save.isPending}
          onClick={() =>
            void save
              .mutateAsync(steps)
              .then(() => notifySuccess(t('csirt.flow.saved')), notifyError)
          }
        >
          {t('csirt.flow.save')}
        </Button>
        {!flow.isDefault && (
          <Button
            variant="subtle"
            loading={save.isPending}
            onClick={() =>
              void save
                .mutateAsync(null)
                .then(() => notifySuccess(t('csirt.flow.resetDone')), notifyError)
            }
          >
            {t('csirt.flow.reset')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** Who to call during the response, in escalation order, beside the escalation tree. */
function ContactsPanel({ data }: { data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const roleTitle = new Map(data.roles.map((r) => [r.key, localized(r.title)]));
  const partyName = new Map(data.parties.map((p) => [p.key, localized(p.name)]));
  const names = new Map(data.contacts.map((c) => [c.id, c.name]));
  const rows = escalationOrder(data.contacts);
  return (
    <Stack gap="xs" component="section" aria-labelledby="csirt-flow-contacts">
      <Title order={3} fz="md" id="csirt-flow-contacts">
        {t('csirt.flow.contactsTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('csirt.flow.contactsHelp')}
      </Text>
      {rows.length === 0 ? (
        <EmptyNote>{t('csirt.contacts.none')}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('csirt.flow.escalationOrder')}</Table.Th>
                <Table.Th>{t('csirt.contacts.fields.roleKey')}</Table.Th>
                <Table.Th>{t('csirt.contacts.fields.phone')}</Table.Th>
                <Table.Th>{t('csirt.contacts.fields.email')}</Table.Th>
                <Table.Th>{t('csirt.contacts.fields.hours')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ contact: c, depth }) => (
                <Table.Tr key={c.id}>
                  <Table.Td style={{ paddingInlineStart: `calc(${depth * 1.25}rem + 8px)` }}>
                    <Text size="sm" fw={500}>
                      {depth > 0 ? '└ ' : ''}
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {c.escalatesToId && names.has(c.escalatesToId)
                        ? t('csirt.flow.escalatesTo', { name: names.get(c.escalatesToId) })
                        : t('csirt.contacts.top')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {(c.roleKey && roleTitle.get(c.roleKey)) ||
                      (c.partyKey && partyName.get(c.partyKey)) ||
                      c.organization ||
                      '—'}
                  </Table.Td>
                  <Table.Td>
                    {c.phone || (
                      <Text span size="sm" c="red">
                        {t('csirt.flow.noPhone')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.email || '—'}</Table.Td>
                  <Table.Td>{c.hours || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** The server-drawn flow diagram and escalation tree (as images), the contacts, and the step editor. */
export function FlowTab({ orgId, data }: { orgId: string; data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const flow = useCsirtFlow(orgId, localized.locale);
  return (
    <QueryState query={flow}>
      {(f) => (
        <Stack>
          <Card
            withBorder
            radius="md"
            padding="lg"
            component="section"
            aria-labelledby="csirt-flow"
          >
            <Stack>
              <Title order={2} fz="lg" id="csirt-flow">
                {t('csirt.flow.title')}
              </Title>
              <Text size="sm" c="dimmed">
                {f.isDefault ? t('csirt.flow.isDefault') : t('csirt.flow.isOwn')}
              </Text>
              <div style={{ overflowX: 'auto' }}>
                <img
                  src={svgDataUri(f.svg)}
                  alt={t('csirt.flow.diagramAlt')}
                  width={f.width}
                  height={f.height}
                  style={{ maxWidth: 'none', display: 'block' }}
                />
              </div>
              {f.warnings.length > 0 && (
                <Alert color="yellow">
                  <List size="sm">
                    {f.warnings.map((w, i) => (
                      <List.Item key={`${w.code}-${w.ref}-${i}`}>{w.message}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, lg: 5 }}>
                  <Stack gap="xs">
                    <Title order={3} fz="md">
                      {t('csirt.flow.escalationTitle')}
                    </Title>
                    <div style={{ overflowX: 'auto' }}>
                      <img
                        src={svgDataUri(f.escalation.svg)}
                        alt={t('csirt.flow.escalationAlt')}
                        width={f.escalation.width}
                        height={f.escalation.height}
                        style={{ maxWidth: 'none', display: 'block' }}
                      />
                    </div>
                  </Stack>
                </Grid.Col>
                <Grid.Col span={{ base: 12, lg: 7 }}>
                  <ContactsPanel data={data} />
                </Grid.Col>
              </Grid>
            </Stack>
          </Card>
          {/* A new editor whenever the stored flow changes (saved here or by someone else). */}
          <StepsEditor key={JSON.stringify(f.steps)} orgId={orgId} flow={f} data={data} />
        </Stack>
      )}
    </QueryState>
  );
}
