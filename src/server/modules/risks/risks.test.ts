import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskMatrixConfig } from '../../../contracts/risks';
import { companyIdByName, createTestApp, demo, signIn, type TestApp } from '../../testing/harness';
import { loadRiskContent } from './content';
import { matrixProblems } from './matrix';

let app: TestApp;
let minato: string;
let sakura: string;
let aoba: string;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
  aoba = await companyIdByName(app, 'あおば');
});
afterAll(() => app.close());

const label = (ja: string, en: string) => ({ ja, en });
const threeByThree: RiskMatrixConfig = {
  likelihood: [1, 2, 3].map((level) => ({ level, label: label(`L${level}`, `L${level}`) })),
  impact: [1, 2, 3].map((level) => ({ level, label: label(`I${level}`, `I${level}`) })),
  levels: [
    { key: 'low', label: label('低', 'Low'), minScore: 1, maxScore: 2, color: '#00aa00' },
    { key: 'mid', label: label('中', 'Mid'), minScore: 3, maxScore: 5, color: '#aaaa00' },
    { key: 'top', label: label('高', 'High'), minScore: 6, maxScore: 9, color: '#aa0000' },
  ],
};

describe('risk matrix', () => {
  it('ships a consistent default 5 × 5 matrix and finds the faults of a broken one', () => {
    const { defaultMatrix, starterRisks } = loadRiskContent();
    expect(defaultMatrix.likelihood).toHaveLength(5);
    expect(defaultMatrix.impact).toHaveLength(5);
    expect(matrixProblems(defaultMatrix)).toEqual([]);
    expect(starterRisks.length).toBeGreaterThanOrEqual(12);
    const broken = {
      ...threeByThree,
      likelihood: [threeByThree.likelihood[0]!, { ...threeByThree.likelihood[2]!, level: 3 }],
      levels: [threeByThree.levels[0]!, { ...threeByThree.levels[2]!, minScore: 4, maxScore: 6 }],
    };
    expect(matrixProblems(broken).map((p) => [p.path.join('.'), p.code])).toEqual([
      ['likelihood.1.level', 'axis_not_sequential'],
      ['levels.1.minScore', 'band_gap'],
    ]);
  });

  it('lets a company admin set its own matrix, refuses inconsistent ones, and resets to the default', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const url = `/api/orgs/${aoba}/risk-matrix`;
    expect((await admin.get(url)).json()).toMatchObject({ isDefault: true, updatedAt: null });

    const gap = await admin.request('PUT', url, {
      ...threeByThree,
      levels: [
        threeByThree.levels[0],
        { ...threeByThree.levels[1], maxScore: 4 },
        threeByThree.levels[2],
      ],
    });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error.details.issues[0]).toMatchObject({
      path: ['levels', '2', 'minScore'],
      code: 'band_gap',
    });
    expect(gap.json().error.details.issues[0].message).toContain('スコア5');

    const saved = await admin.request('PUT', url, threeByThree);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ isDefault: false, levels: [{ key: 'low' }, {}, {}] });

    // A risk rated 3 × 3 is "top" on this matrix; the default would need 4 × 4 to be high.
    const risk = (
      await admin.post(`/api/orgs/${aoba}/risks`, { title: '誤送信', likelihood: 3, impact: 3 })
    ).json();
    expect(risk.level).toEqual({ key: 'top', label: label('高', 'High'), color: '#aa0000' });
    const outside = await admin.post(`/api/orgs/${aoba}/risks`, {
      title: '範囲外',
      likelihood: 4,
      impact: 1,
    });
    expect(outside.json().error.details.issues[0]).toMatchObject({
      path: ['likelihood'],
      code: 'outside_matrix',
    });

    // Shrinking below an existing risk's rating is refused.
    const twoByTwo = {
      likelihood: threeByThree.likelihood.slice(0, 2),
      impact: threeByThree.impact.slice(0, 2),
      levels: [
        { ...threeByThree.levels[0], minScore: 1, maxScore: 2 },
        { ...threeByThree.levels[2], minScore: 3, maxScore: 4 },
      ],
    };
    const shrink = await admin.request('PUT', url, twoByTwo);
    expect(shrink.statusCode).toBe(409);
    expect(shrink.json().error.details.risksOutsideMatrix).toBe(1);

    const member = await signIn(app, demo.expert1);
    expect((await member.request('PUT', url, threeByThree)).statusCode).toBe(403);
    expect((await member.get(url)).statusCode).toBe(200);

    const reset = await admin.delete(url);
    expect(reset.json()).toMatchObject({ isDefault: true });
    expect((await admin.get(`/api/orgs/${aoba}/risks/${risk.id}`)).json().level.key).toBe('medium');
  });
});

describe('risk register', () => {
  it('creates, lists by score, updates, and deletes risks with assets, owner and residual risk', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const members = (await admin.get(`/api/orgs/${minato}/members`)).json().members as {
      userId: string;
      email: string;
      name: string;
    }[];
    const staff = members.find((m) => m.email === demo.minatoStaff)!;
    const vpn = (
      await admin.post(`/api/orgs/${minato}/assets`, { name: 'VPN装置', type: 'device' })
    ).json();
    const base = `/api/orgs/${minato}/risks`;
    const created = await admin.post(base, {
      title: 'VPN装置の脆弱性を突いた侵入',
      threat: '公開済みの脆弱性の悪用',
      vulnerability: 'ファームウェアが古い',
      assetIds: [vpn.id],
      likelihood: 4,
      impact: 5,
      residualLikelihood: 2,
      residualImpact: 5,
      treatment: 'mitigate',
      treatmentPlan: 'ファームウェア更新と多要素認証',
      ownerUserId: staff.userId,
      dueOn: '2026-09-30',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      score: 20,
      level: { key: 'critical' },
      residualScore: 10,
      residualLevel: { key: 'high' },
      ownerName: staff.name,
      assets: [{ id: vpn.id, name: 'VPN装置', type: 'device' }],
      status: 'open',
      dueOn: '2026-09-30',
    });
    const id = created.json().id;
    await admin.post(base, { title: 'USBメモリ', likelihood: 1, impact: 2, ownerName: '総務部' });

    const list = (await admin.get(base)).json().risks;
    expect(list.map((r: { score: number }) => r.score)).toEqual([20, 2]);
    expect(list[1].ownerName).toBe('総務部');
    expect((await admin.get(`${base}?assetId=${vpn.id}`)).json().risks).toHaveLength(1);

    const halfResidual = await admin.patch(`${base}/${id}`, { residualImpact: null });
    expect(halfResidual.json().error.details.issues[0]).toMatchObject({
      path: ['residualImpact'],
      code: 'residual_pair',
    });
    const notMember = await admin.patch(`${base}/${id}`, {
      ownerUserId: '00000000-0000-4000-8000-000000000000',
    });
    expect(notMember.json().error.details.issues[0].path).toEqual(['ownerUserId']);

    const updated = await admin.patch(`${base}/${id}`, {
      status: 'in_treatment',
      ownerName: '情報システム課',
      assetIds: [],
    });
    expect(updated.json()).toMatchObject({
      status: 'in_treatment',
      ownerUserId: null,
      ownerName: '情報システム課',
      assets: [],
    });

    expect((await admin.delete(`${base}/${id}`)).statusCode).toBe(200);
    expect((await admin.get(`${base}/${id}`)).statusCode).toBe(404);
    const audit = await app.ctx.database.query(
      "SELECT target_id FROM audit_log WHERE action = 'risk.deleted' AND organization_id = $1",
      [minato],
    );
    expect(audit).toEqual([{ target_id: id }]);
  });

  it('builds a heat map with every cell coloured by level and counts now and after treatment', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const base = `/api/orgs/${sakura}/risks`;
    // The demo company comes with risks of its own: counts are taken against the map before.
    const before = (await admin.get(`${base}/heat-map`)).json();
    for (const [likelihood, impact, residual] of [
      [4, 5, [2, 5]],
      [4, 5, [2, 3]],
      [3, 3, null],
      [1, 1, null],
    ] as const) {
      await admin.post(base, {
        title: `リスク ${likelihood}×${impact}`,
        likelihood,
        impact,
        ...(residual ? { residualLikelihood: residual[0], residualImpact: residual[1] } : {}),
      });
    }
    const closed = (await admin.post(base, { title: '対応済み', likelihood: 5, impact: 5 })).json();
    await admin.patch(`${base}/${closed.id}`, { status: 'closed' });

    const map = (await admin.get(`${base}/heat-map`)).json();
    expect(map.current.cells).toHaveLength(25);
    const cell = (
      cells: { likelihood: number; impact: number; count: number }[],
      l: number,
      i: number,
    ) => cells.find((c) => c.likelihood === l && c.impact === i);
    const was = (kind: 'current' | 'residual', l: number, i: number): number =>
      cell(before[kind].cells, l, i)!.count;
    expect(cell(map.current.cells, 4, 5)).toEqual({
      likelihood: 4,
      impact: 5,
      score: 20,
      levelKey: 'critical',
      color: '#c62828',
      count: was('current', 4, 5) + 2,
    });
    expect(cell(map.current.cells, 5, 5)).toMatchObject({ count: was('current', 5, 5) });
    expect(cell(map.current.cells, 1, 1)).toMatchObject({
      levelKey: 'low',
      count: was('current', 1, 1) + 1,
    });
    expect(map.current.total).toBe(before.current.total + 4);
    expect(map.residual.total).toBe(before.residual.total + 2);
    expect(cell(map.residual.cells, 2, 5)).toMatchObject({
      levelKey: 'high',
      count: was('residual', 2, 5) + 1,
    });
    expect(cell(map.residual.cells, 2, 3)).toMatchObject({
      levelKey: 'medium',
      count: was('residual', 2, 3) + 1,
    });
    expect(map.likelihood[4].label).toEqual({ ja: 'ほぼ確実', en: 'Almost certain' });
  });

  it('keeps registers apart: no access across companies and no linking another company’s asset', async () => {
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const theirs = (
      await sakuraAdmin.post(`/api/orgs/${sakura}/assets`, {
        name: '配送データ',
        type: 'information',
      })
    ).json();
    const theirRisk = (
      await sakuraAdmin.post(`/api/orgs/${sakura}/risks`, {
        title: '配車停止',
        likelihood: 3,
        impact: 4,
      })
    ).json();

    const minatoAdmin = await signIn(app, demo.minatoAdmin);
    expect((await minatoAdmin.get(`/api/orgs/${sakura}/risks`)).statusCode).toBe(403);
    expect((await minatoAdmin.get(`/api/orgs/${sakura}/risks/heat-map`)).statusCode).toBe(403);
    expect((await minatoAdmin.get(`/api/orgs/${minato}/risks/${theirRisk.id}`)).statusCode).toBe(
      404,
    );
    expect(
      (await minatoAdmin.patch(`/api/orgs/${minato}/risks/${theirRisk.id}`, { title: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await minatoAdmin.delete(`/api/orgs/${minato}/risks/${theirRisk.id}`)).statusCode).toBe(
      404,
    );
    const linked = await minatoAdmin.post(`/api/orgs/${minato}/risks`, {
      title: '他社資産',
      likelihood: 1,
      impact: 1,
      assetIds: [theirs.id],
    });
    expect(linked.statusCode).toBe(400);
    expect(linked.json().error.details.issues[0]).toMatchObject({
      path: ['assetIds', '0'],
      code: 'not_found',
    });
    const [{ n }] = (await app.ctx.database.query(
      "SELECT count(*)::int AS n FROM risks WHERE title = '他社資産'",
    )) as [{ n: number }];
    expect(n).toBe(0);
    const observer = await signIn(app, demo.observer);
    expect((await observer.get(`/api/orgs/${sakura}/risks`)).statusCode).toBe(403);
    expect((await sakuraAdmin.get(`/api/orgs/${sakura}/risks/${theirRisk.id}`)).statusCode).toBe(
      200,
    );
  });
});
