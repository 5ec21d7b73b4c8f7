import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';

let app: TestApp;
let minato: string;
let url: string;

const surveyItems = [
  'security-policy',
  'roles',
  'risk-assessment',
  'third-parties',
  'asset-inventory',
  'data-handling',
  'access-control',
  'perimeter',
  'remote-access',
  'logging',
  'segmentation',
  'patching',
  'malware-protection',
  'admin-rights',
  'mobile-devices',
  'education-plan',
  'phishing-training',
  'rules-awareness',
  'reporting-culture',
  'response-structure',
  'backup',
  'continuity-plan',
  'exercises',
];

async function ok(res: Promise<{ statusCode: number; body: string }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
}

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  const staff = await signIn(app, demo.minatoStaff);
  const expert = await signIn(app, demo.expert1);
  const created = await staff.post(`/api/orgs/${minato}/assessments`, {
    questionSetId: 'security-survey',
    label: '2026年度 初回',
  });
  expect(created.statusCode, created.body).toBe(201);
  url = `/api/orgs/${minato}/assessments/${created.json().id}`;
  for (const [i, itemId] of surveyItems.entries()) {
    const body =
      itemId === 'logging'
        ? { state: 'dont_know' }
        : itemId === 'mobile-devices'
          ? { state: 'not_applicable' }
          : { state: 'answered', value: itemId === 'security-policy' ? 3 : i % 6 };
    await ok(staff.request('PUT', `${url}/answers/${itemId}`, body));
  }
  await ok(
    staff.request('PUT', `${url}/answers/backup/comment`, { comment: '=HYPERLINK("x")外付けHDD' }),
  );
  await ok(staff.post(`${url}/submit`));
  await ok(
    expert.post(`${url}/review`, {
      summary: '基本的な規程はそろっています。',
      sections: [{ sectionId: 'governance', feedback: '委託先の契約を見直しましょう。' }],
    }),
  );
});
afterAll(() => app.close());

async function documentXml(body: Buffer): Promise<string> {
  expect(body.subarray(0, 2).toString()).toBe('PK');
  const zip = await JSZip.loadAsync(body);
  return zip.file('word/document.xml')!.async('string');
}

describe('the hearing result report', () => {
  it('is a Word document in the reader’s language with scores, answers and feedback', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const res = await admin.get(`${url}/report.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename=".*\.docx"; filename\*=UTF-8''%E3%83%92/,
    );
    const body = res.rawPayload;
    const xml = await documentXml(body);
    expect(xml).toContain('みなと');
    expect(xml).toContain('ヒアリングシート結果報告書');
    expect(xml).toContain('組織とルール');
    expect(xml).toContain('経営者が承認した方針と主な規程があり、従業員に周知している。');
    expect(xml).toContain('わからない（要確認）');
    expect(xml).toContain('該当なし');
    expect(xml).toContain('委託先の契約を見直しましょう。');
    expect(xml).toContain('伴走 一郎');
    const zip = await JSZip.loadAsync(body);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.some((f) => f.endsWith('.svg'))).toBe(true);
    expect(media.some((f) => f.endsWith('.png'))).toBe(true);
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:eastAsia="Yu Gothic"');

    const english = await documentXml((await admin.get(`${url}/report.docx?lang=en`)).rawPayload);
    expect(english).toContain('Hearing result report');
    expect(english).toContain('Organisation and rules');
    expect(english).toContain('A management-approved policy and the main rules exist');

    const audit = await app.ctx.database.query<{ details: { format: string } }>(
      `SELECT details FROM audit_log WHERE action = 'assessment.exported'`,
    );
    expect(audit.map((a) => a.details.format)).toContain('docx');
  });

  it('exports every answer to Excel with formulas neutralised and the section scores', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const res = await staff.get(`${url}/answers.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const answers = workbook.getWorksheet('回答')!;
    expect(answers.rowCount).toBe(1 + surveyItems.length);
    const rows = new Map<string, unknown[]>();
    answers.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(2).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.get('security-policy')).toEqual([
      '組織とルール',
      'security-policy',
      '情報セキュリティの方針と規程',
      '3 — 経営者が承認した方針と主な規程があり、従業員に周知している。',
      '回答済み',
      '品川 由紀',
      expect.any(String),
      '',
    ]);
    expect(rows.get('logging')?.[4]).toBe('わからない（要確認）');
    expect(rows.get('backup')?.[7]).toBe('\'=HYPERLINK("x")外付けHDD');
    const scores = workbook.getWorksheet('セクション別スコア')!;
    expect(scores.getRow(2).getCell(1).value).toBe('governance');
    expect(typeof scores.getRow(2).getCell(3).value).toBe('number');
  });

  it('keeps other companies out and refuses an unknown language', async () => {
    const sakuraAdmin: TestClient = await signIn(app, demo.sakuraAdmin);
    expect((await sakuraAdmin.get(`${url}/report.docx`)).statusCode).toBe(403);
    expect((await sakuraAdmin.get(`${url}/answers.xlsx`)).statusCode).toBe(403);
    const staff = await signIn(app, demo.minatoStaff);
    expect((await staff.get(`${url}/report.docx?lang=fr`)).statusCode).toBe(400);
    expect((await staff.get(`${url}/answers.xlsx?format=csv`)).statusCode).toBe(400);
  });
});
