import { z } from 'zod';
import { isoDateTime, localeSchema, timeZoneSchema, uuid } from './common';

export const redFlagSchema = z.strictObject({
  ja: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});
export const difficultySchema = z.int().min(1).max(3);

/** The personalisation variables a template may use; anything else in {{…}} is rejected. */
export const templateVariables = ['name', 'department', 'link', 'report_url'] as const;

/** The {{…}} names a part uses that are not personalisation variables. */
export function unknownVariables(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([^}\s]*)\s*\}\}/g)]
    .map((m) => m[1] ?? '')
    .filter((v) => !(templateVariables as readonly string[]).includes(v));
}
const variablesKnown = (s: string) => unknownVariables(s).length === 0;
/** A refinement's message in both languages; the server answers in the caller's. */
const bilingual = (en: string, ja: string) => ({ message: en, params: { ja, en } });
const unknownVariable = bilingual(
  'unknown variable; use {{name}}, {{department}}, {{link}} or {{report_url}}',
  '使えない変数があります。{{name}}、{{department}}、{{link}}、{{report_url}} のいずれかを使ってください。',
);
const needsLink = (part: string, ja: string) =>
  bilingual(`the ${part} part needs {{link}}`, `${ja}には {{link}}（訓練用リンク）が必要です。`);
const templateBody = z.string().min(1).max(100_000).refine(variablesKnown, unknownVariable);

const messageParts = z.strictObject({
  subject: z.string().trim().min(1).max(300).refine(variablesKnown, unknownVariable),
  html: templateBody.refine((s) => /\{\{\s*link\s*\}\}/.test(s), needsLink('HTML', 'HTML本文')),
  text: templateBody.refine((s) => /\{\{\s*link\s*\}\}/.test(s), needsLink('text', 'テキスト本文')),
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

export const landingPageSchema = z.enum(['training', 'credential_form']);
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
  /** The page after a click that campaigns from this template start with. */
  landingPage: landingPageSchema,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
const templateFields = {
  name: z.string().trim().min(1).max(200),
  locale: localeSchema,
  senderName: z.string().trim().min(1).max(200),
  ...messageParts.shape,
  difficulty: difficultySchema,
  redFlags: z.array(redFlagSchema).min(1).max(10),
  landingPage: landingPageSchema,
};
export const createTemplateRequest = z.strictObject({
  ...templateFields,
  landingPage: templateFields.landingPage.default('training'),
});
/** Only the fields given change; each is validated as on creation. */
export const updateTemplateRequest = z.strictObject(
  Object.fromEntries(Object.entries(templateFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof templateFields]: z.ZodOptional<(typeof templateFields)[K]>;
  },
);

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
/** Spreading over up to 31 days. */
export const MAX_SPREAD_MINUTES = 31 * 24 * 60;
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
    /** Absent: the company template's page, or the training page for a library template. */
    landingPage: landingPageSchema.optional(),
    startAt: isoDateTime.optional(),
    /** Daily window in the campaign's time zone, e.g. 540–1080 for 09:00–18:00. */
    windowStartMinute: minuteOfDay.default(0),
    windowEndMinute: minuteOfDay.default(1440),
    timeZone: timeZoneSchema.default('Asia/Tokyo'),
    sendRatePerMinute: z.int().min(1).max(10_000).default(60),
    /** The company's SMTP profile; absent sends through the platform mailer. */
    smtpProfileId: uuid.optional(),
    /** Spread the messages evenly over this long from the start (counting window time only). */
    spreadOverMinutes: z.int().min(1).max(MAX_SPREAD_MINUTES).optional(),
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
  smtpProfileId: uuid.nullable(),
  /** The relay's last refusal of the whole campaign (connection, TLS, authentication). */
  relayError: z.string().nullable(),
  launchedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  spreadOverMinutes: z.int().nullable(),
  /** When the spread sending ends, once its start is known (the start time or the launch). */
  spreadUntil: isoDateTime.nullable(),
});

const stageCounts = z.object({ count: z.int(), rate: z.number() });
export const funnelView = z.object({
  recipients: z.int(),
  sent: z.int(),
  /** Sent and not bounced afterwards; the stages' rates are of these. */
  delivered: z.int(),
  failed: z.int(),
  /** Of the failed, those the relay refused for good (5xx). */
  bounced: z.int(),
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
  /** Clicks by people the message was forwarded to: kept, counted for no recipient. */
  forwardedEvents: z.int(),
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
  sendFailure: z.enum(['bounced', 'failed']).nullable(),
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

const hostName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or address');
const port = z.int().min(1).max(65535);

export const smtpTlsModeSchema = z.enum(['none', 'starttls', 'tls']);
/** A company's SMTP relay; the password is write-only and shown only as set or not. */
export const smtpProfileView = z.object({
  id: uuid,
  name: z.string(),
  host: z.string(),
  port: z.int(),
  tlsMode: smtpTlsModeSchema,
  username: z.string().nullable(),
  passwordSet: z.boolean(),
  fromAddress: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
const smtpProfileFields = {
  name: z.string().trim().min(1).max(200),
  host: hostName,
  port,
  tlsMode: smtpTlsModeSchema,
  username: z.string().trim().min(1).max(254).nullable(),
  fromAddress: z.email().max(254),
};
export const createSmtpProfileRequest = z.strictObject({
  ...smtpProfileFields,
  username: smtpProfileFields.username.default(null),
  password: z.string().min(1).max(500).optional(),
});
export const updateSmtpProfileRequest = z.strictObject({
  name: smtpProfileFields.name.optional(),
  host: smtpProfileFields.host.optional(),
  port: smtpProfileFields.port.optional(),
  tlsMode: smtpProfileFields.tlsMode.optional(),
  username: smtpProfileFields.username.optional(),
  fromAddress: smtpProfileFields.fromAddress.optional(),
  /** A new password; null removes it; absent keeps the stored one. */
  password: z.string().min(1).max(500).nullable().optional(),
});
export const smtpTestRequest = z.strictObject({ to: z.email().max(254) });

/** The IMAP mailbox staff forward suspicious mails to; polled for training tokens. */
export const reportMailboxView = z.object({
  host: z.string(),
  port: z.int(),
  secure: z.boolean(),
  username: z.string(),
  passwordSet: z.boolean(),
  mailbox: z.string(),
  enabled: z.boolean(),
  lastPolledAt: isoDateTime.nullable(),
  lastError: z.string().nullable(),
  reportsFound: z.int(),
});
export const putReportMailboxRequest = z.strictObject({
  host: hostName,
  port: port.default(993),
  secure: z.boolean().default(true),
  username: z.string().trim().min(1).max(254),
  /** Required when none is stored yet; absent keeps the stored one. */
  password: z.string().min(1).max(500).optional(),
  mailbox: z.string().trim().min(1).max(200).default('INBOX'),
  enabled: z.boolean().default(true),
});

const ipv4Cidr = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const ipv6Cidr = /^[0-9A-Fa-f:.]{2,45}\/(12[0-8]|1[01]\d|\d?\d)$/;
const seconds = (max: number) => z.int().min(1).max(max);

/**
 * How a company tells people from machines. Each rule can be turned off (a company whose staff
 * read mail with images blocked turns off clickNeedsOpen); thresholds and gateway ranges are its own.
 */
export const scannerRulesSchema = z.strictObject({
  headRequest: z.boolean(),
  missingUserAgent: z.boolean(),
  gatewayAgents: z.boolean(),
  scriptAgents: z.boolean(),
  outdatedAgents: z.boolean(),
  /** A click, submission or report link this soon after delivery is a gateway following links. */
  tooSoon: z.strictObject({ enabled: z.boolean(), seconds: seconds(3600) }),
  /** More than `clicks` clicks on one link within `seconds` is automated. */
  burst: z.strictObject({
    enabled: z.boolean(),
    clicks: z.int().min(2).max(100),
    seconds: seconds(600),
  }),
  clickNeedsOpen: z.boolean(),
  /** One address clicking the links of `recipients` different people within `seconds`. */
  sharedAddress: z.strictObject({
    enabled: z.boolean(),
    recipients: z.int().min(2).max(1000),
    seconds: seconds(3600),
  }),
  /** A hit on the invisible link in the HTML part, which no person can see or click. */
  hiddenLink: z.boolean(),
  /**
   * A click on a link a person already clicked, from another address and another browser: the
   * message was forwarded, and the click is the forwardee's, not the recipient's.
   */
  forwardedCopies: z.boolean(),
  /** A click the landing page's script did not confirm within `seconds` came from no browser. */
  unconfirmedClick: z.strictObject({ enabled: z.boolean(), seconds: z.int().min(10).max(3600) }),
  /**
   * A request the client announced as a prefetch (Sec-Purpose, Purpose or X-Moz: prefetch): a
   * browser or preview warming a link nobody opened yet. Optional so older clients keep working.
   */
  prefetch: z.boolean().default(true),
  /** The company's mail gateways and link scanners, e.g. 198.51.100.0/24. */
  gatewayRanges: z
    .array(
      z
        .string()
        .trim()
        .refine(
          (s) => ipv4Cidr.test(s) || ipv6Cidr.test(s),
          'an address range such as 192.0.2.0/24',
        ),
    )
    .max(200),
});
export type ScannerRules = z.infer<typeof scannerRulesSchema>;

export const defaultScannerRules: ScannerRules = {
  headRequest: true,
  missingUserAgent: true,
  gatewayAgents: true,
  scriptAgents: true,
  outdatedAgents: true,
  tooSoon: { enabled: true, seconds: 10 },
  burst: { enabled: true, clicks: 3, seconds: 10 },
  clickNeedsOpen: true,
  sharedAddress: { enabled: true, recipients: 4, seconds: 20 },
  hiddenLink: true,
  forwardedCopies: true,
  unconfirmedClick: { enabled: true, seconds: 60 },
  gatewayRanges: [],
  prefetch: true,
};
