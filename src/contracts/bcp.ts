import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { assetTypeSchema, hoursSchema } from './assets';

// The IT-BCP facts a company records beyond its business impact analysis, the gaps found where
// those facts contradict the recovery targets, and the facts still missing.

const text = (max: number) => z.string().trim().max(max);
const name = text(200);
const phone = z
  .string()
  .trim()
  .max(40)
  // Full-width digits and dashes as typed on Japanese keyboards are accepted too.
  .regex(/^[0-9０-９+＋\-－‐ー() （）\u3000]*$/, { message: 'digits, spaces, +, -, ( and ) only' });
/** A short id the editor gives an entry so others can point at it (the contact tree). */
const entryId = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/);

export const bcpPerson = z.strictObject({
  name: name.default(''),
  role: name.default(''),
  phone: phone.default(''),
});
export type BcpPerson = z.infer<typeof bcpPerson>;

export const scopeSection = z.strictObject({
  /** Which sites, business and systems the plan covers. */
  scope: text(4000).default(''),
  basicPolicy: text(4000).default(''),
});

export const activationSection = z.strictObject({
  /** Situations in which the plan is put into effect. */
  criteria: z.array(text(500).min(1)).max(30).default([]),
  decider: bcpPerson.default({ name: '', role: '', phone: '' }),
  deputy: bcpPerson.default({ name: '', role: '', phone: '' }),
});

export const teamRole = z.strictObject({
  /** BCP headquarters, recovery team, communication team… in the company's words. */
  team: name.min(1),
  lead: name.default(''),
  members: text(500).default(''),
  duties: text(1000).default(''),
});

export const contactEntry = z.strictObject({
  id: entryId,
  name: name.min(1),
  department: name.default(''),
  phone: phone.default(''),
  email: z.union([z.literal(''), z.email().max(254)]).default(''),
  /** Who calls this person when the plan is activated; none for the first link of the tree. */
  calledBy: entryId.nullable().default(null),
});
export type ContactEntry = z.infer<typeof contactEntry>;

export const partnerKinds = ['customer', 'supplier'] as const;
export const partnerEntry = z.strictObject({
  kind: z.enum(partnerKinds),
  name: name.min(1),
  contactPerson: name.default(''),
  phone: phone.default(''),
  email: z.union([z.literal(''), z.email().max(254)]).default(''),
  /** What they supply or receive, and what they need to hear during an outage. */
  notes: text(1000).default(''),
});

export const communicationSection = z.strictObject({
  /** Who tells customers what, through which channel, and when. */
  customerPlan: text(4000).default(''),
  channels: z.array(text(200).min(1)).max(20).default([]),
});

export const trainingEntry = z.strictObject({
  activity: name.min(1),
  /** How often, in months (12 = yearly). */
  everyMonths: z.int().min(1).max(60),
  owner: name.default(''),
  nextOn: z.iso.date().nullable().default(null),
});

export const maintenanceSection = z.strictObject({
  training: z.array(trainingEntry).max(50).default([]),
  /** How often the plan itself is reviewed, in months. */
  reviewEveryMonths: z.int().min(1).max(60).nullable().default(null),
  nextReviewOn: z.iso.date().nullable().default(null),
});

/** The plan-wide facts, one object per section; a section left out of an update is kept. */
export const bcpPlanFacts = z.strictObject({
  scope: scopeSection.default({ scope: '', basicPolicy: '' }),
  activation: activationSection.default({
    criteria: [],
    decider: { name: '', role: '', phone: '' },
    deputy: { name: '', role: '', phone: '' },
  }),
  organization: z.array(teamRole).max(30).default([]),
  contacts: z.array(contactEntry).max(500).default([]),
  partners: z.array(partnerEntry).max(200).default([]),
  communication: communicationSection.default({ customerPlan: '', channels: [] }),
  maintenance: maintenanceSection.default({
    training: [],
    reviewEveryMonths: null,
    nextReviewOn: null,
  }),
});
export type BcpPlanFacts = z.infer<typeof bcpPlanFacts>;
export const bcpSectionKeys = [
  'scope',
  'activation',
  'organization',
  'contacts',
  'partners',
  'communication',
  'maintenance',
] as const;
export type BcpSectionKey = (typeof bcpSectionKeys)[number];

export const updateBcpPlanRequest = z.strictObject({
  scope: scopeSection.optional(),
  activation: activationSection.optional(),
  organization: z.array(teamRole).max(30).optional(),
  contacts: z.array(contactEntry).max(500).optional(),
  partners: z.array(partnerEntry).max(200).optional(),
  communication: communicationSection.optional(),
  maintenance: maintenanceSection.optional(),
});
export type UpdateBcpPlanRequest = z.infer<typeof updateBcpPlanRequest>;

export const backupLocations = ['offline', 'online', 'cloud'] as const;
export const backupLocationSchema = z.enum(backupLocations);
export const alternateKinds = ['other_equipment', 'other_site', 'cloud'] as const;
export const alternateKindSchema = z.enum(alternateKinds);

/** What the company knows about keeping one system going and getting it back. */
export const systemFacts = z.strictObject({
  backupMethod: text(500).default(''),
  /** Hours between backups (24 = daily). */
  backupFrequencyHours: hoursSchema.nullable().default(null),
  backupLocations: z.array(backupLocationSchema).max(3).default([]),
  /** The backup cannot be altered or deleted from the network (write-once, locked retention). */
  immutableBackup: z.boolean().default(false),
  lastRestoreTestOn: z.iso.date().nullable().default(null),
  /** How long a restore takes, as tested or estimated. */
  restoreHours: hoursSchema.nullable().default(null),
  administratorCount: z.int().min(0).max(1000).nullable().default(null),
  alternates: z.array(alternateKindSchema).max(3).default([]),
  alternateNotes: text(1000).default(''),
  manualWorkaround: text(2000).default(''),
  recoverySteps: z.array(text(500).min(1)).max(40).default([]),
});
export type SystemFacts = z.infer<typeof systemFacts>;

export const bcpGapCodes = [
  'backup_interval_exceeds_rpo',
  'single_administrator',
  'no_offline_backup',
  'restore_test_stale',
  'dependency_slower_than_process',
  'no_activation_decider',
  'missing_contact_numbers',
] as const;
export const bcpGapCodeSchema = z.enum(bcpGapCodes);
export type BcpGapCode = z.infer<typeof bcpGapCodeSchema>;

/** Where the plan's facts contradict its own targets. */
export const bcpGapView = z.object({
  code: bcpGapCodeSchema,
  severity: z.enum(['high', 'medium']),
  /** The plan section it belongs to (document section key). */
  section: z.string(),
  assetId: uuid.nullable(),
  processId: uuid.nullable(),
  message: z.string(),
});
export type BcpGapView = z.infer<typeof bcpGapView>;

/** A fact the plan needs that nobody has recorded yet. */
export const bcpMissingView = z.object({ section: z.string(), message: z.string() });
export type BcpMissingView = z.infer<typeof bcpMissingView>;

export const bcpSystemView = z.object({
  asset: z.object({
    id: uuid,
    name: z.string(),
    type: assetTypeSchema,
    rtoHours: z.number().nullable(),
    rpoHours: z.number().nullable(),
  }),
  /** The tightest targets among the asset's own and those of the processes depending on it. */
  requiredRtoHours: z.number().nullable(),
  requiredRpoHours: z.number().nullable(),
  processes: z.array(z.object({ id: uuid, name: z.string() })),
  facts: systemFacts.nullable(),
  updatedAt: isoDateTime.nullable(),
});
export type BcpSystemView = z.infer<typeof bcpSystemView>;

export const bcpOverviewView = z.object({
  plan: bcpPlanFacts,
  updatedAt: isoDateTime.nullable(),
  systems: z.array(bcpSystemView),
  gaps: z.array(bcpGapView),
  missing: z.array(bcpMissingView),
});
export type BcpOverviewView = z.infer<typeof bcpOverviewView>;

export const bcpLanguageQuery = z.strictObject({ language: z.enum(['ja', 'en']).optional() });

/** The activation flow image; `v` only changes the address when the plan changes, so browsers refetch it. */
export const activationFlowQuery = bcpLanguageQuery.extend({
  v: z.string().max(100).optional(),
});
