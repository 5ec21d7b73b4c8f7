import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyIdByName, createTestApp, demo, signIn, type TestApp } from '../../testing/harness';
import { sizeBandOf } from './content';

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

type Keyed = { key: string; adopted: boolean; matchesProfile: boolean };
const keys = (items: Keyed[]) => items.map((i) => i.key);

async function count(table: string, orgId: string): Promise<number> {
  const [row] = await app.ctx.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1`,
    [orgId],
  );
  return row!.n;
}

describe('starter suggestions by profile', () => {
  it('bands companies by head count', () => {
    expect([12, 20, 21, 85, 100, 101, null].map(sizeBandOf)).toEqual([
      'micro',
      'micro',
      'small',
      'small',
      'small',
      'medium',
      null,
    ]);
  });

  it('suggests by industry, size band and course', async () => {
    const minatoView = (
      await (await signIn(app, demo.minatoAdmin)).get(`/api/orgs/${minato}/starter-suggestions`)
    ).json();
    expect(minatoView.profile).toEqual({
      industry: 'manufacturing',
      employeeCount: 85,
      sizeBand: 'small',
      course: 'csirt',
    });
    expect(keys(minatoView.risks)).toEqual(
      expect.arrayContaining([
        'ransomware-phishing-attachment',
        'shop-floor-infection',
        'incident-response-undefined',
        'vendor-remote-access',
      ]),
    );
    expect(keys(minatoView.risks)).not.toContain('dispatch-system-outage');
    expect(keys(minatoView.risks)).not.toContain('recovery-order-unknown');
    expect(keys(minatoView.assets)).toContain('production-management-system');
    expect(keys(minatoView.processes)).toContain('production-planning');
    expect(keys(minatoView.processes)).not.toContain('dispatch-and-delivery');
    expect(minatoView.risks[0]).toMatchObject({
      title: { ja: expect.any(String), en: expect.any(String) },
      adopted: false,
      matchesProfile: true,
    });

    const sakuraView = (
      await (await signIn(app, demo.sakuraAdmin)).get(`/api/orgs/${sakura}/starter-suggestions`)
    ).json();
    expect(keys(sakuraView.risks)).toEqual(
      expect.arrayContaining(['dispatch-system-outage', 'recovery-order-unknown']),
    );
    expect(keys(sakuraView.risks)).not.toContain('incident-response-undefined');
    expect(keys(sakuraView.processes)).toContain('dispatch-and-delivery');

    const aobaAdmin = await signIn(app, demo.aobaAdmin);
    const aobaView = (await aobaAdmin.get(`/api/orgs/${aoba}/starter-suggestions`)).json();
    expect(aobaView.profile.sizeBand).toBe('micro');
    expect(keys(aobaView.risks)).toContain('misdirected-client-files');
    expect(keys(aobaView.risks)).not.toContain('vendor-remote-access');
    const all = (await aobaAdmin.get(`/api/orgs/${aoba}/starter-suggestions?scope=all`)).json();
    expect(all.risks.length).toBeGreaterThan(aobaView.risks.length);
    expect(all.risks.find((r: Keyed) => r.key === 'vendor-remote-access').matchesProfile).toBe(
      false,
    );

    expect((await aobaAdmin.get(`/api/orgs/${minato}/starter-suggestions`)).statusCode).toBe(403);
  });
});

describe('adopting starter items', () => {
  it('creates the chosen assets, risks and processes linked to each other, once', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const url = `/api/orgs/${minato}/starter-suggestions/adopt`;
    const chosen = {
      assets: [
        'customer-data',
        'file-server',
        'staff-pcs',
        'shop-floor-controllers',
        'production-management-system',
      ],
      risks: ['ransomware-phishing-attachment', 'shop-floor-infection'],
      processes: ['production-planning'],
    };
    const res = await admin.post(url, chosen);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: { assets: 5, risks: 2, processes: 1 }, skipped: [] });

    const assets = (await admin.get(`/api/orgs/${minato}/assets`)).json().assets as {
      name: string;
      starterKey: string;
      linkedAssets: { name: string }[];
    }[];
    const customerData = assets.find((a) => a.starterKey === 'customer-data')!;
    expect(customerData.name).toBe('顧客情報（氏名・連絡先・取引履歴）');
    // Catalogue links only to assets the company took: no core system, mail or backup.
    expect(customerData.linkedAssets.map((l) => l.name)).toEqual(['ファイルサーバー（NAS）']);

    const risks = (await admin.get(`/api/orgs/${minato}/risks`)).json().risks as {
      starterKey: string;
      score: number;
      treatment: string;
      treatmentPlan: string;
      assets: { name: string }[];
    }[];
    const ransomware = risks.find((r) => r.starterKey === 'ransomware-phishing-attachment')!;
    expect(ransomware).toMatchObject({ score: 20, treatment: 'mitigate' });
    expect(ransomware.treatmentPlan).toContain('標的型メール訓練');
    expect(ransomware.assets.map((a) => a.name).sort()).toEqual(
      ['ファイルサーバー（NAS）', '業務用パソコン', '顧客情報（氏名・連絡先・取引履歴）'].sort(),
    );

    const processes = (await admin.get(`/api/orgs/${minato}/business-processes`)).json().processes;
    expect(processes[0]).toMatchObject({ name: '生産計画・製造指示', rtoHours: 24, mtdHours: 48 });
    expect(processes[0].dependencies).toHaveLength(3);

    const again = await admin.post(url, { ...chosen, assets: ['customer-data'] });
    expect(again.json().created).toEqual({ assets: 0, risks: 0, processes: 0 });
    expect(again.json().skipped).toHaveLength(4);
    const view = (await admin.get(`/api/orgs/${minato}/starter-suggestions`)).json();
    expect(view.risks.find((r: Keyed) => r.key === 'shop-floor-infection').adopted).toBe(true);
    expect(view.assets.find((a: Keyed) => a.key === 'file-server').adopted).toBe(true);
  });

  it('reuses an asset of the same name, writes in the caller’s language, and is all or nothing', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const existing = (
      await admin.post(`/api/orgs/${sakura}/assets`, {
        name: 'ファイルサーバー（NAS）',
        type: 'system',
        location: '倉庫事務所',
      })
    ).json();
    const url = `/api/orgs/${sakura}/starter-suggestions/adopt`;
    const before = await count('risks', sakura);
    const unknown = await admin.post(url, { risks: ['no-offline-backup', 'no-such-risk'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0]).toMatchObject({ path: ['risks', '1'] });
    expect(await count('risks', sakura)).toBe(before);

    const adopted = await admin.post(url, {
      assets: ['file-server', 'offline-backup'],
      risks: ['no-offline-backup'],
    });
    expect(adopted.json()).toEqual({
      created: { assets: 1, risks: 1, processes: 0 },
      skipped: [{ kind: 'asset', key: 'file-server', reason: 'name_exists' }],
    });
    const risk = (await admin.get(`/api/orgs/${sakura}/risks`))
      .json()
      .risks.find((r: { starterKey: string | null }) => r.starterKey === 'no-offline-backup');
    expect(risk.assets.map((a: { id: string }) => a.id)).toContain(existing.id);

    // The assigned English-speaking expert adopts in English.
    const expert = await signIn(app, demo.expert2);
    const english = await expert.post(url, { processes: ['dispatch-and-delivery'] });
    expect(english.json().created.processes).toBe(1);
    const processes = (await expert.get(`/api/orgs/${sakura}/business-processes`)).json().processes;
    expect(processes[0].name).toBe('Dispatch and delivery');
  });

  it('keeps a dropped suggestion out until it is restored; adopting settles it', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const list = async (scope = 'profile') =>
      (await admin.get(`/api/orgs/${aoba}/starter-suggestions?scope=${scope}`)).json() as Record<
        'risks' | 'assets',
        (Keyed & { dismissed: boolean })[]
      >;
    const before = await list();
    const [risk] = before.risks.filter((r) => !r.adopted);
    const [asset] = before.assets.filter((a) => !a.adopted);
    expect(risk!.dismissed).toBe(false);

    const url = `/api/orgs/${aoba}/starter-suggestions`;
    const refused = await admin.post(`${url}/dismiss`, { risks: [risk!.key, 'no-such-risk'] });
    expect(refused.statusCode).toBe(400);
    expect((await list()).risks.find((r) => r.key === risk!.key)!.dismissed).toBe(false);

    const dropped = await admin.post(`${url}/dismiss`, {
      risks: [risk!.key],
      assets: [asset!.key],
    });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(dropped.json().changed).toBe(2);
    // Dropping twice changes nothing.
    expect((await admin.post(`${url}/dismiss`, { risks: [risk!.key] })).json().changed).toBe(0);
    const after = await list();
    expect(after.risks.find((r) => r.key === risk!.key)!.dismissed).toBe(true);
    expect(after.assets.find((a) => a.key === asset!.key)!.dismissed).toBe(true);
    // Only this company dropped them.
    const sakuraView = (
      await (
        await signIn(app, demo.sakuraAdmin)
      ).get(`/api/orgs/${sakura}/starter-suggestions?scope=all`)
    ).json();
    expect(sakuraView.risks.every((r: { dismissed: boolean }) => !r.dismissed)).toBe(true);
    // Another company cannot drop for this one.
    const other = await signIn(app, demo.minatoAdmin);
    expect((await other.post(`${url}/dismiss`, { risks: [risk!.key] })).statusCode).toBe(403);

    const restored = await admin.post(`${url}/restore`, { risks: [risk!.key] });
    expect(restored.json().changed).toBe(1);
    expect((await list()).risks.find((r) => r.key === risk!.key)!.dismissed).toBe(false);

    // A dropped asset taken in after all is no longer dropped.
    expect((await admin.post(`${url}/adopt`, { assets: [asset!.key] })).statusCode).toBe(200);
    const adopted = (await list()).assets.find((a) => a.key === asset!.key)!;
    expect(adopted).toMatchObject({ adopted: true, dismissed: false });
  });
});
