import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['operator', 'company', 'municipality'] }).notNull(),
  name: text('name').notNull(),
  industry: text('industry'),
  employeeCount: integer('employee_count'),
  capitalJpy: bigint('capital_jpy', { mode: 'number' }),
  prefecture: text('prefecture'),
  city: text('city'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    role: text('role', {
      enum: ['operator', 'expert', 'company_admin', 'company_member', 'observer'],
    }).notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.organizationId] }),
    index('memberships_org_idx').on(t.organizationId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', {
      enum: ['operator', 'expert', 'company_admin', 'company_member', 'observer'],
    }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', tz).notNull(),
    acceptedAt: timestamp('accepted_at', tz),
    revokedAt: timestamp('revoked_at', tz),
  },
  (t) => [index('invitations_org_idx').on(t.organizationId)],
);
