import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIT_COUNT } from '../../../../contracts/improvement';
import { fieldErrorsOf } from '../../../api/client';
import { EChart, type EChartOption } from '../../../components/EChart';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useLocalized } from '../../risks/components/localized';
import {
  useAcceptProposals,
  useGoals,
  useMovement,
  useProposals,
  usePutGoals,
  useSecurityAction,
  useSetSecurityAction,
  type Goals,
  type Overview,
  type SecurityAction,
} from '../api/improvement';

export function Section({
  id,
  title,
  help,
  children,
}: {
  id: string;
  title: string;
  help?: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id}>
      <Stack>
        <Stack gap={4}>
          <Title order={2} fz="lg" id={id}>
            {title}
          </Title>
          {help && (
            <Text size="sm" c="dimmed">
              {help}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Card>
  );
}

/** Low scores and high risks the company may take over into its plan. */
export function ProposalsPanel({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const proposals = useProposals(orgId);
  const accept = useAcceptProposals(orgId);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [visit, setVisit] = useState<string | null>(null);
  const toggle = (key: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <Section
      id="improvement-proposals"
      title={t('improvement.proposals.title')}
      help={t('improvement.proposals.help')}
    >
      <QueryState query={proposals}>
        {(list) =>
          list.length === 0 ? (
            <EmptyNote>{t('improvement.proposals.none')}</EmptyNote>
          ) : (
            <Stack>
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="xs">
                  <Table.Tbody>
                    {list.map((p) => (
                      <Table.Tr key={p.key}>
                        <Table.Td w={40}>
                          <Checkbox
                            aria-label={t('improvement.proposals.select', { title: p.title })}
                            checked={chosen.has(p.key)}
                            onChange={(e) => toggle(p.key, e.currentTarget.checked)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={2}>
                            <Text fw={600}>{p.title}</Text>
                            <Text size="xs" c="dimmed">
                              {p.reason}
                            </Text>
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light">{t(`improvement.sources.${p.source.kind}`)}</Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Group align="flex-end">
                <Select
                  label={t('improvement.proposals.agreedVisit')}
                  placeholder={t('common.notSet')}
                  clearable
                  w={180}
                  data={Array.from({ length: VISIT_COUNT }, (_, i) => ({
                    value: String(i + 1),
                    label: t('improvement.visitLabel', { n: i + 1 }),
                  }))}
                  value={visit}
                  onChange={setVisit}
                />
                <Button
                  disabled={chosen.size === 0}
                  loading={accept.isPending}
                  onClick={() =>
                    accept.mutate(
                      { keys: [...chosen], agreedVisit: visit ? Number(visit) : null },
                      {
                        onSuccess: (r) => {
                          notifySuccess(
                            t('improvement.proposals.accepted', { count: r.actions.length }),
                          );
                          setChosen(new Set());
                        },
                        onError: notifyError,
                      },
                    )
                  }
                >
                  {t('improvement.proposals.accept', { count: chosen.size })}
                </Button>
              </Group>
            </Stack>
          )
        }
      </QueryState>
    </Section>
  );
}

/** Done against open items at each visit, as a stacked bar chart with the figures beside it. */
export function ProgressPanel({ progress }: { progress: Overview['progress'] }) {
  const { t } = useTranslation();
  const visits = progress.visits;
  const option: EChartOption = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: {
      type: 'category',
      data: visits.map((v) => t('improvement.visitLabel', { n: v.visit })),
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('improvement.chart.done'),
        type: 'bar',
        stack: 'all',
        color: '#2f9e44',
        data: visits.map((v) => v.done),
      },
      {
        name: t('improvement.chart.open'),
        type: 'bar',
        stack: 'all',
        color: '#f59f00',
        data: visits.map((v) => v.open),
      },
    ],
  };
  return (
    <Section id="improvement-progress" title={t('improvement.chart.title')}>
      <EChart option={option} height={260} label={t('improvement.chart.label')} />
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder verticalSpacing={4} data-testid="progress-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {visits.map((v) => (
                <Table.Th key={v.visit}>{t('improvement.visitLabel', { n: v.visit })}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(['done', 'open', 'dropped'] as const).map((k) => (
              <Table.Tr key={k}>
                <Table.Th>{t(`improvement.chart.${k}`)}</Table.Th>
                {visits.map((v) => (
                  <Table.Td key={v.visit}>{v[k]}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

const arrows = { up: '↑', down: '↓', same: '→', new: '・' } as const;
const arrowColors = { up: 'teal', down: 'red', same: 'gray', new: 'gray' } as const;

/** Per-section score before → latest, with an arrow, after a re-assessment. */
/** One row of the movement table: a section, or one of its items (indented) once it is opened. */
function MovementRow({
  title,
  previous,
  latest,
  change,
  item,
  toggle,
}: {
  title: ReactNode;
  previous: string;
  latest: string;
  change: 'up' | 'down' | 'same' | 'new';
  item?: string;
  toggle?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-item={item}>
      <Table.Td pl={item ? 'xl' : undefined}>
        <Group gap={4} wrap="nowrap">
          {toggle}
          {item ? <Text size="sm">{title}</Text> : title}
        </Group>
      </Table.Td>
      <Table.Td>{previous}</Table.Td>
      <Table.Td>{latest}</Table.Td>
      <Table.Td>
        <Text
          c={arrowColors[change]}
          fw={item ? 500 : 700}
          size={item ? 'sm' : undefined}
          span
          aria-label={t(`improvement.movement.changes.${change}`)}
        >
          {arrows[change]} {t(`improvement.movement.changes.${change}`)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function MovementPanel({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const localized = useLocalized();
  const movement = useMovement(orgId);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const score = (v: number | null) => (v === null ? '—' : fmt.number(v));
  const flip = (sectionId: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(sectionId)) next.delete(sectionId);
      else next.add(sectionId);
      return next;
    });
  return (
    <Section id="improvement-movement" title={t('improvement.movement.title')}>
      <QueryState query={movement}>
        {(m) =>
          !m.latest ? (
            <EmptyNote>{t('improvement.movement.none')}</EmptyNote>
          ) : (
            <Stack>
              {!m.previous && <Text size="sm">{t('improvement.movement.noPrevious')}</Text>}
              <Table withTableBorder verticalSpacing="xs" data-testid="movement-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('improvement.movement.section')}</Table.Th>
                    <Table.Th>{t('improvement.movement.previous')}</Table.Th>
                    <Table.Th>{t('improvement.movement.latest')}</Table.Th>
                    <Table.Th>{t('improvement.movement.change')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {m.sections.flatMap((s) => {
                    const items = m.items.filter((i) => i.sectionId === s.sectionId);
                    const isOpen = open.has(s.sectionId);
                    const name = localized(s.title);
                    return [
                      <MovementRow
                        key={s.sectionId}
                        title={name}
                        previous={score(s.previous)}
                        latest={score(s.latest)}
                        change={s.change}
                        toggle={
                          items.length > 0 && (
                            <ActionIcon
                              size="sm"
                              variant="subtle"
                              aria-expanded={isOpen}
                              aria-label={t(
                                isOpen
                                  ? 'improvement.movement.hideItems'
                                  : 'improvement.movement.showItems',
                                { section: name },
                              )}
                              onClick={() => flip(s.sectionId)}
                            >
                              {isOpen ? '▾' : '▸'}
                            </ActionIcon>
                          )
                        }
                      />,
                      ...(isOpen
                        ? items.map((i) => (
                            <MovementRow
                              key={i.itemId}
                              item={i.itemId}
                              title={localized(i.title)}
                              previous={score(i.previous)}
                              latest={score(i.latest)}
                              change={i.change}
                            />
                          ))
                        : []),
                    ];
                  })}
                </Table.Tbody>
              </Table>
            </Stack>
          )
        }
      </QueryState>
    </Section>
  );
}

function GoalsForm({ orgId, goals }: { orgId: string; goals: Goals }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const localized = useLocalized();
  const save = usePutGoals(orgId);
  const [targets, setTargets] = useState<Record<string, number | null>>(
    Object.fromEntries(goals.sections.map((s) => [s.sectionId, s.targetScore])),
  );
  const [free, setFree] = useState(goals.free.map((g) => ({ title: g.title, detail: g.detail })));
  const errors = fieldErrorsOf(save.error);

  return (
    <Stack>
      <FormError error={save.error} />
      <Table withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('improvement.movement.section')}</Table.Th>
            <Table.Th>{t('improvement.goals.latest')}</Table.Th>
            <Table.Th>{t('improvement.goals.target')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {goals.sections.map((s, i) => (
            <Table.Tr key={s.sectionId}>
              <Table.Td>{localized(s.title)}</Table.Td>
              <Table.Td>{s.latestScore === null ? '—' : fmt.number(s.latestScore)}</Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={`${localized(s.title)} ${t('improvement.goals.target')}`}
                  min={0}
                  max={5}
                  step={0.5}
                  decimalScale={1}
                  w={120}
                  value={targets[s.sectionId] ?? ''}
                  onChange={(v) =>
                    setTargets((x) => ({ ...x, [s.sectionId]: typeof v === 'number' ? v : null }))
                  }
                  error={errors[`sections.${i}.targetScore`]}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={600}>{t('improvement.goals.free')}</Text>
      {free.map((g, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <TextInput
            label={t('improvement.goals.freeTitle')}
            style={{ flex: 2 }}
            maxLength={300}
            value={g.title}
            onChange={(e) => {
              const title = e.currentTarget.value;
              setFree((list) => list.map((x, j) => (j === i ? { ...x, title } : x)));
            }}
          />
          <TextInput
            label={t('improvement.goals.freeDetail')}
            style={{ flex: 3 }}
            maxLength={2000}
            value={g.detail}
            onChange={(e) => {
              const detail = e.currentTarget.value;
              setFree((list) => list.map((x, j) => (j === i ? { ...x, detail } : x)));
            }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={t('improvement.goals.remove')}
            onClick={() => setFree((list) => list.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group justify="space-between">
        <Button
          variant="default"
          onClick={() => setFree((list) => [...list, { title: '', detail: '' }])}
        >
          {t('improvement.goals.addFree')}
        </Button>
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              {
                sections: Object.entries(targets).flatMap(([sectionId, targetScore]) =>
                  targetScore === null ? [] : [{ sectionId, targetScore }],
                ),
                free: free.filter((g) => g.title.trim()),
              },
              { onSuccess: () => notifySuccess(t('improvement.saved')) },
            )
          }
        >
          {t('improvement.goals.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function GoalsPanel({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const goals = useGoals(orgId);
  return (
    <Section
      id="improvement-goals"
      title={t('improvement.goals.title')}
      help={t('improvement.goals.help')}
    >
      <QueryState query={goals}>
        {(g) => <GoalsForm key={g.updatedAt ?? 'new'} orgId={orgId} goals={g} />}
      </QueryState>
    </Section>
  );
}

const standingFields = [
  'oneStarDeclaredOn',
  'selfCheckDoneOn',
  'policyPublishedOn',
  'twoStarDeclaredOn',
] as const;

function SecurityActionForm({ orgId, standing }: { orgId: string; standing: SecurityAction }) {
  const { t } = useTranslation();
  const save = useSetSecurityAction(orgId);
  const [dates, setDates] = useState(
    Object.fromEntries(standingFields.map((f) => [f, standing[f] ?? ''])) as Record<
      (typeof standingFields)[number],
      string
    >,
  );
  const errors = fieldErrorsOf(save.error);
  return (
    <Stack>
      <Group>
        <Badge
          size="lg"
          color={standing.stars === 2 ? 'teal' : standing.stars === 1 ? 'blue' : 'gray'}
        >
          {t(`improvement.securityAction.stars.${standing.stars}`)}
        </Badge>
      </Group>
      <FormError error={save.error} shownFields={[...standingFields]} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {standingFields.map((f) => (
          <TextInput
            key={f}
            type="date"
            label={t(`improvement.securityAction.${f}`)}
            value={dates[f]}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDates((d) => ({ ...d, [f]: value }));
            }}
            error={errors[f]}
          />
        ))}
      </SimpleGrid>
      <Group justify="flex-end">
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              {
                oneStarDeclaredOn: dates.oneStarDeclaredOn || null,
                selfCheckDoneOn: dates.selfCheckDoneOn || null,
                policyPublishedOn: dates.policyPublishedOn || null,
                twoStarDeclaredOn: dates.twoStarDeclaredOn || null,
              },
              { onSuccess: () => notifySuccess(t('improvement.saved')) },
            )
          }
        >
          {t('improvement.securityAction.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function SecurityActionPanel({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const standing = useSecurityAction(orgId);
  return (
    <Section
      id="improvement-security-action"
      title={t('improvement.securityAction.title')}
      help={t('improvement.securityAction.help')}
    >
      <QueryState query={standing}>
        {(s) => <SecurityActionForm key={s.updatedAt ?? 'new'} orgId={orgId} standing={s} />}
      </QueryState>
    </Section>
  );
}
