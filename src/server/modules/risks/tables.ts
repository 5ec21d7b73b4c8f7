import {
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { riskStatuses, riskTreatments, type RiskMatrixConfig } from '../../../contracts/risks';
import { users } from '../identity/tables';
import { organizations } from '../organizations/tables';
import { assets } from '../assets/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/** A company's risk register. The level is not stored: it follows the company's current matrix. */
export const risks = pgTable(
  'risks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    threat: text('threat').notNull().default(''),
    vulnerability: text('vulnerability').notNull().default(''),
    likelihood: smallint('likelihood').notNull(),
    impact: smallint('impact').notNull(),
    residualLikelihood: smallint('residual_likelihood'),
    residualImpact: smallint('residual_impact'),
    treatment: text('treatment', { enum: riskTreatments }),
    treatmentPlan: text('treatment_plan').notNull().default(''),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    ownerName: text('owner_name'),
    dueOn: date('due_on'),
    status: text('status', { enum: riskStatuses }).notNull().default('open'),
    starterKey: text('starter_key'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('risks_org_idx').on(t.organizationId)],
);

/** The inventory assets a risk affects. */
export const riskAssets = pgTable(
  'risk_assets',
  {
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risks.id, { onDelete: 'cascade' }),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.riskId, t.assetId] }),
    index('risk_assets_asset_idx').on(t.assetId),
  ],
);

/** A company's own matrix; without a row the program default from content/risks/matrix.yaml applies. */
export const riskMatrices = pgTable('risk_matrices', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  config: jsonb('config').$type<RiskMatrixConfig>().notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});
