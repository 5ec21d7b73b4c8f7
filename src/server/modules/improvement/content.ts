import { z } from 'zod';
import { questionSetKinds } from '../../../contracts/assessments';
import { localizedText } from '../../../contracts/localized';
import { riskStatusSchema, riskTreatmentSchema } from '../../../contracts/risks';
import { loadContent } from '../../content/loader';

const rulesFile = z.strictObject({
  assessment: z.strictObject({
    lowScoreAtMost: z.number().min(0).max(5),
    questionSetKind: z.enum(questionSetKinds),
  }),
  risks: z.strictObject({
    toleratedLevels: z.int().min(0).max(10),
    skipStatuses: z.array(riskStatusSchema),
    skipTreatments: z.array(riskTreatmentSchema),
  }),
  proposalTitle: z.strictObject({ assessment: localizedText, risk: localizedText }),
});
export type ImprovementRules = z.infer<typeof rulesFile>;

let cached: ImprovementRules | undefined;

/** The rules that turn low scores and high risks into proposals, validated once. */
export function loadImprovementContent(): ImprovementRules {
  cached ??= loadContent('improvement/rules.yaml', rulesFile);
  return cached;
}
