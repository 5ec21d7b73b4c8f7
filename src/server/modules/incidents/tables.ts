import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  functionalImpacts,
  incidentActionKinds,
  incidentSeverities,
  incidentSources,
  incidentStatuses,
  informationImpacts,
  recoverabilities,
  type IncidentReportInput,
} from '../../../contracts/incidents';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * A company's public report form. The slug is the capability that opens the form; it is kept in
 * clear because admins copy and print it, and it is worthless once rotated or disabled.
 */
export const incidentReportLinks = pgTable('incident_report_links', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  slug: text('slug').notNull().unique(),
  enabled: boolean('enabled').notNull().default(true),
  rotatedAt: timestamp('rotated_at', tz).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

/** The last confirmation number handed out per company and year (INC-<year>-<n>). */
export const incidentCounters = pgTable(
  'incident_counters',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.year] })],
);

/** A reported or recorded incident the company's CSIRT triages. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    reference: text('reference').notNull(),
    source: text('source', { enum: incidentSources }).notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: incidentStatuses }).notNull().default('new'),
    category: text('category'),
    severity: text('severity', { enum: incidentSeverities }),
    functionalImpact: text('functional_impact', { enum: functionalImpacts }),
    informationImpact: text('information_impact', { enum: informationImpacts }),
    recoverability: text('recoverability', { enum: recoverabilities }),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    nextSteps: text('next_steps').notNull().default(''),
    /** The reporter's own words and answers, as submitted. */
    report: jsonb('report').$type<IncidentReportInput>().notNull(),
    seenAt: timestamp('seen_at', tz),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('incidents_org_reference_idx').on(t.organizationId, t.reference),
    index('incidents_org_created_idx').on(t.organizationId, t.createdAt),
  ],
);

/** The incident's timeline: who did what, when. */
export const incidentActions = pgTable(
  'incident_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order, for entries written in one step with the same time. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', tz).notNull().defaultNow(),
    kind: text('kind', { enum: incidentActionKinds }).notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Kept as written at the time, so the timeline still reads after the user is gone. */
    actorName: text('actor_name'),
    text: text('text').notNull(),
  },
  (t) => [index('incident_actions_incident_idx').on(t.incidentId, t.at)],
);

/** Evidence kept for the incident, with its chain of custody. */
export const incidentEvidence = pgTable(
  'incident_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    location: text('location').notNull(),
    hash: text('hash').notNull().default(''),
    collectedBy: text('collected_by').notNull(),
    collectedAt: timestamp('collected_at', tz).notNull(),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    recordedByName: text('recorded_by_name'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [index('incident_evidence_incident_idx').on(t.incidentId)],
);
