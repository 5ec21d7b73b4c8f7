import {
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ImpactProfile } from '../../../contracts/impact';
import { organizations } from '../organizations/tables';
import { assets } from '../assets/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/** A business process under business impact analysis; names are unique within a company. */
export const businessProcesses = pgTable(
  'business_processes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    owner: text('owner').notNull().default(''),
    /** Impact level per impact type and horizon; validated by the contract's impactProfile. */
    impacts: jsonb('impacts').$type<ImpactProfile>().notNull(),
    mtdHours: doublePrecision('mtd_hours'),
    rtoHours: doublePrecision('rto_hours'),
    rpoHours: doublePrecision('rpo_hours'),
    recoveryPriority: smallint('recovery_priority'),
    starterKey: text('starter_key'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('business_processes_org_name_idx').on(t.organizationId, t.name)],
);

/** The inventory assets (systems, services, …) a process cannot run without. */
export const processDependencies = pgTable(
  'process_dependencies',
  {
    processId: uuid('process_id')
      .notNull()
      .references(() => businessProcesses.id, { onDelete: 'cascade' }),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.processId, t.assetId] }),
    index('process_dependencies_asset_idx').on(t.assetId),
  ],
);
