import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { assetRef, hoursSchema } from './assets';
import { localizedText } from './localized';

export const impactTypes = ['financial', 'customer', 'legal', 'reputation'] as const;
export const impactTypeSchema = z.enum(impactTypes);
export type ImpactType = z.infer<typeof impactTypeSchema>;

/** The points in time an outage is judged at: 4 hours, 1 day, 1 week. */
export const impactHorizons = ['at4h', 'at1d', 'at1w'] as const;
export type ImpactHorizon = (typeof impactHorizons)[number];
export const horizonHours: Record<ImpactHorizon, number> = { at4h: 4, at1d: 24, at1w: 168 };

export const impactLevels = ['low', 'medium', 'high'] as const;
export const impactLevelSchema = z.enum(impactLevels);
export type ImpactLevel = z.infer<typeof impactLevelSchema>;

export const impactOverTime = z.strictObject({
  at4h: impactLevelSchema,
  at1d: impactLevelSchema,
  at1w: impactLevelSchema,
});
export type ImpactOverTime = z.infer<typeof impactOverTime>;

const lowThroughout: ImpactOverTime = { at4h: 'low', at1d: 'low', at1w: 'low' };

/** Impact of an outage per impact type and horizon; a type left out is low throughout. */
export const impactProfile = z.strictObject({
  financial: impactOverTime.default(lowThroughout),
  customer: impactOverTime.default(lowThroughout),
  legal: impactOverTime.default(lowThroughout),
  reputation: impactOverTime.default(lowThroughout),
});
export type ImpactProfile = z.infer<typeof impactProfile>;

const text = (max: number) => z.string().trim().max(max);

export const createProcessRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: text(4000).default(''),
  owner: text(200).default(''),
  /** Systems and other assets of the same company's inventory the process cannot run without. */
  dependencyAssetIds: z.array(uuid).max(200).default([]),
  impacts: impactProfile.default({
    financial: lowThroughout,
    customer: lowThroughout,
    legal: lowThroughout,
    reputation: lowThroughout,
  }),
  /** Maximum tolerable downtime. RTO must not exceed it. */
  mtdHours: hoursSchema.nullable().optional(),
  rtoHours: hoursSchema.nullable().optional(),
  rpoHours: hoursSchema.nullable().optional(),
  /** 1 is recovered first. */
  recoveryPriority: z.int().min(1).max(999).nullable().optional(),
});
export type CreateProcessRequest = z.infer<typeof createProcessRequest>;

export const updateProcessRequest = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: text(4000).optional(),
  owner: text(200).optional(),
  dependencyAssetIds: z.array(uuid).max(200).optional(),
  impacts: impactProfile.optional(),
  mtdHours: hoursSchema.nullable().optional(),
  rtoHours: hoursSchema.nullable().optional(),
  rpoHours: hoursSchema.nullable().optional(),
  recoveryPriority: z.int().min(1).max(999).nullable().optional(),
});
export type UpdateProcessRequest = z.infer<typeof updateProcessRequest>;

export const dependencyView = assetRef.extend({
  rtoHours: z.number().nullable(),
  rpoHours: z.number().nullable(),
});

export const processView = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  dependencies: z.array(dependencyView),
  impacts: z.object({
    financial: impactOverTime,
    customer: impactOverTime,
    legal: impactOverTime,
    reputation: impactOverTime,
  }),
  mtdHours: z.number().nullable(),
  rtoHours: z.number().nullable(),
  rpoHours: z.number().nullable(),
  recoveryPriority: z.int().nullable(),
  starterKey: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ProcessView = z.infer<typeof processView>;

/** A dependency that, by its own recovery objective, would come back later than the process needs. */
export const recoveryGap = z.object({
  assetId: uuid,
  assetName: z.string(),
  field: z.enum(['rtoHours', 'rpoHours']),
  assetHours: z.number(),
  processHours: z.number(),
});

/** Chart-ready BIA: processes in recovery order, and the impact-over-time matrix. */
export const impactSummaryView = z.object({
  horizons: z.array(
    z.object({ key: z.enum(impactHorizons), hours: z.int(), label: localizedText }),
  ),
  impactTypes: z.array(z.object({ key: impactTypeSchema, label: localizedText })),
  levels: z.array(z.object({ key: impactLevelSchema, label: localizedText, color: z.string() })),
  processes: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      recoveryPriority: z.int().nullable(),
      mtdHours: z.number().nullable(),
      rtoHours: z.number().nullable(),
      rpoHours: z.number().nullable(),
      dependencies: z.array(assetRef),
      /** The worst impact type at each horizon, for a one-row-per-process heat map. */
      overall: impactOverTime,
      impacts: z.object({
        financial: impactOverTime,
        customer: impactOverTime,
        legal: impactOverTime,
        reputation: impactOverTime,
      }),
      gaps: z.array(recoveryGap),
    }),
  ),
});
export type ImpactSummaryView = z.infer<typeof impactSummaryView>;
