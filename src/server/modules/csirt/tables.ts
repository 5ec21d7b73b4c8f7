import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { CsirtModel, FlowStep, ProjectCharter, TeamFacts } from '../../../contracts/csirt';
import { checklistStatuses, contactKinds, csirtModels } from '../../../contracts/csirt';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/** A company's decision on one checklist item (content/csirt/checklist.yaml); no row means not started. */
export const csirtChecklistEntries = pgTable(
  'csirt_checklist_entries',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    before: text('before').notNull().default(''),
    after: text('after').notNull().default(''),
    decision: text('decision').notNull().default(''),
    notes: text('notes').notNull().default(''),
    status: text('status', { enum: checklistStatuses }).notNull().default('open'),
    visit: smallint('visit'),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.itemKey] })],
);

/** One per company: model, scope, chosen services, RFC 2350 team facts, project charter and the edited flow. */
export const csirtProfiles = pgTable('csirt_profiles', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  model: text('model', { enum: csirtModels }).$type<CsirtModel>(),
  scope: text('scope').notNull().default(''),
  serviceKeys: jsonb('service_keys').$type<string[]>().notNull().default([]),
  team: jsonb('team').$type<Partial<TeamFacts>>().notNull().default({}),
  charter: jsonb('charter').$type<Partial<ProjectCharter>>().notNull().default({}),
  /** The company's own flow; null while it follows the default generated from its roles. */
  flowSteps: jsonb('flow_steps').$type<FlowStep[]>(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export interface StoredRolePerson {
  userId?: string;
  name?: string;
}

/** Who fills a CSIRT role (content roles) and whether it is outsourced. */
export const csirtRoles = pgTable(
  'csirt_roles',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    roleKey: text('role_key').notNull(),
    people: jsonb('people').$type<StoredRolePerson[]>().notNull().default([]),
    outsourced: boolean('outsourced').notNull().default(false),
    provider: text('provider').notNull().default(''),
    notes: text('notes').notNull().default(''),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.roleKey] })],
);

/** The contact list; `escalatesToId` links contacts into the escalation tree. */
export const csirtContacts = pgTable(
  'csirt_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: contactKinds }).notNull(),
    name: text('name').notNull(),
    organization: text('organization').notNull().default(''),
    roleKey: text('role_key'),
    partyKey: text('party_key'),
    phone: text('phone').notNull().default(''),
    email: text('email').notNull().default(''),
    hours: text('hours').notNull().default(''),
    escalatesToId: uuid('escalates_to_id').references((): AnyPgColumn => csirtContacts.id, {
      onDelete: 'set null',
    }),
    notes: text('notes').notNull().default(''),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('csirt_contacts_org_idx').on(t.organizationId)],
);
