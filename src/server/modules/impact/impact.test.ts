import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyIdByName, createTestApp, demo, signIn, type TestApp } from '../../testing/harness';
import { loadImpactContent } from './content';
import { listProcessesWithDependencies } from './service';

let app: TestApp;
let sakura: string;
let minato: string;

beforeAll(async () => {
  app = await createTestApp();
  sakura = await companyIdByName(app, 'さくら');
  minato = await companyIdByName(app, 'みなと');
});
afterAll(() => app.close());

const steady = (level: 'low' | 'medium' | 'high') => ({ at4h: level, at1d: level, at1w: level });

describe('business impact analysis', () => {
  it('ships starter processes that pass the same rules as a company’s own', () => {
    const { starterProcesses, scales } = loadImpactContent();
    expect(starterProcesses.length).toBeGreaterThanOrEqual(10);
    expect(scales.levels.high.color).toMatch(/^#/);
  });

  it('records processes with dependencies, validates RTO against MTD, and summarises for charts', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const assets = `/api/orgs/${sakura}/assets`;
    const dispatch = (
      await admin.post(assets, { name: '配車システム', type: 'system', rtoHours: 8, rpoHours: 1 })
    ).json();
    const mail = (
      await admin.post(assets, { name: 'メール', type: 'service', rtoHours: 2, rpoHours: 0 })
    ).json();
    const base = `/api/orgs/${sakura}/business-processes`;

    const tooSlow = await admin.post(base, {
      name: '配車・配送',
      mtdHours: 24,
      rtoHours: 48,
    });
    expect(tooSlow.statusCode).toBe(400);
    expect(tooSlow.json().error.details.issues).toEqual([
      expect.objectContaining({ path: ['rtoHours'], code: 'rto_exceeds_mtd' }),
    ]);
    expect(tooSlow.json().error.details.issues[0].message).toContain('24時間');

    const easing = await admin.post(base, {
      name: '配車・配送',
      impacts: { financial: { at4h: 'high', at1d: 'medium', at1w: 'high' } },
    });
    expect(easing.json().error.details.issues[0]).toMatchObject({
      path: ['impacts', 'financial', 'at1d'],
      code: 'impact_decreases',
    });

    const created = await admin.post(base, {
      name: '配車・配送',
      owner: '運行管理課',
      dependencyAssetIds: [dispatch.id, mail.id],
      impacts: {
        financial: { at4h: 'medium', at1d: 'high', at1w: 'high' },
        customer: steady('high'),
      },
      mtdHours: 24,
      rtoHours: 4,
      rpoHours: 1,
      recoveryPriority: 1,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      owner: '運行管理課',
      impacts: { legal: steady('low'), customer: steady('high') },
      dependencies: [
        { id: mail.id, name: 'メール', rtoHours: 2, rpoHours: 0 },
        { id: dispatch.id, name: '配車システム', rtoHours: 8, rpoHours: 1 },
      ],
    });
    const billing = (
      await admin.post(base, {
        name: '請求',
        mtdHours: 168,
        rtoHours: 72,
        recoveryPriority: 3,
        dependencyAssetIds: [mail.id],
      })
    ).json();
    const unranked = (await admin.post(base, { name: '社内報' })).json();
    expect((await admin.post(base, { name: '請求' })).statusCode).toBe(409);

    // Raising the RTO above the stored MTD is caught on update too.
    const raise = await admin.patch(`${base}/${billing.id}`, { rtoHours: 200 });
    expect(raise.json().error.details.issues[0].path).toEqual(['rtoHours']);

    const summary = (await admin.get(`/api/orgs/${sakura}/business-impact/summary`)).json();
    // The demo company already has a seeded BIA; look at this test's processes only.
    const mine = [created.json().id, billing.id, unranked.id];
    summary.processes = summary.processes.filter((p: { id: string }) => mine.includes(p.id));
    expect(summary.processes.map((p: { name: string }) => p.name)).toEqual([
      '配車・配送',
      '請求',
      '社内報',
    ]);
    expect(summary.horizons.map((h: { hours: number }) => h.hours)).toEqual([4, 24, 168]);
    expect(summary.impactTypes).toHaveLength(4);
    const first = summary.processes[0];
    expect(first.overall).toEqual({ at4h: 'high', at1d: 'high', at1w: 'high' });
    expect(first.gaps).toEqual([
      {
        assetId: dispatch.id,
        assetName: '配車システム',
        field: 'rtoHours',
        assetHours: 8,
        processHours: 4,
      },
    ]);
    expect(summary.processes[2]).toMatchObject({
      id: unranked.id,
      overall: steady('low'),
      recoveryPriority: null,
    });

    // The IT-BCP work reads the same through the service.
    const forBcp = (await listProcessesWithDependencies(app.ctx.db, sakura)).filter((p) =>
      mine.includes(p.id),
    );
    expect(forBcp.map((p) => [p.name, p.dependencies.length])).toEqual([
      ['配車・配送', 2],
      ['請求', 1],
      ['社内報', 0],
    ]);

    // Deleting an asset removes it from the processes that depended on it.
    await admin.delete(`${assets}/${mail.id}`);
    expect((await admin.get(`${base}/${billing.id}`)).json().dependencies).toEqual([]);
    expect((await admin.delete(`${base}/${unranked.id}`)).statusCode).toBe(200);
    expect(
      (await admin.get(base)).json().processes.filter((p: { id: string }) => mine.includes(p.id)),
    ).toHaveLength(2);
  });

  it('keeps BIAs apart between companies', async () => {
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const theirs = (
      await sakuraAdmin.post(`/api/orgs/${sakura}/assets`, { name: 'WMS', type: 'system' })
    ).json();
    const process = (
      await sakuraAdmin.post(`/api/orgs/${sakura}/business-processes`, { name: '入出庫' })
    ).json();
    const minatoAdmin = await signIn(app, demo.minatoAdmin);
    expect((await minatoAdmin.get(`/api/orgs/${sakura}/business-impact/summary`)).statusCode).toBe(
      403,
    );
    expect(
      (await minatoAdmin.get(`/api/orgs/${minato}/business-processes/${process.id}`)).statusCode,
    ).toBe(404);
    const borrowed = await minatoAdmin.post(`/api/orgs/${minato}/business-processes`, {
      name: '出荷',
      dependencyAssetIds: [theirs.id],
    });
    expect(borrowed.json().error.details.issues[0]).toMatchObject({
      path: ['dependencyAssetIds', '0'],
      code: 'not_found',
    });
    expect((await listProcessesWithDependencies(app.ctx.db, minato)).length).toBe(0);
  });
});
