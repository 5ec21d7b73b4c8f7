import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ScannerRules } from '../../../contracts/phishing';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

export type RedFlag = { ja: string; en: string };

/** A named set of employees a company sends training mails to. */
export const phishingTargetGroups = pgTable(
  'phishing_target_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [index('phishing_target_groups_org_idx').on(t.organizationId)],
);

export const phishingTargets = pgTable(
  'phishing_targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    groupId: uuid('group_id')
      .notNull()
      .references(() => phishingTargetGroups.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    department: text('department'),
    position: text('position'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('phishing_targets_group_email_idx').on(t.groupId, t.email),
    index('phishing_targets_org_idx').on(t.organizationId),
  ],
);

/** A company's own training mail; the shipped library lives in content/phishing. */
export const phishingTemplates = pgTable(
  'phishing_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    locale: text('locale', { enum: ['ja', 'en'] }).notNull(),
    senderName: text('sender_name').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    difficulty: smallint('difficulty').notNull(),
    redFlags: jsonb('red_flags').$type<RedFlag[]>().notNull(),
    landingPage: text('landing_page', { enum: ['training', 'credential_form'] })
      .notNull()
      .default('training'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('phishing_templates_org_idx').on(t.organizationId)],
);

export const smtpTlsModes = ['none', 'starttls', 'tls'] as const;

/**
 * A company's own SMTP relay for training mails. The password is sealed (AES-256-GCM, see
 * secrets.ts) and never leaves the server; campaigns without a profile use the platform mailer.
 */
export const phishingSmtpProfiles = pgTable(
  'phishing_smtp_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    tlsMode: text('tls_mode', { enum: smtpTlsModes }).notNull(),
    username: text('username'),
    passwordSealed: text('password_sealed'),
    fromAddress: text('from_address').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('phishing_smtp_profiles_org_idx').on(t.organizationId)],
);

/**
 * The mailbox staff forward suspicious mails to, polled for training tokens. One per company;
 * UIDs past lastUid are new, so people reading the mailbox themselves never hide a report.
 */
export const phishingReportMailboxes = pgTable('phishing_report_mailboxes', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  secure: boolean('secure').notNull(),
  username: text('username').notNull(),
  passwordSealed: text('password_sealed').notNull(),
  mailbox: text('mailbox').notNull(),
  enabled: boolean('enabled').notNull(),
  uidValidity: bigint('uid_validity', { mode: 'number' }),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
  lastPolledAt: timestamp('last_polled_at', tz),
  lastError: text('last_error'),
  reportsFound: integer('reports_found').notNull().default(0),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const campaignStatuses = ['draft', 'sending', 'sent', 'cancelled'] as const;

/**
 * One training send. The message (subject, parts, red flags) is copied in at creation, so later
 * edits to a template or the library never change what a running campaign sent or teaches.
 */
export const phishingCampaigns = pgTable(
  'phishing_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => phishingTargetGroups.id, { onDelete: 'restrict' }),
    /** library:<key> or company:<uuid>, for the record of where the message came from. */
    templateRef: text('template_ref').notNull(),
    locale: text('locale', { enum: ['ja', 'en'] }).notNull(),
    senderName: text('sender_name').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    difficulty: smallint('difficulty').notNull(),
    redFlags: jsonb('red_flags').$type<RedFlag[]>().notNull(),
    landingPage: text('landing_page', { enum: ['training', 'credential_form'] }).notNull(),
    status: text('status', { enum: campaignStatuses }).notNull().default('draft'),
    /** Earliest send time; null sends at launch. */
    startAt: timestamp('start_at', tz),
    /** Daily send window in minutes after local midnight, in the campaign's time zone. */
    windowStartMinute: smallint('window_start_minute').notNull(),
    windowEndMinute: smallint('window_end_minute').notNull(),
    timeZone: text('time_zone').notNull(),
    sendRatePerMinute: integer('send_rate_per_minute').notNull(),
    /** The company's relay; null sends through the platform mailer (the development mailbox locally). */
    smtpProfileId: uuid('smtp_profile_id').references(() => phishingSmtpProfiles.id, {
      onDelete: 'restrict',
    }),
    /** Why the relay refused the whole campaign at its last attempt; cleared once it sends again. */
    relayError: text('relay_error'),
    /** Where links in the mails point, fixed at launch. */
    baseUrl: text('base_url'),
    launchedAt: timestamp('launched_at', tz),
    completedAt: timestamp('completed_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    /** Messages paced evenly over this many minutes from the start (window time only); null: at the rate. */
    spreadOverMinutes: integer('spread_over_minutes'),
  },
  (t) => [index('phishing_campaigns_org_idx').on(t.organizationId, t.createdAt)],
);

/**
 * One person in one campaign, with who they were at launch. The first human open, click,
 * submission and report are kept here so the funnel is a single scan at 50,000 recipients.
 */
export const phishingRecipients = pgTable(
  'phishing_recipients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => phishingCampaigns.id, { onDelete: 'cascade' }),
    targetId: uuid('target_id').references(() => phishingTargets.id, { onDelete: 'set null' }),
    /** 32 random bytes, base64url: the only key the tracking endpoints accept. */
    token: text('token').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    department: text('department'),
    position: text('position'),
    /** Set by the claim before sending; a non-null value means no worker will send it again. */
    sentAt: timestamp('sent_at', tz),
    /** When the SMTP relay accepted the message; a claim without it was never confirmed. */
    acceptedAt: timestamp('accepted_at', tz),
    sendError: text('send_error'),
    /** bounced: the relay refused the address for good (5xx); failed: any other send error. */
    sendFailure: text('send_failure', { enum: ['bounced', 'failed'] }),
    openedAt: timestamp('opened_at', tz),
    clickedAt: timestamp('clicked_at', tz),
    submittedAt: timestamp('submitted_at', tz),
    reportedAt: timestamp('reported_at', tz),
    scannerEvents: integer('scanner_events').notNull().default(0),
    /**
     * The clients (address, agent) of the recipient's human clicks: what a
     * forwarded copy is told apart by (at most 20), read with the row instead of from the events on every hit.
     */
    humanClickClients: jsonb('human_click_clients')
      .$type<{ ip: string | null; userAgent: string | null }[]>()
      .notNull()
      .default([]),
  },
  (t) => [
    uniqueIndex('phishing_recipients_token_idx').on(t.token),
    uniqueIndex('phishing_recipients_campaign_email_idx').on(t.campaignId, t.email),
    index('phishing_recipients_unsent_idx').on(t.campaignId, t.sentAt),
  ],
);

export const trackingEventKinds = ['open', 'click', 'submit', 'report'] as const;

/** Every tracked hit, people and scanners alike; scanner hits carry the reason they were classified so. */
export const phishingEvents = pgTable(
  'phishing_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: uuid('organization_id').notNull(),
    // No foreign keys here: each costs every recorded hit a lookup and a lock on the row it
    // points at. A campaign's deletion removes its events by trigger (migration 0006), and
    // recipients go only with their campaign.
    campaignId: uuid('campaign_id').notNull(),
    recipientId: uuid('recipient_id').notNull(),
    kind: text('kind', { enum: trackingEventKinds }).notNull(),
    at: timestamp('at', tz).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** forwarded: a person, but not the recipient (a forwarded copy); counted for no one. */
    classification: text('classification', { enum: ['human', 'scanner', 'forwarded'] }).notNull(),
    reason: text('reason'),
    /** When the landing page's script confirmed a click came from a browser showing it. */
    confirmedAt: timestamp('confirmed_at', tz),
  },
  (t) => [
    // The shared-address rule looks up a batch's addresses only, not every recent click.
    index('phishing_events_click_ip_idx')
      .on(t.campaignId, t.ip, t.at)
      .where(sql`kind = 'click'`),
    // Only the few human clicks still awaiting their page's confirmation.
    index('phishing_events_unconfirmed_idx')
      .on(t.at)
      .where(sql`kind = 'click' and classification = 'human' and confirmed_at is null`),
    index('phishing_events_campaign_idx').on(t.campaignId, t.at),
    // The burst rule reads a recipient's latest clicks only, not every open in between.
    index('phishing_events_recipient_click_idx')
      .on(t.recipientId, t.at)
      .where(sql`kind = 'click'`),
  ],
);

/** A company's own scanner rules; a company without a row uses the defaults. */
export const phishingScannerSettings = pgTable('phishing_scanner_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  rules: jsonb('rules').$type<ScannerRules>().notNull(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const webhookEventKinds = [
  'open',
  'click',
  'submit',
  'report',
  'campaign_launched',
] as const;
export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;

/**
 * A company's endpoint for phishing events, signed with its own secret (sealed like the SMTP
 * passwords). lastEventId is how far the tracked events have been turned into deliveries.
 */
export const phishingWebhooks = pgTable(
  'phishing_webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: jsonb('events').$type<(typeof webhookEventKinds)[number][]>().notNull(),
    /** Also send hits classified as scanners or forwarded copies; by default only people's. */
    includeScanners: boolean('include_scanners').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    secretSealed: text('secret_sealed').notNull(),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('phishing_webhooks_org_idx').on(t.organizationId)],
);

/** One event for one endpoint: the exact body signed, and how its attempts went. */
export const phishingWebhookDeliveries = pgTable(
  'phishing_webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => phishingWebhooks.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', tz),
    deliveredAt: timestamp('delivered_at', tz),
  },
  (t) => [
    index('phishing_webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
    index('phishing_webhook_deliveries_pending_idx')
      .on(t.createdAt)
      .where(sql`status = 'pending'`),
  ],
);

/**
 * The follow-up lesson given to one recipient who clicked or sent the form (one per recipient;
 * reassigning replaces it). The lesson link's token is stored only as its SHA-256; a null hash
 * means no link has been issued yet, and the sweep issues one and queues the mail.
 */
export const phishingLessonAssignments = pgTable(
  'phishing_lesson_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => phishingCampaigns.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => phishingRecipients.id, { onDelete: 'cascade' }),
    lessonKey: text('lesson_key').notNull(),
    assignedBy: text('assigned_by', { enum: ['automatic', 'admin'] }).notNull(),
    assignedByUserId: uuid('assigned_by_user_id'),
    assignedAt: timestamp('assigned_at', tz).notNull().defaultNow(),
    tokenHash: text('token_hash'),
    /** When the current link was issued; one issued long ago without a queued mail is reissued. */
    issuedAt: timestamp('issued_at', tz),
    mailQueuedAt: timestamp('mail_queued_at', tz),
    openedAt: timestamp('opened_at', tz),
    completedAt: timestamp('completed_at', tz),
    /** How many times the check was answered; completion takes all answers right. */
    attempts: integer('attempts').notNull().default(0),
    answers: jsonb('answers').$type<number[]>(),
  },
  (t) => [
    uniqueIndex('phishing_lesson_assignments_recipient_idx').on(t.recipientId),
    uniqueIndex('phishing_lesson_assignments_token_idx').on(t.tokenHash),
    index('phishing_lesson_assignments_campaign_idx').on(t.campaignId),
    index('phishing_lesson_assignments_unsent_idx')
      .on(t.assignedAt)
      .where(sql`mail_queued_at is null`),
  ],
);
