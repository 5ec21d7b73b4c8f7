import { createContext, use, type ReactNode } from 'react';
import type { Me, Role } from '../../contracts/identity';

const SessionContext = createContext<Me | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext value={me}>{children}</SessionContext>;
}

/** The signed-in user; only inside the signed-in part of the app. */
export function useSession(): Me {
  const me = use(SessionContext);
  if (!me) throw new Error('useSession used outside the signed-in app');
  return me;
}

/** The signed-in user when there is one (usable on public pages too). */
export function useOptionalSession(): Me | null {
  return use(SessionContext);
}

const roleOrder: readonly Role[] = [
  'operator',
  'expert',
  'company_admin',
  'company_member',
  'observer',
];

export function rolesOf(me: Me): Set<Role> {
  return new Set(me.memberships.map((m) => m.role));
}

export function hasRole(me: Me, ...roles: Role[]): boolean {
  return me.memberships.some((m) => roles.includes(m.role));
}

/** The role shown for the user: the broadest one they hold. */
export function primaryRole(me: Me): Role | null {
  const held = rolesOf(me);
  return roleOrder.find((r) => held.has(r)) ?? null;
}

export const isOperator = (me: Me) => hasRole(me, 'operator');

/** Operators and the company's own admins manage members, invitations and the company profile. */
export function canAdministerCompany(me: Me, orgId: string): boolean {
  return (
    isOperator(me) ||
    me.memberships.some((m) => m.organizationId === orgId && m.role === 'company_admin')
  );
}

/** The user's own company, for company admins and members. */
export function ownCompanyId(me: Me): string | null {
  return (
    me.memberships.find((m) => m.role === 'company_admin' || m.role === 'company_member')
      ?.organizationId ?? null
  );
}
