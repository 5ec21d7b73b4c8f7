import { Badge, Button, Card, Checkbox, Group, Stack, Switch, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { StarterSuggestionsView } from '../../../../contracts/starters';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifyError, notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { useOrganization } from '../../organizations/api/organizations';
import { useLocalized } from '../../risks/components/localized';
import { useAdoptStarters, useStarterDismissal, useStarterSuggestions } from '../api/starters';

type Kind = 'assets' | 'risks' | 'processes';
const kinds: Kind[] = ['assets', 'risks', 'processes'];

interface Row {
  key: string;
  name: string;
  detail: string;
  adopted: boolean;
  dismissed: boolean;
  matchesProfile: boolean;
}

function rowsOf(
  data: StarterSuggestionsView,
  kind: Kind,
  loc: ReturnType<typeof useLocalized>,
  t: TFunction,
): Row[] {
  switch (kind) {
    case 'assets':
      return data.assets.map((a) => ({
        key: a.key,
        name: loc(a.name),
        detail: t('starters.cia', { c: a.confidentiality, i: a.integrity, a: a.availability }),
        adopted: a.adopted,
        dismissed: a.dismissed,
        matchesProfile: a.matchesProfile,
      }));
    case 'risks':
      return data.risks.map((r) => ({
        key: r.key,
        name: loc(r.title),
        detail: t('starters.riskScore', { l: r.likelihood, i: r.impact }),
        adopted: r.adopted,
        dismissed: r.dismissed,
        matchesProfile: r.matchesProfile,
      }));
    case 'processes':
      return data.processes.map((p) => ({
        key: p.key,
        name: loc(p.name),
        detail: t('starters.rto', { h: p.rtoHours }),
        adopted: p.adopted,
        dismissed: p.dismissed,
        matchesProfile: p.matchesProfile,
      }));
  }
}

/** The keys the company keeps, per kind. */
type Choice = Record<Kind, Set<string>>;

function Suggestions({
  orgId,
  data,
  showDropped,
}: {
  orgId: string;
  data: StarterSuggestionsView;
  showDropped: boolean;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const adopt = useAdoptStarters(orgId);
  const dismiss = useStarterDismissal(orgId, 'dismiss');
  const restore = useStarterDismissal(orgId, 'restore');
  // Dropped items are listed only in the "show dropped" view, to be restored.
  const rows = Object.fromEntries(
    kinds.map((k) => [k, rowsOf(data, k, loc, t).filter((r) => showDropped || !r.dismissed)]),
  ) as Record<Kind, Row[]>;
  // Accepted by default: everything that fits the profile and is not adopted yet; unticking drops it.
  const [chosen, setChosen] = useState<Choice>(
    () =>
      Object.fromEntries(
        kinds.map((k) => [
          k,
          new Set(
            rows[k].filter((r) => r.matchesProfile && !r.adopted && !r.dismissed).map((r) => r.key),
          ),
        ]),
      ) as Choice,
  );
  const set = (kind: Kind, keys: string[], on: boolean) =>
    setChosen((c) => {
      const next = new Set(c[kind]);
      for (const k of keys) {
        if (on) next.add(k);
        else next.delete(k);
      }
      return { ...c, [kind]: next };
    });
  // What the button takes in: the ticked items still open (not dropped since they were ticked).
  const takeIn = Object.fromEntries(
    kinds.map((k) => [
      k,
      rows[k].filter((r) => !r.adopted && !r.dismissed && chosen[k].has(r.key)).map((r) => r.key),
    ]),
  ) as Record<Kind, string[]>;
  const count = kinds.reduce((n, k) => n + takeIn[k].length, 0);

  return (
    <Stack gap="lg">
      {kinds.map((kind) => {
        const open = rows[kind].filter((r) => !r.adopted && !r.dismissed).map((r) => r.key);
        return (
          <Card
            key={kind}
            withBorder
            radius="md"
            padding="lg"
            component="section"
            aria-labelledby={`starters-${kind}`}
          >
            <Stack>
              <Group justify="space-between">
                <Title order={2} fz="lg" id={`starters-${kind}`}>
                  {t(`starters.sections.${kind}`)}
                </Title>
                {open.length > 0 && (
                  <Group gap="xs">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => set(kind, open, true)}
                    >
                      {t('starters.selectAll')}
                    </Button>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => set(kind, open, false)}
                    >
                      {t('starters.selectNone')}
                    </Button>
                  </Group>
                )}
              </Group>
              {rows[kind].length === 0 ? (
                <EmptyNote>{t('starters.none')}</EmptyNote>
              ) : (
                <Stack gap="xs">
                  {rows[kind].map((r) => (
                    <Group key={r.key} gap="sm" wrap="nowrap" align="flex-start">
                      <Checkbox
                        aria-label={t('starters.select', { name: r.name })}
                        checked={r.adopted || (!r.dismissed && chosen[kind].has(r.key))}
                        disabled={r.adopted || r.dismissed}
                        onChange={(e) => set(kind, [r.key], e.currentTarget.checked)}
                        mt={2}
                      />
                      <Stack gap={0} style={{ flex: 1 }}>
                        <Group gap="xs">
                          <Text fw={600}>{r.name}</Text>
                          {r.dismissed && (
                            <Badge size="sm" color="orange" variant="light">
                              {t('starters.dropped')}
                            </Badge>
                          )}
                          {r.adopted && (
                            <Badge size="sm" color="teal" variant="light">
                              {t('starters.adopted')}
                            </Badge>
                          )}
                          {!r.matchesProfile && (
                            <Badge size="sm" color="gray" variant="light">
                              {t('starters.notForProfile')}
                            </Badge>
                          )}
                        </Group>
                        <Text size="xs" c="dimmed">
                          {r.detail}
                        </Text>
                      </Stack>
                      {!r.adopted &&
                        (r.dismissed ? (
                          <Button
                            size="compact-sm"
                            variant="light"
                            aria-label={t('starters.restoreOne', { name: r.name })}
                            loading={restore.isPending}
                            onClick={() =>
                              restore.mutate({ [kind]: [r.key] }, { onError: notifyError })
                            }
                          >
                            {t('starters.restore')}
                          </Button>
                        ) : (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="gray"
                            aria-label={t('starters.dropOne', { name: r.name })}
                            loading={dismiss.isPending}
                            onClick={() =>
                              dismiss.mutate({ [kind]: [r.key] }, { onError: notifyError })
                            }
                          >
                            {t('starters.drop')}
                          </Button>
                        ))}
                    </Group>
                  ))}
                </Stack>
              )}
            </Stack>
          </Card>
        );
      })}
      <Group justify="flex-end">
        <Button
          disabled={count === 0}
          loading={adopt.isPending}
          onClick={() =>
            adopt.mutate(
              { assets: takeIn.assets, risks: takeIn.risks, processes: takeIn.processes },
              {
                onSuccess: (result) => {
                  notifySuccess(t('starters.adoptedResult', result.created));
                  if (result.skipped.length > 0)
                    notifySuccess(t('starters.skipped', { count: result.skipped.length }));
                  setChosen({ assets: new Set(), risks: new Set(), processes: new Set() });
                },
                onError: notifyError,
              },
            )
          }
        >
          {t('starters.adopt', { count })}
        </Button>
      </Group>
    </Stack>
  );
}

/** Starter assets, risks and processes proposed by the company's profile, to accept or drop. */
export function StartersPage() {
  const { t } = useTranslation();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const [all, setAll] = useState(false);
  const [showDropped, setShowDropped] = useState(false);
  const suggestions = useStarterSuggestions(orgId, all ? 'all' : 'profile');

  return (
    <Page title={t('starters.title')} description={org.data?.name}>
      <Text>{t('starters.intro')}</Text>
      <QueryState query={suggestions}>
        {(data) => (
          <Stack gap="md">
            <Group justify="space-between" wrap="wrap">
              <Text size="sm" c="dimmed">
                {t('starters.profile', {
                  industry: data.profile.industry
                    ? t(`industries.${data.profile.industry}`)
                    : t('starters.unknown'),
                  size: data.profile.sizeBand
                    ? t(`starters.sizes.${data.profile.sizeBand}`)
                    : t('starters.unknown'),
                  course: data.profile.course
                    ? t(`courses.${data.profile.course}`)
                    : t('starters.unknown'),
                })}
              </Text>
              <Group gap="lg">
                <Switch
                  label={t('starters.showAll')}
                  checked={all}
                  onChange={(e) => setAll(e.currentTarget.checked)}
                />
                <Switch
                  label={t('starters.showDropped', {
                    count: [...data.assets, ...data.risks, ...data.processes].filter(
                      (i) => i.dismissed,
                    ).length,
                  })}
                  checked={showDropped}
                  onChange={(e) => setShowDropped(e.currentTarget.checked)}
                />
              </Group>
            </Group>
            <Suggestions
              key={`${all}-${data.assets.length}-${data.risks.length}`}
              orgId={orgId}
              data={data}
              showDropped={showDropped}
            />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
