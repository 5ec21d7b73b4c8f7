import type { Principal } from '../../http/access';
import { AppError } from '../../http/errors';

/**
 * Individual results name employees: only the company's own admins see them, not the program's
 * operators or experts, who get aggregates.
 */
export function assertCompanyAdmin(principal: Principal | null, orgId: string): void {
  const own = principal?.memberships.find((m) => m.organizationId === orgId);
  if (own?.role !== 'company_admin') throw new AppError('forbidden');
}
