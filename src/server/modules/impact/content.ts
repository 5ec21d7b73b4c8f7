import { z } from 'zod';
import { hoursSchema } from '../../../contracts/assets';
import { hexColor } from '../../../contracts/risks';
import { impactOverTime } from '../../../contracts/impact';
import { localizedText } from '../../../contracts/localized';
import { starterKey, starterProfileFilter } from '../../../contracts/starters';
import { ContentError, loadContent } from '../../content/loader';
import { loadAssetContent } from '../assets/content';
import { processProblems } from './rules';

const starterProcess = z.strictObject({
  key: starterKey,
  name: localizedText,
  description: localizedText,
  /** Keys of starter assets the process depends on. */
  dependsOn: z.array(starterKey).default([]),
  impacts: z.strictObject({
    financial: impactOverTime,
    customer: impactOverTime,
    legal: impactOverTime,
    reputation: impactOverTime,
  }),
  mtdHours: hoursSchema,
  rtoHours: hoursSchema,
  rpoHours: hoursSchema,
  recoveryPriority: z.int().min(1).max(999),
  profiles: starterProfileFilter,
});
export type StarterProcess = z.infer<typeof starterProcess>;

const starterProcessesFile = z.strictObject({ processes: z.array(starterProcess).min(1) });

const scalesFile = z.strictObject({
  horizons: z.strictObject({ at4h: localizedText, at1d: localizedText, at1w: localizedText }),
  impactTypes: z.strictObject({
    financial: localizedText,
    customer: localizedText,
    legal: localizedText,
    reputation: localizedText,
  }),
  levels: z.strictObject({
    low: z.strictObject({ label: localizedText, color: hexColor }),
    medium: z.strictObject({ label: localizedText, color: hexColor }),
    high: z.strictObject({ label: localizedText, color: hexColor }),
  }),
});
export type ImpactScales = z.infer<typeof scalesFile>;

const PROCESSES_FILE = 'impact/starter-processes.yaml';

function loadStarterProcesses(): StarterProcess[] {
  const { processes } = loadContent(PROCESSES_FILE, starterProcessesFile);
  const assetKeys = new Set(loadAssetContent().map((a) => a.key));
  const problems: string[] = [];
  if (new Set(processes.map((p) => p.key)).size !== processes.length)
    problems.push('process keys are not unique');
  for (const p of processes) {
    // The same rules as for a company's own processes.
    for (const problem of processProblems(p))
      problems.push(`${p.key}: ${problem.path.join('.')}: ${problem.code}`);
    for (const a of p.dependsOn)
      if (!assetKeys.has(a)) problems.push(`${p.key}: unknown starter asset ${a}`);
  }
  if (problems.length > 0) {
    throw new ContentError(
      `Invalid content:\n${problems.map((p) => `  ${PROCESSES_FILE}: ${p}`).join('\n')}`,
    );
  }
  return processes;
}

export interface ImpactContent {
  scales: ImpactScales;
  starterProcesses: StarterProcess[];
}

let cached: ImpactContent | undefined;

/** BIA labels and colours and the starter business processes, validated; read once, then shared. */
export function loadImpactContent(): ImpactContent {
  cached ??= {
    scales: loadContent('impact/scales.yaml', scalesFile),
    starterProcesses: loadStarterProcesses(),
  };
  return cached;
}
