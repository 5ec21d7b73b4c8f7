import { sql } from 'drizzle-orm';
import {
  date,
  index,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { actionEfforts, actionSourceKinds, actionStatuses } from '../../../contracts/improvement';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/** One item of a company's improvement plan. */
export const improvementActions = pgTable(
  'improvement_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    detail: text('detail').notNull().default(''),
    sourceKind: text('source_kind', { enum: actionSourceKinds }).notNull(),
    /** The item id, risk id or exercise finding id the action came from; null for manual ones. */
    sourceRefId: text('source_ref_id'),
    sourceLabel: text('source_label').notNull().default(''),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerName: text('owner_name'),
    dueOn: date('due_on'),
    effort: text('effort', { enum: actionEfforts }),
    status: text('status', { enum: actionStatuses }).notNull().default('planned'),
    agreedVisit: smallint('agreed_visit'),
    checkedVisit: smallint('checked_visit'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    // The clock, not the transaction start: items added together keep the order they were given in.
    createdAt: timestamp('created_at', tz)
      .notNull()
      .default(sql`clock_timestamp()`),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    index('improvement_actions_org_idx').on(t.organizationId, t.createdAt),
    // One open action per source: a second proposal or finding for the same thing reuses it.
    uniqueIndex('improvement_actions_open_source_uq')
      .on(t.organizationId, t.sourceKind, t.sourceRefId)
      .where(sql`source_ref_id IS NOT NULL AND status IN ('planned', 'in_progress')`),
  ],
);

/** What was seen of an action at one visit. */
export const improvementProgress = pgTable(
  'improvement_progress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actionId: uuid('action_id')
      .notNull()
      .references(() => improvementActions.id, { onDelete: 'cascade' }),
    visit: smallint('visit').notNull(),
    status: text('status', { enum: actionStatuses }).notNull(),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('improvement_progress_action_visit_uq').on(t.actionId, t.visit)],
);

/** End-of-program goals for next year: a target score per survey section, or a free goal. */
export const improvementGoals = pgTable(
  'improvement_goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['section', 'free'] }).notNull(),
    sectionId: text('section_id'),
    targetScore: real('target_score'),
    title: text('title').notNull().default(''),
    detail: text('detail').notNull().default(''),
    position: smallint('position').notNull().default(0),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('improvement_goals_org_idx').on(t.organizationId)],
);

/** The company's SECURITY ACTION self-declaration standing, with the date of each step. */
export const securityActionStandings = pgTable('security_action_standings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  oneStarDeclaredOn: date('one_star_declared_on'),
  selfCheckDoneOn: date('self_check_done_on'),
  policyPublishedOn: date('policy_published_on'),
  twoStarDeclaredOn: date('two_star_declared_on'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});
