import { and, asc, count, desc, eq, gt, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { AssetRef, AssetRiskRef } from '../../../contracts/assets';
import type { Locale } from '../../../contracts/common';
import type {
  CreateRiskRequest,
  HeatMapView,
  RiskMatrixConfig,
  RiskStatus,
  UpdateRiskRequest,
} from '../../../contracts/risks';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues, type Issue } from '../../lib/issues';
import { getAssetRefs, requireAssetRefs } from '../assets/service';
import { listMembers } from '../organizations/service';
import { loadRiskContent } from './content';
import {
  fitsMatrix,
  levelOfScore,
  matrixProblems,
  maxImpact,
  maxLikelihood,
  type RiskLevel,
} from './matrix';
import { riskMessages } from './messages';
import { riskAssets, riskMatrices, risks } from './tables';

export type Risk = typeof risks.$inferSelect;
export interface RiskDetail extends Risk {
  assets: AssetRef[];
  score: number;
  level: RiskLevel;
  residualScore: number | null;
  residualLevel: RiskLevel | null;
  /** The owning member's name, or the free-text owner. */
  ownerDisplayName: string | null;
}

export interface CompanyMatrix {
  config: RiskMatrixConfig;
  isDefault: boolean;
  updatedAt: Date | null;
}

/** The company's own risk matrix, or the program default when it has none. */
export async function getRiskMatrix(db: DbOrTx, organizationId: string): Promise<CompanyMatrix> {
  const [own] = await db
    .select()
    .from(riskMatrices)
    .where(eq(riskMatrices.organizationId, organizationId));
  return own
    ? { config: own.config, isDefault: false, updatedAt: own.updatedAt }
    : { config: loadRiskContent().defaultMatrix, isDefault: true, updatedAt: null };
}

/** Refuses a matrix on which some of the company's risks would have no cell. */
async function assertRisksFit(
  db: DbOrTx,
  organizationId: string,
  matrix: RiskMatrixConfig,
  locale: Locale,
): Promise<void> {
  const l = maxLikelihood(matrix);
  const i = maxImpact(matrix);
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(risks)
    .where(
      and(
        eq(risks.organizationId, organizationId),
        or(
          gt(risks.likelihood, l),
          gt(risks.impact, i),
          gt(risks.residualLikelihood, l),
          gt(risks.residualImpact, i),
        ),
      ),
    );
  if (n > 0) {
    throw new AppError('conflict', {
      issues: [
        bodyIssue(
          ['likelihood'],
          'risks_outside_matrix',
          riskMessages(locale).risksOutsideMatrix(n),
        ),
      ],
      risksOutsideMatrix: n,
    });
  }
}

/** Stores the company's own matrix after checking it is consistent and that every risk still fits. */
export async function setRiskMatrix(
  db: DbOrTx,
  organizationId: string,
  config: RiskMatrixConfig,
  updatedBy: string,
  locale: Locale,
): Promise<CompanyMatrix> {
  const t = riskMessages(locale);
  throwIfIssues(matrixProblems(config).map((p) => bodyIssue(p.path, p.code, t.matrix(p))));
  await assertRisksFit(db, organizationId, config, locale);
  const [saved] = await db
    .insert(riskMatrices)
    .values({ organizationId, config, updatedBy })
    .onConflictDoUpdate({
      target: riskMatrices.organizationId,
      set: { config, updatedBy, updatedAt: new Date() },
    })
    .returning();
  if (!saved) throw new Error('risk matrix upsert returned nothing');
  return { config: saved.config, isDefault: false, updatedAt: saved.updatedAt };
}

/** Returns the company to the program's default matrix. */
export async function resetRiskMatrix(
  db: DbOrTx,
  organizationId: string,
  locale: Locale,
): Promise<CompanyMatrix> {
  const matrix = loadRiskContent().defaultMatrix;
  await assertRisksFit(db, organizationId, matrix, locale);
  await db.delete(riskMatrices).where(eq(riskMatrices.organizationId, organizationId));
  return { config: matrix, isDefault: true, updatedAt: null };
}

function detailOf(
  risk: Risk,
  matrix: RiskMatrixConfig,
  assets: AssetRef[],
  memberNames: Map<string, string>,
): RiskDetail {
  const score = risk.likelihood * risk.impact;
  const residualScore =
    risk.residualLikelihood !== null && risk.residualImpact !== null
      ? risk.residualLikelihood * risk.residualImpact
      : null;
  return {
    ...risk,
    assets,
    score,
    level: levelOfScore(matrix, score),
    residualScore,
    residualLevel: residualScore === null ? null : levelOfScore(matrix, residualScore),
    ownerDisplayName: risk.ownerUserId
      ? (memberNames.get(risk.ownerUserId) ?? risk.ownerName)
      : risk.ownerName,
  };
}

async function memberNamesOf(db: DbOrTx, organizationId: string): Promise<Map<string, string>> {
  return new Map((await listMembers(db, organizationId)).map((m) => [m.userId, m.name]));
}

async function detailsOf(db: DbOrTx, organizationId: string, list: Risk[]): Promise<RiskDetail[]> {
  if (list.length === 0) return [];
  const links = await db
    .select()
    .from(riskAssets)
    .where(
      inArray(
        riskAssets.riskId,
        list.map((r) => r.id),
      ),
    );
  const refs = new Map(
    (
      await getAssetRefs(
        db,
        organizationId,
        links.map((l) => l.assetId),
      )
    ).map((a) => [a.id, a]),
  );
  const { config } = await getRiskMatrix(db, organizationId);
  const names = await memberNamesOf(db, organizationId);
  return list.map((risk) =>
    detailOf(
      risk,
      config,
      links
        .filter((l) => l.riskId === risk.id)
        .flatMap((l) => refs.get(l.assetId) ?? [])
        .sort((a, b) => a.name.localeCompare(b.name, 'ja')),
      names,
    ),
  );
}

/**
 * The risks naming each of the given assets, highest current score first, for the asset inventory
 * (which sees the register only through here).
 */
export async function listRisksByAsset(
  db: DbOrTx,
  organizationId: string,
  assetIds: readonly string[],
): Promise<Map<string, AssetRiskRef[]>> {
  const byAsset = new Map<string, AssetRiskRef[]>();
  if (assetIds.length === 0) return byAsset;
  const rows = await db
    .select({
      assetId: riskAssets.assetId,
      id: risks.id,
      title: risks.title,
      likelihood: risks.likelihood,
      impact: risks.impact,
    })
    .from(riskAssets)
    .innerJoin(risks, eq(risks.id, riskAssets.riskId))
    .where(
      and(eq(risks.organizationId, organizationId), inArray(riskAssets.assetId, [...assetIds])),
    )
    .orderBy(desc(sql`${risks.likelihood} * ${risks.impact}`), asc(risks.createdAt));
  if (rows.length === 0) return byAsset;
  const { config } = await getRiskMatrix(db, organizationId);
  for (const r of rows) {
    const score = r.likelihood * r.impact;
    const { key, label, color } = levelOfScore(config, score);
    const list = byAsset.get(r.assetId) ?? [];
    list.push({ id: r.id, title: r.title, score, level: { key, label, color } });
    byAsset.set(r.assetId, list);
  }
  return byAsset;
}

/** The company's register, highest current score first. */
export async function listRisks(
  db: DbOrTx,
  organizationId: string,
  filter: { status?: RiskStatus | undefined; assetId?: string | undefined } = {},
): Promise<RiskDetail[]> {
  const list = await db
    .select()
    .from(risks)
    .where(
      and(
        eq(risks.organizationId, organizationId),
        filter.status ? eq(risks.status, filter.status) : undefined,
        filter.assetId
          ? inArray(
              risks.id,
              db
                .select({ id: riskAssets.riskId })
                .from(riskAssets)
                .where(eq(riskAssets.assetId, filter.assetId)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(sql`${risks.likelihood} * ${risks.impact}`), asc(risks.createdAt));
  return detailsOf(db, organizationId, list);
}

export async function getRisk(db: DbOrTx, organizationId: string, id: string): Promise<RiskDetail> {
  const [risk] = await db
    .select()
    .from(risks)
    .where(and(eq(risks.id, id), eq(risks.organizationId, organizationId)));
  if (!risk) throw new AppError('not_found');
  const [detail] = await detailsOf(db, organizationId, [risk]);
  return detail!;
}

type RiskState = Pick<
  Risk,
  'likelihood' | 'impact' | 'residualLikelihood' | 'residualImpact' | 'ownerUserId' | 'ownerName'
>;

/** Ratings must sit on the company's matrix; the residual pair is all or nothing; one kind of owner. */
async function ratingAndOwnerIssues(
  db: DbOrTx,
  organizationId: string,
  state: RiskState,
  locale: Locale,
): Promise<Issue[]> {
  const t = riskMessages(locale);
  const { config } = await getRiskMatrix(db, organizationId);
  const issues: Issue[] = [];
  const axes = [
    ['likelihood', state.likelihood, maxLikelihood(config)],
    ['impact', state.impact, maxImpact(config)],
    ['residualLikelihood', state.residualLikelihood, maxLikelihood(config)],
    ['residualImpact', state.residualImpact, maxImpact(config)],
  ] as const;
  for (const [field, value, max] of axes) {
    if (value !== null && value > max)
      issues.push(bodyIssue([field], 'outside_matrix', t.outsideMatrix(max)));
  }
  if ((state.residualLikelihood === null) !== (state.residualImpact === null)) {
    const missing = state.residualLikelihood === null ? 'residualLikelihood' : 'residualImpact';
    issues.push(bodyIssue([missing], 'residual_pair', t.residualPair));
  }
  if (state.ownerUserId && state.ownerName) {
    issues.push(bodyIssue(['ownerName'], 'owner_one_of', t.ownerOneOf));
  } else if (
    state.ownerUserId &&
    !(await memberNamesOf(db, organizationId)).has(state.ownerUserId)
  ) {
    issues.push(bodyIssue(['ownerUserId'], 'not_member', t.ownerNotMember));
  }
  return issues;
}

async function replaceRiskAssets(
  db: DbOrTx,
  organizationId: string,
  riskId: string,
  assetIds: string[],
  locale: Locale,
): Promise<void> {
  const refs = await requireAssetRefs(db, organizationId, assetIds, 'assetIds', locale);
  await db.delete(riskAssets).where(eq(riskAssets.riskId, riskId));
  if (refs.length > 0) {
    await db.insert(riskAssets).values(refs.map((a) => ({ riskId, assetId: a.id })));
  }
}

const nullable = <T>(v: T | null | undefined): T | null => v ?? null;

/** Adds a risk to the company's register; run it in a transaction. */
export async function createRisk(
  db: DbOrTx,
  organizationId: string,
  input: CreateRiskRequest & { starterKey?: string | undefined },
  locale: Locale,
): Promise<RiskDetail> {
  const values = {
    organizationId,
    title: input.title,
    threat: input.threat,
    vulnerability: input.vulnerability,
    likelihood: input.likelihood,
    impact: input.impact,
    residualLikelihood: nullable(input.residualLikelihood),
    residualImpact: nullable(input.residualImpact),
    treatment: nullable(input.treatment),
    treatmentPlan: input.treatmentPlan,
    ownerUserId: nullable(input.ownerUserId),
    ownerName: input.ownerName || null,
    dueOn: nullable(input.dueOn),
    status: input.status,
    starterKey: input.starterKey ?? null,
  };
  throwIfIssues(await ratingAndOwnerIssues(db, organizationId, values, locale));
  const [risk] = await db.insert(risks).values(values).returning();
  if (!risk) throw new Error('risk insert returned nothing');
  await replaceRiskAssets(db, organizationId, risk.id, input.assetIds, locale);
  return getRisk(db, organizationId, risk.id);
}

/** Changes a risk; assetIds, when given, replaces its affected assets. Run it in a transaction. */
export async function updateRisk(
  db: DbOrTx,
  organizationId: string,
  id: string,
  changes: UpdateRiskRequest,
  locale: Locale,
): Promise<RiskDetail> {
  const current = await getRisk(db, organizationId, id);
  const { assetIds, ...fields } = changes;
  // Naming one kind of owner replaces the other kind.
  const set = {
    ...fields,
    ...(fields.ownerName !== undefined ? { ownerName: fields.ownerName || null } : {}),
    ...(fields.ownerUserId && fields.ownerName === undefined ? { ownerName: null } : {}),
    ...(fields.ownerName && fields.ownerUserId === undefined ? { ownerUserId: null } : {}),
  };
  throwIfIssues(await ratingAndOwnerIssues(db, organizationId, { ...current, ...set }, locale));
  await db
    .update(risks)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(risks.id, id), eq(risks.organizationId, organizationId)));
  if (assetIds !== undefined) await replaceRiskAssets(db, organizationId, id, assetIds, locale);
  return getRisk(db, organizationId, id);
}

export async function deleteRisk(db: DbOrTx, organizationId: string, id: string): Promise<Risk> {
  const [deleted] = await db
    .delete(risks)
    .where(and(eq(risks.id, id), eq(risks.organizationId, organizationId)))
    .returning();
  if (!deleted) throw new AppError('not_found');
  return deleted;
}

type CellCounts = { likelihood: number; impact: number; n: number }[];

function cellsOf(matrix: RiskMatrixConfig, counts: CellCounts) {
  return matrix.likelihood.flatMap((l) =>
    matrix.impact.map((i) => {
      const score = l.level * i.level;
      const level = levelOfScore(matrix, score);
      const found = counts.find((c) => c.likelihood === l.level && c.impact === i.level);
      return {
        likelihood: l.level,
        impact: i.level,
        score,
        levelKey: level.key,
        color: level.color,
        count: found?.n ?? 0,
      };
    }),
  );
}

/** Counts of open risks per matrix cell, now and after treatment; closed risks are left out. */
export async function buildHeatMap(db: DbOrTx, organizationId: string): Promise<HeatMapView> {
  const { config } = await getRiskMatrix(db, organizationId);
  const open = and(eq(risks.organizationId, organizationId), ne(risks.status, 'closed'));
  const current: CellCounts = await db
    .select({ likelihood: risks.likelihood, impact: risks.impact, n: count() })
    .from(risks)
    .where(open)
    .groupBy(risks.likelihood, risks.impact);
  const residualRows = await db
    .select({ likelihood: risks.residualLikelihood, impact: risks.residualImpact, n: count() })
    .from(risks)
    .where(and(open, isNotNull(risks.residualLikelihood), isNotNull(risks.residualImpact)))
    .groupBy(risks.residualLikelihood, risks.residualImpact);
  const residual: CellCounts = residualRows.flatMap((r) =>
    r.likelihood !== null && r.impact !== null
      ? [{ likelihood: r.likelihood, impact: r.impact, n: r.n }]
      : [],
  );
  const onMatrix = (c: CellCounts) => c.filter((x) => fitsMatrix(config, x.likelihood, x.impact));
  const total = (c: CellCounts) => onMatrix(c).reduce((sum, x) => sum + x.n, 0);
  return {
    likelihood: config.likelihood.map((l) => ({ level: l.level, label: l.label })),
    impact: config.impact.map((i) => ({ level: i.level, label: i.label })),
    levels: config.levels,
    current: { total: total(current), cells: cellsOf(config, current) },
    residual: { total: total(residual), cells: cellsOf(config, residual) },
  };
}

/** Starter keys the company has already taken into its register. */
export async function listAdoptedRiskKeys(
  db: DbOrTx,
  organizationId: string,
): Promise<Set<string>> {
  const rows = await db
    .select({ key: risks.starterKey })
    .from(risks)
    .where(and(eq(risks.organizationId, organizationId), isNotNull(risks.starterKey)));
  return new Set(rows.flatMap((r) => (r.key ? [r.key] : [])));
}
