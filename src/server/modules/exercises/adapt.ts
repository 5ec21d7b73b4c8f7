import type { LocalizedText } from '../../../contracts/localized';
import type { CheckpointId, PlaceholderKey } from '../../../contracts/exercises';
import type { DbOrTx } from '../../db/client';
import { listAllAssets } from '../assets/service';
import { listProcessesWithDependencies } from '../impact/service';
import { getOrganization } from '../organizations/service';
import type { ScenarioContent, ScenarioInject } from './scenario';

/** An inject of an exercise: from the scenario, or carried over as a retest of an earlier exercise. */
export type SnapshotInject = ScenarioInject & {
  retestOf?: { exerciseId: string; actionId: string; checkpointId: CheckpointId | null };
};

/** The scenario as copied into an exercise: everything but the id is already adapted to the company. */
export interface ExerciseSnapshot {
  id: string;
  course: ScenarioContent['course'];
  title: LocalizedText;
  summary: LocalizedText;
  objectives: LocalizedText[];
  durationMinutes: number;
  roles: ScenarioContent['roles'];
  phases: ScenarioContent['phases'];
  attackerSteps: ScenarioContent['attackerSteps'];
  injects: SnapshotInject[];
  /** What each placeholder was replaced with, for the documents. */
  placeholders: Record<string, LocalizedText>;
}

const defaults: Record<PlaceholderKey, LocalizedText> = {
  'company.name': { ja: '当社', en: 'the company' },
  'process.critical': { ja: '受注・出荷業務', en: 'order handling and shipping' },
  'process.second': { ja: '経理・支払業務', en: 'accounting and payments' },
  'system.core': { ja: '基幹業務システム', en: 'the core business system' },
  'system.email': { ja: 'メールサービス', en: 'the e-mail service' },
  'system.files': { ja: 'ファイルサーバ', en: 'the file server' },
  'system.backup': { ja: 'バックアップ装置', en: 'the backup unit' },
  'system.remote': { ja: 'リモート保守用 VPN 装置', en: 'the remote-maintenance VPN appliance' },
  'system.website': { ja: '自社ウェブサイト', en: 'the company website' },
  'vendor.maintenance': { ja: 'IT 保守委託先', en: 'the IT maintenance vendor' },
  'rto.critical': { ja: '24 時間', en: '24 hours' },
};

const same = (name: string): LocalizedText => ({ ja: name, en: name });

function hours(h: number): LocalizedText {
  const n = Number.isInteger(h) ? String(h) : h.toFixed(1);
  return { ja: `${n} 時間`, en: `${n} hour${h === 1 ? '' : 's'}` };
}

/**
 * The company's own names for the placeholders: organisation name, its BIA processes in recovery
 * order, and inventory assets recognised by their starter key or type. Anything unknown keeps a default.
 */
export async function resolvePlaceholders(
  db: DbOrTx,
  organizationId: string,
): Promise<Record<PlaceholderKey, LocalizedText>> {
  const values = { ...defaults };
  const org = await getOrganization(db, organizationId);
  values['company.name'] = same(org.name);
  const processes = await listProcessesWithDependencies(db, organizationId);
  const assets = await listAllAssets(db, organizationId);
  const byStarter = new Map(assets.flatMap((a) => (a.starterKey ? [[a.starterKey, a]] : [])));
  const [critical, second] = processes;
  if (critical) {
    values['process.critical'] = same(critical.name);
    if (critical.rtoHours !== null) values['rto.critical'] = hours(critical.rtoHours);
    const system = critical.dependencies.find((d) => d.type === 'system');
    if (system) values['system.core'] = same(system.name);
  }
  if (second) values['process.second'] = same(second.name);
  const pick = (key: PlaceholderKey, ...starterKeys: string[]) => {
    for (const k of starterKeys) {
      const asset = byStarter.get(k);
      if (asset) {
        values[key] = same(asset.name);
        return;
      }
    }
  };
  if (!critical?.dependencies.some((d) => d.type === 'system')) {
    pick('system.core', 'core-business-system', 'production-management-system');
  }
  pick('system.email', 'email-service');
  pick('system.files', 'file-server', 'cloud-storage');
  pick('system.backup', 'offline-backup');
  pick('system.remote', 'vpn-utm');
  pick('system.website', 'website-hosting');
  pick('vendor.maintenance', 'it-maintenance-vendor');
  if (!byStarter.has('it-maintenance-vendor')) {
    const vendor = assets.find((a) => a.type === 'vendor');
    if (vendor) values['vendor.maintenance'] = same(vendor.name);
  }
  return values;
}

const pattern = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;

function substitute<T>(value: T, values: Record<string, LocalizedText>, lang?: 'ja' | 'en'): T {
  if (typeof value === 'string') {
    if (!lang) return value;
    return value.replace(pattern, (whole, key: string) => values[key]?.[lang] ?? whole) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => substitute(v, values, lang)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Only text inside a {ja, en} pair is language text; ids and enums are left alone.
      const childLang = k === 'ja' || k === 'en' ? k : lang;
      out[k] = substitute(v, values, childLang);
    }
    return out as T;
  }
  return value;
}

/** Copies the scenario with the company's names in place of the placeholders. */
export function adaptScenario(
  scenario: ScenarioContent,
  values: Record<string, LocalizedText>,
): ExerciseSnapshot {
  return {
    id: scenario.id,
    course: scenario.course,
    title: substitute(scenario.title, values),
    summary: substitute(scenario.summary, values),
    objectives: substitute(scenario.objectives, values),
    durationMinutes: scenario.durationMinutes,
    roles: [...scenario.roles],
    phases: substitute(scenario.phases, values),
    attackerSteps: substitute(scenario.attackerSteps, values),
    injects: substitute(scenario.injects, values),
    placeholders: values,
  };
}
