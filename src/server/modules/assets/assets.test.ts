import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { readCsv, readXlsx } from './spreadsheet';

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

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER =
  '資産名,種別,管理責任者,保管場所,機密性,完全性,可用性,RTO(時間),RPO(時間),関連資産,備考';

/** Sends a file as the raw body, as the browser does, with the client's session and CSRF token. */
function upload(client: TestClient, url: string, file: Buffer, contentType: string) {
  return app.http.inject({
    method: 'POST',
    url,
    payload: file,
    headers: {
      cookie: client.cookie!,
      'x-csrf-token': client.csrf!,
      'content-type': contentType,
      'accept-language': 'ja',
    },
  });
}

async function assetCount(orgId: string): Promise<number> {
  const [row] = await app.ctx.database.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM assets WHERE organization_id = $1',
    [orgId],
  );
  return row!.n;
}

/** A company of its own for tests that need an empty inventory. */
async function newCompany(name: string): Promise<string> {
  const operator = await signIn(app, demo.operator);
  const res = await operator.post('/api/orgs', {
    name,
    industry: 'services',
    employeeCount: 10,
    prefecture: '東京都',
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** 10,000 rows: pairs of an information asset and the system it lives on, linked by name. */
function bigInventoryCsv(rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i += 2) {
    const n = String(i).padStart(5, '0');
    lines.push(`顧客台帳${n}㈱髙橋①,情報,営業部 高橋,本社2F,3,2,1,,24,,"メモ, ${n}"`);
    lines.push(
      `販売管理サーバー${n},システム,情報システム課,サーバー室,2,3,3,8.5,4,顧客台帳${n}㈱髙橋①,`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('asset inventory CRUD', () => {
  it('creates primary and supporting assets, links them both ways, updates and deletes', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const base = `/api/orgs/${minato}/assets`;
    const server = (
      await admin.post(base, { name: '生産管理サーバー', type: 'system', rtoHours: 24 })
    ).json();
    const drawings = await admin.post(base, {
      name: '設計図面',
      type: 'information',
      owner: '設計部長',
      location: 'NAS',
      confidentiality: 3,
      integrity: 3,
      availability: 2,
      linkedAssetIds: [server.id],
    });
    expect(drawings.statusCode).toBe(201);
    expect(drawings.json()).toMatchObject({
      category: 'primary',
      linkedAssets: [{ id: server.id, name: '生産管理サーバー', type: 'system' }],
    });
    const fromServer = (await admin.get(`${base}/${server.id}`)).json();
    expect(fromServer.category).toBe('supporting');
    expect(fromServer.linkedAssets.map((a: { name: string }) => a.name)).toEqual(['設計図面']);

    // A name differing only in width and case is the same asset.
    const clash = await admin.post(base, { name: '設計図面', type: 'information' });
    expect(clash.statusCode).toBe(409);
    const sameCategory = await admin.post(base, {
      name: '顧客情報',
      type: 'information',
      linkedAssetIds: [drawings.json().id],
    });
    expect(sameCategory.statusCode).toBe(400);
    expect(sameCategory.json().error.details.issues[0]).toMatchObject({
      path: ['linkedAssetIds', '0'],
      code: 'link_same_category',
    });

    const updated = await admin.patch(`${base}/${drawings.json().id}`, {
      confidentiality: 2,
      notes: '取引先から預かる図面を含む',
    });
    expect(updated.json()).toMatchObject({ confidentiality: 2, linkedAssets: [{ id: server.id }] });
    const typeChange = await admin.patch(`${base}/${server.id}`, { type: 'information' });
    expect(typeChange.json().error.details.issues[0].path).toEqual(['type']);

    const listed = (await admin.get(`${base}?q=${encodeURIComponent('せっけい')}`)).json();
    expect(listed.total).toBe(0);
    const byName = (await admin.get(`${base}?q=${encodeURIComponent('設計')}`)).json();
    expect(byName.assets.map((a: { name: string }) => a.name)).toEqual(['設計図面']);

    expect((await admin.delete(`${base}/${server.id}`)).statusCode).toBe(200);
    expect((await admin.get(`${base}/${drawings.json().id}`)).json().linkedAssets).toEqual([]);
    const audit = await app.ctx.database.query(
      "SELECT target_id FROM audit_log WHERE action = 'asset.deleted' AND organization_id = $1",
      [minato],
    );
    expect(audit).toEqual([{ target_id: server.id }]);
  });

  it('keeps companies apart: no access to another company, no linking to its assets', async () => {
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const own = (
      await sakuraAdmin.post(`/api/orgs/${sakura}/assets`, { name: '配車システム', type: 'system' })
    ).json();
    const minatoAdmin = await signIn(app, demo.minatoAdmin);
    expect((await minatoAdmin.get(`/api/orgs/${sakura}/assets`)).statusCode).toBe(403);
    expect((await minatoAdmin.get(`/api/orgs/${minato}/assets/${own.id}`)).statusCode).toBe(404);
    const linked = await minatoAdmin.post(`/api/orgs/${minato}/assets`, {
      name: '配送データ',
      type: 'information',
      linkedAssetIds: [own.id],
    });
    expect(linked.statusCode).toBe(400);
    expect(linked.json().error.details.issues[0]).toMatchObject({
      path: ['linkedAssetIds', '0'],
      code: 'not_found',
    });
    const upload403 = await upload(
      minatoAdmin,
      `/api/orgs/${sakura}/assets/import`,
      Buffer.from(`${HEADER}\r\nx,情報,,,,,,,,,\r\n`),
      CSV,
    );
    expect(upload403.statusCode).toBe(403);
    expect((await minatoAdmin.get(`/api/orgs/${sakura}/assets/export`)).statusCode).toBe(403);
    const observer = await signIn(app, demo.observer);
    expect((await observer.get(`/api/orgs/${sakura}/assets`)).statusCode).toBe(403);
  });
});

describe('asset import', () => {
  it('imports 10,000 rows of Shift_JIS CSV with Japanese names and links intact', async () => {
    const org = await newCompany('株式会社インポート一万');
    const admin = await signIn(app, demo.operator);
    const file = iconv.encode(bigInventoryCsv(10_000), 'Shift_JIS');
    const res = await upload(admin, `/api/orgs/${org}/assets/import`, file, CSV);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 10_000, updated: 0, links: 5_000 });
    expect(await assetCount(org)).toBe(10_000);
    const found = (
      await admin.get(`/api/orgs/${org}/assets?q=${encodeURIComponent('販売管理サーバー09998')}`)
    ).json();
    expect(found.assets[0]).toMatchObject({
      name: '販売管理サーバー09998',
      type: 'system',
      owner: '情報システム課',
      rtoHours: 8.5,
      rpoHours: 4,
      linkedAssets: [{ name: '顧客台帳09998㈱髙橋①', type: 'information' }],
    });
    const info = (
      await admin.get(`/api/orgs/${org}/assets?q=${encodeURIComponent('顧客台帳00000')}`)
    ).json();
    expect(info.assets[0]).toMatchObject({ confidentiality: 3, notes: 'メモ, 00000' });
  });

  it('imports the same inventory from .xlsx', async () => {
    const org = await newCompany('株式会社エクセル取込');
    const admin = await signIn(app, demo.operator);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台帳');
    for (const line of bigInventoryCsv(10_000).trim().split('\r\n')) {
      const cells = readCsv(Buffer.from(line))[0]!.cells;
      // Numbers as numbers, the way Excel stores typed-in ratings.
      sheet.addRow(cells.map((c) => (/^\d+(\.\d+)?$/.test(c) ? Number(c) : c)));
    }
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(admin, `/api/orgs/${org}/assets/import`, file, XLSX);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 10_000, updated: 0, links: 5_000 });
    const found = (
      await admin.get(`/api/orgs/${org}/assets?q=${encodeURIComponent('顧客台帳04000')}`)
    ).json();
    expect(found.assets[0]).toMatchObject({
      name: '顧客台帳04000㈱髙橋①',
      availability: 1,
      rpoHours: 24,
      linkedAssets: [{ name: '販売管理サーバー04000' }],
    });
  });

  it('rejects wrong headers with one error naming the expected headers, saving nothing', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const before = await assetCount(aoba);
    const res = await upload(
      admin,
      `/api/orgs/${aoba}/assets/import`,
      Buffer.from('氏名,住所\r\n青葉,新宿\r\n'),
      CSV,
    );
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.details.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ in: 'file', row: 1, code: 'wrong_headers' });
    expect(issues[0].message).toContain('資産名');
    expect(issues[0].message).toContain('機密性');
    expect(issues[0].expected).toContain('種別');
    expect(await assetCount(aoba)).toBe(before);
  });

  it('names row 7, column 機密性 for a bad rating and saves none of the good rows', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const before = await assetCount(aoba);
    const rows = Array.from(
      { length: 8 },
      (_, i) => `顧問先資料${i},情報,,,${i === 5 ? 4 : 2},2,2,,,,`,
    );
    const res = await upload(
      admin,
      `/api/orgs/${aoba}/assets/import`,
      Buffer.from(`\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`),
      CSV,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues).toEqual([
      {
        in: 'file',
        path: ['7', '機密性'],
        row: 7,
        column: '機密性',
        code: 'bad_rating',
        message: '1〜3の整数を入力してください。',
      },
    ]);
    expect(await assetCount(aoba)).toBe(before);
  });

  it('names both rows of a duplicate, within the file and against the inventory', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    await admin.post(`/api/orgs/${aoba}/assets`, { name: '会計ソフト', type: 'system' });
    const before = await assetCount(aoba);
    const csv = [
      HEADER,
      '給与データ,情報,,,3,3,2,,,,',
      '顧問先名簿,情報,,,3,2,2,,,,',
      '給与データ,情報,,,3,3,2,,,,',
      'かいけいソフト,システム,,,,,,,,,',
      '会計ソフト,システム,,,,,,,,,',
    ].join('\n');
    const res = await upload(admin, `/api/orgs/${aoba}/assets/import`, Buffer.from(csv), CSV);
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.details.issues;
    expect(issues).toEqual([
      expect.objectContaining({
        row: 4,
        column: '資産名',
        code: 'duplicate_row',
        otherRow: 2,
        message: '2行目と同じ資産名です。',
      }),
      expect.objectContaining({ row: 6, column: '資産名', code: 'duplicate_existing' }),
    ]);
    expect(issues[1].message).toContain('会計ソフト');
    expect(await assetCount(aoba)).toBe(before);
  });

  it('reports unknown and same-category links and unreadable files', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const csv = [
      HEADER,
      '申告書控え,情報,,,,,,,,存在しない資産,',
      '決算資料,情報,,,,,,,,申告書控え,',
    ];
    const res = await upload(
      admin,
      `/api/orgs/${aoba}/assets/import`,
      Buffer.from(csv.join('\n')),
      CSV,
    );
    expect(res.json().error.details.issues.map((i: { code: string }) => i.code)).toEqual([
      'link_unknown',
      'link_same_category',
    ]);
    const broken = await upload(
      admin,
      `/api/orgs/${aoba}/assets/import`,
      Buffer.from(`${HEADER}\n"unterminated,情報\n`),
      CSV,
    );
    expect(broken.json().error.details.issues[0].code).toBe('csv_syntax');
    const json = await admin.post(`/api/orgs/${aoba}/assets/import`, { rows: [] });
    expect(json.statusCode).toBe(415);
  });
});

describe('asset export', () => {
  let source: string;

  beforeAll(async () => {
    source = await newCompany('株式会社エクスポート元');
    const admin = await signIn(app, demo.operator);
    const base = `/api/orgs/${source}/assets`;
    const nas = (
      await admin.post(base, {
        name: 'NAS; 本社',
        type: 'device',
        owner: '+81-3-0000-0000',
        rtoHours: 48,
      })
    ).json();
    const mail = (
      await admin.post(base, { name: 'メール', type: 'service', rpoHours: 0.5 })
    ).json();
    await admin.post(base, {
      name: '@顧客名簿',
      type: 'information',
      confidentiality: 3,
      integrity: 2,
      availability: 1,
      notes: '=HYPERLINK("http://example.invalid","開く")\n2行目',
      linkedAssetIds: [nas.id, mail.id],
    });
    await admin.post(base, { name: '見積業務', type: 'business_process', location: '-' });
  });

  it('neutralises formulas in CSV and Excel and audits the export', async () => {
    const admin = await signIn(app, demo.operator);
    const csv = await admin.get(`/api/orgs/${source}/assets/export?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = readCsv(csv.rawPayload);
    expect(rows[0]!.cells[0]).toBe('資産名');
    const names = rows.slice(1).map((r) => r.cells[0]);
    expect(names).toEqual(["'@顧客名簿", '見積業務', 'NAS; 本社', 'メール']);
    const info = rows[1]!.cells;
    expect(info[10]).toBe('\'=HYPERLINK("http://example.invalid","開く")\n2行目');
    expect(info[9]).toBe('NAS; 本社\nメール');
    expect(rows[2]!.cells[3]).toBe("'-");
    expect(rows[3]!.cells[2]).toBe("'+81-3-0000-0000");

    const xlsx = await admin.get(`/api/orgs/${source}/assets/export?format=xlsx`);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    const sheet = await readXlsx(xlsx.rawPayload);
    expect(sheet[1]!.cells[0]).toBe("'@顧客名簿");
    expect(sheet[1]!.cells[4]).toBe('3');
    expect(sheet[1]!.cells[10]).toMatch(/^'=HYPERLINK/);

    const audit = await app.ctx.database.query<{ details: { format: string; rows: number } }>(
      "SELECT details FROM audit_log WHERE action = 'asset.exported' AND organization_id = $1 ORDER BY at",
      [source],
    );
    expect(audit.map((a) => a.details)).toEqual([
      { format: 'csv', rows: 4 },
      { format: 'xlsx', rows: 4 },
    ]);
  });

  it('round-trips: export, import into an empty company, export again gives the same file', async () => {
    const admin = await signIn(app, demo.operator);
    for (const format of ['csv', 'xlsx'] as const) {
      const first = await admin.get(`/api/orgs/${source}/assets/export?format=${format}`);
      const target = await newCompany(`株式会社往復${format}`);
      const imported = await upload(
        admin,
        `/api/orgs/${target}/assets/import`,
        first.rawPayload,
        format === 'csv' ? CSV : XLSX,
      );
      expect(imported.json()).toEqual({ created: 4, updated: 0, links: 2 });
      const second = await admin.get(`/api/orgs/${target}/assets/export?format=${format}`);
      const read = format === 'csv' ? readCsv : readXlsx;
      expect(await read(second.rawPayload)).toEqual(await read(first.rawPayload));
      const restored = (
        await admin.get(`/api/orgs/${target}/assets?q=${encodeURIComponent('顧客名簿')}`)
      ).json().assets[0];
      expect(restored.name).toBe('@顧客名簿');
      expect(restored.notes).toBe('=HYPERLINK("http://example.invalid","開く")\n2行目');
    }
  });

  it('updates existing assets by name in update mode, and refuses them in add mode', async () => {
    const admin = await signIn(app, demo.operator);
    const exported = await admin.get(`/api/orgs/${source}/assets/export?format=csv`);
    const url = `/api/orgs/${source}/assets/import`;
    const added = await upload(admin, url, exported.rawPayload, CSV);
    expect(added.json().error.details.issues).toHaveLength(4);
    const edited = Buffer.from(
      exported.rawPayload
        .toString('utf8')
        .replace('見積業務,業務プロセス,,', '見積業務,業務プロセス,営業部,'),
    );
    const updated = await upload(admin, `${url}?mode=update`, edited, CSV);
    expect(updated.json()).toEqual({ created: 0, updated: 4, links: 2 });
    const process = (
      await admin.get(`/api/orgs/${source}/assets?q=${encodeURIComponent('見積業務')}`)
    ).json().assets[0];
    expect(process.owner).toBe('営業部');
    expect(await assetCount(source)).toBe(4);
  });

  it('lists the risks that name each asset, highest score first, from its own company only', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const base = `/api/orgs/${aoba}`;
    const ledger = (
      await admin.post(`${base}/assets`, { name: 'リスク確認用 顧問先台帳', type: 'information' })
    ).json();
    const quiet = (
      await admin.post(`${base}/assets`, { name: 'リスク確認用 掲示板', type: 'information' })
    ).json();
    for (const [title, likelihood, impact] of [
      ['台帳の誤送信', 2, 2],
      ['台帳の持ち出し', 4, 5],
    ] as const) {
      const created = await admin.post(`${base}/risks`, {
        title,
        likelihood,
        impact,
        assetIds: [ledger.id],
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const listed = (await admin.get(`${base}/assets?q=リスク確認用`)).json().assets as {
      id: string;
      risks: { title: string; score: number; level: { key: string } }[];
    }[];
    const row = listed.find((a) => a.id === ledger.id)!;
    expect(row.risks.map((r) => [r.title, r.score])).toEqual([
      ['台帳の持ち出し', 20],
      ['台帳の誤送信', 4],
    ]);
    expect(row.risks[0]!.level.key).toBe('critical');
    expect(listed.find((a) => a.id === quiet.id)!.risks).toEqual([]);
    const one = (await admin.get(`${base}/assets/${ledger.id}`)).json();
    expect(one.risks).toHaveLength(2);

    // The seeded demo company's assets list its own risks and never another company's.
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const sakuraAssets = (await sakuraAdmin.get(`/api/orgs/${sakura}/assets?limit=200`)).json()
      .assets as { name: string; risks: { title: string }[] }[];
    const dispatch = sakuraAssets.find((a) => a.name === '配車計画システム（本社サーバー）')!;
    expect(dispatch.risks.map((r) => r.title)).toContain(
      '添付ファイル経由のランサムウェアで配車が止まる',
    );
    expect(sakuraAssets.flatMap((a) => a.risks.map((r) => r.title))).not.toContain(
      '台帳の持ち出し',
    );
  });
});
