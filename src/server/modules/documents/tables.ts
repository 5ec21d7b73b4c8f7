import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  documentKinds,
  documentLanguages,
  documentStatuses,
  versionOrigins,
  type DocumentKind,
  type GeneratedDocument,
  type SectionOverride,
} from '../../../contracts/documents';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * One document per company, kind and language — and, for kinds bound to one record of the owning module
 * (an exercise), per subject too; its content lives in its versions.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: documentKinds }).$type<DocumentKind>().notNull(),
    language: text('language', { enum: documentLanguages }).notNull(),
    /** The exercise a subject-bound kind belongs to; null for the company's own documents. */
    subjectId: uuid('subject_id'),
    /** The workflow state of the latest version, kept here for the list. */
    status: text('status', { enum: documentStatuses }).notNull().default('draft'),
    latestVersion: integer('latest_version').notNull().default(0),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  // NULLS NOT DISTINCT: a company document (no subject) still exists once per kind and language.
  (t) => [
    unique('documents_org_kind_language_subject_key')
      .on(t.organizationId, t.kind, t.language, t.subjectId)
      .nullsNotDistinct(),
  ],
);

/**
 * An immutable snapshot: what the generator produced and the company's own section texts. Only the
 * workflow columns (submitted, approved) change after it is written.
 */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    origin: text('origin', { enum: versionOrigins }).notNull(),
    generated: jsonb('generated').$type<GeneratedDocument>().notNull(),
    /** Hash of `generated`, so that a regeneration that changes nothing makes no new version. */
    generatedHash: text('generated_hash').notNull(),
    overrides: jsonb('overrides').$type<Record<string, SectionOverride>>().notNull(),
    status: text('status', { enum: documentStatuses }).notNull().default('draft'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', tz),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', tz),
  },
  (t) => [uniqueIndex('document_versions_document_version_idx').on(t.documentId, t.version)],
);

/** Review remarks on one section of one version. */
export const documentComments = pgTable(
  'document_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    sectionKey: text('section_key').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [index('document_comments_document_idx').on(t.documentId)],
);
