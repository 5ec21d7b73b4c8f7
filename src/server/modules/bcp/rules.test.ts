import { describe, expect, it } from 'vitest';
import { bcpPlanFacts, systemFacts, type SystemFacts } from '../../../contracts/bcp';
import { contactTreeProblems, findGaps, findMissing, type SystemState } from './rules';

const now = new Date('2026-11-22T00:00:00Z');
const plan = (over: Record<string, unknown> = {}) =>
  bcpPlanFacts.parse({
    activation: {
      decider: { name: '桜井', phone: '090-0000-0000' },
      deputy: { name: '佐藤', phone: '090-1111-1111' },
    },
    ...over,
  });
const facts = (over: Partial<SystemFacts> = {}): SystemFacts =>
  systemFacts.parse({
    backupMethod: 'NAS',
    backupFrequencyHours: 4,
    backupLocations: ['offline'],
    lastRestoreTestOn: '2026-06-01',
    administratorCount: 2,
    ...over,
  });
const system = (
  f: SystemFacts | null,
  targets: { rto?: number | null; rpo?: number | null; assetRto?: number | null } = {},
): SystemState => ({
  asset: { id: 'a1', name: '配車システム', rtoHours: targets.assetRto ?? null, rpoHours: null },
  processes: [
    {
      id: 'p1',
      name: '配車',
      rtoHours: targets.rto === undefined ? 4 : targets.rto,
      rpoHours: targets.rpo === undefined ? 4 : targets.rpo,
      recoveryPriority: 1,
    },
  ],
  facts: f,
});
const codes = (s: SystemState, p = plan()) => findGaps(p, [s], now).map((g) => g.code);

describe('IT-BCP gap rules', () => {
  it('a complete, consistent plan has no gaps', () => {
    expect(codes(system(facts()))).toEqual([]);
  });

  it('backup interval longer than the RPO', () => {
    expect(codes(system(facts({ backupFrequencyHours: 24 })))).toEqual([
      'backup_interval_exceeds_rpo',
    ]);
    expect(codes(system(facts({ backupFrequencyHours: 4 })))).toEqual([]);
    // Without an RPO there is nothing to compare with.
    expect(codes(system(facts({ backupFrequencyHours: 24 }), { rpo: null }))).toEqual([]);
  });

  it('a single administrator for a system that must be back within a day', () => {
    expect(codes(system(facts({ administratorCount: 1 })))).toEqual(['single_administrator']);
    expect(codes(system(facts({ administratorCount: 0 }), { rto: 24 }))).toEqual([
      'single_administrator',
    ]);
    expect(codes(system(facts({ administratorCount: 1 }), { rto: 72 }))).toEqual([]);
    expect(codes(system(facts({ administratorCount: 2 })))).toEqual([]);
  });

  it('no offline or immutable backup', () => {
    expect(codes(system(facts({ backupLocations: ['online', 'cloud'] })))).toEqual([
      'no_offline_backup',
    ]);
    expect(codes(system(facts({ backupLocations: ['cloud'], immutableBackup: true })))).toEqual([]);
    // Nothing recorded about backups is a missing fact, not this gap.
    const none = facts({ backupMethod: '', backupFrequencyHours: null, backupLocations: [] });
    expect(codes(system(none))).toEqual([]);
    expect(findMissing(plan(), [], [system(none)]).map((m) => m.code)).toContain('backup');
  });

  it('no restore test in the last 12 months', () => {
    expect(codes(system(facts({ lastRestoreTestOn: '2025-11-01' })))).toEqual([
      'restore_test_stale',
    ]);
    expect(codes(system(facts({ lastRestoreTestOn: null })))).toEqual(['restore_test_stale']);
    expect(codes(system(facts({ lastRestoreTestOn: '2025-12-01' })))).toEqual([]);
  });

  it('a process whose RTO is shorter than its system can be recovered in', () => {
    expect(codes(system(facts({ restoreHours: 8 })))).toEqual(['dependency_slower_than_process']);
    // The system's own RTO counts when no restore time has been measured.
    const gaps = findGaps(plan(), [system(facts(), { assetRto: 12 })], now);
    expect(gaps).toEqual([
      expect.objectContaining({
        code: 'dependency_slower_than_process',
        processId: 'p1',
        params: { process: '配車', system: '配車システム', systemHours: 12, processHours: 4 },
      }),
    ]);
    expect(codes(system(facts({ restoreHours: 3 }), { assetRto: 12 }))).toEqual([]);
    // A system with no recorded facts is judged by its own RTO.
    expect(codes(system(null, { assetRto: 12 }))).toEqual(['dependency_slower_than_process']);
    expect(codes(system(null, { assetRto: 2 }))).toEqual([]);
  });

  it('no decider or deputy', () => {
    const noDeputy = plan({ activation: { decider: { name: '桜井', phone: '1' } } });
    expect(findGaps(noDeputy, [], now)).toEqual([
      expect.objectContaining({ code: 'no_activation_decider', params: { who: 'deputy' } }),
    ]);
    expect(
      findGaps(bcpPlanFacts.parse({}), [], now)
        .map((g) => g.code === 'no_activation_decider' && g.params.who)
        .filter(Boolean),
    ).toEqual(['decider', 'deputy']);
  });

  it('contacts and deciders without a telephone number', () => {
    const p = plan({
      activation: { decider: { name: '桜井' }, deputy: { name: '佐藤', phone: '1' } },
      contacts: [
        { id: 'a', name: '山田', phone: '03-0000-0000' },
        { id: 'b', name: '鈴木', calledBy: 'a' },
      ],
    });
    expect(findGaps(p, [], now)).toEqual([
      expect.objectContaining({
        code: 'missing_contact_numbers',
        params: { names: ['桜井', '鈴木'] },
      }),
    ]);
    expect(findGaps(plan(), [], now)).toEqual([]);
  });

  it('lists missing facts so no section looks complete while empty', () => {
    const missing = findMissing(bcpPlanFacts.parse({}), [], [system(null)]).map((m) => m.code);
    expect(missing).toEqual(
      expect.arrayContaining([
        'scope',
        'basic_policy',
        'processes',
        'criteria',
        'organization',
        'contacts',
        'customers',
        'suppliers',
        'system_facts',
        'customer_plan',
        'training',
        'review_cycle',
      ]),
    );
  });

  it('the contact tree must be a tree', () => {
    const c = (id: string, calledBy: string | null) => ({
      id,
      name: id,
      department: '',
      phone: '1',
      email: '',
      calledBy,
    });
    expect(contactTreeProblems([c('a', null), c('b', 'a'), c('c', 'b')])).toEqual([]);
    expect(contactTreeProblems([c('a', null), c('a', null)])[0]?.code).toBe('duplicate_id');
    expect(contactTreeProblems([c('a', 'zz')])[0]).toMatchObject({ code: 'unknown_caller' });
    expect(contactTreeProblems([c('a', 'a')])[0]?.code).toBe('calls_itself');
    expect(contactTreeProblems([c('a', 'b'), c('b', 'a')]).map((p) => p.code)).toEqual([
      'call_cycle',
      'call_cycle',
    ]);
  });
});
