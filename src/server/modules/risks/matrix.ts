import type { RiskMatrixConfig } from '../../../contracts/risks';

export type MatrixProblem = { path: (string | number)[] } & (
  | { code: 'axis_too_short' }
  | { code: 'axis_not_sequential'; expected: number }
  | { code: 'band_range' }
  | { code: 'band_key_duplicate'; key: string }
  | { code: 'bands_too_few' }
  | { code: 'band_gap'; score: number; max: number }
  | { code: 'band_overlap'; score: number }
  | { code: 'band_beyond'; max: number }
);

export type RiskLevel = RiskMatrixConfig['levels'][number];

export const maxLikelihood = (m: RiskMatrixConfig) => m.likelihood.length;
export const maxImpact = (m: RiskMatrixConfig) => m.impact.length;
export const maxScore = (m: RiskMatrixConfig) => maxLikelihood(m) * maxImpact(m);

function axisProblems(axis: 'likelihood' | 'impact', m: RiskMatrixConfig): MatrixProblem[] {
  if (m[axis].length < 2) return [{ path: [axis], code: 'axis_too_short' }];
  return m[axis].flatMap((step, i) =>
    step.level === i + 1
      ? []
      : [{ path: [axis, i, 'level'], code: 'axis_not_sequential' as const, expected: i + 1 }],
  );
}

/** Bands must be in ascending order and cover every score from 1 to the maximum exactly once. */
function bandProblems(m: RiskMatrixConfig): MatrixProblem[] {
  if (m.levels.length < 2) return [{ path: ['levels'], code: 'bands_too_few' }];
  const problems: MatrixProblem[] = [];
  const keys = new Set<string>();
  const max = maxScore(m);
  let next = 1;
  m.levels.forEach((band, i) => {
    if (keys.has(band.key))
      problems.push({ path: ['levels', i, 'key'], code: 'band_key_duplicate', key: band.key });
    keys.add(band.key);
    if (band.minScore > band.maxScore) {
      problems.push({ path: ['levels', i, 'minScore'], code: 'band_range' });
      return;
    }
    if (band.minScore > next)
      problems.push({ path: ['levels', i, 'minScore'], code: 'band_gap', score: next, max });
    if (band.minScore < next)
      problems.push({
        path: ['levels', i, 'minScore'],
        code: 'band_overlap',
        score: band.minScore,
      });
    if (band.maxScore > max)
      problems.push({ path: ['levels', i, 'maxScore'], code: 'band_beyond', max });
    next = band.maxScore + 1;
  });
  if (problems.length === 0 && next <= max)
    problems.push({
      path: ['levels', m.levels.length - 1, 'maxScore'],
      code: 'band_gap',
      score: next,
      max,
    });
  return problems;
}

/** Everything that makes a matrix unusable; empty when it is consistent. */
export function matrixProblems(m: RiskMatrixConfig): MatrixProblem[] {
  return [...axisProblems('likelihood', m), ...axisProblems('impact', m), ...bandProblems(m)];
}

/** The level a score falls in; a consistent matrix always has one. */
export function levelOfScore(m: RiskMatrixConfig, score: number): RiskLevel {
  const level = m.levels.find((b) => score >= b.minScore && score <= b.maxScore);
  if (!level) throw new Error(`score ${score} is outside the risk matrix`);
  return level;
}

export const fitsMatrix = (m: RiskMatrixConfig, likelihood: number, impact: number) =>
  likelihood >= 1 && likelihood <= maxLikelihood(m) && impact >= 1 && impact <= maxImpact(m);
