import { jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { BcpPlanFacts, SystemFacts } from '../../../contracts/bcp';
import { assets } from '../assets/tables';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/** The plan-wide IT-BCP facts of a company, one row per company; validated by the contract's bcpPlanFacts. */
export const bcpPlans = pgTable('bcp_plans', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  facts: jsonb('facts').$type<BcpPlanFacts>().notNull(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

/** Backup, alternates and recovery facts per system of the company's inventory. */
export const bcpSystemFacts = pgTable(
  'bcp_system_facts',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    // The asset goes, its facts go with it.
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    facts: jsonb('facts').$type<SystemFacts>().notNull(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.assetId] })],
);
