import { z } from 'zod';
import { emailSchema, isoDateTime, uuid } from './common';
import { organizationKindSchema, roleSchema } from './identity';

export const industries = [
  'manufacturing',
  'construction',
  'wholesale',
  'retail',
  'services',
  'information_technology',
  'healthcare',
  'logistics',
  'other',
] as const;
export const industrySchema = z.enum(industries);

export const organizationView = z.object({
  id: uuid,
  kind: organizationKindSchema,
  name: z.string(),
  industry: industrySchema.nullable(),
  employeeCount: z.int().nullable(),
  capitalJpy: z.int().nullable(),
  prefecture: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: isoDateTime,
});
export type OrganizationView = z.infer<typeof organizationView>;

export const createCompanyRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  industry: industrySchema,
  employeeCount: z.int().min(1).max(1_000_000),
  capitalJpy: z.int().min(0).max(1_000_000_000_000).optional(),
  prefecture: z.string().trim().min(1).max(20),
  city: z.string().trim().max(50).optional(),
});
export const updateOrganizationRequest = createCompanyRequest.partial();

export const memberView = z.object({
  userId: uuid,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  joinedAt: isoDateTime,
  lastSignInAt: isoDateTime.nullable(),
});
/** The role must be one the organisation's kind holds (see rolesByOrganizationKind). */
export const changeMemberRoleRequest = z.strictObject({ role: roleSchema });

export const invitationView = z.object({
  id: uuid,
  email: z.string(),
  role: roleSchema,
  invitedByName: z.string().nullable(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
});
export const createInvitationRequest = z.strictObject({
  email: emailSchema,
  role: roleSchema,
});
