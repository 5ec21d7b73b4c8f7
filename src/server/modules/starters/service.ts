import type { AssetRef } from '../../../contracts/assets';
import { assetCategoryOf } from '../../../contracts/assets';
import type { Locale } from '../../../contracts/common';
import { industrySchema } from '../../../contracts/organizations';
import { and, eq, inArray } from 'drizzle-orm';
import type {
  AdoptStartersRequest,
  AdoptStartersResult,
  StarterKeysRequest,
  StarterProfileFilter,
  StarterProfileView,
  StarterSuggestionsView,
} from '../../../contracts/starters';
import type { DbOrTx } from '../../db/client';
import { bodyIssue, throwIfIssues } from '../../lib/issues';
import { loadAssetContent, type StarterAsset } from '../assets/content';
import { nameKey } from '../assets/columns';
import * as assetsService from '../assets/service';
import { loadImpactContent, type StarterProcess } from '../impact/content';
import * as impactService from '../impact/service';
import { getOrganization } from '../organizations/service';
import { findEnrollmentOfCompany } from '../programs/service';
import { loadRiskContent, type StarterRisk } from '../risks/content';
import { maxImpact, maxLikelihood } from '../risks/matrix';
import * as risksService from '../risks/service';
import { sizeBandOf } from './content';
import { starterDismissals } from './tables';

const unknownKey = {
  ja: 'この候補は見つかりません。',
  en: 'There is no such suggestion.',
} as const;

/** The company's industry, size band and course: what starter items are chosen by. */
export async function starterProfileOf(
  db: DbOrTx,
  organizationId: string,
): Promise<StarterProfileView> {
  const org = await getOrganization(db, organizationId);
  const enrollment = await findEnrollmentOfCompany(db, organizationId);
  return {
    // Industry is free text in the table; only the known codes select starter items.
    industry: industrySchema.safeParse(org.industry).data ?? null,
    employeeCount: org.employeeCount,
    sizeBand: sizeBandOf(org.employeeCount),
    course: enrollment?.courseCode ?? null,
  };
}

/** An item suits a company when every dimension it names includes the company's (unknown ones do not narrow). */
function suits(filter: StarterProfileFilter, profile: StarterProfileView): boolean {
  const fits = <T>(allowed: T[] | undefined, value: T | null) =>
    !allowed || value === null || allowed.includes(value);
  return (
    fits(filter.industries, profile.industry) &&
    fits(filter.sizeBands, profile.sizeBand) &&
    fits(filter.courses, profile.course)
  );
}

/** Starter risks, assets and processes for the company, marked when it already adopted them. */
export async function suggestStarters(
  db: DbOrTx,
  organizationId: string,
  scope: 'profile' | 'all',
): Promise<StarterSuggestionsView> {
  const profile = await starterProfileOf(db, organizationId);
  const adoptedRisks = await risksService.listAdoptedRiskKeys(db, organizationId);
  const assetIndex = await assetsService.listAssetIndex(db, organizationId);
  const processIndex = await impactService.listProcessIndex(db, organizationId);
  const dismissed = await dismissedKeys(db, organizationId);
  const pick = <T extends { profiles: StarterProfileFilter }>(items: T[]) =>
    items
      .map((item) => ({ item, matchesProfile: suits(item.profiles, profile) }))
      .filter((x) => scope === 'all' || x.matchesProfile);
  return {
    profile,
    risks: pick(loadRiskContent().starterRisks).map(
      ({ item: { profiles: _p, assets, ...r }, matchesProfile }) => ({
        ...r,
        assetKeys: assets,
        matchesProfile,
        adopted: adoptedRisks.has(r.key),
        dismissed: dismissed.risk.has(r.key),
      }),
    ),
    assets: pick(loadAssetContent()).map(
      ({ item: { profiles: _p, links, ...a }, matchesProfile }) => ({
        ...a,
        rtoHours: a.rtoHours ?? null,
        rpoHours: a.rpoHours ?? null,
        notes: a.notes ?? null,
        linkedKeys: links,
        matchesProfile,
        adopted: assetIndex.byStarterKey.has(a.key),
        dismissed: dismissed.asset.has(a.key),
      }),
    ),
    processes: pick(loadImpactContent().starterProcesses).map(
      ({ item: { profiles: _p, ...p }, matchesProfile }) => ({
        ...p,
        matchesProfile,
        adopted: processIndex.starterKeys.has(p.key),
        dismissed: dismissed.process.has(p.key),
      }),
    ),
  };
}

function findChosen<T extends { key: string }>(
  catalogue: T[],
  keys: string[],
  field: string,
  locale: Locale,
): T[] {
  const byKey = new Map(catalogue.map((item) => [item.key, item]));
  throwIfIssues(
    keys.flatMap((key, i) =>
      byKey.has(key) ? [] : [bodyIssue([field, i], 'unknown_starter', unknownKey[locale], { key })],
    ),
  );
  return [...new Set(keys)].map((key) => byKey.get(key)!);
}

type Skipped = AdoptStartersResult['skipped'][number];

/** Creates the chosen starter assets and links them to each other and to assets adopted before. */
async function adoptAssets(
  db: DbOrTx,
  organizationId: string,
  chosen: StarterAsset[],
  locale: Locale,
  skipped: Skipped[],
): Promise<{ available: Map<string, AssetRef>; created: number }> {
  const index = await assetsService.listAssetIndex(db, organizationId);
  const available = new Map(index.byStarterKey);
  const createdKeys = new Set<string>();
  for (const item of chosen) {
    if (index.byStarterKey.has(item.key)) {
      skipped.push({ kind: 'asset', key: item.key, reason: 'already_adopted' });
      continue;
    }
    const sameName = index.byNameKey.get(nameKey(item.name[locale]));
    if (sameName) {
      // The company already keeps this asset under the same name: use it rather than a second copy.
      skipped.push({ kind: 'asset', key: item.key, reason: 'name_exists' });
      available.set(item.key, sameName);
      continue;
    }
    const asset = await assetsService.createAsset(
      db,
      organizationId,
      {
        name: item.name[locale],
        type: item.type,
        owner: '',
        location: '',
        confidentiality: item.confidentiality,
        integrity: item.integrity,
        availability: item.availability,
        rtoHours: item.rtoHours ?? null,
        rpoHours: item.rpoHours ?? null,
        notes: item.notes?.[locale] ?? '',
        linkedAssetIds: [],
        starterKey: item.key,
      },
      locale,
    );
    available.set(item.key, asset);
    createdKeys.add(item.key);
  }
  await assetsService.addAssetLinks(db, organizationId, starterLinks(available, createdKeys));
  return { available, created: createdKeys.size };
}

/** Catalogue links between assets the company now has, where at least one end was just created. */
function starterLinks(available: Map<string, AssetRef>, createdKeys: Set<string>) {
  return loadAssetContent().flatMap((item) =>
    item.links.flatMap((otherKey) => {
      const self = available.get(item.key);
      const other = available.get(otherKey);
      if (!self || !other || (!createdKeys.has(item.key) && !createdKeys.has(otherKey))) return [];
      if (assetCategoryOf(self.type) === assetCategoryOf(other.type)) return [];
      return assetCategoryOf(self.type) === 'primary'
        ? [{ primaryAssetId: self.id, supportingAssetId: other.id }]
        : [{ primaryAssetId: other.id, supportingAssetId: self.id }];
    }),
  );
}

const assetIdsFor = (keys: string[], available: Map<string, AssetRef>) =>
  keys.flatMap((k) => available.get(k)?.id ?? []);

async function adoptRisks(
  db: DbOrTx,
  organizationId: string,
  chosen: StarterRisk[],
  available: Map<string, AssetRef>,
  locale: Locale,
  skipped: Skipped[],
): Promise<number> {
  const adopted = await risksService.listAdoptedRiskKeys(db, organizationId);
  const { config } = await risksService.getRiskMatrix(db, organizationId);
  let created = 0;
  for (const item of chosen) {
    if (adopted.has(item.key)) {
      skipped.push({ kind: 'risk', key: item.key, reason: 'already_adopted' });
      continue;
    }
    // Suggestions are rated on the default 5 × 5; a smaller company matrix caps them at its top step.
    await risksService.createRisk(
      db,
      organizationId,
      {
        title: item.title[locale],
        threat: item.threat[locale],
        vulnerability: item.vulnerability[locale],
        assetIds: assetIdsFor(item.assets, available),
        likelihood: Math.min(item.likelihood, maxLikelihood(config)),
        impact: Math.min(item.impact, maxImpact(config)),
        treatment: item.treatment,
        treatmentPlan: item.treatmentIdeas[locale],
        status: 'open',
        starterKey: item.key,
      },
      locale,
    );
    created += 1;
  }
  return created;
}

async function adoptProcesses(
  db: DbOrTx,
  organizationId: string,
  chosen: StarterProcess[],
  available: Map<string, AssetRef>,
  locale: Locale,
  skipped: Skipped[],
): Promise<number> {
  const index = await impactService.listProcessIndex(db, organizationId);
  let created = 0;
  for (const item of chosen) {
    const reason = index.starterKeys.has(item.key)
      ? 'already_adopted'
      : index.names.has(item.name[locale])
        ? 'name_exists'
        : undefined;
    if (reason) {
      skipped.push({ kind: 'process', key: item.key, reason });
      continue;
    }
    await impactService.createProcess(
      db,
      organizationId,
      {
        name: item.name[locale],
        description: item.description[locale],
        owner: '',
        dependencyAssetIds: assetIdsFor(item.dependsOn, available),
        impacts: item.impacts,
        mtdHours: item.mtdHours,
        rtoHours: item.rtoHours,
        rpoHours: item.rpoHours,
        recoveryPriority: item.recoveryPriority,
        starterKey: item.key,
      },
      locale,
    );
    created += 1;
  }
  return created;
}

/**
 * Copies the chosen starter items into the company's inventory, register and BIA, in the caller's language,
 * linking them to each other where the catalogue does. Run it in one transaction.
 */
export async function adoptStarters(
  db: DbOrTx,
  organizationId: string,
  request: AdoptStartersRequest,
  locale: Locale,
): Promise<AdoptStartersResult> {
  const assets = findChosen(loadAssetContent(), request.assets, 'assets', locale);
  const risks = findChosen(loadRiskContent().starterRisks, request.risks, 'risks', locale);
  const processes = findChosen(
    loadImpactContent().starterProcesses,
    request.processes,
    'processes',
    locale,
  );
  const skipped: Skipped[] = [];
  const adoptedAssets = await adoptAssets(db, organizationId, assets, locale, skipped);
  const createdRisks = await adoptRisks(
    db,
    organizationId,
    risks,
    adoptedAssets.available,
    locale,
    skipped,
  );
  const createdProcesses = await adoptProcesses(
    db,
    organizationId,
    processes,
    adoptedAssets.available,
    locale,
    skipped,
  );
  // Taking an item in settles it: a dismissal it had no longer applies.
  await removeDismissals(db, organizationId, {
    risks: risks.map((r) => r.key),
    assets: assets.map((a) => a.key),
    processes: processes.map((p) => p.key),
  });
  return {
    created: { risks: createdRisks, assets: adoptedAssets.created, processes: createdProcesses },
    skipped,
  };
}

// ---------------------------------------------------------------------------------------------
// Dropped suggestions

type DismissalKind = (typeof starterDismissals.$inferSelect)['kind'];
const KIND_OF = { risks: 'risk', assets: 'asset', processes: 'process' } as const;

async function dismissedKeys(
  db: DbOrTx,
  organizationId: string,
): Promise<Record<DismissalKind, Set<string>>> {
  const rows = await db
    .select({ kind: starterDismissals.kind, key: starterDismissals.key })
    .from(starterDismissals)
    .where(eq(starterDismissals.organizationId, organizationId));
  const out = { risk: new Set<string>(), asset: new Set<string>(), process: new Set<string>() };
  for (const r of rows) out[r.kind].add(r.key);
  return out;
}

/** The request's keys, checked against the catalogue (an unknown key fails the whole request). */
function checkedKeys(request: StarterKeysRequest, locale: Locale) {
  return {
    risks: findChosen(loadRiskContent().starterRisks, request.risks, 'risks', locale),
    assets: findChosen(loadAssetContent(), request.assets, 'assets', locale),
    processes: findChosen(
      loadImpactContent().starterProcesses,
      request.processes,
      'processes',
      locale,
    ),
  };
}

/** Drops suggestions for the company: they stay out of the list until restored. */
export async function dismissStarters(
  db: DbOrTx,
  organizationId: string,
  request: StarterKeysRequest,
  actorUserId: string,
  locale: Locale,
): Promise<number> {
  const chosen = checkedKeys(request, locale);
  const rows = (['risks', 'assets', 'processes'] as const).flatMap((field) =>
    chosen[field].map((item) => ({
      organizationId,
      kind: KIND_OF[field],
      key: item.key,
      dismissedBy: actorUserId,
    })),
  );
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(starterDismissals)
    .values(rows)
    .onConflictDoNothing()
    .returning({ key: starterDismissals.key });
  return inserted.length;
}

async function removeDismissals(
  db: DbOrTx,
  organizationId: string,
  keys: Record<keyof typeof KIND_OF, string[]>,
): Promise<number> {
  let removed = 0;
  for (const field of ['risks', 'assets', 'processes'] as const) {
    if (keys[field].length === 0) continue;
    const rows = await db
      .delete(starterDismissals)
      .where(
        and(
          eq(starterDismissals.organizationId, organizationId),
          eq(starterDismissals.kind, KIND_OF[field]),
          inArray(starterDismissals.key, keys[field]),
        ),
      )
      .returning({ key: starterDismissals.key });
    removed += rows.length;
  }
  return removed;
}

/** Brings dropped suggestions back into the list. */
export async function restoreStarters(
  db: DbOrTx,
  organizationId: string,
  request: StarterKeysRequest,
  locale: Locale,
): Promise<number> {
  const chosen = checkedKeys(request, locale);
  return removeDismissals(db, organizationId, {
    risks: chosen.risks.map((r) => r.key),
    assets: chosen.assets.map((a) => a.key),
    processes: chosen.processes.map((p) => p.key),
  });
}
