import { and, eq } from 'drizzle-orm';
import {
  bcpPlanFacts,
  systemFacts as systemFactsSchema,
  type BcpOverviewView,
  type BcpPlanFacts,
  type BcpSystemView,
  type SystemFacts,
  type UpdateBcpPlanRequest,
} from '../../../contracts/bcp';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { bodyIssue, throwIfIssues } from '../../lib/issues';
import { getAssetRecoveryRefs, type AssetRecoveryRef } from '../assets/service';
import { listProcessesWithDependencies } from '../impact/service';
import { bcpMessages } from './messages';
import {
  contactTreeProblems,
  findGaps,
  findMissing,
  requiredTargets,
  type Gap,
  type MissingFact,
  type ProcessTarget,
  type SystemState,
} from './rules';
import { bcpPlans, bcpSystemFacts } from './tables';

export const emptyPlan = (): BcpPlanFacts => bcpPlanFacts.parse({});

/** The company's plan-wide facts; an empty plan when nothing has been recorded. */
export async function getPlanFacts(
  db: DbOrTx,
  organizationId: string,
): Promise<{ facts: BcpPlanFacts; updatedAt: Date | null }> {
  const [row] = await db.select().from(bcpPlans).where(eq(bcpPlans.organizationId, organizationId));
  // Parsing fills sections added to the contract after the row was written.
  return row
    ? { facts: bcpPlanFacts.parse(row.facts), updatedAt: row.updatedAt }
    : { facts: emptyPlan(), updatedAt: null };
}

/** Replaces the sections given and keeps the others; a contact tree that is not a tree changes nothing. */
export async function updatePlan(
  db: DbOrTx,
  organizationId: string,
  changes: UpdateBcpPlanRequest,
  locale: Locale,
): Promise<BcpPlanFacts> {
  if (changes.contacts) {
    const t = bcpMessages(locale);
    throwIfIssues(
      contactTreeProblems(changes.contacts).map((p) =>
        bodyIssue(
          ['contacts', p.index, p.code === 'duplicate_id' ? 'id' : 'calledBy'],
          p.code,
          t.contactProblem(p),
        ),
      ),
    );
  }
  const current = await getPlanFacts(db, organizationId);
  const defined = Object.fromEntries(
    Object.entries(changes).filter(([, v]) => v !== undefined),
  ) as Partial<BcpPlanFacts>;
  const facts: BcpPlanFacts = { ...current.facts, ...defined };
  const now = new Date();
  await db
    .insert(bcpPlans)
    .values({ organizationId, facts, updatedAt: now })
    .onConflictDoUpdate({ target: bcpPlans.organizationId, set: { facts, updatedAt: now } });
  return facts;
}

async function requireSystem(
  db: DbOrTx,
  organizationId: string,
  assetId: string,
): Promise<AssetRecoveryRef> {
  const [asset] = await getAssetRecoveryRefs(db, organizationId, [assetId]);
  if (!asset) throw new AppError('not_found');
  return asset;
}

/** Records what the company knows about backing up and recovering one system of its inventory. */
export async function setSystemFacts(
  db: DbOrTx,
  organizationId: string,
  assetId: string,
  facts: SystemFacts,
): Promise<AssetRecoveryRef> {
  const asset = await requireSystem(db, organizationId, assetId);
  const now = new Date();
  await db
    .insert(bcpSystemFacts)
    .values({ organizationId, assetId, facts, updatedAt: now })
    .onConflictDoUpdate({
      target: [bcpSystemFacts.organizationId, bcpSystemFacts.assetId],
      set: { facts, updatedAt: now },
    });
  return asset;
}

export async function deleteSystemFacts(
  db: DbOrTx,
  organizationId: string,
  assetId: string,
): Promise<AssetRecoveryRef> {
  const asset = await requireSystem(db, organizationId, assetId);
  const deleted = await db
    .delete(bcpSystemFacts)
    .where(
      and(eq(bcpSystemFacts.organizationId, organizationId), eq(bcpSystemFacts.assetId, assetId)),
    )
    .returning({ assetId: bcpSystemFacts.assetId });
  if (deleted.length === 0) throw new AppError('not_found');
  return asset;
}

export interface BcpSystem extends SystemState {
  asset: AssetRecoveryRef;
  updatedAt: Date | null;
}

export interface BcpState {
  plan: BcpPlanFacts;
  planUpdatedAt: Date | null;
  processes: (ProcessTarget & { mtdHours: number | null; dependencies: AssetRecoveryRef[] })[];
  systems: BcpSystem[];
  gaps: Gap[];
  missing: MissingFact[];
}

/**
 * Everything the plan is built from: the facts, the BIA's processes in recovery order, the systems
 * they depend on (and any other system with recorded facts) in the order they must come back, and
 * the gaps and missing facts found in them.
 */
export async function loadBcpState(
  db: DbOrTx,
  organizationId: string,
  now = new Date(),
): Promise<BcpState> {
  const { facts: plan, updatedAt } = await getPlanFacts(db, organizationId);
  const processes = await listProcessesWithDependencies(db, organizationId);
  const factRows = await db
    .select()
    .from(bcpSystemFacts)
    .where(eq(bcpSystemFacts.organizationId, organizationId));
  const factsByAsset = new Map(factRows.map((r) => [r.assetId, r]));

  const systems = new Map<string, BcpSystem>();
  const add = (asset: AssetRecoveryRef) => {
    const existing = systems.get(asset.id);
    if (existing) return existing;
    const row = factsByAsset.get(asset.id);
    const system: BcpSystem = {
      asset,
      processes: [],
      facts: row ? systemFactsSchema.parse(row.facts) : null,
      updatedAt: row?.updatedAt ?? null,
    };
    systems.set(asset.id, system);
    return system;
  };
  // Processes come in recovery order, so systems do too: a system first needed by priority 1 comes first.
  for (const p of processes) {
    for (const d of p.dependencies) {
      add(d).processes.push({
        id: p.id,
        name: p.name,
        rtoHours: p.rtoHours,
        rpoHours: p.rpoHours,
        recoveryPriority: p.recoveryPriority,
      });
    }
  }
  const extra = await getAssetRecoveryRefs(
    db,
    organizationId,
    factRows.map((r) => r.assetId).filter((id) => !systems.has(id)),
  );
  for (const asset of extra.sort((a, b) => a.name.localeCompare(b.name, 'ja'))) add(asset);

  // Within the systems first needed by the same process, the one that must be back soonest first.
  const firstNeed = new Map([...systems.keys()].map((id, i) => [id, i]));
  const order = (s: BcpSystem) =>
    processes.findIndex((p) => p.dependencies.some((d) => d.id === s.asset.id));
  const list = [...systems.values()].sort((a, b) => {
    const [pa, pb] = [order(a), order(b)];
    if (pa !== pb) return (pa < 0 ? Infinity : pa) - (pb < 0 ? Infinity : pb);
    const [ra, rb] = [requiredTargets(a).rtoHours, requiredTargets(b).rtoHours];
    if (ra !== rb) return (ra ?? Infinity) - (rb ?? Infinity);
    const [oa, ob] = [a.asset.rtoHours, b.asset.rtoHours];
    if (oa !== ob) return (oa ?? Infinity) - (ob ?? Infinity);
    return firstNeed.get(a.asset.id)! - firstNeed.get(b.asset.id)!;
  });
  const targets: ProcessTarget[] = processes.map((p) => ({
    id: p.id,
    name: p.name,
    rtoHours: p.rtoHours,
    rpoHours: p.rpoHours,
    recoveryPriority: p.recoveryPriority,
  }));
  return {
    plan,
    planUpdatedAt: updatedAt,
    processes: processes.map((p) => ({
      id: p.id,
      name: p.name,
      rtoHours: p.rtoHours,
      rpoHours: p.rpoHours,
      recoveryPriority: p.recoveryPriority,
      mtdHours: p.mtdHours,
      dependencies: p.dependencies,
    })),
    systems: list,
    gaps: findGaps(plan, list, now),
    missing: findMissing(plan, targets, list),
  };
}

/** The IT-BCP facts with gaps and missing facts, worded in the caller's language. */
export async function getBcpOverview(
  db: DbOrTx,
  organizationId: string,
  locale: Locale,
  now = new Date(),
): Promise<BcpOverviewView> {
  const state = await loadBcpState(db, organizationId, now);
  const t = bcpMessages(locale);
  return {
    plan: state.plan,
    updatedAt: state.planUpdatedAt?.toISOString() ?? null,
    systems: state.systems.map((s): BcpSystemView => ({
      asset: {
        id: s.asset.id,
        name: s.asset.name,
        type: s.asset.type,
        rtoHours: s.asset.rtoHours,
        rpoHours: s.asset.rpoHours,
      },
      requiredRtoHours: requiredTargets(s).rtoHours,
      requiredRpoHours: requiredTargets(s).rpoHours,
      processes: s.processes.map(({ id, name }) => ({ id, name })),
      facts: s.facts,
      updatedAt: s.updatedAt?.toISOString() ?? null,
    })),
    gaps: state.gaps.map((g) => ({
      code: g.code,
      severity: g.severity,
      section: g.section,
      assetId: g.assetId,
      processId: g.processId,
      message: t.gap(g),
    })),
    missing: state.missing.map((m) => ({ section: m.section, message: t.missing(m) })),
  };
}
