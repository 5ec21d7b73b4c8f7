import { and, asc, count, eq, inArray, like, ne, or, sql } from 'drizzle-orm';
import {
  assetCategoryOf,
  assetTypes,
  primaryAssetTypes,
  supportingAssetTypes,
  type AssetRef,
  type AssetType,
  type CreateAssetRequest,
  type UpdateAssetRequest,
} from '../../../contracts/assets';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { escapeLike, isUniqueViolation } from '../../lib/db-errors';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';
import { nameKey } from './columns';
import { assetMessages } from './messages';
import { assetLinks, assets } from './tables';

export type Asset = typeof assets.$inferSelect;
export interface AssetDetail extends Asset {
  linkedAssets: AssetRef[];
}

const refColumns = { id: assets.id, name: assets.name, type: assets.type };
// Primary assets first, then supporting ones, in the order the contract lists the types.
const typeOrder = sql.raw(`array[${assetTypes.map((t) => `'${t}'`).join(',')}]::text[]`);
/** Links touching more assets than this are read and written in several statements. */
const ID_CHUNK = 1000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Id, name and type of those of the given assets that belong to the company; others are left out. */
export async function getAssetRefs(
  db: DbOrTx,
  organizationId: string,
  ids: readonly string[],
): Promise<AssetRef[]> {
  const found: AssetRef[] = [];
  for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
    found.push(
      ...(await db
        .select(refColumns)
        .from(assets)
        .where(and(eq(assets.organizationId, organizationId), inArray(assets.id, part)))),
    );
  }
  return found;
}

export interface AssetRecoveryRef extends AssetRef {
  rtoHours: number | null;
  rpoHours: number | null;
}

/** Like getAssetRefs, with each asset's own recovery objectives, for the business impact analysis. */
export async function getAssetRecoveryRefs(
  db: DbOrTx,
  organizationId: string,
  ids: readonly string[],
): Promise<AssetRecoveryRef[]> {
  const found: AssetRecoveryRef[] = [];
  for (const part of chunks([...new Set(ids)], ID_CHUNK)) {
    found.push(
      ...(await db
        .select({ ...refColumns, rtoHours: assets.rtoHours, rpoHours: assets.rpoHours })
        .from(assets)
        .where(and(eq(assets.organizationId, organizationId), inArray(assets.id, part)))),
    );
  }
  return found;
}

/** Like getAssetRefs, for ids a caller wants to link to: an id outside the company's inventory is an error naming it. */
export async function requireAssetRefs(
  db: DbOrTx,
  organizationId: string,
  ids: readonly string[],
  field: string,
  locale: Locale,
): Promise<AssetRef[]> {
  const byId = new Map((await getAssetRefs(db, organizationId, ids)).map((a) => [a.id, a]));
  const issues = ids.flatMap((id, i) =>
    byId.has(id)
      ? []
      : [bodyIssue([field, i], 'not_found', assetMessages(locale).notInInventory, { id })],
  );
  throwIfIssues(issues);
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

/** For each asset, the assets linked to it, whichever side of the link it is on. */
async function linkedRefsOf(
  db: DbOrTx,
  organizationId: string,
  assetIds: string[],
): Promise<Map<string, AssetRef[]>> {
  const pairs: { primaryAssetId: string; supportingAssetId: string }[] = [];
  for (const part of chunks(assetIds, ID_CHUNK)) {
    pairs.push(
      ...(await db
        .select({
          primaryAssetId: assetLinks.primaryAssetId,
          supportingAssetId: assetLinks.supportingAssetId,
        })
        .from(assetLinks)
        .where(
          and(
            eq(assetLinks.organizationId, organizationId),
            or(
              inArray(assetLinks.primaryAssetId, part),
              inArray(assetLinks.supportingAssetId, part),
            ),
          ),
        )),
    );
  }
  const wanted = new Set(assetIds);
  const others = new Set(pairs.flatMap((p) => [p.primaryAssetId, p.supportingAssetId]));
  const refs = new Map((await getAssetRefs(db, organizationId, [...others])).map((r) => [r.id, r]));
  const result = new Map<string, AssetRef[]>(assetIds.map((id) => [id, []]));
  for (const p of pairs) {
    for (const [self, other] of [
      [p.primaryAssetId, p.supportingAssetId],
      [p.supportingAssetId, p.primaryAssetId],
    ] as const) {
      const ref = refs.get(other);
      if (wanted.has(self) && ref) result.get(self)!.push(ref);
    }
  }
  for (const list of result.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'ja'));
  return result;
}

async function withLinks(
  db: DbOrTx,
  organizationId: string,
  list: Asset[],
): Promise<AssetDetail[]> {
  const links = await linkedRefsOf(
    db,
    organizationId,
    list.map((a) => a.id),
  );
  return list.map((a) => ({ ...a, linkedAssets: links.get(a.id) ?? [] }));
}

export interface AssetFilter {
  type?: AssetType | undefined;
  category?: 'primary' | 'supporting' | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of the company's inventory, by name, with each asset's links. */
export async function listAssets(
  db: DbOrTx,
  organizationId: string,
  filter: AssetFilter,
): Promise<{ assets: AssetDetail[]; total: number }> {
  const where = and(
    eq(assets.organizationId, organizationId),
    filter.type ? eq(assets.type, filter.type) : undefined,
    filter.category
      ? inArray(
          assets.type,
          filter.category === 'primary' ? [...primaryAssetTypes] : [...supportingAssetTypes],
        )
      : undefined,
    filter.q ? like(assets.nameKey, `%${escapeLike(nameKey(filter.q))}%`) : undefined,
  );
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(assets).where(where);
  const page = await db
    .select()
    .from(assets)
    .where(where)
    .orderBy(asc(assets.nameKey))
    .limit(filter.limit)
    .offset(filter.offset);
  return { assets: await withLinks(db, organizationId, page), total };
}

export async function getAsset(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<AssetDetail> {
  const [asset] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, id), eq(assets.organizationId, organizationId)));
  if (!asset) throw new AppError('not_found');
  const [detail] = await withLinks(db, organizationId, [asset]);
  return detail!;
}

async function assertNameFree(
  db: DbOrTx,
  organizationId: string,
  name: string,
  exceptId: string | undefined,
  locale: Locale,
): Promise<void> {
  const [clash] = await db
    .select({ id: assets.id })
    .from(assets)
    .where(
      and(
        eq(assets.organizationId, organizationId),
        eq(assets.nameKey, nameKey(name)),
        exceptId ? ne(assets.id, exceptId) : undefined,
      ),
    );
  if (clash) throw nameTaken(name, locale);
}

const nameTaken = (name: string, locale: Locale) =>
  new AppError('conflict', {
    issues: [bodyIssue(['name'], 'name_taken', assetMessages(locale).nameTaken(name))],
  });

/** Checks that every link joins a primary asset with a supporting one and returns the oriented pairs. */
function orientLinks(
  self: { id: string; type: AssetType },
  linked: AssetRef[],
  field: string,
  locale: Locale,
): { primaryAssetId: string; supportingAssetId: string }[] {
  const t = assetMessages(locale);
  const selfCategory = assetCategoryOf(self.type);
  const issues: Issue[] = linked.flatMap((ref, i) => {
    if (ref.id === self.id) return [bodyIssue([field, i], 'link_self', t.linkSelf)];
    if (assetCategoryOf(ref.type) === selfCategory)
      return [bodyIssue([field, i], 'link_same_category', t.linkSameCategory(ref.name))];
    return [];
  });
  throwIfIssues(issues);
  return linked.map((ref) =>
    selfCategory === 'primary'
      ? { primaryAssetId: self.id, supportingAssetId: ref.id }
      : { primaryAssetId: ref.id, supportingAssetId: self.id },
  );
}

async function replaceLinks(
  db: DbOrTx,
  organizationId: string,
  self: { id: string; type: AssetType },
  linkedIds: string[],
  locale: Locale,
): Promise<void> {
  const linked = await requireAssetRefs(db, organizationId, linkedIds, 'linkedAssetIds', locale);
  const pairs = orientLinks(self, linked, 'linkedAssetIds', locale);
  await db
    .delete(assetLinks)
    .where(
      and(
        eq(assetLinks.organizationId, organizationId),
        or(eq(assetLinks.primaryAssetId, self.id), eq(assetLinks.supportingAssetId, self.id)),
      ),
    );
  if (pairs.length > 0) {
    await db.insert(assetLinks).values(pairs.map((p) => ({ ...p, organizationId })));
  }
}

/** Adds links between assets of the company (starter adoption); a link that exists is kept once. */
export async function addAssetLinks(
  db: DbOrTx,
  organizationId: string,
  pairs: { primaryAssetId: string; supportingAssetId: string }[],
): Promise<void> {
  for (const part of chunks(pairs, ID_CHUNK)) {
    await db
      .insert(assetLinks)
      .values(part.map((p) => ({ ...p, organizationId })))
      .onConflictDoNothing();
  }
}

type AssetFields = Omit<CreateAssetRequest, 'linkedAssetIds'>;

const columnsOf = (input: Partial<AssetFields>) => ({
  ...(input.name !== undefined ? { name: input.name, nameKey: nameKey(input.name) } : {}),
  ...(input.type !== undefined ? { type: input.type } : {}),
  ...(input.owner !== undefined ? { owner: input.owner } : {}),
  ...(input.location !== undefined ? { location: input.location } : {}),
  ...(input.confidentiality !== undefined ? { confidentiality: input.confidentiality } : {}),
  ...(input.integrity !== undefined ? { integrity: input.integrity } : {}),
  ...(input.availability !== undefined ? { availability: input.availability } : {}),
  ...(input.rtoHours !== undefined ? { rtoHours: input.rtoHours } : {}),
  ...(input.rpoHours !== undefined ? { rpoHours: input.rpoHours } : {}),
  ...(input.notes !== undefined ? { notes: input.notes } : {}),
});

/** Adds an asset to the company's inventory with its links; run it in a transaction. */
export async function createAsset(
  db: DbOrTx,
  organizationId: string,
  input: CreateAssetRequest & { starterKey?: string | undefined },
  locale: Locale,
): Promise<AssetDetail> {
  await assertNameFree(db, organizationId, input.name, undefined, locale);
  let asset: Asset | undefined;
  try {
    [asset] = await db
      .insert(assets)
      .values({
        organizationId,
        name: input.name,
        nameKey: nameKey(input.name),
        type: input.type,
        ...columnsOf(input),
        starterKey: input.starterKey ?? null,
      })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name, locale);
    throw err;
  }
  if (!asset) throw new Error('asset insert returned nothing');
  await replaceLinks(db, organizationId, asset, input.linkedAssetIds, locale);
  return getAsset(db, organizationId, asset.id);
}

/** Changes an asset; linkedAssetIds, when given, replaces all its links. Run it in a transaction. */
export async function updateAsset(
  db: DbOrTx,
  organizationId: string,
  id: string,
  changes: UpdateAssetRequest,
  locale: Locale,
): Promise<AssetDetail> {
  const current = await getAsset(db, organizationId, id);
  if (changes.name !== undefined)
    await assertNameFree(db, organizationId, changes.name, id, locale);
  const type = changes.type ?? current.type;
  const categoryChanged = assetCategoryOf(type) !== assetCategoryOf(current.type);
  if (categoryChanged && changes.linkedAssetIds === undefined && current.linkedAssets.length > 0) {
    throwIfIssues([
      bodyIssue(['type'], 'links_break', assetMessages(locale).typeChangeBreaksLinks),
    ]);
  }
  try {
    await db
      .update(assets)
      .set({ ...columnsOf(changes), updatedAt: new Date() })
      .where(and(eq(assets.id, id), eq(assets.organizationId, organizationId)));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(changes.name ?? current.name, locale);
    throw err;
  }
  if (changes.linkedAssetIds !== undefined) {
    await replaceLinks(db, organizationId, { id, type }, changes.linkedAssetIds, locale);
  }
  return getAsset(db, organizationId, id);
}

/** Removes an asset; its links, and its place in risks and business processes, go with it. */
export async function deleteAsset(db: DbOrTx, organizationId: string, id: string): Promise<Asset> {
  const [deleted] = await db
    .delete(assets)
    .where(and(eq(assets.id, id), eq(assets.organizationId, organizationId)))
    .returning();
  if (!deleted) throw new AppError('not_found');
  return deleted;
}

/** Every asset of the company with its links, primary assets first, for export. */
export async function listAllAssets(db: DbOrTx, organizationId: string): Promise<AssetDetail[]> {
  const all = await db
    .select()
    .from(assets)
    .where(eq(assets.organizationId, organizationId))
    .orderBy(sql`array_position(${typeOrder}, ${assets.type})`, asc(assets.nameKey));
  return withLinks(db, organizationId, all);
}

/** What the company already has, for starter adoption: assets by starter key and by folded name. */
export async function listAssetIndex(
  db: DbOrTx,
  organizationId: string,
): Promise<{ byStarterKey: Map<string, AssetRef>; byNameKey: Map<string, AssetRef> }> {
  const rows = await db
    .select({ ...refColumns, nameKey: assets.nameKey, starterKey: assets.starterKey })
    .from(assets)
    .where(eq(assets.organizationId, organizationId));
  const ref = (r: (typeof rows)[number]): AssetRef => ({ id: r.id, name: r.name, type: r.type });
  return {
    byStarterKey: new Map(rows.flatMap((r) => (r.starterKey ? [[r.starterKey, ref(r)]] : []))),
    byNameKey: new Map(rows.map((r) => [r.nameKey, ref(r)])),
  };
}
