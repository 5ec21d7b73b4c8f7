import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  AarActionView,
  AarFinding,
  ExercisePlanFields,
  ExerciseRole,
  HseepRating,
} from '../../../contracts/exercises';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';
import type { ExerciseSnapshot } from './adapt';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * A tabletop exercise of one company. The scenario is copied in adapted form (snapshot) when planned,
 * so later content changes never alter it. lastSeq numbers the exercise's events without gaps; bumping
 * it also serialises writers of one exercise.
 */
export const exercises = pgTable(
  'exercises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    status: text('status', { enum: ['planned', 'running', 'paused', 'closed'] })
      .notNull()
      .default('planned'),
    plan: jsonb('plan').$type<ExercisePlanFields>().notNull(),
    snapshot: jsonb('snapshot').$type<ExerciseSnapshot>().notNull(),
    facilitatorUserId: uuid('facilitator_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    startedAt: timestamp('started_at', tz),
    pausedAt: timestamp('paused_at', tz),
    pausedTotalMs: bigint('paused_total_ms', { mode: 'number' }).notNull().default(0),
    closedAt: timestamp('closed_at', tz),
    lastSeq: integer('last_seq').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('exercises_org_idx').on(t.organizationId, t.createdAt)],
);

/** Release state of each inject of the snapshot; the pending → released update is the exactly-once guard. */
export const exerciseInjects = pgTable(
  'exercise_injects',
  {
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    injectId: text('inject_id').notNull(),
    offsetMinutes: integer('offset_minutes').notNull(),
    state: text('state', { enum: ['pending', 'released', 'skipped'] })
      .notNull()
      .default('pending'),
    releasedAt: timestamp('released_at', tz),
    releasedBy: text('released_by', { enum: ['manual', 'schedule'] }),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.injectId] })],
);

/** Participants by role; a participant's seat link is stored only as a hash of its token. */
export const exerciseParticipants = pgTable(
  'exercise_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role').$type<ExerciseRole>().notNull(),
    affiliation: text('affiliation').notNull().default(''),
    tokenHash: text('token_hash'),
    issuedAt: timestamp('issued_at', tz),
    expiresAt: timestamp('expires_at', tz),
    deviceHash: text('device_hash'),
    claimedAt: timestamp('claimed_at', tz),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [
    index('exercise_participants_exercise_idx').on(t.exerciseId),
    uniqueIndex('exercise_participants_token_idx').on(t.tokenHash),
  ],
);

export const exerciseEvaluators = pgTable(
  'exercise_evaluators',
  {
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.userId] })],
);

/** Every change to an exercise, numbered per exercise; clients catch up from here. */
export const exerciseEvents = pgTable(
  'exercise_events',
  {
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: timestamp('at', tz).notNull().defaultNow(),
    injectId: text('inject_id'),
    roles: jsonb('roles').$type<ExerciseRole[]>().notNull().default([]),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** Whether seats may see it (releases and clock changes, not others' answers or ratings). */
    forSeats: boolean('for_seats').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.seq] })],
);

/** Answers to inject questions and logged decisions; the id comes from the client (idempotency). */
export const exerciseResponses = pgTable(
  'exercise_responses',
  {
    id: uuid('id').primaryKey(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id').references(() => exerciseParticipants.id, {
      onDelete: 'set null',
    }),
    role: text('role').$type<ExerciseRole>().notNull(),
    injectId: text('inject_id').notNull(),
    questionId: text('question_id'),
    kind: text('kind', { enum: ['answer', 'decision'] }).notNull(),
    text: text('text').notNull().default(''),
    optionId: text('option_id'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    exerciseMs: bigint('exercise_ms', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [index('exercise_responses_exercise_idx').on(t.exerciseId, t.seq)],
);

/** One rating per evaluator and checkpoint (the latest counts). */
export const exerciseRatings = pgTable(
  'exercise_ratings',
  {
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    checkpointId: text('checkpoint_id').notNull(),
    evaluatorUserId: uuid('evaluator_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: text('rating').$type<HseepRating>().notNull(),
    note: text('note').notNull().default(''),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.checkpointId, t.evaluatorUserId] })],
);

/** Time-stamped observations behind a rating, tied to the inject that prompted them. */
export const exerciseEvidence = pgTable(
  'exercise_evidence',
  {
    id: uuid('id').primaryKey(),
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    checkpointId: text('checkpoint_id').notNull(),
    injectId: text('inject_id'),
    evaluatorUserId: uuid('evaluator_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    note: text('note').notNull(),
    exerciseMs: bigint('exercise_ms', { mode: 'number' }).notNull(),
    at: timestamp('at', tz).notNull().defaultNow(),
  },
  (t) => [index('exercise_evidence_exercise_idx').on(t.exerciseId, t.at)],
);

export interface StoredFeedbackAnswer {
  questionId: string;
  value?: number;
  text?: string;
}

/** The participants' survey after the exercise, one per seat. */
export const exerciseFeedback = pgTable(
  'exercise_feedback',
  {
    exerciseId: uuid('exercise_id')
      .notNull()
      .references(() => exercises.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => exerciseParticipants.id, { onDelete: 'cascade' }),
    answers: jsonb('answers').$type<StoredFeedbackAnswer[]>().notNull(),
    submittedAt: timestamp('submitted_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.exerciseId, t.participantId] })],
);

/** The after-action report draft: generated from the ratings, then edited by people. */
export const exerciseReports = pgTable('exercise_reports', {
  exerciseId: uuid('exercise_id')
    .primaryKey()
    .references(() => exercises.id, { onDelete: 'cascade' }),
  strengths: jsonb('strengths').$type<AarFinding[]>().notNull(),
  gaps: jsonb('gaps').$type<AarFinding[]>().notNull(),
  actions: jsonb('actions').$type<AarActionView[]>().notNull(),
  generatedAt: timestamp('generated_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});
