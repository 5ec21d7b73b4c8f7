import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatedDocumentSchema, type GeneratedDocument } from '../../../contracts/documents';
import { companyIdByName, createTestApp, demo, signIn, type TestApp } from '../../testing/harness';
import { documentGenerator } from '../documents/kinds';
import { formatDocumentDate } from '../documents/service';
import { loadBcpContent } from './content';
import { loadBcpDemo } from './demo';

let app: TestApp;
let sakura: string;
let minato: string;
let aoba: string;

beforeAll(async () => {
  app = await createTestApp();
  sakura = await companyIdByName(app, 'さくら');
  minato = await companyIdByName(app, 'みなと');
  aoba = await companyIdByName(app, 'あおば');
});
afterAll(() => app.close());

type Overview = {
  plan: { activation: { deputy: { name: string } }; contacts: unknown[]; scope: { scope: string } };
  systems: {
    asset: { id: string; name: string };
    requiredRpoHours: number | null;
    facts: { backupFrequencyHours: number | null } | null;
  }[];
  gaps: { code: string; assetId: string | null; message: string; section: string }[];
  missing: { section: string; message: string }[];
};

const blocksOf = (doc: GeneratedDocument, key: string) =>
  doc.sections.find((s) => s.key === key)?.blocks ?? [];

describe('IT-BCP', () => {
  it('ships a valid template and demo content', () => {
    expect(loadBcpContent().ransomware.length).toBeGreaterThanOrEqual(3);
    expect(loadBcpDemo().processes.map((p) => p.name)).toContain('配車・運行管理');
  });

  it('seeds the demo company’s BIA and facts, with the gap the demo is built to show', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const overview = (await admin.get(`/api/orgs/${sakura}/bcp`)).json() as Overview;
    const dispatch = overview.systems[0]!;
    expect(dispatch.asset.name).toBe('配車計画システム（本社サーバー）');
    expect(dispatch.requiredRpoHours).toBe(4);
    expect(dispatch.facts?.backupFrequencyHours).toBe(24);
    const codes = overview.gaps.map((g) => g.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'backup_interval_exceeds_rpo',
        'single_administrator',
        'no_offline_backup',
        'no_activation_decider',
        'missing_contact_numbers',
      ]),
    );
    const backupGap = overview.gaps.find((g) => g.code === 'backup_interval_exceeds_rpo')!;
    expect(backupGap.assetId).toBe(dispatch.asset.id);
    expect(backupGap.message).toContain('24時間');
    // The device without facts is listed as missing, not shown as complete.
    expect(overview.missing.map((m) => m.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('車載端末・業務用スマートフォン')]),
    );
    // The chart-ready BIA shows the same processes.
    const summary = (await admin.get(`/api/orgs/${sakura}/business-impact/summary`)).json();
    expect(summary.processes.map((p: { name: string }) => p.name).slice(0, 3)).toEqual([
      '配車・運行管理',
      '受注・出荷管理',
      '請求・入金管理',
    ]);
  });

  it('lets company members and the assigned expert edit; others and bad input change nothing', async () => {
    const base = `/api/orgs/${aoba}/bcp`;
    const admin = await signIn(app, demo.aobaAdmin);
    const expert = await signIn(app, demo.expert2);
    const empty = (await admin.get(base)).json() as Overview;
    expect(empty.plan.scope.scope).toBe('');
    expect(empty.systems).toEqual([]);
    expect(empty.gaps.map((g) => g.code)).toEqual([
      'no_activation_decider',
      'no_activation_decider',
    ]);

    const saved = await expert.patch(`${base}/plan`, {
      scope: { scope: 'Head office', basicPolicy: 'Clients first' },
      activation: {
        criteria: ['Accounting system down for half a day'],
        decider: { name: '青葉 恵', role: '所長', phone: '03-1234-5678' },
        deputy: { name: '副所長', phone: '03-1234-5679' },
      },
      contacts: [
        { id: 'aoba', name: '青葉 恵', phone: '03-1234-5678' },
        { id: 'staff', name: 'スタッフ', calledBy: 'aoba' },
      ],
    });
    expect(saved.statusCode).toBe(200);
    const after = saved.json() as Overview;
    // The expert works in English: messages follow the caller's language.
    expect(after.gaps).toEqual([
      expect.objectContaining({
        code: 'missing_contact_numbers',
        message: expect.stringContaining('No telephone number recorded for: スタッフ'),
      }),
    ]);
    // A section not sent is kept.
    const partial = (await admin.patch(`${base}/plan`, { partners: [] })).json() as Overview;
    expect(partial.plan.scope.scope).toBe('Head office');
    expect(partial.plan.contacts).toHaveLength(2);

    const before = (await admin.get(base)).body;
    const cycle = await admin.patch(`${base}/plan`, {
      scope: { scope: 'changed' },
      contacts: [
        { id: 'a', name: 'A', phone: '1', calledBy: 'b' },
        { id: 'b', name: 'B', phone: '2', calledBy: 'a' },
      ],
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details.issues[0]).toMatchObject({
      path: ['contacts', '0', 'calledBy'],
      code: 'call_cycle',
    });
    expect(cycle.json().error.details.issues[0].message).toContain('循環');
    const badPhone = await admin.patch(`${base}/plan`, {
      activation: { decider: { name: 'x', phone: 'call me' } },
    });
    expect(badPhone.statusCode).toBe(400);
    const unknownField = await admin.patch(`${base}/plan`, { budget: 100 });
    expect(unknownField.statusCode).toBe(400);
    expect((await admin.get(base)).body).toBe(before);

    // Another company's admin and the observer can neither read nor write.
    const minatoAdmin = await signIn(app, demo.minatoAdmin);
    expect((await minatoAdmin.get(base)).statusCode).toBe(403);
    expect((await minatoAdmin.patch(`${base}/plan`, { partners: [] })).statusCode).toBe(403);
    const observer = await signIn(app, demo.observer);
    expect((await observer.get(base)).statusCode).toBe(403);
    // expert2 is not assigned to みなと.
    expect((await expert.get(`/api/orgs/${minato}/bcp`)).statusCode).toBe(403);
  });

  it('records facts per system of the company’s own inventory only', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const base = `/api/orgs/${aoba}`;
    const server = (
      await admin.post(`${base}/assets`, { name: '会計サーバー', type: 'system', rtoHours: 8 })
    ).json();
    await admin.post(`${base}/business-processes`, {
      name: '記帳代行',
      rtoHours: 4,
      rpoHours: 2,
      mtdHours: 24,
      recoveryPriority: 1,
      dependencyAssetIds: [server.id],
    });
    const put = await admin.request('PUT', `${base}/bcp/systems/${server.id}`, {
      backupMethod: 'NAS copy',
      backupFrequencyHours: 24,
      backupLocations: ['online'],
      lastRestoreTestOn: '2026-10-01',
      administratorCount: 1,
      recoverySteps: ['Restore from NAS'],
    });
    expect(put.statusCode).toBe(200);
    const gaps = (put.json() as Overview).gaps.filter((g) => g.assetId === server.id);
    expect(gaps.map((g) => g.code).sort()).toEqual([
      'backup_interval_exceeds_rpo',
      'dependency_slower_than_process',
      'no_offline_backup',
      'single_administrator',
    ]);
    const badLocation = await admin.request('PUT', `${base}/bcp/systems/${server.id}`, {
      backupLocations: ['tape-in-a-drawer'],
    });
    expect(badLocation.statusCode).toBe(400);

    // An asset of another company is not found, and nothing is written.
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const theirs = (await sakuraAdmin.get(`/api/orgs/${sakura}/bcp`)).json() as Overview;
    const foreign = theirs.systems[0]!.asset.id;
    expect((await admin.request('PUT', `${base}/bcp/systems/${foreign}`, {})).statusCode).toBe(404);
    expect((await admin.delete(`${base}/bcp/systems/${foreign}`)).statusCode).toBe(404);
    const unchanged = (await sakuraAdmin.get(`/api/orgs/${sakura}/bcp`)).json() as Overview;
    expect(unchanged.systems[0]!.facts?.backupFrequencyHours).toBe(24);

    expect((await admin.delete(`${base}/bcp/systems/${server.id}`)).statusCode).toBe(200);
    const cleared = (await admin.get(`${base}/bcp`)).json() as Overview;
    expect(cleared.systems[0]?.facts).toBeNull();
    expect((await admin.delete(`${base}/bcp/systems/${server.id}`)).statusCode).toBe(404);
  });

  it('draws the activation flow as an inert SVG with escaped company text', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const res = await admin.get(`/api/orgs/${sakura}/bcp/activation-flow.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('BCP発動');
    expect(res.body).toContain('桜井 翔');
    const english = await admin.get(`/api/orgs/${sakura}/bcp/activation-flow.svg?language=en`);
    expect(english.body).toContain('Activate the BCP');

    const aoba_ = await signIn(app, demo.aobaAdmin);
    await aoba_.patch(`/api/orgs/${aoba}/bcp/plan`, {
      activation: { decider: { name: '<script>alert(1)</script>&' } },
    });
    const escaped = (await aoba_.get(`/api/orgs/${aoba}/bcp/activation-flow.svg`)).body;
    expect(escaped).not.toContain('<script>');
    expect(escaped).toContain('&lt;script&gt;');
  });

  it('generates the plan in both languages with warnings in place and missing facts listed', async () => {
    const generate = documentGenerator('itbcp');
    expect(generate).toBeDefined();
    const ja = generatedDocumentSchema.parse(await generate!(app.ctx, sakura, 'ja'));
    expect(ja.title).toBe('IT事業継続計画（IT-BCP）');
    expect(ja.subtitle).toBe('有限会社さくら物流');
    const keys = ja.sections.map((s) => s.key);
    expect(keys.filter((k) => !k.startsWith('recovery.'))).toEqual([
      'scope',
      'bia',
      'activation',
      'organization',
      'contacts',
      'partners',
      'recovery',
      'alternates',
      'ransomware',
      'communication',
      'reconstitution',
      'maintenance',
      'gaps',
    ]);
    const bia = blocksOf(ja, 'bia');
    const processTable = bia.find((b) => b.type === 'table');
    expect(processTable).toMatchObject({ sheet: '重要業務' });
    expect(processTable?.type === 'table' && processTable.rows[0]).toEqual([
      '1',
      '配車・運行管理',
      '24時間',
      '4時間',
      '4時間',
      expect.stringContaining('配車計画システム'),
    ]);
    const figure = blocksOf(ja, 'activation').find((b) => b.type === 'figure');
    expect(figure?.type === 'figure' && figure.svg).toContain('BCP発動');
    expect(blocksOf(ja, 'activation')).toEqual(
      expect.arrayContaining([{ type: 'warning', text: expect.stringContaining('代理者') }]),
    );
    // The dispatch system's backup gap sits in its own recovery subsection.
    const dispatch = ja.sections.find((s) => s.heading === '配車計画システム（本社サーバー）')!;
    expect(dispatch.level).toBe(2);
    expect(dispatch.blocks).toEqual(
      expect.arrayContaining([
        { type: 'warning', text: expect.stringContaining('目標復旧時点（RPO: 4時間）') },
        { type: 'list', ordered: true, items: expect.arrayContaining([expect.any(String)]) },
      ]),
    );
    expect(blocksOf(ja, 'ransomware')).toEqual(
      expect.arrayContaining([{ type: 'warning', text: expect.stringContaining('オフライン') }]),
    );
    const device = ja.sections.find((s) => s.heading === '車載端末・業務用スマートフォン')!;
    expect(device.missing).toHaveLength(1);
    const sheets = ja.sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.type === 'table' && b.sheet ? [b.sheet] : [])),
    );
    expect(sheets).toEqual(
      expect.arrayContaining(['重要業務', '体制', '連絡先', '顧客・取引先', '代替策', '訓練計画']),
    );

    const en = generatedDocumentSchema.parse(await generate!(app.ctx, sakura, 'en'));
    expect(en.title).toBe('IT Business Continuity Plan (IT-BCP)');
    expect(en.sections.map((s) => s.key)).toEqual(keys);
    expect(blocksOf(en, 'ransomware')).toEqual(
      expect.arrayContaining([{ type: 'warning', text: expect.stringContaining('immutable') }]),
    );

    // A company with nothing recorded gets every section, each naming what is missing.
    const blank = await generate!(app.ctx, minato, 'ja');
    for (const key of [
      'scope',
      'bia',
      'activation',
      'organization',
      'contacts',
      'partners',
      'recovery',
    ]) {
      expect(blank.sections.find((s) => s.key === key)?.missing.length, key).toBeGreaterThan(0);
    }
    const preview = await (
      await signIn(app, demo.minatoAdmin)
    ).get(`/api/orgs/${minato}/bcp/preview?language=en`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().sections[0].missing).toContain('The basic policy');
  });
});

describe('IT-BCP versions', () => {
  afterEach(() => vi.useRealTimers());

  it('regenerating an unchanged plan the next day makes no new version; the cover shows the version’s date in Japan time', async () => {
    const base = `/api/orgs/${sakura}/documents/itbcp/en`;
    // 23:30 in Tokyo, then 00:30 two days later there: another calendar day both in UTC and in Japan.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-07T14:30:00Z') });
    const first = await (await signIn(app, demo.sakuraAdmin)).post(`${base}/generate`, {});
    expect(first.statusCode, first.body).toBe(200);
    const { version } = first.json() as { version: number };
    vi.setSystemTime(new Date('2026-12-08T15:30:00Z'));
    const admin = await signIn(app, demo.sakuraAdmin);
    const again = await admin.post(`${base}/generate`, {});
    expect(again.json()).toMatchObject({ version, created: false });
    vi.useRealTimers();

    const detail = (await admin.get(base)).json() as {
      version: { createdAt: string };
      document: GeneratedDocument;
    };
    expect(detail.document.cover).toContainEqual({
      key: 'date',
      label: 'Prepared on',
      value: formatDocumentDate(new Date(detail.version.createdAt), 'en'),
    });
  });
});
