import {
  impactHorizons,
  impactLevels,
  impactTypes,
  type ImpactLevel,
  type ImpactProfile,
} from '../../../contracts/impact';

export type ProcessProblem =
  | { path: ['rtoHours']; code: 'rto_exceeds_mtd'; mtdHours: number }
  | { path: ['impacts', string, string]; code: 'impact_decreases' };

const rank = (level: ImpactLevel) => impactLevels.indexOf(level);

/** The BIA's own consistency: RTO within MTD, and no impact that eases as an outage goes on. */
export function processProblems(p: {
  mtdHours: number | null;
  rtoHours: number | null;
  impacts: ImpactProfile;
}): ProcessProblem[] {
  const problems: ProcessProblem[] = [];
  if (p.mtdHours !== null && p.rtoHours !== null && p.rtoHours > p.mtdHours) {
    problems.push({ path: ['rtoHours'], code: 'rto_exceeds_mtd', mtdHours: p.mtdHours });
  }
  for (const type of impactTypes) {
    const overTime = p.impacts[type];
    impactHorizons.forEach((horizon, i) => {
      const earlier = impactHorizons[i - 1];
      if (earlier && rank(overTime[horizon]) < rank(overTime[earlier])) {
        problems.push({ path: ['impacts', type, horizon], code: 'impact_decreases' });
      }
    });
  }
  return problems;
}

/** The worst level of any impact type at each horizon. */
export function overallImpact(
  impacts: ImpactProfile,
): Record<(typeof impactHorizons)[number], ImpactLevel> {
  const worst = (h: (typeof impactHorizons)[number]) =>
    impactLevels[Math.max(...impactTypes.map((t) => rank(impacts[t][h])))]!;
  return { at4h: worst('at4h'), at1d: worst('at1d'), at1w: worst('at1w') };
}
