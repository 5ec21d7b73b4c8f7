import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Me } from '../../contracts/identity';
import type { AppContext } from '../app-context';
import type { DbOrTx } from '../db/client';
import * as organizations from '../modules/organizations/service';
import { isOperator, type Principal } from './access';
import { SESSION_COOKIE } from './authenticate';
import { SESSION_TTL_MS } from '../modules/identity/service';

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Who acted, from where: the part of every audit entry that comes from the request. */
export function actorOf(request: FastifyRequest) {
  return {
    actorUserId: request.principal?.userId ?? null,
    actorEmail: request.principal?.email ?? null,
    ip: request.ip,
  };
}

/** The companies a principal may open: all for operators, assigned ones for experts, their own otherwise. */
export async function companiesOf(db: DbOrTx, principal: Principal) {
  if (isOperator(principal)) return organizations.listOrganizations(db, { kind: 'company' });
  const own = principal.memberships
    .filter((m) => m.organizationKind === 'company')
    .map((m) => m.organizationId);
  return organizations.listOrganizations(db, {
    kind: 'company',
    ids: [...new Set([...own, ...principal.assignedCompanyIds])],
  });
}

export async function presentMe(db: DbOrTx, principal: Principal): Promise<Me> {
  const companies = await companiesOf(db, principal);
  return {
    user: {
      id: principal.userId,
      email: principal.email,
      name: principal.name,
      locale: principal.locale,
      timeZone: principal.timeZone,
      totpEnabled: principal.totpEnabled,
    },
    memberships: principal.memberships,
    companies: companies.map((c) => ({ id: c.id, name: c.name })),
    csrfToken: principal.csrfToken ?? null,
  };
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.cookieSecure,
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

/** Where links in mails point: the configured public address, else the address the request came to. */
export function publicBaseUrl(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
}
