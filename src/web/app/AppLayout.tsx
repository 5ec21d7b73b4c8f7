import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { canAdministerCompany, hasRole, isOperator, useSession } from '../lib/session';
import { CompanySwitcher } from './CompanySwitcher';
import { LanguageSwitcher } from './LanguageSwitcher';
import { UserMenu } from './UserMenu';
import { useCurrentCompany } from './use-current-company';

interface NavItem {
  to: string;
  label: string;
  /** Active on this exact path only (otherwise also on sub-paths). */
  exact?: boolean;
}

function isActive(pathname: string, item: NavItem): boolean {
  if (item.exact) return pathname === item.to;
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

/** The signed-in shell: header, role-dependent navigation (a drawer on narrow screens), page. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useSession();
  const { pathname } = useLocation();
  const [navOpened, { toggle, close }] = useDisclosure(false);
  const { company, choose } = useCurrentCompany(me);
  const operator = isOperator(me);
  const canSwitch = hasRole(me, 'operator', 'expert') && me.companies.length > 0;

  const main: NavItem[] = [{ to: '/', label: t('nav.home'), exact: true }];
  if (hasRole(me, 'operator', 'expert'))
    main.push({ to: '/companies', label: t('nav.companies'), exact: true });
  const companyItems: NavItem[] = company
    ? [
        { to: `/companies/${company.id}`, label: t('nav.companyOverview'), exact: true },
        ...(canAdministerCompany(me, company.id)
          ? [{ to: `/companies/${company.id}/members`, label: t('nav.members') }]
          : []),
        // Company admins and members, the assigned expert and operators.
        { to: `/companies/${company.id}/assessments`, label: t('assessments.nav') },
        { to: `/companies/${company.id}/assets`, label: t('assets.nav') },
        { to: `/companies/${company.id}/risks`, label: t('risks.nav') },
        { to: `/companies/${company.id}/csirt`, label: t('csirt.nav') },
        { to: `/companies/${company.id}/impact`, label: t('impact.nav') },
        { to: `/companies/${company.id}/bcp`, label: t('bcp.nav') },
        { to: `/companies/${company.id}/documents`, label: t('documents.nav') },
        { to: `/companies/${company.id}/incidents`, label: t('incidents.nav') },
        { to: `/companies/${company.id}/exercises`, label: t('exercises.nav') },
        { to: `/companies/${company.id}/starters`, label: t('starters.nav') },
        { to: `/companies/${company.id}/improvement`, label: t('improvement.nav') },
        // Company admins, operators and the assigned expert (whose switcher lists the company).
        ...(canAdministerCompany(me, company.id) || hasRole(me, 'expert')
          ? [{ to: `/companies/${company.id}/phishing`, label: t('nav.phishing') }]
          : []),
      ]
    : [];
  const programItems: NavItem[] = hasRole(me, 'operator', 'expert', 'observer')
    ? [{ to: '/programs', label: t('nav.programs') }]
    : [];
  const operatorItems: NavItem[] = operator
    ? [
        { to: '/secretariat', label: t('nav.secretariat') },
        { to: '/audit', label: t('nav.audit') },
        { to: '/mailbox', label: t('nav.mailbox') },
      ]
    : [];

  const renderItems = (items: NavItem[]) =>
    items.map((item) => {
      const active = isActive(pathname, item);
      return (
        <NavLink
          key={item.to}
          component={Link}
          to={item.to}
          label={item.label}
          active={active}
          aria-current={active ? 'page' : undefined}
          onClick={close}
          variant="light"
          fw={500}
        />
      );
    });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'md', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={navOpened ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={navOpened}
              aria-controls="app-navigation"
            />
            <Anchor
              component={Link}
              to="/"
              fw={700}
              fz="lg"
              c="indigo.9"
              underline="never"
              style={{ whiteSpace: 'nowrap' }}
            >
              {t('app.name')}
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {canSwitch && (
              <Box visibleFrom="sm">
                <CompanySwitcher me={me} currentId={company?.id ?? null} onChoose={choose} />
              </Box>
            )}
            <LanguageSwitcher />
            <Box visibleFrom="xs">
              <UserMenu me={me} />
            </Box>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="app-navigation" aria-label={t('nav.label')} component="nav">
        <AppShell.Section grow component={ScrollArea}>
          {canSwitch && (
            <Box hiddenFrom="sm" mb="sm">
              <CompanySwitcher
                me={me}
                currentId={company?.id ?? null}
                onChoose={choose}
                fullWidth
              />
            </Box>
          )}
          {renderItems(main)}
          {company && (
            <>
              <Divider my="sm" />
              <Text size="xs" fw={700} c="dimmed" px="sm" mb={4} tt="uppercase">
                {t('nav.currentCompany')}
              </Text>
              <Text size="sm" fw={600} px="sm" mb={4} lineClamp={2}>
                {company.name}
              </Text>
              {renderItems(companyItems)}
            </>
          )}
          {(programItems.length > 0 || operatorItems.length > 0) && <Divider my="sm" />}
          {renderItems(programItems)}
          {renderItems(operatorItems)}
          <Divider my="sm" />
          {renderItems([{ to: '/profile', label: t('nav.profile') }])}
        </AppShell.Section>
        <AppShell.Section hiddenFrom="xs" pt="sm">
          <UserMenu me={me} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        <Box maw={1200} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
