import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { rolesByOrganizationKind, type Role } from '../../../contracts/identity';
import type { DbOrTx } from '../../db/client';
import type { PrincipalMembership } from '../../http/access';
import { AppError } from '../../http/errors';
import { hashSecret, newSecret } from '../../lib/tokens';
import * as identity from '../identity/service';
import { verifyPassword } from '../identity/passwords';
import { invitations, memberships, organizations } from './tables';

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
export type Invitation = typeof invitations.$inferSelect;

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** A company holds company roles, the operator organisation operators and experts, a municipality observers. */
function assertRoleFits(org: Organization, role: Role): void {
  if (!rolesByOrganizationKind[org.kind].includes(role)) {
    throw new AppError('validation_failed', {
      issues: [{ in: 'body', path: ['role'], code: 'invalid_value', message: role }],
    });
  }
}

/** Roles whose last holder may not leave: a company needs an admin, the secretariat an operator. */
const lastHolderGuarded: readonly Role[] = ['company_admin', 'operator'];

export async function listMembershipsOfUser(
  db: DbOrTx,
  userId: string,
): Promise<PrincipalMembership[]> {
  return db
    .select({
      organizationId: memberships.organizationId,
      organizationName: organizations.name,
      organizationKind: organizations.kind,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function getOrganization(db: DbOrTx, id: string): Promise<Organization> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, id));
  if (!org) throw new AppError('not_found');
  return org;
}

export async function listOrganizations(
  db: DbOrTx,
  filter: { kind?: Organization['kind']; ids?: string[] },
): Promise<Organization[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  const conditions = [
    filter.kind ? eq(organizations.kind, filter.kind) : undefined,
    filter.ids ? inArray(organizations.id, filter.ids) : undefined,
  ].filter((c) => c !== undefined);
  return db
    .select()
    .from(organizations)
    .where(and(...conditions))
    .orderBy(asc(organizations.name));
}

export async function createOrganization(
  db: DbOrTx,
  values: NewOrganization,
): Promise<Organization> {
  const [org] = await db.insert(organizations).values(values).returning();
  if (!org) throw new Error('organization insert returned nothing');
  return org;
}

export async function updateOrganization(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<NewOrganization, 'id' | 'kind' | 'createdAt'>>,
): Promise<Organization> {
  const [org] = await db
    .update(organizations)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(organizations.id, id))
    .returning();
  if (!org) throw new AppError('not_found');
  return org;
}

export async function addMembership(
  db: DbOrTx,
  userId: string,
  organizationId: string,
  role: Role,
): Promise<void> {
  await db
    .insert(memberships)
    .values({ userId, organizationId, role })
    .onConflictDoUpdate({
      target: [memberships.userId, memberships.organizationId],
      set: { role },
    });
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
  lastSignInAt: Date | null;
}

export async function listMembers(db: DbOrTx, organizationId: string): Promise<Member[]> {
  const rows = await db
    .select()
    .from(memberships)
    .where(eq(memberships.organizationId, organizationId));
  const users = new Map(
    (
      await identity.findUsersByIds(
        db,
        rows.map((r) => r.userId),
      )
    ).map((u) => [u.id, u]),
  );
  return rows
    .flatMap((r) => {
      const user = users.get(r.userId);
      return user
        ? [
            {
              userId: r.userId,
              email: user.email,
              name: user.name,
              role: r.role,
              joinedAt: r.createdAt,
              lastSignInAt: user.lastSignInAt,
            },
          ]
        : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

async function getMember(db: DbOrTx, organizationId: string, userId: string): Promise<Member> {
  const member = (await listMembers(db, organizationId)).find((m) => m.userId === userId);
  if (!member) throw new AppError('not_found');
  return member;
}

async function assertAnotherHolderRemains(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  role: Role,
): Promise<void> {
  if (!lastHolderGuarded.includes(role)) return;
  const holders = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, role)));
  if (holders.every((h) => h.userId === userId)) throw new AppError('last_admin');
}

/** Changes a member's role within what the organisation's kind allows; never removes the last admin. */
export async function changeMemberRole(
  db: DbOrTx,
  organizationId: string,
  userId: string,
  role: Role,
): Promise<{ before: Role; member: Member }> {
  const org = await getOrganization(db, organizationId);
  assertRoleFits(org, role);
  const current = await getMember(db, organizationId, userId);
  if (current.role !== role)
    await assertAnotherHolderRemains(db, organizationId, userId, current.role);
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return { before: current.role, member: { ...current, role } };
}

export async function removeMember(
  db: DbOrTx,
  organizationId: string,
  userId: string,
): Promise<Member> {
  const current = await getMember(db, organizationId, userId);
  await assertAnotherHolderRemains(db, organizationId, userId, current.role);
  await db
    .delete(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  return current;
}

export async function listPendingInvitations(
  db: DbOrTx,
  organizationId: string,
): Promise<Invitation[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

/** Creates an invitation link token; an earlier open invitation for the same address is replaced. */
export async function createInvitation(
  db: DbOrTx,
  input: { organizationId: string; email: string; role: Role; invitedBy: string },
): Promise<{ invitation: Invitation; token: string }> {
  assertRoleFits(await getOrganization(db, input.organizationId), input.role);
  const members = await listMembers(db, input.organizationId);
  if (members.some((m) => m.email === input.email)) throw new AppError('conflict');
  await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.organizationId, input.organizationId),
        eq(invitations.email, input.email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const token = newSecret();
  const [invitation] = await db
    .insert(invitations)
    .values({
      ...input,
      tokenHash: hashSecret(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    })
    .returning();
  if (!invitation) throw new Error('invitation insert returned nothing');
  return { invitation, token };
}

export async function revokeInvitation(
  db: DbOrTx,
  organizationId: string,
  invitationId: string,
): Promise<Invitation> {
  const [revoked] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.id, invitationId),
        eq(invitations.organizationId, organizationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning();
  if (!revoked) throw new AppError('not_found');
  return revoked;
}

/** The open invitation behind a link, with its organisation; throws invitation_invalid otherwise. */
export async function findOpenInvitation(
  db: DbOrTx,
  token: string,
): Promise<{ invitation: Invitation; organization: Organization }> {
  const [row] = await db
    .select({ invitation: invitations, organization: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(
      and(
        eq(invitations.tokenHash, hashSecret(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  if (!row) throw new AppError('invitation_invalid');
  return row;
}

/**
 * Accepts an invitation: a new address becomes a user; an existing user proves it with their password.
 * Run inside a transaction so that a failure leaves the invitation open.
 */
export async function acceptInvitation(
  tx: DbOrTx,
  token: string,
  input: { name: string; password: string; locale?: 'ja' | 'en' | undefined },
): Promise<{ user: identity.User; invitation: Invitation }> {
  const { invitation } = await findOpenInvitation(tx, token);
  let user = await identity.findUserByEmail(tx, invitation.email);
  if (user) {
    if (!(await verifyPassword(user.passwordHash, input.password))) {
      throw new AppError('invalid_credentials');
    }
  } else {
    user = await identity.createUser(tx, {
      email: invitation.email,
      name: input.name,
      password: input.password,
      ...(input.locale ? { locale: input.locale } : {}),
    });
  }
  await addMembership(tx, user.id, invitation.organizationId, invitation.role);
  await tx
    .update(invitations)
    .set({ acceptedAt: new Date() })
    .where(eq(invitations.id, invitation.id));
  return { user, invitation };
}
