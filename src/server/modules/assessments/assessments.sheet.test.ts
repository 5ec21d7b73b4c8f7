import ExcelJS from 'exceljs';
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
let admin: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const base = (id: string) => `/api/orgs/${minato}/assessments/${id}`;

async function create(questionSetId: string): Promise<string> {
  const res = await admin.post(`/api/orgs/${minato}/assessments`, { questionSetId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function exportSheet(id: string, lang = 'ja'): Promise<ExcelJS.Workbook> {
  const res = await admin.get(`${base(id)}/sheet.xlsx?lang=${lang}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  expect(res.headers['content-disposition']).toContain('attachment;');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  return workbook;
}

async function upload(id: string, workbook: ExcelJS.Workbook | Buffer, language = 'ja') {
  const body = Buffer.isBuffer(workbook)
    ? workbook
    : Buffer.from(await workbook.xlsx.writeBuffer());
  return app.http.inject({
    method: 'POST',
    url: `${base(id)}/sheet`,
    headers: {
      'content-type': XLSX,
      'accept-language': language,
      cookie: admin.cookie!,
      'x-csrf-token': admin.csrf!,
    },
    payload: body,
  });
}

/** Sets the answer cell (column F) of the row holding an item id. */
function answer(workbook: ExcelJS.Workbook, itemId: string, value: string | number) {
  const sheet = workbook.worksheets[0]!;
  let found = false;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === itemId) {
      row.getCell(6).value = value;
      found = true;
    }
  });
  expect(found, itemId).toBe(true);
}

async function answersOf(id: string) {
  const detail = (await admin.get(base(id))).json() as {
    answers: { itemId: string; state: string | null; value: unknown; comment: string | null }[];
  };
  return new Map(detail.answers.map((a) => [a.itemId, a]));
}

describe('offline answer sheet', () => {
  it('exports every item with its answer type, allowed values, drop-downs and current answers', async () => {
    const id = await create('security-survey');
    await admin.request('PUT', `${base(id)}/answers/backup`, { state: 'answered', value: 3 });
    const workbook = await exportSheet(id);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('回答シート');
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '項目ID',
      'セクション',
      '項目',
      '回答の種類',
      '入力できる値',
      '回答',
      'コメント',
    ]);
    expect(sheet.rowCount).toBe(24);
    const backupRow = sheet.getRows(2, 23)!.find((r) => r.getCell(1).value === 'backup')!;
    expect(backupRow.getCell(4).value).toBe('0〜5の段階');
    expect(String(backupRow.getCell(5).value)).toContain('0: ');
    expect(backupRow.getCell(6).value).toBe(3);
    expect(backupRow.getCell(6).dataValidation).toMatchObject({ type: 'list' });
    expect(workbook.worksheets[1]!.state).toBe('hidden');

    const english = await exportSheet(id, 'en');
    expect(english.worksheets[0]!.getRow(1).getCell(1).value).toBe('Item id');
  });

  it('imports a filled sheet: scores, labels, don’t know and comments, with history', async () => {
    const id = await create('maturity');
    const workbook = await exportSheet(id);
    answer(workbook, 'management-view', '経営の場で取り上げ、担当や予算を決めている');
    answer(workbook, 'business-impact-known', '一部');
    answer(workbook, 'utm', 'わからない');
    answer(workbook, 'updates', 'yes');
    const sheet = workbook.worksheets[0]!;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'utm') row.getCell(7).value = '保守契約を確認する';
    });
    const res = await upload(id, workbook);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ answered: 4, comments: 1, unchanged: 0 });
    const answers = await answersOf(id);
    expect(answers.get('management-view')).toMatchObject({ state: 'answered', value: 'discussed' });
    expect(answers.get('business-impact-known')).toMatchObject({ value: 'partial' });
    expect(answers.get('utm')).toMatchObject({ state: 'dont_know', comment: '保守契約を確認する' });
    expect(answers.get('updates')).toMatchObject({ value: 'yes' });

    // The same sheet again changes nothing.
    const again = await upload(id, await exportSheet(id));
    expect(again.json()).toEqual({ answered: 0, comments: 0, unchanged: 4 });
    const history = (await admin.get(`${base(id)}/history`)).json();
    expect(JSON.stringify(history)).toContain('management-view');
  });

  it('refuses wrong headers, out-of-range scores, unknown items and non-Excel files, saving nothing', async () => {
    const id = await create('security-survey');

    const wrongHeaders = await exportSheet(id);
    wrongHeaders.worksheets[0]!.getCell('F1').value = '点数';
    answer(wrongHeaders, 'backup', 2);
    const headers = await upload(id, wrongHeaders);
    expect(headers.statusCode).toBe(400);
    expect(headers.json().error.details.issues[0]).toMatchObject({
      in: 'file',
      row: 1,
      code: 'wrong_headers',
    });
    expect(headers.json().error.details.issues[0].message).toContain('項目ID');

    const outOfRange = await exportSheet(id);
    answer(outOfRange, 'backup', 2);
    answer(outOfRange, 'patching', 7);
    answer(outOfRange, 'logging', 'たくさん');
    const range = await upload(id, outOfRange);
    expect(range.statusCode).toBe(400);
    const issues = range.json().error.details.issues as {
      row: number;
      column: string;
      columnLetter: string;
      code: string;
      message: string;
    }[];
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ column: '回答', columnLetter: 'F', code: 'invalid_answer' });
    expect(issues[0]!.message).toBe('0〜5の整数で入力してください。');
    expect(issues.map((i) => i.row).every((r) => r > 1)).toBe(true);

    // A sheet exported in English reads back just as well.
    const englishSheet = await exportSheet(id, 'en');
    answer(englishSheet, 'patching', "Don't know");
    answer(englishSheet, 'logging', 9);
    const english = await upload(id, englishSheet);
    expect(english.json().error.details.issues).toEqual([
      expect.objectContaining({ column: '回答', code: 'invalid_answer' }),
    ]);

    const unknown = await exportSheet(id);
    answer(unknown, 'backup', 2);
    unknown.worksheets[0]!.addRow(['no-such-item', '', '', '', '', 3, '']);
    const unknownRes = await upload(id, unknown);
    expect(unknownRes.statusCode).toBe(400);
    expect(unknownRes.json().error.details.issues[0]).toMatchObject({
      row: 25,
      column: '項目ID',
      code: 'unknown_item',
    });

    const notExcel = await upload(id, Buffer.from('項目ID,回答\nbackup,3\n'));
    expect(notExcel.statusCode).toBe(400);
    expect(notExcel.json().error.details.issues[0].code).toBe('unreadable');

    // backup was valid in every file above, yet nothing was saved.
    expect((await answersOf(id)).has('backup')).toBe(false);
  });

  it('refuses a locked (submitted) assessment', async () => {
    const id = await create('security-survey');
    const workbook = await exportSheet(id);
    const sheet = workbook.worksheets[0]!;
    sheet.eachRow((row, n) => {
      if (n > 1) row.getCell(6).value = 3;
    });
    expect((await upload(id, workbook)).statusCode).toBe(200);
    const submitted = await admin.post(`${base(id)}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    answer(workbook, 'backup', 5);
    const locked = await upload(id, workbook);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('assessment_locked');
    expect((await answersOf(id)).get('backup')).toMatchObject({ value: 3 });
  });

  it('keeps other companies out of the sheet', async () => {
    const id = await create('security-survey');
    const other = await signIn(app, demo.sakuraAdmin);
    expect((await other.get(`${base(id)}/sheet.xlsx`)).statusCode).toBe(403);
  });
});
