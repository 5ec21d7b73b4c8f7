import { z } from 'zod';
import { isoDateTime, timeZoneSchema, uuid } from './common';
import { localizedText } from './localized';

// The CSIRT-building workspace of one company: checklist decisions per visit, chosen services,
// model, roles with people, contacts (list and escalation tree), RFC 2350 team facts and the
// editable incident response flow.

/** Keys of content entries (checklist items, services, roles, parties): lower-case words joined by hyphens. */
export const contentKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

export const csirtVisits = [1, 2, 3] as const;
export const visitSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const checklistStatuses = ['open', 'decided', 'not_applicable'] as const;
export const checklistStatusSchema = z.enum(checklistStatuses);
export type ChecklistStatus = z.infer<typeof checklistStatusSchema>;

export const serviceCategories = ['reactive', 'proactive', 'quality'] as const;
export const serviceCategorySchema = z.enum(serviceCategories);
export type ServiceCategory = z.infer<typeof serviceCategorySchema>;

export const csirtModels = [
  'security-team',
  'distributed',
  'centralized',
  'combined',
  'coordinating',
] as const;
export const csirtModelSchema = z.enum(csirtModels);
export type CsirtModel = z.infer<typeof csirtModelSchema>;

export const flowStages = [
  'report',
  'triage',
  'first-response',
  'containment',
  'eradication',
  'recovery',
  'review',
] as const;
export const flowStageSchema = z.enum(flowStages);
export type FlowStage = z.infer<typeof flowStageSchema>;

const text = (max: number) => z.string().trim().max(max);

export const updateChecklistEntryRequest = z.strictObject({
  before: text(4000).optional(),
  after: text(4000).optional(),
  decision: text(4000).optional(),
  notes: text(4000).optional(),
  status: checklistStatusSchema.optional(),
  /** The visit (1–3) at which the item was decided; null while undecided. */
  visit: visitSchema.nullable().optional(),
});
export type UpdateChecklistEntryRequest = z.infer<typeof updateChecklistEntryRequest>;

/** RFC 2350 facts about the team; every field optional, missing ones are listed in the description. */
const teamShape = {
  teamName: text(200),
  shortName: text(60),
  address: text(500),
  timeZone: timeZoneSchema,
  telephone: text(60),
  fax: text(60),
  otherTelecom: text(500),
  email: text(254),
  publicKey: text(8000),
  operatingHours: text(500),
  outOfHours: text(500),
  otherInformation: text(2000),
  customerContact: text(2000),
  constituency: text(2000),
  mission: text(2000),
  sponsorship: text(1000),
  authority: text(2000),
  incidentSupport: text(2000),
  cooperation: text(2000),
  disclosure: text(2000),
  communication: text(2000),
  disclaimer: text(2000),
  distributionList: text(1000),
  documentLocation: text(500),
  authentication: text(1000),
};
export const teamFacts = z.strictObject(teamShape);
export type TeamFacts = z.infer<typeof teamFacts>;
export const teamFactsPatch = teamFacts.partial();

/** Every fact empty, the time zone Japan's: what a company starts from. */
export const emptyTeamFacts = {
  ...(Object.fromEntries(Object.keys(teamShape).map((k) => [k, ''])) as TeamFacts),
  timeZone: 'Asia/Tokyo',
};

/** The CSIRT-building project charter. */
export const projectCharter = z.strictObject({
  background: text(4000),
  goals: text(4000),
  deliverables: text(4000),
  cost: text(1000),
  /** YYYY-MM-DD */
  deadline: z.iso.date().nullable(),
  sponsor: text(200),
});
export type ProjectCharter = z.infer<typeof projectCharter>;
export const projectCharterPatch = projectCharter.partial();
export const emptyProjectCharter: ProjectCharter = {
  background: '',
  goals: '',
  deliverables: '',
  cost: '',
  deadline: null,
  sponsor: '',
};

export const updateProfileRequest = z.strictObject({
  model: csirtModelSchema.nullable().optional(),
  scope: text(2000).optional(),
  serviceKeys: z.array(contentKey).max(100).optional(),
  team: teamFactsPatch.optional(),
  charter: projectCharterPatch.optional(),
});
export type UpdateProfileRequest = z.infer<typeof updateProfileRequest>;

/** A person filling a role: a member of the company, or a free name (a vendor's engineer, a lawyer). */
export const rolePerson = z.union([
  z.strictObject({ userId: uuid }),
  z.strictObject({ name: z.string().trim().min(1).max(200) }),
]);
export type RolePerson = z.infer<typeof rolePerson>;

export const updateRoleRequest = z.strictObject({
  people: z.array(rolePerson).max(20).default([]),
  outsourced: z.boolean().default(false),
  /** Who the role is outsourced to. */
  provider: text(200).default(''),
  notes: text(2000).default(''),
});
export type UpdateRoleRequest = z.infer<typeof updateRoleRequest>;

export const contactKinds = ['internal', 'external'] as const;
export const contactKindSchema = z.enum(contactKinds);

export const contactRequest = z.strictObject({
  kind: contactKindSchema,
  name: z.string().trim().min(1).max(200),
  organization: text(200).default(''),
  /** The CSIRT role this contact holds, if any. */
  roleKey: contentKey.nullable().default(null),
  /** The outside party this contact represents (notifications content), if any. */
  partyKey: contentKey.nullable().default(null),
  phone: text(60).default(''),
  email: z.union([z.literal(''), z.email().max(254)]).default(''),
  hours: text(200).default(''),
  /** The contact this one escalates to; null at the top of the tree. */
  escalatesToId: uuid.nullable().default(null),
  notes: text(1000).default(''),
});
export type ContactRequest = z.infer<typeof contactRequest>;
export const updateContactRequest = contactRequest.partial().strict();
export type UpdateContactRequest = z.infer<typeof updateContactRequest>;

export const flowDecision = z.strictObject({
  question: z.string().trim().min(1).max(300),
  /** Role that decides. */
  ownerRole: contentKey,
  criteria: text(1000).default(''),
});

export const flowStep = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/),
  stage: flowStageSchema,
  /** The role whose lane holds the step. */
  lane: contentKey,
  title: z.string().trim().min(1).max(120),
  detail: text(1000).default(''),
  decision: flowDecision.nullable().default(null),
  /** Outside parties to notify at this step. */
  notify: z.array(contentKey).max(20).default([]),
});
export type FlowStep = z.infer<typeof flowStep>;

export const updateFlowRequest = z.strictObject({
  steps: z.array(flowStep).min(1).max(60),
});
export type UpdateFlowRequest = z.infer<typeof updateFlowRequest>;

export const warningView = z.object({
  code: z.string(),
  /** Where it applies: checklist, services, model, roles, contacts, team, flow, charter. */
  area: z.string(),
  /** The item, role, contact or step it is about. */
  ref: z.string().nullable(),
  message: z.string(),
});
export type CsirtWarning = z.infer<typeof warningView>;

export const checklistItemView = z.object({
  key: z.string(),
  title: localizedText,
  guidance: localizedText,
  before: z.string(),
  after: z.string(),
  decision: z.string(),
  notes: z.string(),
  status: checklistStatusSchema,
  visit: z.int().nullable(),
  updatedAt: isoDateTime.nullable(),
  updatedByName: z.string().nullable(),
});

export const checklistCategoryView = z.object({
  key: z.string(),
  title: localizedText,
  description: localizedText,
  items: z.array(checklistItemView),
});

export const serviceView = z.object({
  key: z.string(),
  area: z.string(),
  title: localizedText,
  description: localizedText,
  category: serviceCategorySchema,
  recommended: z.boolean(),
});

export const serviceAreaView = z.object({
  key: z.string(),
  title: localizedText,
  description: localizedText,
});

export const roleView = z.object({
  key: z.string(),
  title: localizedText,
  description: localizedText,
  required: z.boolean(),
  outsourceable: z.boolean(),
  people: z.array(z.object({ userId: uuid.nullable(), name: z.string(), member: z.boolean() })),
  outsourced: z.boolean(),
  provider: z.string(),
  notes: z.string(),
});
export type RoleView = z.infer<typeof roleView>;

export const contactView = z.object({
  id: uuid,
  kind: contactKindSchema,
  name: z.string(),
  organization: z.string(),
  roleKey: z.string().nullable(),
  partyKey: z.string().nullable(),
  phone: z.string(),
  email: z.string(),
  hours: z.string(),
  escalatesToId: uuid.nullable(),
  notes: z.string(),
});
export type ContactView = z.infer<typeof contactView>;

export const partyView = z.object({
  key: z.string(),
  name: localizedText,
  when: localizedText,
  deadlines: z.array(z.object({ what: localizedText, within: localizedText })),
  how: localizedText,
});
export type PartyView = z.infer<typeof partyView>;

export const modelView = z.object({
  key: csirtModelSchema,
  title: localizedText,
  description: localizedText,
});

export const visitProgressView = z.object({
  visit: z.int(),
  /** Items decided at this visit. */
  decided: z.int(),
  /** Items decided at this visit or before. */
  cumulative: z.int(),
});

export const csirtWorkspaceView = z.object({
  checklist: z.array(checklistCategoryView),
  progress: z.object({
    total: z.int(),
    decided: z.int(),
    notApplicable: z.int(),
    visits: z.array(visitProgressView),
  }),
  areas: z.array(serviceAreaView),
  services: z.array(serviceView),
  models: z.array(modelView),
  roles: z.array(roleView),
  contacts: z.array(contactView),
  parties: z.array(partyView),
  profile: z.object({
    model: csirtModelSchema.nullable(),
    scope: z.string(),
    serviceKeys: z.array(z.string()),
    team: teamFacts,
    charter: projectCharter,
    updatedAt: isoDateTime.nullable(),
  }),
  members: z.array(z.object({ userId: uuid, name: z.string() })),
  warnings: z.array(warningView),
});
export type CsirtWorkspaceView = z.infer<typeof csirtWorkspaceView>;

export const flowView = z.object({
  /** True while the company has not edited the steps: they follow its roles. */
  isDefault: z.boolean(),
  steps: z.array(flowStep),
  svg: z.string(),
  width: z.int(),
  height: z.int(),
  escalation: z.object({ svg: z.string(), width: z.int(), height: z.int() }),
  warnings: z.array(warningView),
});
export type FlowView = z.infer<typeof flowView>;

/**
 * Contacts ordered top-down through the escalation tree, each with its depth (one order for the
 * documents and the web page); a contact whose target is gone, or part of a loop, starts a chain.
 */
export function escalationOrder<T extends { id: string; escalatesToId: string | null }>(
  contacts: T[],
): { contact: T; depth: number }[] {
  const ids = new Set(contacts.map((c) => c.id));
  const children = new Map<string | null, T[]>();
  for (const c of contacts) {
    const parent = c.escalatesToId && ids.has(c.escalatesToId) ? c.escalatesToId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: { contact: T; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (c: T, depth: number) => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    out.push({ contact: c, depth });
    for (const child of children.get(c.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  for (const c of contacts) visit(c, 0);
  return out;
}
