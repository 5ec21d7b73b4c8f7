import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '../db/client';
import * as identity from '../modules/identity/service';
import * as organizations from '../modules/organizations/service';
import * as programs from '../modules/programs/service';
import * as experts from '../modules/experts/service';
import { recordAudit } from '../modules/audit/service';
import { seedBcpDemo } from '../modules/bcp/demo';
import type { DemoContent } from './content';
import { seedDiagnosisDemo } from './diagnosis';

export interface BootstrapResult {
  created: boolean;
  adminEmail: string;
  /** Set only when the password was generated here and must be shown once. */
  generatedPassword: string | undefined;
}

/**
 * On an empty database: the operator organisation and its first operator, and with demo on, a demo
 * program with companies, experts, an observer and their users (all sharing the operator's password).
 */
export async function bootstrapDatabase(
  db: Db,
  options: { adminEmail: string; adminPassword: string | undefined; demo: DemoContent | undefined },
): Promise<BootstrapResult> {
  const existing = await organizations.listOrganizations(db, { kind: 'operator' });
  if (existing.length > 0)
    return { created: false, adminEmail: options.adminEmail, generatedPassword: undefined };
  const generatedPassword = options.adminPassword
    ? undefined
    : randomBytes(12).toString('base64url');
  const password = options.adminPassword ?? generatedPassword!;
  await db.transaction(async (tx) => {
    const demo = options.demo;
    const operatorOrg = await organizations.createOrganization(tx, {
      kind: 'operator',
      name: demo?.operator.name ?? 'Bansō 運営事務局',
      prefecture: demo?.operator.prefecture ?? null,
      city: demo?.operator.city ?? null,
    });
    const admin = await identity.createUser(tx, {
      email: options.adminEmail,
      name: 'Operator',
      password,
    });
    await organizations.addMembership(tx, admin.id, operatorOrg.id, 'operator');
    await recordAudit(tx, {
      action: 'system.bootstrap',
      organizationId: operatorOrg.id,
      details: { demo: Boolean(demo) },
    });
    if (demo) await seedDemo(tx, demo, operatorOrg.id, password);
  });
  return { created: true, adminEmail: options.adminEmail, generatedPassword };
}

async function seedDemo(tx: DbOrTx, demo: DemoContent, operatorOrgId: string, password: string) {
  const users = new Map<string, identity.User>();
  const addUser = async (p: { email: string; name: string; locale: 'ja' | 'en' }) => {
    const user = await identity.createUser(tx, { ...p, password });
    users.set(p.email, user);
    return user;
  };
  for (const u of demo.operator.users) {
    if ('email' in u)
      await organizations.addMembership(tx, (await addUser(u)).id, operatorOrgId, 'operator');
  }
  const municipality = await organizations.createOrganization(tx, {
    kind: 'municipality',
    name: demo.municipality.name,
    prefecture: demo.municipality.prefecture,
  });
  for (const u of demo.municipality.users) {
    await organizations.addMembership(tx, (await addUser(u)).id, municipality.id, 'observer');
  }
  for (const e of demo.experts) {
    await organizations.addMembership(tx, (await addUser(e)).id, operatorOrgId, 'expert');
  }
  const program = await programs.createProgram(tx, {
    ...demo.program,
    operatorOrgId,
    observerOrgId: municipality.id,
  });
  for (const c of demo.companies) {
    const company = await organizations.createOrganization(tx, {
      kind: 'company',
      name: c.name,
      industry: c.industry,
      employeeCount: c.employeeCount,
      capitalJpy: c.capitalJpy,
      prefecture: c.prefecture,
      city: c.city,
    });
    for (const u of c.users)
      await organizations.addMembership(tx, (await addUser(u)).id, company.id, u.role);
    await programs.enrollCompany(tx, {
      programId: program.id,
      companyId: company.id,
      courseCode: c.course,
    });
    await seedBcpDemo(tx, { id: company.id, name: c.name });
    for (const email of c.experts) {
      const expert = users.get(email);
      if (expert)
        await experts.assignExpert(tx, {
          programId: program.id,
          companyId: company.id,
          expertUserId: expert.id,
        });
    }
    // After its BIA: the diagnosis links information assets and risks to the BIA's systems.
    await seedDiagnosisDemo(tx, { id: company.id, name: c.name }, users);
  }
}
