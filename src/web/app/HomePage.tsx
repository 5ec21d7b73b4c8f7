import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { Me } from '../../contracts/identity';
import { EmptyNote } from '../components/EmptyNote';
import { Page } from '../components/Page';
import { QueryState } from '../components/QueryState';
import { RoleBadge } from '../components/RoleBadge';
import { hasRole, ownCompanyId, rolesOf, useSession } from '../lib/session';
import { usePrograms } from '../modules/programs/api/programs';

interface HomeCard {
  key: string;
  title: string;
  body: string;
  to: string;
  action: string;
  badge?: string;
}

function CardGrid({ cards }: { cards: HomeCard[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      {cards.map((card) => (
        <Card
          key={card.key}
          withBorder
          radius="md"
          padding="lg"
          component="section"
          aria-labelledby={`card-${card.key}`}
        >
          <Stack gap="sm" h="100%" justify="space-between">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Title order={2} fz="lg" id={`card-${card.key}`}>
                  {card.title}
                </Title>
                {card.badge && (
                  <Badge variant="light" tt="none">
                    {card.badge}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {card.body}
              </Text>
            </Stack>
            <div>
              <Button component={Link} to={card.to} variant="light">
                {card.action}
              </Button>
            </div>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function useCards(me: Me): HomeCard[] {
  const { t } = useTranslation();
  const cards: HomeCard[] = [];
  const companyCount = t('home.companyCount', { n: me.companies.length });
  if (hasRole(me, 'operator')) {
    cards.push(
      {
        key: 'companies',
        title: t('home.cards.companies.title'),
        body: t('home.cards.companies.body'),
        to: '/companies',
        action: t('home.cards.companies.action'),
        badge: companyCount,
      },
      {
        key: 'programs',
        title: t('home.cards.programs.title'),
        body: t('home.cards.programs.body'),
        to: '/programs',
        action: t('home.cards.programs.action'),
      },
      {
        key: 'audit',
        title: t('home.cards.audit.title'),
        body: t('home.cards.audit.body'),
        to: '/audit',
        action: t('home.cards.audit.action'),
      },
      {
        key: 'mailbox',
        title: t('home.cards.mailbox.title'),
        body: t('home.cards.mailbox.body'),
        to: '/mailbox',
        action: t('home.cards.mailbox.action'),
      },
    );
  } else if (hasRole(me, 'expert')) {
    cards.push(
      {
        key: 'companies',
        title: t('home.cards.assigned.title'),
        body: t('home.cards.assigned.body'),
        to: '/companies',
        action: t('home.cards.assigned.action'),
        badge: companyCount,
      },
      {
        key: 'programs',
        title: t('home.cards.programs.title'),
        body: t('home.cards.programs.bodyExpert'),
        to: '/programs',
        action: t('home.cards.programs.action'),
      },
    );
  }
  if (!hasRole(me, 'operator', 'expert')) {
    const own = ownCompanyId(me);
    if (own) {
      cards.push({
        key: 'company',
        title: t('home.cards.company.title'),
        body: t('home.cards.company.body'),
        to: `/companies/${own}`,
        action: t('home.cards.company.action'),
      });
    }
  }
  cards.push({
    key: 'profile',
    title: t('home.cards.profile.title'),
    body: t('home.cards.profile.body'),
    to: '/profile',
    action: t('home.cards.profile.action'),
  });
  return cards;
}

/** Observers land on their program's summary when there is just one. */
function ObserverPrograms() {
  const { t } = useTranslation();
  const programs = usePrograms('observed');
  return (
    <QueryState query={programs}>
      {(list) => {
        const only = list.length === 1 ? list[0] : undefined;
        if (only) return <Navigate to={`/programs/${only.id}/summary`} replace />;
        if (list.length === 0) return <EmptyNote>{t('home.noObservedPrograms')}</EmptyNote>;
        return (
          <CardGrid
            cards={list.map((p) => ({
              key: p.id,
              title: p.name,
              body: t('home.cards.observed.body', { year: p.fiscalYear, region: p.region }),
              to: `/programs/${p.id}/summary`,
              action: t('home.cards.observed.action'),
            }))}
          />
        );
      }}
    </QueryState>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useSession();
  const roles = rolesOf(me);
  const cards = useCards(me);
  const staff = roles.has('operator') || roles.has('expert');
  const own = ownCompanyId(me);

  // Company users work on their own company: that is their home.
  if (!staff && own) return <Navigate to={`/companies/${own}`} replace />;

  return (
    <Page title={t('home.welcome', { name: me.user.name })} description={t('home.intro')}>
      <Group gap="xs" aria-label={t('home.yourRoles')} role="list">
        {[...roles].map((role) => (
          <div role="listitem" key={role}>
            <RoleBadge role={role} />
          </div>
        ))}
        {roles.size === 0 && <Text c="dimmed">{t('home.noRole')}</Text>}
      </Group>
      {!staff && roles.has('observer') && <ObserverPrograms />}
      <CardGrid cards={cards} />
    </Page>
  );
}
