import {
  type AnyPgColumn,
  customType,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AnswerValue, Targets } from '../../../contracts/assessments';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';
import { programs } from '../programs/tables';

const tz = { withTimezone: true, mode: 'date' } as const;
const answerState = ['answered', 'dont_know', 'not_applicable'] as const;

/** One company's run through one version of a question set. */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The program the company took part in when it started; the peer group for averages. */
    programId: uuid('program_id').references(() => programs.id, { onDelete: 'set null' }),
    questionSetId: text('question_set_id').notNull(),
    /** Pinned: a later version of the set never changes what this assessment asks or scores. */
    questionSetVersion: integer('question_set_version').notNull(),
    label: text('label'),
    status: text('status', { enum: ['draft', 'submitted', 'reviewed', 'reopened'] })
      .notNull()
      .default('draft'),
    baselineAssessmentId: uuid('baseline_assessment_id').references(
      (): AnyPgColumn => assessments.id,
      { onDelete: 'set null' },
    ),
    targets: jsonb('targets').$type<Targets>().notNull().default({ items: {}, sections: {} }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', tz),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', tz),
    reviewSummary: text('review_summary'),
    reopenedBy: uuid('reopened_by').references(() => users.id, { onDelete: 'set null' }),
    reopenedAt: timestamp('reopened_at', tz),
    reopenReason: text('reopen_reason'),
  },
  (t) => [
    index('assessments_org_idx').on(t.organizationId, t.createdAt),
    index('assessments_program_set_idx').on(t.programId, t.questionSetId),
  ],
);

/** The current answer to each item, updated in place by autosave. */
export const assessmentAnswers = pgTable(
  'assessment_answers',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    /** null while the row holds only a comment. */
    state: text('state', { enum: answerState }),
    value: jsonb('value').$type<AnswerValue>(),
    comment: text('comment'),
    /** Copied from the baseline assessment and not touched since. */
    carriedOver: boolean('carried_over').notNull().default(false),
    answeredBy: uuid('answered_by').references(() => users.id, { onDelete: 'set null' }),
    answeredAt: timestamp('answered_at', tz),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.itemId] })],
);

/** Every change to an answer or comment: who answered what, and when. */
export const assessmentAnswerHistory = pgTable(
  'assessment_answer_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    change: text('change', { enum: ['answer', 'comment', 'carried_over'] }).notNull(),
    state: text('state', { enum: answerState }),
    value: jsonb('value').$type<AnswerValue>(),
    comment: text('comment'),
    changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
    changedAt: timestamp('changed_at', tz).notNull().defaultNow(),
  },
  (t) => [index('assessment_answer_history_idx').on(t.assessmentId, t.changedAt)],
);

/** The expert's feedback on one section, kept per assessment and section. */
export const assessmentReviews = pgTable(
  'assessment_reviews',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    sectionId: text('section_id').notNull(),
    feedback: text('feedback').notNull(),
    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.sectionId] })],
);

/** Raw bytes: node-postgres gives a Buffer, PGlite a Uint8Array; the service makes both a Buffer. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** Files attached to an evidence item, kept in the database so backups and tenancy cover them. */
export const assessmentEvidenceFiles = pgTable(
  'assessment_evidence_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    uploadedAt: timestamp('uploaded_at', tz).notNull().defaultNow(),
  },
  (t) => [index('assessment_evidence_files_item_idx').on(t.assessmentId, t.itemId)],
);
