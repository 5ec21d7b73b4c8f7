import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { localizedText } from './localized';

/** Primary assets are what the business values; supporting assets are what they live on or depend on. */
export const primaryAssetTypes = ['information', 'business_process'] as const;
export const supportingAssetTypes = ['system', 'device', 'service', 'vendor'] as const;
export const assetTypes = [...primaryAssetTypes, ...supportingAssetTypes] as const;
export const assetTypeSchema = z.enum(assetTypes);
export type AssetType = z.infer<typeof assetTypeSchema>;
export type AssetCategory = 'primary' | 'supporting';

export function assetCategoryOf(type: AssetType): AssetCategory {
  return (primaryAssetTypes as readonly string[]).includes(type) ? 'primary' : 'supporting';
}

/** Confidentiality, integrity and availability are rated 1 (low) to 3 (high). */
export const ciaRating = z.int().min(1).max(3);
/** Recovery objectives in hours; up to a year. */
export const hoursSchema = z.number().min(0).max(8760);

const text = (max: number) => z.string().trim().max(max);

export const createAssetRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  type: assetTypeSchema,
  owner: text(200).default(''),
  location: text(200).default(''),
  confidentiality: ciaRating.nullable().optional(),
  integrity: ciaRating.nullable().optional(),
  availability: ciaRating.nullable().optional(),
  rtoHours: hoursSchema.nullable().optional(),
  rpoHours: hoursSchema.nullable().optional(),
  notes: text(4000).default(''),
  /** For a primary asset its supporting assets, for a supporting asset the primary ones it serves. */
  linkedAssetIds: z.array(uuid).max(500).default([]),
});
export type CreateAssetRequest = z.infer<typeof createAssetRequest>;

export const updateAssetRequest = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  type: assetTypeSchema.optional(),
  owner: text(200).optional(),
  location: text(200).optional(),
  confidentiality: ciaRating.nullable().optional(),
  integrity: ciaRating.nullable().optional(),
  availability: ciaRating.nullable().optional(),
  rtoHours: hoursSchema.nullable().optional(),
  rpoHours: hoursSchema.nullable().optional(),
  notes: text(4000).optional(),
  linkedAssetIds: z.array(uuid).max(500).optional(),
});
export type UpdateAssetRequest = z.infer<typeof updateAssetRequest>;

export const assetRef = z.object({ id: uuid, name: z.string(), type: assetTypeSchema });
export type AssetRef = z.infer<typeof assetRef>;

/** A risk the asset is affected by, as the asset inventory lists it (from the risk register). */
export const assetRiskRef = z.object({
  id: uuid,
  title: z.string(),
  score: z.int(),
  level: z.object({ key: z.string(), label: localizedText, color: z.string() }),
});
export type AssetRiskRef = z.infer<typeof assetRiskRef>;

export const assetView = z.object({
  id: uuid,
  name: z.string(),
  type: assetTypeSchema,
  category: z.enum(['primary', 'supporting']),
  owner: z.string(),
  location: z.string(),
  confidentiality: z.int().nullable(),
  integrity: z.int().nullable(),
  availability: z.int().nullable(),
  rtoHours: z.number().nullable(),
  rpoHours: z.number().nullable(),
  notes: z.string(),
  linkedAssets: z.array(assetRef),
  /** Risks of the register naming this asset, highest score first. */
  risks: z.array(assetRiskRef),
  starterKey: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type AssetView = z.infer<typeof assetView>;

export const listAssetsQuery = z.strictObject({
  type: assetTypeSchema.optional(),
  category: z.enum(['primary', 'supporting']).optional(),
  /** Part of the name. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export const assetListView = z.object({ assets: z.array(assetView), total: z.int() });

export const assetFileFormats = ['csv', 'xlsx'] as const;
export const exportAssetsQuery = z.strictObject({
  format: z.enum(assetFileFormats).default('xlsx'),
});

/**
 * add: every row is a new asset, a name already in the inventory is an error;
 * update: rows whose name is already in the inventory replace that asset's fields and links.
 */
export const importAssetsQuery = z.strictObject({
  mode: z.enum(['add', 'update']).default('add'),
});
export const importAssetsResult = z.object({
  created: z.int(),
  updated: z.int(),
  links: z.int(),
});
export type ImportAssetsResult = z.infer<typeof importAssetsResult>;
