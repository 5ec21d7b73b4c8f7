import { z } from 'zod';
import {
  assetCategoryOf,
  assetTypeSchema,
  ciaRating,
  hoursSchema,
} from '../../../contracts/assets';
import { localizedText } from '../../../contracts/localized';
import { starterKey, starterProfileFilter } from '../../../contracts/starters';
import { ContentError, loadContent } from '../../content/loader';

const starterAsset = z.strictObject({
  key: starterKey,
  name: localizedText,
  type: assetTypeSchema,
  confidentiality: ciaRating,
  integrity: ciaRating,
  availability: ciaRating,
  rtoHours: hoursSchema.optional(),
  rpoHours: hoursSchema.optional(),
  notes: localizedText.optional(),
  /** Keys of starter assets on the other side (primary ↔ supporting). */
  links: z.array(starterKey).default([]),
  profiles: starterProfileFilter,
});
export type StarterAsset = z.infer<typeof starterAsset>;

const starterAssetsFile = z.strictObject({ assets: z.array(starterAsset).min(1) });

const FILE = 'assets/starter-assets.yaml';

/** Keys are unique; links name existing items of the other category (a link joins primary and supporting). */
function checkStarterAssets(list: StarterAsset[]): string[] {
  const byKey = new Map(list.map((a) => [a.key, a]));
  const problems: string[] = [];
  if (byKey.size !== list.length) problems.push('asset keys are not unique');
  for (const a of list) {
    for (const link of a.links) {
      const other = byKey.get(link);
      if (!other) problems.push(`${a.key}: links to unknown asset ${link}`);
      else if (assetCategoryOf(other.type) === assetCategoryOf(a.type))
        problems.push(`${a.key}: link to ${link} joins two ${assetCategoryOf(a.type)} assets`);
    }
  }
  return problems;
}

let cached: StarterAsset[] | undefined;

/** The starter asset catalogue, validated; read once, then shared. */
export function loadAssetContent(): StarterAsset[] {
  if (cached) return cached;
  const { assets } = loadContent(FILE, starterAssetsFile);
  const problems = checkStarterAssets(assets);
  if (problems.length > 0) {
    throw new ContentError(
      `Invalid content:\n${problems.map((p) => `  ${FILE}: ${p}`).join('\n')}`,
    );
  }
  cached = assets;
  return assets;
}
