import type { BcpGapCode, BcpPlanFacts, SystemFacts } from '../../../contracts/bcp';
import type { PlanSectionKey } from './content';

// The IT-BCP checks, kept free of the database so each rule can be tested on its own.

export interface ProcessTarget {
  id: string;
  name: string;
  rtoHours: number | null;
  rpoHours: number | null;
  recoveryPriority: number | null;
}

export interface SystemState {
  asset: { id: string; name: string; rtoHours: number | null; rpoHours: number | null };
  /** Processes of the BIA that depend on the system. */
  processes: ProcessTarget[];
  facts: SystemFacts | null;
}

export type Gap =
  | GapBase<
      'backup_interval_exceeds_rpo',
      { system: string; backupHours: number; rpoHours: number }
    >
  | GapBase<'single_administrator', { system: string; administrators: number; rtoHours: number }>
  | GapBase<'no_offline_backup', { system: string }>
  | GapBase<'restore_test_stale', { system: string; lastTestedOn: string | null }>
  | GapBase<
      'dependency_slower_than_process',
      { process: string; system: string; systemHours: number; processHours: number }
    >
  | GapBase<'no_activation_decider', { who: 'decider' | 'deputy' }>
  | GapBase<'missing_contact_numbers', { names: string[] }>;

interface GapBase<C extends BcpGapCode, P> {
  code: C;
  severity: 'high' | 'medium';
  section: PlanSectionKey;
  assetId: string | null;
  processId: string | null;
  params: P;
}

/** A system's RTO is short when it must be back within a day. */
export const SHORT_RTO_HOURS = 24;
/** A restore test older than this many months no longer proves the backup can be restored. */
export const RESTORE_TEST_MONTHS = 12;

const minOf = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? Math.min(...known) : null;
};

/** The tightest recovery targets a system must meet: its own, and those of the processes depending on it. */
export function requiredTargets(s: SystemState): {
  rtoHours: number | null;
  rpoHours: number | null;
} {
  return {
    rtoHours: minOf([s.asset.rtoHours, ...s.processes.map((p) => p.rtoHours)]),
    rpoHours: minOf([s.asset.rpoHours, ...s.processes.map((p) => p.rpoHours)]),
  };
}

/** Whether anything about the system's backups has been recorded. */
export function hasBackupFacts(f: SystemFacts): boolean {
  return f.backupMethod !== '' || f.backupFrequencyHours !== null || f.backupLocations.length > 0;
}

function monthsBefore(date: Date, months: number): string {
  const d = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, date.getUTCDate()),
  );
  return d.toISOString().slice(0, 10);
}

function systemGaps(s: SystemState, now: Date): Gap[] {
  const f = s.facts;
  const gaps: Gap[] = [];
  // How long the system really takes to come back: the tested restore time, else its own RTO.
  const systemHours = f?.restoreHours ?? s.asset.rtoHours;
  if (systemHours !== null) {
    for (const p of s.processes) {
      if (p.rtoHours !== null && systemHours > p.rtoHours) {
        gaps.push({
          code: 'dependency_slower_than_process',
          severity: 'high',
          section: 'bia',
          assetId: s.asset.id,
          processId: p.id,
          params: { process: p.name, system: s.asset.name, systemHours, processHours: p.rtoHours },
        });
      }
    }
  }
  if (!f) return gaps;
  const target = requiredTargets(s);
  const system = s.asset.name;
  const base = { assetId: s.asset.id, processId: null };
  if (
    f.backupFrequencyHours !== null &&
    target.rpoHours !== null &&
    f.backupFrequencyHours > target.rpoHours
  ) {
    gaps.push({
      ...base,
      code: 'backup_interval_exceeds_rpo',
      severity: 'high',
      section: 'recovery',
      params: { system, backupHours: f.backupFrequencyHours, rpoHours: target.rpoHours },
    });
  }
  if (
    f.administratorCount !== null &&
    f.administratorCount <= 1 &&
    target.rtoHours !== null &&
    target.rtoHours <= SHORT_RTO_HOURS
  ) {
    gaps.push({
      ...base,
      code: 'single_administrator',
      severity: 'high',
      section: 'organization',
      params: { system, administrators: f.administratorCount, rtoHours: target.rtoHours },
    });
  }
  if (hasBackupFacts(f)) {
    if (!f.backupLocations.includes('offline') && !f.immutableBackup) {
      gaps.push({
        ...base,
        code: 'no_offline_backup',
        severity: 'high',
        section: 'ransomware',
        params: { system },
      });
    }
    const cutoff = monthsBefore(now, RESTORE_TEST_MONTHS);
    if (f.lastRestoreTestOn === null || f.lastRestoreTestOn < cutoff) {
      gaps.push({
        ...base,
        code: 'restore_test_stale',
        severity: 'medium',
        section: 'recovery',
        params: { system, lastTestedOn: f.lastRestoreTestOn },
      });
    }
  }
  return gaps;
}

/** Where the recorded facts contradict the recovery targets or leave the plan unusable. */
export function findGaps(plan: BcpPlanFacts, systems: SystemState[], now: Date): Gap[] {
  const gaps: Gap[] = [];
  for (const who of ['decider', 'deputy'] as const) {
    if (plan.activation[who].name === '') {
      gaps.push({
        code: 'no_activation_decider',
        severity: 'high',
        section: 'activation',
        assetId: null,
        processId: null,
        params: { who },
      });
    }
  }
  const withoutPhone = [
    ...(['decider', 'deputy'] as const)
      .map((who) => plan.activation[who])
      .filter((p) => p.name !== '' && p.phone === '')
      .map((p) => p.name),
    ...plan.contacts.filter((c) => c.phone === '').map((c) => c.name),
  ];
  const names = [...new Set(withoutPhone)];
  if (names.length > 0) {
    gaps.push({
      code: 'missing_contact_numbers',
      severity: 'medium',
      section: 'contacts',
      assetId: null,
      processId: null,
      params: { names },
    });
  }
  for (const s of systems) gaps.push(...systemGaps(s, now));
  return gaps;
}

export type MissingFact =
  | { section: PlanSectionKey; code: 'scope' | 'basic_policy' | 'criteria' | 'organization' }
  | { section: PlanSectionKey; code: 'contacts' | 'customers' | 'suppliers' | 'customer_plan' }
  | { section: PlanSectionKey; code: 'training' | 'review_cycle' | 'processes' | 'systems' }
  | { section: PlanSectionKey; code: 'process_targets'; name: string }
  | { section: PlanSectionKey; code: 'system_facts' | 'backup' | 'recovery_steps'; name: string }
  | { section: PlanSectionKey; code: 'alternates' | 'administrators'; name: string };

/** Facts the plan needs that have not been recorded, so no section looks complete while empty. */
export function findMissing(
  plan: BcpPlanFacts,
  processes: ProcessTarget[],
  systems: SystemState[],
): MissingFact[] {
  const missing: MissingFact[] = [];
  if (plan.scope.scope === '') missing.push({ section: 'scope', code: 'scope' });
  if (plan.scope.basicPolicy === '') missing.push({ section: 'scope', code: 'basic_policy' });
  if (processes.length === 0) missing.push({ section: 'bia', code: 'processes' });
  for (const p of processes) {
    if (p.rtoHours === null || p.rpoHours === null || p.recoveryPriority === null)
      missing.push({ section: 'bia', code: 'process_targets', name: p.name });
  }
  if (plan.activation.criteria.length === 0)
    missing.push({ section: 'activation', code: 'criteria' });
  if (plan.organization.length === 0)
    missing.push({ section: 'organization', code: 'organization' });
  if (plan.contacts.length === 0) missing.push({ section: 'contacts', code: 'contacts' });
  if (!plan.partners.some((p) => p.kind === 'customer'))
    missing.push({ section: 'partners', code: 'customers' });
  if (!plan.partners.some((p) => p.kind === 'supplier'))
    missing.push({ section: 'partners', code: 'suppliers' });
  if (systems.length === 0) {
    missing.push(
      { section: 'recovery', code: 'systems' },
      { section: 'alternates', code: 'systems' },
    );
  }
  for (const s of systems) {
    const name = s.asset.name;
    const f = s.facts;
    if (!f) {
      missing.push({ section: 'recovery', code: 'system_facts', name });
      continue;
    }
    if (!hasBackupFacts(f)) missing.push({ section: 'recovery', code: 'backup', name });
    if (f.recoverySteps.length === 0)
      missing.push({ section: 'recovery', code: 'recovery_steps', name });
    if (f.administratorCount === null)
      missing.push({ section: 'organization', code: 'administrators', name });
    if (f.alternates.length === 0 && f.manualWorkaround === '')
      missing.push({ section: 'alternates', code: 'alternates', name });
  }
  if (plan.communication.customerPlan === '')
    missing.push({ section: 'communication', code: 'customer_plan' });
  if (plan.maintenance.training.length === 0)
    missing.push({ section: 'maintenance', code: 'training' });
  if (plan.maintenance.reviewEveryMonths === null)
    missing.push({ section: 'maintenance', code: 'review_cycle' });
  return missing;
}

export type ContactProblem =
  | { index: number; code: 'duplicate_id' }
  | { index: number; code: 'unknown_caller'; calledBy: string }
  | { index: number; code: 'calls_itself' }
  | { index: number; code: 'call_cycle' };

/** The contact tree must be a tree: unique ids, callers that exist, and nobody reached only through a loop. */
export function contactTreeProblems(contacts: BcpPlanFacts['contacts']): ContactProblem[] {
  const problems: ContactProblem[] = [];
  const seen = new Set<string>();
  contacts.forEach((c, index) => {
    if (seen.has(c.id)) problems.push({ index, code: 'duplicate_id' });
    seen.add(c.id);
  });
  if (problems.length > 0) return problems;
  const byId = new Map(contacts.map((c) => [c.id, c]));
  contacts.forEach((c, index) => {
    if (c.calledBy === null) return;
    if (c.calledBy === c.id) problems.push({ index, code: 'calls_itself' });
    else if (!byId.has(c.calledBy))
      problems.push({ index, code: 'unknown_caller', calledBy: c.calledBy });
  });
  if (problems.length > 0) return problems;
  contacts.forEach((c, index) => {
    const visited = new Set<string>([c.id]);
    let caller = c.calledBy;
    while (caller !== null) {
      if (visited.has(caller)) {
        problems.push({ index, code: 'call_cycle' });
        return;
      }
      visited.add(caller);
      caller = byId.get(caller)?.calledBy ?? null;
    }
  });
  return problems;
}
