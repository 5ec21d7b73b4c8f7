import { z } from 'zod';
import { assetTypeSchema, hoursSchema } from '../../../contracts/assets';
import { bcpPlanFacts, systemFacts } from '../../../contracts/bcp';
import { createProcessRequest } from '../../../contracts/impact';
import type { DbOrTx } from '../../db/client';
import { ContentError, loadContent } from '../../content/loader';
import { createAsset } from '../assets/service';
import { createProcess } from '../impact/service';
import { setSystemFacts, updatePlan } from './service';

const demoBcpSchema = z.strictObject({
  /** The demo company (by name in content/demo/program.yaml) that gets this BIA and IT-BCP. */
  company: z.string().min(1),
  systems: z.array(
    z.strictObject({
      name: z.string().min(1),
      type: assetTypeSchema,
      owner: z.string().default(''),
      location: z.string().default(''),
      rtoHours: hoursSchema.nullable().default(null),
      rpoHours: hoursSchema.nullable().default(null),
      facts: systemFacts.optional(),
    }),
  ),
  processes: z.array(
    createProcessRequest.omit({ dependencyAssetIds: true }).extend({
      dependsOn: z.array(z.string().min(1)).default([]),
    }),
  ),
  plan: bcpPlanFacts,
});
export type DemoBcp = z.infer<typeof demoBcpSchema>;

const FILE = 'demo/bcp.yaml';

/** The demo company's BIA and IT-BCP facts, validated (processes name only systems listed in the file). */
let cached: DemoBcp | undefined;

export function loadBcpDemo(): DemoBcp {
  if (cached) return cached;
  const content = loadContent(FILE, demoBcpSchema);
  const names = new Set(content.systems.map((s) => s.name));
  const unknown = content.processes.flatMap((p) => p.dependsOn.filter((d) => !names.has(d)));
  if (unknown.length > 0)
    throw new ContentError(`Invalid content:\n  ${FILE}: unknown systems ${unknown.join(', ')}`);
  cached = content;
  return content;
}

/** Gives the demo IT-BCP company its systems, business impact analysis and IT-BCP facts. */
export async function seedBcpDemo(
  tx: DbOrTx,
  company: { id: string; name: string },
): Promise<void> {
  const demo = loadBcpDemo();
  if (demo.company !== company.name) return;
  const ids = new Map<string, string>();
  for (const s of demo.systems) {
    const asset = await createAsset(
      tx,
      company.id,
      {
        name: s.name,
        type: s.type,
        owner: s.owner,
        location: s.location,
        rtoHours: s.rtoHours,
        rpoHours: s.rpoHours,
        notes: '',
        linkedAssetIds: [],
      },
      'ja',
    );
    ids.set(s.name, asset.id);
    if (s.facts) await setSystemFacts(tx, company.id, asset.id, s.facts);
  }
  for (const { dependsOn, ...p } of demo.processes) {
    await createProcess(
      tx,
      company.id,
      { ...p, dependencyAssetIds: dependsOn.map((n) => ids.get(n)!) },
      'ja',
    );
  }
  await updatePlan(tx, company.id, demo.plan, 'ja');
}
