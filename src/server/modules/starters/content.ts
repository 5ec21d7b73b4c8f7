import { z } from 'zod';
import { localizedText } from '../../../contracts/localized';
import { sizeBands, sizeBandSchema, type SizeBand } from '../../../contracts/starters';
import { ContentError, loadContent } from '../../content/loader';

const profilesFile = z.strictObject({
  sizeBands: z
    .array(
      z.strictObject({
        key: sizeBandSchema,
        label: localizedText,
        maxEmployees: z.int().min(1).optional(),
      }),
    )
    .length(sizeBands.length),
});
export type SizeBandDefinition = z.infer<typeof profilesFile>['sizeBands'][number];

const FILE = 'starters/profiles.yaml';

/** Every band once, upper bounds rising, and only the last band open-ended. */
function checkBands(bands: SizeBandDefinition[]): string[] {
  const problems: string[] = [];
  if (new Set(bands.map((b) => b.key)).size !== bands.length) problems.push('size bands repeat');
  bands.forEach((band, i) => {
    const last = i === bands.length - 1;
    if (last !== (band.maxEmployees === undefined))
      problems.push(`${band.key}: only the last band has no maxEmployees`);
    const previous = bands[i - 1]?.maxEmployees;
    if (previous !== undefined && band.maxEmployees !== undefined && band.maxEmployees <= previous)
      problems.push(`${band.key}: maxEmployees must rise from band to band`);
  });
  return problems;
}

let cached: SizeBandDefinition[] | undefined;

/** The size bands starter suggestions are chosen by, validated; read once, then shared. */
export function loadStarterContent(): SizeBandDefinition[] {
  if (cached) return cached;
  const { sizeBands: bands } = loadContent(FILE, profilesFile);
  const problems = checkBands(bands);
  if (problems.length > 0) {
    throw new ContentError(
      `Invalid content:\n${problems.map((p) => `  ${FILE}: ${p}`).join('\n')}`,
    );
  }
  cached = bands;
  return bands;
}

/** The band a head count falls in; null when the company has not given its head count. */
export function sizeBandOf(employeeCount: number | null): SizeBand | null {
  if (employeeCount === null) return null;
  const band = loadStarterContent().find(
    (b) => b.maxEmployees === undefined || employeeCount <= b.maxEmployees,
  );
  return band?.key ?? null;
}
