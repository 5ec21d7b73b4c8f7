import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Locale } from '../../../contracts/common';
import {
  horizonHours,
  impactHorizons,
  impactLevels,
  impactTypes,
  type CreateProcessRequest,
  type ImpactSummaryView,
  type UpdateProcessRequest,
} from '../../../contracts/impact';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { isUniqueViolation } from '../../lib/db-errors';
import { bodyIssue, throwIfIssues } from '../../lib/issues';
import { getAssetRecoveryRefs, requireAssetRefs, type AssetRecoveryRef } from '../assets/service';
import { loadImpactContent } from './content';
import { impactMessages } from './messages';
import { overallImpact, processProblems } from './rules';
import { businessProcesses, processDependencies } from './tables';

export type BusinessProcess = typeof businessProcesses.$inferSelect;
export type ProcessDependency = AssetRecoveryRef;
export interface ProcessWithDependencies extends BusinessProcess {
  dependencies: ProcessDependency[];
}

async function dependenciesOf(
  db: DbOrTx,
  organizationId: string,
  processIds: string[],
): Promise<Map<string, ProcessDependency[]>> {
  const result = new Map<string, ProcessDependency[]>(processIds.map((id) => [id, []]));
  if (processIds.length === 0) return result;
  const links = await db
    .select()
    .from(processDependencies)
    .where(inArray(processDependencies.processId, processIds));
  const assets = new Map(
    (
      await getAssetRecoveryRefs(
        db,
        organizationId,
        links.map((l) => l.assetId),
      )
    ).map((a) => [a.id, a]),
  );
  for (const link of links) {
    const asset = assets.get(link.assetId);
    if (asset) result.get(link.processId)?.push(asset);
  }
  for (const list of result.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'ja'));
  return result;
}

const recoveryOrder = [
  sql`${businessProcesses.recoveryPriority} asc nulls last`,
  sql`${businessProcesses.rtoHours} asc nulls last`,
  asc(businessProcesses.name),
];

/**
 * The company's business processes in recovery order, each with the assets it depends on and their own
 * RTO/RPO. The IT-BCP work reads the BIA through this.
 */
export async function listProcessesWithDependencies(
  db: DbOrTx,
  organizationId: string,
): Promise<ProcessWithDependencies[]> {
  const list = await db
    .select()
    .from(businessProcesses)
    .where(eq(businessProcesses.organizationId, organizationId))
    .orderBy(...recoveryOrder);
  const deps = await dependenciesOf(
    db,
    organizationId,
    list.map((p) => p.id),
  );
  return list.map((p) => ({ ...p, dependencies: deps.get(p.id) ?? [] }));
}

export async function getProcess(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<ProcessWithDependencies> {
  const [process] = await db
    .select()
    .from(businessProcesses)
    .where(and(eq(businessProcesses.id, id), eq(businessProcesses.organizationId, organizationId)));
  if (!process) throw new AppError('not_found');
  const deps = await dependenciesOf(db, organizationId, [id]);
  return { ...process, dependencies: deps.get(id) ?? [] };
}

type ProcessState = Pick<BusinessProcess, 'mtdHours' | 'rtoHours' | 'impacts'>;

function assertConsistent(state: ProcessState, locale: Locale): void {
  const t = impactMessages(locale);
  throwIfIssues(
    processProblems(state).map((p) =>
      bodyIssue(
        p.path,
        p.code,
        p.code === 'rto_exceeds_mtd' ? t.rtoExceedsMtd(p.mtdHours) : t.impactDecreases,
      ),
    ),
  );
}

async function assertNameFree(
  db: DbOrTx,
  organizationId: string,
  name: string,
  exceptId: string | undefined,
  locale: Locale,
): Promise<void> {
  const [clash] = await db
    .select({ id: businessProcesses.id })
    .from(businessProcesses)
    .where(
      and(
        eq(businessProcesses.organizationId, organizationId),
        eq(businessProcesses.name, name),
        exceptId ? ne(businessProcesses.id, exceptId) : undefined,
      ),
    );
  if (clash) throw nameTaken(name, locale);
}

const nameTaken = (name: string, locale: Locale) =>
  new AppError('conflict', {
    issues: [bodyIssue(['name'], 'name_taken', impactMessages(locale).nameTaken(name))],
  });

async function replaceDependencies(
  db: DbOrTx,
  organizationId: string,
  processId: string,
  assetIds: string[],
  locale: Locale,
): Promise<void> {
  const refs = await requireAssetRefs(db, organizationId, assetIds, 'dependencyAssetIds', locale);
  await db.delete(processDependencies).where(eq(processDependencies.processId, processId));
  if (refs.length > 0) {
    await db.insert(processDependencies).values(refs.map((a) => ({ processId, assetId: a.id })));
  }
}

/** Adds a business process to the company's BIA; run it in a transaction. */
export async function createProcess(
  db: DbOrTx,
  organizationId: string,
  input: CreateProcessRequest & { starterKey?: string | undefined },
  locale: Locale,
): Promise<ProcessWithDependencies> {
  const values = {
    organizationId,
    name: input.name,
    description: input.description,
    owner: input.owner,
    impacts: input.impacts,
    mtdHours: input.mtdHours ?? null,
    rtoHours: input.rtoHours ?? null,
    rpoHours: input.rpoHours ?? null,
    recoveryPriority: input.recoveryPriority ?? null,
    starterKey: input.starterKey ?? null,
  };
  assertConsistent(values, locale);
  await assertNameFree(db, organizationId, input.name, undefined, locale);
  let process: BusinessProcess | undefined;
  try {
    [process] = await db.insert(businessProcesses).values(values).returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name, locale);
    throw err;
  }
  if (!process) throw new Error('business process insert returned nothing');
  await replaceDependencies(db, organizationId, process.id, input.dependencyAssetIds, locale);
  return getProcess(db, organizationId, process.id);
}

/** Changes a business process; dependencyAssetIds, when given, replaces its dependencies. */
export async function updateProcess(
  db: DbOrTx,
  organizationId: string,
  id: string,
  changes: UpdateProcessRequest,
  locale: Locale,
): Promise<ProcessWithDependencies> {
  const current = await getProcess(db, organizationId, id);
  const { dependencyAssetIds, ...fields } = changes;
  assertConsistent({ ...current, ...fields }, locale);
  if (fields.name !== undefined) await assertNameFree(db, organizationId, fields.name, id, locale);
  try {
    await db
      .update(businessProcesses)
      .set({ ...fields, updatedAt: new Date() })
      .where(
        and(eq(businessProcesses.id, id), eq(businessProcesses.organizationId, organizationId)),
      );
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(fields.name ?? current.name, locale);
    throw err;
  }
  if (dependencyAssetIds !== undefined) {
    await replaceDependencies(db, organizationId, id, dependencyAssetIds, locale);
  }
  return getProcess(db, organizationId, id);
}

export async function deleteProcess(
  db: DbOrTx,
  organizationId: string,
  id: string,
): Promise<BusinessProcess> {
  const [deleted] = await db
    .delete(businessProcesses)
    .where(and(eq(businessProcesses.id, id), eq(businessProcesses.organizationId, organizationId)))
    .returning();
  if (!deleted) throw new AppError('not_found');
  return deleted;
}

/** Dependencies that by their own objectives would come back later, or lose more data, than the process allows. */
function recoveryGaps(p: ProcessWithDependencies) {
  return p.dependencies.flatMap((d) =>
    (['rtoHours', 'rpoHours'] as const).flatMap((field) => {
      const assetHours = d[field];
      const processHours = p[field];
      return assetHours !== null && processHours !== null && assetHours > processHours
        ? [{ assetId: d.id, assetName: d.name, field, assetHours, processHours }]
        : [];
    }),
  );
}

/** The BIA ready for charts: processes in recovery order with RTO/RPO/MTD, and impact over time. */
export async function summarizeImpact(
  db: DbOrTx,
  organizationId: string,
): Promise<ImpactSummaryView> {
  const { scales } = loadImpactContent();
  const processes = await listProcessesWithDependencies(db, organizationId);
  return {
    horizons: impactHorizons.map((key) => ({
      key,
      hours: horizonHours[key],
      label: scales.horizons[key],
    })),
    impactTypes: impactTypes.map((key) => ({ key, label: scales.impactTypes[key] })),
    levels: impactLevels.map((key) => ({ key, ...scales.levels[key] })),
    processes: processes.map((p) => ({
      id: p.id,
      name: p.name,
      recoveryPriority: p.recoveryPriority,
      mtdHours: p.mtdHours,
      rtoHours: p.rtoHours,
      rpoHours: p.rpoHours,
      dependencies: p.dependencies.map(({ id, name, type }) => ({ id, name, type })),
      overall: overallImpact(p.impacts),
      impacts: p.impacts,
      gaps: recoveryGaps(p),
    })),
  };
}

/** What the company already has, for starter adoption: processes by starter key and by name. */
export async function listProcessIndex(
  db: DbOrTx,
  organizationId: string,
): Promise<{ starterKeys: Set<string>; names: Set<string> }> {
  const rows = await db
    .select({ name: businessProcesses.name, key: businessProcesses.starterKey })
    .from(businessProcesses)
    .where(eq(businessProcesses.organizationId, organizationId));
  return {
    starterKeys: new Set(rows.flatMap((r) => (r.key ? [r.key] : []))),
    names: new Set(rows.map((r) => r.name)),
  };
}
