import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { localizedText } from './localized';
import { assetTypeSchema } from './assets';

export const riskTreatments = ['mitigate', 'accept', 'transfer', 'avoid'] as const;
export const riskTreatmentSchema = z.enum(riskTreatments);
export type RiskTreatment = z.infer<typeof riskTreatmentSchema>;

export const riskStatuses = ['open', 'in_treatment', 'monitoring', 'closed'] as const;
export const riskStatusSchema = z.enum(riskStatuses);
export type RiskStatus = z.infer<typeof riskStatusSchema>;

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** One step on the likelihood or the impact axis. */
export const matrixAxisLevel = z.strictObject({
  level: z.int().min(1).max(10),
  label: localizedText,
  description: localizedText.optional(),
});

/** A band of scores (likelihood × impact) that share a risk level and a colour. */
export const riskLevelBand = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/),
  label: localizedText,
  minScore: z.int().min(1).max(100),
  maxScore: z.int().min(1).max(100),
  color: hexColor,
});

/**
 * The risk matrix as data: axes and level bands. The shape is checked here; consistency (axes numbered
 * 1..n, bands covering every score once) is checked by the risks service, for content and companies alike.
 */
export const riskMatrixConfig = z.strictObject({
  likelihood: z.array(matrixAxisLevel).max(10),
  impact: z.array(matrixAxisLevel).max(10),
  levels: z.array(riskLevelBand).max(10),
});
export type RiskMatrixConfig = z.infer<typeof riskMatrixConfig>;

export const riskMatrixView = riskMatrixConfig.extend({
  /** True while the company uses the program's default matrix. */
  isDefault: z.boolean(),
  updatedAt: isoDateTime.nullable(),
});

export const riskLevelView = z.object({ key: z.string(), label: localizedText, color: hexColor });

const axisValue = z.int().min(1).max(10);
const text = (max: number) => z.string().trim().max(max);

export const createRiskRequest = z.strictObject({
  title: z.string().trim().min(1).max(200),
  threat: text(2000).default(''),
  vulnerability: text(2000).default(''),
  /** Assets of the same company's inventory. */
  assetIds: z.array(uuid).max(200).default([]),
  likelihood: axisValue,
  impact: axisValue,
  /** Expected after treatment; both or neither. */
  residualLikelihood: axisValue.nullable().optional(),
  residualImpact: axisValue.nullable().optional(),
  treatment: riskTreatmentSchema.nullable().optional(),
  treatmentPlan: text(4000).default(''),
  /** A member of the company, or a free-text owner (a department, an outside party). */
  ownerUserId: uuid.nullable().optional(),
  ownerName: text(200).nullable().optional(),
  dueOn: z.iso.date().nullable().optional(),
  status: riskStatusSchema.default('open'),
});
export type CreateRiskRequest = z.infer<typeof createRiskRequest>;

export const updateRiskRequest = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  threat: text(2000).optional(),
  vulnerability: text(2000).optional(),
  assetIds: z.array(uuid).max(200).optional(),
  likelihood: axisValue.optional(),
  impact: axisValue.optional(),
  residualLikelihood: axisValue.nullable().optional(),
  residualImpact: axisValue.nullable().optional(),
  treatment: riskTreatmentSchema.nullable().optional(),
  treatmentPlan: text(4000).optional(),
  ownerUserId: uuid.nullable().optional(),
  ownerName: text(200).nullable().optional(),
  dueOn: z.iso.date().nullable().optional(),
  status: riskStatusSchema.optional(),
});
export type UpdateRiskRequest = z.infer<typeof updateRiskRequest>;

export const riskView = z.object({
  id: uuid,
  title: z.string(),
  threat: z.string(),
  vulnerability: z.string(),
  assets: z.array(z.object({ id: uuid, name: z.string(), type: assetTypeSchema })),
  likelihood: z.int(),
  impact: z.int(),
  score: z.int(),
  level: riskLevelView,
  residualLikelihood: z.int().nullable(),
  residualImpact: z.int().nullable(),
  residualScore: z.int().nullable(),
  residualLevel: riskLevelView.nullable(),
  treatment: riskTreatmentSchema.nullable(),
  treatmentPlan: z.string(),
  ownerUserId: uuid.nullable(),
  /** The member's name when ownerUserId is set, else the free-text owner. */
  ownerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: riskStatusSchema,
  starterKey: z.string().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type RiskView = z.infer<typeof riskView>;

export const listRisksQuery = z.strictObject({
  status: riskStatusSchema.optional(),
  assetId: uuid.optional(),
});

const heatMapCell = z.object({
  likelihood: z.int(),
  impact: z.int(),
  score: z.int(),
  levelKey: z.string(),
  color: hexColor,
  count: z.int(),
});

/** Every cell of the matrix, coloured by level, with how many risks sit there now and after treatment. */
export const heatMapView = z.object({
  likelihood: z.array(z.object({ level: z.int(), label: localizedText })),
  impact: z.array(z.object({ level: z.int(), label: localizedText })),
  levels: z.array(riskLevelBand),
  current: z.object({ total: z.int(), cells: z.array(heatMapCell) }),
  residual: z.object({ total: z.int(), cells: z.array(heatMapCell) }),
});
export type HeatMapView = z.infer<typeof heatMapView>;
