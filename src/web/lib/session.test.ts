import { describe, expect, it } from 'vitest';
import type { Me } from '../../contracts/identity';
import { canAdministerCompany, ownCompanyId, primaryRole } from './session';

const company = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';

function me(memberships: Me['memberships']): Me {
  return {
    user: {
      id: 'u',
      email: 'a@example.jp',
      name: 'A',
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
      totpEnabled: false,
    },
    memberships,
    companies: [],
    csrfToken: 'x',
  };
}

describe('session roles', () => {
  const admin = me([
    {
      organizationId: company,
      organizationName: 'C',
      organizationKind: 'company',
      role: 'company_admin',
    },
  ]);
  const operator = me([
    {
      organizationId: other,
      organizationName: 'Op',
      organizationKind: 'operator',
      role: 'operator',
    },
  ]);
  const member = me([
    {
      organizationId: company,
      organizationName: 'C',
      organizationKind: 'company',
      role: 'company_member',
    },
  ]);

  it('lets operators and the company’s own admins administer it', () => {
    expect(canAdministerCompany(admin, company)).toBe(true);
    expect(canAdministerCompany(admin, other)).toBe(false);
    expect(canAdministerCompany(operator, company)).toBe(true);
    expect(canAdministerCompany(member, company)).toBe(false);
  });

  it('finds the own company and the broadest role', () => {
    expect(ownCompanyId(member)).toBe(company);
    expect(ownCompanyId(operator)).toBeNull();
    expect(primaryRole(operator)).toBe('operator');
    expect(primaryRole(me([]))).toBeNull();
  });
});
