import type { DbOrTx } from '../db/client';
import * as organizations from '../modules/organizations/service';
import * as experts from '../modules/experts/service';
import type { User } from '../modules/identity/service';
import type { Principal } from './access';

/** The principal of a user who just signed in (no request credential to resolve yet). */
export async function buildPrincipalForUser(
  db: DbOrTx,
  user: User,
  session: { csrfToken: string } | undefined,
): Promise<Principal> {
  const memberships = await organizations.listMembershipsOfUser(db, user.id);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    timeZone: user.timeZone,
    totpEnabled: user.totpEnabled,
    memberships,
    assignedCompanyIds: memberships.some((m) => m.role === 'expert')
      ? await experts.listAssignedCompanyIds(db, user.id)
      : [],
    via: 'session',
    sessionId: undefined,
    csrfToken: session?.csrfToken,
  };
}
