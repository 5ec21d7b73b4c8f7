import {
  bigserial,
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
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('phishing_templates_org_idx').on(t.organizationId)],
);

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
    /** Where links in the mails point, fixed at launch. */
    baseUrl: text('base_url'),
    launchedAt: timestamp('launched_at', tz),
    completedAt: timestamp('completed_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
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
    openedAt: timestamp('opened_at', tz),
    clickedAt: timestamp('clicked_at', tz),
    submittedAt: timestamp('submitted_at', tz),
    reportedAt: timestamp('reported_at', tz),
    scannerEvents: integer('scanner_events').notNull().default(0),
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
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => phishingCampaigns.id, { onDelete: 'cascade' }),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => phishingRecipients.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: trackingEventKinds }).notNull(),
    at: timestamp('at', tz).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    classification: text('classification', { enum: ['human', 'scanner'] }).notNull(),
    reason: text('reason'),
  },
  (t) => [
    index('phishing_events_recipient_idx').on(t.recipientId, t.at),
    index('phishing_events_campaign_idx').on(t.campaignId, t.at),
  ],
);
