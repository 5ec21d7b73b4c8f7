import { date, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

export const programs = pgTable('programs', {
  id: uuid('id').primaryKey().defaultRandom(),
  operatorOrgId: uuid('operator_org_id')
    .notNull()
    .references(() => organizations.id),
  /** The municipality that funds the program and sees its aggregates. */
  observerOrgId: uuid('observer_org_id').references(() => organizations.id),
  name: text('name').notNull(),
  fiscalYear: integer('fiscal_year').notNull(),
  region: text('region').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const programCourses = pgTable(
  'program_courses',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    code: text('code', { enum: ['csirt', 'itbcp'] }).notNull(),
    name: text('name').notNull(),
    capacity: integer('capacity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.code] })],
);

export const enrollments = pgTable(
  'enrollments',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    courseCode: text('course_code', { enum: ['csirt', 'itbcp'] }).notNull(),
    status: text('status', { enum: ['applied', 'enrolled', 'completed', 'withdrawn'] })
      .notNull()
      .default('enrolled'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.companyId] })],
);
