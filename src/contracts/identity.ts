import { z } from 'zod';
import {
  emailSchema,
  isoDateTime,
  localeSchema,
  passwordSchema,
  timeZoneSchema,
  uuid,
} from './common';

export const organizationKinds = ['operator', 'company', 'municipality'] as const;
export const organizationKindSchema = z.enum(organizationKinds);
export type OrganizationKind = z.infer<typeof organizationKindSchema>;

/** operator and expert belong to the operator organisation, company_* to a company, observer to a municipality. */
export const roles = ['operator', 'expert', 'company_admin', 'company_member', 'observer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;
export const companyRoleSchema = z.enum(['company_admin', 'company_member']);
/** Which roles each kind of organisation holds. */
export const rolesByOrganizationKind: Record<OrganizationKind, readonly Role[]> = {
  operator: ['operator', 'expert'],
  company: ['company_admin', 'company_member'],
  municipality: ['observer'],
};

export const loginRequest = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(200),
  totpCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const membershipView = z.object({
  organizationId: uuid,
  organizationName: z.string(),
  organizationKind: organizationKindSchema,
  role: roleSchema,
});

export const meResponse = z.object({
  user: z.object({
    id: uuid,
    email: z.string(),
    name: z.string(),
    locale: localeSchema,
    timeZone: z.string(),
    totpEnabled: z.boolean(),
  }),
  memberships: z.array(membershipView),
  /** Companies this user may open: all for operators, assigned ones for experts, their own for company users. */
  companies: z.array(z.object({ id: uuid, name: z.string() })),
  /** Send back as the X-CSRF-Token header on every cookie-authenticated write. */
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meResponse>;

export const updateMeRequest = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  locale: localeSchema.optional(),
  timeZone: timeZoneSchema.optional(),
});

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

export const passwordResetRequest = z.strictObject({ email: emailSchema });
export const passwordResetConfirm = z.strictObject({
  token: z.string().min(20).max(200),
  password: passwordSchema,
});

export const totpSetupResponse = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** The otpauth URL as an SVG QR code. */
  qrSvg: z.string(),
});
export const totpEnableRequest = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
export const totpDisableRequest = z.strictObject({ password: z.string().min(1).max(200) });

export const apiTokenView = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  expiresAt: isoDateTime.nullable(),
});
export const createApiTokenRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.int().min(1).max(3650).optional(),
});
/** The secret is shown once, at creation. */
export const createdApiToken = apiTokenView.extend({ token: z.string() });

export const invitationPreview = z.object({
  email: z.string(),
  organizationName: z.string(),
  role: roleSchema,
  expiresAt: isoDateTime,
});
export const acceptInvitationRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  password: passwordSchema,
  locale: localeSchema.optional(),
});
