import { z } from 'zod';
import { courseCodes } from './operations';
import { industrySchema } from './organizations';
import { localizedText } from './localized';
import { assetTypeSchema } from './assets';
import { riskTreatmentSchema } from './risks';
import { impactOverTime } from './impact';

export const starterKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

export const sizeBands = ['micro', 'small', 'medium'] as const;
export const sizeBandSchema = z.enum(sizeBands);
export type SizeBand = z.infer<typeof sizeBandSchema>;

/** Which companies a starter item suits, as written in content; a dimension left out suits everyone. */
export const starterProfileFilter = z
  .strictObject({
    industries: z.array(industrySchema).min(1).optional(),
    sizeBands: z.array(sizeBandSchema).min(1).optional(),
    courses: z.array(z.enum(courseCodes)).min(1).optional(),
  })
  .default({});
export type StarterProfileFilter = z.infer<typeof starterProfileFilter>;

/** What starter items are chosen by; an unknown dimension does not narrow the choice. */
export const starterProfileView = z.object({
  industry: industrySchema.nullable(),
  employeeCount: z.int().nullable(),
  sizeBand: sizeBandSchema.nullable(),
  course: z.enum(courseCodes).nullable(),
});
export type StarterProfileView = z.infer<typeof starterProfileView>;

const suggestionState = {
  /** False only when the whole catalogue was asked for and the item does not fit the profile. */
  matchesProfile: z.boolean(),
  /** The company already took this item into its register, inventory or BIA. */
  adopted: z.boolean(),
  /** The company dropped this item; it is listed only to be restored. */
  dismissed: z.boolean(),
};

export const starterRiskView = z.object({
  key: z.string(),
  title: localizedText,
  threat: localizedText,
  vulnerability: localizedText,
  likelihood: z.int(),
  impact: z.int(),
  treatment: riskTreatmentSchema,
  treatmentIdeas: localizedText,
  assetKeys: z.array(z.string()),
  ...suggestionState,
});

export const starterAssetView = z.object({
  key: z.string(),
  name: localizedText,
  type: assetTypeSchema,
  confidentiality: z.int(),
  integrity: z.int(),
  availability: z.int(),
  rtoHours: z.number().nullable(),
  rpoHours: z.number().nullable(),
  notes: localizedText.nullable(),
  linkedKeys: z.array(z.string()),
  ...suggestionState,
});

export const starterProcessView = z.object({
  key: z.string(),
  name: localizedText,
  description: localizedText,
  dependsOn: z.array(z.string()),
  impacts: z.object({
    financial: impactOverTime,
    customer: impactOverTime,
    legal: impactOverTime,
    reputation: impactOverTime,
  }),
  mtdHours: z.number(),
  rtoHours: z.number(),
  rpoHours: z.number(),
  recoveryPriority: z.int(),
  ...suggestionState,
});

export const starterSuggestionsQuery = z.strictObject({
  scope: z.enum(['profile', 'all']).default('profile'),
});

/** Starter items to drop (or bring back), by kind. */
export const starterKeysRequest = z.strictObject({
  risks: z.array(starterKey).max(200).default([]),
  assets: z.array(starterKey).max(200).default([]),
  processes: z.array(starterKey).max(200).default([]),
});
export type StarterKeysRequest = z.infer<typeof starterKeysRequest>;
export const starterDismissalsResult = z.object({ changed: z.int() });

export const starterSuggestionsView = z.object({
  profile: starterProfileView,
  risks: z.array(starterRiskView),
  assets: z.array(starterAssetView),
  processes: z.array(starterProcessView),
});
export type StarterSuggestionsView = z.infer<typeof starterSuggestionsView>;

export const adoptStartersRequest = z.strictObject({
  risks: z.array(starterKey).max(200).default([]),
  assets: z.array(starterKey).max(200).default([]),
  processes: z.array(starterKey).max(200).default([]),
});
export type AdoptStartersRequest = z.infer<typeof adoptStartersRequest>;

export const adoptStartersResult = z.object({
  created: z.object({ risks: z.int(), assets: z.int(), processes: z.int() }),
  /** Items already adopted, or whose name the company already uses (that item is linked instead). */
  skipped: z.array(
    z.object({
      kind: z.enum(['risk', 'asset', 'process']),
      key: z.string(),
      reason: z.enum(['already_adopted', 'name_exists']),
    }),
  ),
});
export type AdoptStartersResult = z.infer<typeof adoptStartersResult>;
