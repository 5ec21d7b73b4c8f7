import { z } from 'zod';
import { emailSchema, isoDateTime, timeZoneSchema, uuid } from './common';
import { localizedText } from './localized';

export const incidentStatuses = [
  'new',
  'triage',
  'in_progress',
  'contained',
  'resolved',
  'closed',
] as const;
export const incidentStatusSchema = z.enum(incidentStatuses);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const incidentSeverities = ['low', 'medium', 'high', 'critical'] as const;
export const incidentSeveritySchema = z.enum(incidentSeverities);
export type IncidentSeverity = z.infer<typeof incidentSeveritySchema>;

/** NIST SP 800-61 scales; their labels and descriptions are content (content/incidents/scales.yaml). */
export const functionalImpacts = ['none', 'low', 'medium', 'high'] as const;
export const informationImpacts = ['none', 'privacy', 'proprietary', 'integrity'] as const;
export const recoverabilities = ['regular', 'supplemented', 'extended', 'not_recoverable'] as const;
export const functionalImpactSchema = z.enum(functionalImpacts);
export const informationImpactSchema = z.enum(informationImpacts);
export const recoverabilitySchema = z.enum(recoverabilities);

export const reportPurposes = ['inform', 'ask_for_help', 'report_suspicion', 'other'] as const;
export const reporterAffiliations = ['employee', 'partner', 'other'] as const;
export const hostingKinds = ['on_premises', 'cloud', 'saas', 'unknown'] as const;
export const personalDataAnswers = ['yes', 'no', 'unknown'] as const;
export const incidentSources = ['public_form', 'staff'] as const;

export const DEFAULT_REPORT_TIME_ZONE = 'Asia/Tokyo';

const text = (max: number) => z.string().trim().max(max);
/** A wall-clock time as typed in a form, read in the report's time zone: 2026-11-21T14:30. */
export const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

/**
 * What a reporter tells the CSIRT (public form, or staff recording a report received by phone).
 * At least one way to reach the reporter is checked by the server with a localised message.
 */
export const incidentReportInput = z.strictObject({
  reporterName: z.string().trim().min(1).max(100),
  affiliation: z.enum(reporterAffiliations),
  /** Department for an employee, company name for a partner. */
  organisation: text(200).default(''),
  email: z.union([z.literal(''), emailSchema]).default(''),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9+()\-\s]*$/)
    .default(''),
  purpose: z.enum(reportPurposes),
  whatWasSeen: z.string().trim().min(1).max(5000),
  seenAt: localDateTime.nullable().default(null),
  seenTimeZone: timeZoneSchema.default(DEFAULT_REPORT_TIME_ZONE),
  affectedSystems: text(2000).default(''),
  hosting: z.array(z.enum(hostingKinds)).max(hostingKinds.length).default([]),
  howFound: text(2000).default(''),
  personalData: z.enum(personalDataAnswers).default('unknown'),
  /** Rough number of people whose data may be involved. */
  personalDataCount: z.int().min(0).max(1_000_000_000).nullable().default(null),
  notes: text(5000).default(''),
});
export type IncidentReportInput = z.infer<typeof incidentReportInput>;
export type IncidentReportDraft = z.input<typeof incidentReportInput>;

/** The report as stored: the input plus the instant the local time stands for. */
export const incidentReportView = z.object({
  reporterName: z.string(),
  affiliation: z.enum(reporterAffiliations),
  organisation: z.string(),
  email: z.string(),
  phone: z.string(),
  purpose: z.enum(reportPurposes),
  whatWasSeen: z.string(),
  seenAt: z.string().nullable(),
  seenTimeZone: z.string(),
  /** seenAt read in seenTimeZone, as an instant. */
  seenAtInstant: isoDateTime.nullable(),
  affectedSystems: z.string(),
  hosting: z.array(z.enum(hostingKinds)),
  howFound: z.string(),
  personalData: z.enum(personalDataAnswers),
  personalDataCount: z.int().nullable(),
  notes: z.string(),
});
export type IncidentReportView = z.infer<typeof incidentReportView>;

export const publicReportFormView = z.object({ organizationName: z.string() });
export const publicReportReceipt = z.object({
  /** The confirmation number the reporter can quote, e.g. INC-2026-0007. */
  reference: z.string(),
  receivedAt: isoDateTime,
  organizationName: z.string(),
});
export type PublicReportReceipt = z.infer<typeof publicReportReceipt>;

export const incidentPersonView = z.object({ userId: uuid, name: z.string() });

export const incidentSummaryView = z.object({
  id: uuid,
  reference: z.string(),
  title: z.string(),
  source: z.enum(incidentSources),
  status: incidentStatusSchema,
  category: z.string().nullable(),
  severity: incidentSeveritySchema.nullable(),
  purpose: z.enum(reportPurposes),
  assignee: incidentPersonView.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type IncidentSummaryView = z.infer<typeof incidentSummaryView>;

export const incidentActionKinds = [
  'reported',
  'created',
  'status',
  'assigned',
  'triage',
  'note',
  'evidence',
] as const;
export const incidentActionView = z.object({
  id: uuid,
  at: isoDateTime,
  kind: z.enum(incidentActionKinds),
  actorName: z.string().nullable(),
  text: z.string(),
});

export const incidentEvidenceView = z.object({
  id: uuid,
  description: z.string(),
  location: z.string(),
  hash: z.string(),
  collectedBy: z.string(),
  collectedAt: isoDateTime,
  recordedBy: z.string().nullable(),
  createdAt: isoDateTime,
});

export const incidentView = incidentSummaryView.extend({
  report: incidentReportView,
  functionalImpact: functionalImpactSchema.nullable(),
  informationImpact: informationImpactSchema.nullable(),
  recoverability: recoverabilitySchema.nullable(),
  nextSteps: z.string(),
  actions: z.array(incidentActionView),
  evidence: z.array(incidentEvidenceView),
});
export type IncidentView = z.infer<typeof incidentView>;

export const listIncidentsQuery = z.strictObject({
  status: incidentStatusSchema.optional(),
  category: z.string().max(60).optional(),
  severity: incidentSeveritySchema.optional(),
});

export const createIncidentRequest = z.strictObject({
  /** A short name for the list; the first words of what was seen when left out. */
  title: text(200).optional(),
  report: incidentReportInput,
});
export type CreateIncidentRequest = z.infer<typeof createIncidentRequest>;

export const updateIncidentRequest = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  status: incidentStatusSchema.optional(),
  category: z.string().max(60).nullable().optional(),
  severity: incidentSeveritySchema.nullable().optional(),
  functionalImpact: functionalImpactSchema.nullable().optional(),
  informationImpact: informationImpactSchema.nullable().optional(),
  recoverability: recoverabilitySchema.nullable().optional(),
  assigneeUserId: uuid.nullable().optional(),
  nextSteps: text(4000).optional(),
});
export type UpdateIncidentRequest = z.infer<typeof updateIncidentRequest>;

export const addIncidentActionRequest = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  /** When it was done; now when left out. */
  at: isoDateTime.optional(),
});

export const addIncidentEvidenceRequest = z.strictObject({
  description: z.string().trim().min(1).max(2000),
  /** Where the item is kept (a locker, a share, an evidence drive). */
  location: z.string().trim().min(1).max(500),
  /** e.g. sha256:…; empty for physical items. */
  hash: text(200).default(''),
  collectedBy: z.string().trim().min(1).max(200),
  collectedAt: isoDateTime,
});
export type AddIncidentEvidenceRequest = z.infer<typeof addIncidentEvidenceRequest>;

export const taxonomyEntry = z.object({
  key: z.string(),
  label: localizedText,
  description: localizedText,
});
export const incidentTaxonomyView = z.object({
  categories: z.array(taxonomyEntry),
  functionalImpact: z.array(taxonomyEntry),
  informationImpact: z.array(taxonomyEntry),
  recoverability: z.array(taxonomyEntry),
});
export type IncidentTaxonomyView = z.infer<typeof incidentTaxonomyView>;

export const incidentAssigneesView = z.object({
  people: z.array(incidentPersonView.extend({ kind: z.enum(['member', 'expert']) })),
});

export const reportLinkView = z.object({
  enabled: z.boolean(),
  /** The unguessable part of /report/<slug>; null until the form is first enabled. */
  slug: z.string().nullable(),
  rotatedAt: isoDateTime.nullable(),
});
export type ReportLinkView = z.infer<typeof reportLinkView>;
export const setReportLinkRequest = z.strictObject({ enabled: z.boolean() });
