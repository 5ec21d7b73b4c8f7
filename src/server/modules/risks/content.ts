import { z } from 'zod';
import { localizedText } from '../../../contracts/localized';
import {
  riskMatrixConfig,
  riskTreatmentSchema,
  type RiskMatrixConfig,
} from '../../../contracts/risks';
import { starterKey, starterProfileFilter } from '../../../contracts/starters';
import { ContentError, loadContent } from '../../content/loader';
import { loadAssetContent } from '../assets/content';
import { fitsMatrix, matrixProblems } from './matrix';
import { riskMessages } from './messages';

const starterRisk = z.strictObject({
  key: starterKey,
  title: localizedText,
  threat: localizedText,
  vulnerability: localizedText,
  likelihood: z.int().min(1),
  impact: z.int().min(1),
  treatment: riskTreatmentSchema,
  treatmentIdeas: localizedText,
  /** Keys of starter assets the risk affects. */
  assets: z.array(starterKey).default([]),
  profiles: starterProfileFilter,
});
export type StarterRisk = z.infer<typeof starterRisk>;

const starterRisksFile = z.strictObject({ risks: z.array(starterRisk).min(1) });

const MATRIX_FILE = 'risks/matrix.yaml';
const STARTERS_FILE = 'risks/starter-risks.yaml';

function fail(file: string, problems: string[]): never {
  throw new ContentError(`Invalid content:\n${problems.map((p) => `  ${file}: ${p}`).join('\n')}`);
}

function loadDefaultMatrix(): RiskMatrixConfig {
  const matrix = loadContent(MATRIX_FILE, riskMatrixConfig);
  const problems = matrixProblems(matrix);
  if (problems.length > 0)
    fail(
      MATRIX_FILE,
      problems.map((p) => `${p.path.join('.')}: ${riskMessages('en').matrix(p)}`),
    );
  return matrix;
}

function loadStarterRisks(matrix: RiskMatrixConfig): StarterRisk[] {
  const { risks } = loadContent(STARTERS_FILE, starterRisksFile);
  const assetKeys = new Set(loadAssetContent().map((a) => a.key));
  const problems: string[] = [];
  if (new Set(risks.map((r) => r.key)).size !== risks.length)
    problems.push('risk keys are not unique');
  for (const r of risks) {
    if (!fitsMatrix(matrix, r.likelihood, r.impact))
      problems.push(`${r.key}: likelihood/impact outside the default matrix`);
    for (const a of r.assets)
      if (!assetKeys.has(a)) problems.push(`${r.key}: unknown starter asset ${a}`);
  }
  if (problems.length > 0) fail(STARTERS_FILE, problems);
  return risks;
}

export interface RiskContent {
  defaultMatrix: RiskMatrixConfig;
  starterRisks: StarterRisk[];
}

let cached: RiskContent | undefined;

/** The default risk matrix and the starter risks, validated; read once, then shared. */
export function loadRiskContent(): RiskContent {
  if (cached) return cached;
  const defaultMatrix = loadDefaultMatrix();
  cached = { defaultMatrix, starterRisks: loadStarterRisks(defaultMatrix) };
  return cached;
}
