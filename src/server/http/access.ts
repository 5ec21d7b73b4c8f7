import type { Locale } from '../../contracts/common';
import type { OrganizationKind, Role } from '../../contracts/identity';
import { AppError } from './errors';

/**
 * What a route requires, declared on every route and enforced in one place (the access hook).
 * - public: anyone; user: any signed-in user acting on their own data; operator: the program secretariat;
 * - org:read / org:write / org:admin: the caller's standing in the organisation named by the route's :orgId.
 */
export type Access = 'public' | 'user' | 'operator' | 'org:read' | 'org:write' | 'org:admin';
export const accessLevels: readonly Access[] = [
  'public',
  'user',
  'operator',
  'org:read',
  'org:write',
  'org:admin',
];

export interface PrincipalMembership {
  organizationId: string;
  organizationName: string;
  organizationKind: OrganizationKind;
  role: Role;
}

export interface Principal {
  userId: string;
  email: string;
  name: string;
  locale: Locale;
  timeZone: string;
  totpEnabled: boolean;
  memberships: PrincipalMembership[];
  /** Companies an expert is assigned to, in any program. */
  assignedCompanyIds: string[];
  via: 'session' | 'token';
  sessionId: string | undefined;
  csrfToken: string | undefined;
}

type OrgLevel = 'read' | 'write' | 'admin';
const rank: Record<OrgLevel, number> = { read: 1, write: 2, admin: 3 };

export function isOperator(p: Principal): boolean {
  return p.memberships.some((m) => m.role === 'operator');
}

/** The caller's standing in one organisation; observers get none: they see aggregates only. */
export function orgLevel(p: Principal, orgId: string): OrgLevel | null {
  if (isOperator(p)) return 'admin';
  const membership = p.memberships.find((m) => m.organizationId === orgId);
  if (membership?.role === 'company_admin') return 'admin';
  if (membership?.role === 'company_member') return 'write';
  if (p.assignedCompanyIds.includes(orgId)) return 'write';
  return null;
}

export function canAccessOrg(p: Principal, orgId: string, level: OrgLevel): boolean {
  const actual = orgLevel(p, orgId);
  return actual !== null && rank[actual] >= rank[level];
}

/** Throws unless the principal satisfies the access rule; the only place route access is decided. */
export function assertAccess(
  access: Access,
  principal: Principal | null,
  params: Record<string, unknown>,
  sessionProblem: 'expired' | undefined,
): void {
  if (access === 'public') return;
  if (!principal) throw new AppError(sessionProblem ? 'session_expired' : 'unauthenticated');
  if (access === 'user') return;
  if (access === 'operator') {
    if (!isOperator(principal)) throw new AppError('forbidden');
    return;
  }
  const orgId = params.orgId;
  if (typeof orgId !== 'string') throw new Error(`route with ${access} access has no :orgId`);
  const level = access.slice(4) as OrgLevel;
  if (!canAccessOrg(principal, orgId, level)) throw new AppError('forbidden');
}
