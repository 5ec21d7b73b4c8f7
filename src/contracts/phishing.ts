import { z } from 'zod';
import { isoDateTime, localeSchema, timeZoneSchema, uuid } from './common';

export const redFlagSchema = z.strictObject({
  ja: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});
export const difficultySchema = z.int().min(1).max(3);

/** The personalisation variables a template may use; anything else in {{…}} is rejected. */
export const templateVariables = ['name', 'department', 'link'] as const;
const variablesKnown = (s: string) =>
  [...s.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].every((m) =>
    (templateVariables as readonly string[]).includes(m[1] ?? ''),
  );
const templateBody = z
  .string()
  .min(1)
  .max(100_000)
  .refine(variablesKnown, 'unknown variable; use {{name}}, {{department}} or {{link}}');

const messageParts = z.strictObject({
  subject: z.string().trim().min(1).max(300).refine(variablesKnown, 'unknown variable'),
  html: templateBody.refine((s) => s.includes('{{link}}'), 'the HTML part needs {{link}}'),
  text: templateBody.refine((s) => s.includes('{{link}}'), 'the text part needs {{link}}'),
});

/** One entry of content/phishing/templates.yaml: the message in both languages. */
export const libraryTemplateSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  category: z.enum([
    'invoice',
    'delivery',
    'password_expiry',
    'shared_file',
    'executive_request',
    'it_helpdesk',
    'other',
  ]),
  difficulty: difficultySchema,
  senderName: redFlagSchema,
  ja: messageParts,
  en: messageParts,
  redFlags: z.array(redFlagSchema).min(2).max(10),
});
export const phishingLibrarySchema = z
  .strictObject({ templates: z.array(libraryTemplateSchema).min(6) })
  .refine(
    (lib) => new Set(lib.templates.map((t) => t.key)).size === lib.templates.length,
    'template keys must be unique',
  );
export type LibraryTemplate = z.infer<typeof libraryTemplateSchema>;

export const libraryTemplateView = libraryTemplateSchema;

export const templateView = z.object({
  id: uuid,
  name: z.string(),
  locale: localeSchema,
  senderName: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  difficulty: difficultySchema,
  redFlags: z.array(redFlagSchema),
  createdAt: isoDateTime,
});
export const createTemplateRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  locale: localeSchema,
  senderName: z.string().trim().min(1).max(200),
  ...messageParts.shape,
  difficulty: difficultySchema,
  redFlags: z.array(redFlagSchema).min(1).max(10),
});

export const targetGroupView = z.object({
  id: uuid,
  name: z.string(),
  targetCount: z.int(),
  createdAt: isoDateTime,
});
export const createTargetGroupRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
});
export const targetView = z.object({
  id: uuid,
  name: z.string(),
  email: z.string(),
  department: z.string().nullable(),
  position: z.string().nullable(),
});
export const importResult = z.object({
  imported: z.int(),
  created: z.int(),
  updated: z.int(),
  duplicatesInFile: z.int(),
});
export const MAX_TARGETS_PER_COMPANY = 50_000;

const minuteOfDay = z.int().min(0).max(1440);
export const createCampaignRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    groupId: uuid,
    template: z.discriminatedUnion('source', [
      z.strictObject({
        source: z.literal('library'),
        key: z.string().max(60),
        locale: localeSchema,
      }),
      z.strictObject({ source: z.literal('company'), id: uuid }),
    ]),
    landingPage: z.enum(['training', 'credential_form']).default('training'),
    startAt: isoDateTime.optional(),
    /** Daily window in the campaign's time zone, e.g. 540–1080 for 09:00–18:00. */
    windowStartMinute: minuteOfDay.default(0),
    windowEndMinute: minuteOfDay.default(1440),
    timeZone: timeZoneSchema.default('Asia/Tokyo'),
    sendRatePerMinute: z.int().min(1).max(10_000).default(60),
  })
  .refine((c) => c.windowStartMinute < c.windowEndMinute, {
    path: ['windowEndMinute'],
    message: 'the window must end after it starts',
  });

export const campaignStatusSchema = z.enum(['draft', 'sending', 'sent', 'cancelled']);
export const campaignView = z.object({
  id: uuid,
  name: z.string(),
  groupId: uuid,
  templateRef: z.string(),
  locale: localeSchema,
  subject: z.string(),
  difficulty: difficultySchema,
  landingPage: z.enum(['training', 'credential_form']),
  status: campaignStatusSchema,
  startAt: isoDateTime.nullable(),
  windowStartMinute: z.int(),
  windowEndMinute: z.int(),
  timeZone: z.string(),
  sendRatePerMinute: z.int(),
  launchedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});

const stageCounts = z.object({ count: z.int(), rate: z.number() });
export const funnelView = z.object({
  recipients: z.int(),
  sent: z.int(),
  failed: z.int(),
  opened: stageCounts,
  clicked: stageCounts,
  submitted: stageCounts,
  reported: stageCounts,
});
export const campaignResults = z.object({
  campaignId: uuid,
  status: campaignStatusSchema,
  funnel: funnelView,
  /** Tracked hits classified as security scanners or link prefetchers, not people. */
  scannerEvents: z.int(),
  scannerReasons: z.array(z.object({ reason: z.string(), count: z.int() })),
  byDepartment: z.array(funnelView.extend({ department: z.string().nullable() })),
});

export const recipientResultView = z.object({
  id: uuid,
  name: z.string(),
  email: z.string(),
  department: z.string().nullable(),
  position: z.string().nullable(),
  sentAt: isoDateTime.nullable(),
  sendError: z.string().nullable(),
  openedAt: isoDateTime.nullable(),
  clickedAt: isoDateTime.nullable(),
  submittedAt: isoDateTime.nullable(),
  reportedAt: isoDateTime.nullable(),
  scannerEvents: z.int(),
});
export const recipientPageQuery = z.strictObject({
  /** The e-mail address after which the page starts (keyset pagination). */
  after: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const recipientPage = z.object({
  recipients: z.array(recipientResultView),
  nextAfter: z.string().nullable(),
});
