import {
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { assetTypes } from '../../../contracts/assets';
import { organizations } from '../organizations/tables';

const tz = { withTimezone: true, mode: 'date' } as const;

/** The information-asset inventory of a company; names are unique within it. */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The name folded for comparison (width, case, spacing), so 'ＰＣ' and 'pc' are one asset. */
    nameKey: text('name_key').notNull(),
    type: text('type', { enum: assetTypes }).notNull(),
    owner: text('owner').notNull().default(''),
    location: text('location').notNull().default(''),
    confidentiality: smallint('confidentiality'),
    integrity: smallint('integrity'),
    availability: smallint('availability'),
    rtoHours: doublePrecision('rto_hours'),
    rpoHours: doublePrecision('rpo_hours'),
    notes: text('notes').notNull().default(''),
    /** The starter item this asset was adopted from, so it is not offered twice. */
    starterKey: text('starter_key'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assets_org_name_key_idx').on(t.organizationId, t.nameKey)],
);

/** Which supporting assets (systems, devices, services, vendors) each primary asset relies on. */
export const assetLinks = pgTable(
  'asset_links',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    primaryAssetId: uuid('primary_asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
    supportingAssetId: uuid('supporting_asset_id')
      .notNull()
      .references(() => assets.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.primaryAssetId, t.supportingAssetId] }),
    index('asset_links_supporting_idx').on(t.supportingAssetId),
  ],
);
