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
let assessmentId: string;

const ITEM = 'documents-received';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200, 0x20)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 1),
]);

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  const created = await admin.post(`/api/orgs/${minato}/assessments`, {
    questionSetId: 'hearing-csirt',
  });
  expect(created.statusCode, created.body).toBe(201);
  assessmentId = created.json().id;
});
afterAll(() => app.close());

const files = (item = ITEM, id = () => assessmentId) =>
  `/api/orgs/${minato}/assessments/${id()}/answers/${item}/files`;

function upload(
  client: TestClient,
  name: string,
  contentType: string,
  body: Buffer,
  url = files(),
) {
  return app.http.inject({
    method: 'POST',
    url: `${url}?name=${encodeURIComponent(name)}`,
    headers: {
      'content-type': contentType,
      cookie: client.cookie!,
      'x-csrf-token': client.csrf!,
    },
    payload: body,
  });
}

describe('evidence files', () => {
  it('uploads, lists, downloads with the right headers, and the answer lists the files', async () => {
    const first = await upload(admin, '規程集.pdf', 'application/pdf', PDF);
    expect(first.statusCode, first.body).toBe(201);
    const second = await upload(
      admin,
      'memo.txt',
      'text/plain; charset=utf-8',
      Buffer.from('連絡先一覧'),
    );
    expect(second.statusCode, second.body).toBe(201);
    const list = second.json().files as { id: string; name: string; mediaType: string }[];
    expect(list.map((f) => [f.name, f.mediaType])).toEqual([
      ['規程集.pdf', 'application/pdf'],
      ['memo.txt', 'text/plain'],
    ]);

    const download = await admin.get(`${files()}/${list[0]!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('規程集.pdf')}`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(PDF)).toBe(true);

    const detail = (await admin.get(`/api/orgs/${minato}/assessments/${assessmentId}`)).json();
    const answer = detail.answers.find((a: { itemId: string }) => a.itemId === ITEM);
    expect(answer.state).toBe('answered');
    expect(answer.value).toEqual([
      {
        name: '規程集.pdf',
        mediaType: 'application/pdf',
        sizeBytes: PDF.length,
        fileId: list[0]!.id,
      },
      expect.objectContaining({ name: 'memo.txt', fileId: list[1]!.id }),
    ]);

    const removed = await admin.delete(`${files()}/${list[1]!.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().files).toHaveLength(1);
    expect((await admin.get(`${files()}/${list[1]!.id}`)).statusCode).toBe(404);
  });

  it('refuses types outside the list, content that does not match its type, and oversize files', async () => {
    const exe = await upload(admin, 'tool.exe', 'application/x-msdownload', Buffer.from('MZ....'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.details.issues[0]).toMatchObject({ code: 'type_not_allowed' });
    expect(exe.json().error.details.issues[0].message).toContain('pdf');

    const fake = await upload(admin, 'photo.png', 'image/png', PDF);
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.details.issues[0].code).toBe('content_mismatch');

    const big = await upload(
      admin,
      'big.png',
      'image/png',
      Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(big.statusCode).toBe(413);

    const section = await upload(admin, 'a.pdf', 'application/pdf', PDF, files('no-such-item'));
    expect(section.statusCode).toBe(404);

    const list = (await admin.get(files())).json().files;
    expect(list).toHaveLength(1);
  });

  it('takes supporting files on any answerable item of the survey without touching its answer', async () => {
    const survey = await admin.post(`/api/orgs/${minato}/assessments`, {
      questionSetId: 'security-survey',
    });
    expect(survey.statusCode, survey.body).toBe(201);
    const surveyId = survey.json().id as string;
    const url = files('security-policy', () => surveyId);
    const saved = await admin.request(
      'PUT',
      `/api/orgs/${minato}/assessments/${surveyId}/answers/security-policy`,
      { state: 'answered', value: 3 },
    );
    expect(saved.statusCode, saved.body).toBe(200);

    const first = await upload(admin, '基本方針.pdf', 'application/pdf', PDF, url);
    expect(first.statusCode, first.body).toBe(201);
    const second = await upload(admin, 'screen.png', 'image/png', PNG, url);
    expect(second.statusCode, second.body).toBe(201);
    const [pdf, png] = second.json().files as { id: string; name: string }[];
    expect([pdf!.name, png!.name]).toEqual(['基本方針.pdf', 'screen.png']);

    // The score stays the answer; the detail lists the files by item.
    const detail = (await admin.get(`/api/orgs/${minato}/assessments/${surveyId}`)).json();
    const answer = detail.answers.find((a: { itemId: string }) => a.itemId === 'security-policy');
    expect(answer).toMatchObject({ state: 'answered', value: 3 });
    expect(detail.files.map((f: { itemId: string; name: string }) => [f.itemId, f.name])).toEqual([
      ['security-policy', '基本方針.pdf'],
      ['security-policy', 'screen.png'],
    ]);

    const download = await admin.get(`${url}/${png!.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(PNG)).toBe(true);

    // The same checks as on evidence items.
    const exe = await upload(admin, 'tool.exe', 'application/x-msdownload', Buffer.from('MZ'), url);
    expect(exe.json().error.details.issues[0].code).toBe('type_not_allowed');
    const fake = await upload(admin, 'fake.pdf', 'application/pdf', PNG, url);
    expect(fake.json().error.details.issues[0].code).toBe('content_mismatch');
    for (let i = 0; i < 3; i++) {
      expect((await upload(admin, `p${i}.pdf`, 'application/pdf', PDF, url)).statusCode).toBe(201);
    }
    const sixth = await upload(admin, 'p6.pdf', 'application/pdf', PDF, url);
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().error.details.issues[0].code).toBe('too_many_files');

    const removed = await admin.delete(`${url}/${pdf!.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().files).toHaveLength(4);
    const after = (await admin.get(`/api/orgs/${minato}/assessments/${surveyId}`)).json();
    expect(
      after.answers.find((a: { itemId: string }) => a.itemId === 'security-policy'),
    ).toMatchObject({ state: 'answered', value: 3 });

    // A maturity-check item takes files too.
    const maturity = await admin.post(`/api/orgs/${minato}/assessments`, {
      questionSetId: 'maturity',
    });
    const onMaturity = await upload(
      admin,
      'utm.png',
      'image/png',
      PNG,
      files('utm', () => maturity.json().id),
    );
    expect(onMaturity.statusCode, onMaturity.body).toBe(201);

    // Locked once submitted, downloads still work.
    await app.ctx.database.query(`UPDATE assessments SET status = 'submitted' WHERE id = $1`, [
      surveyId,
    ]);
    expect((await upload(admin, 'late.pdf', 'application/pdf', PDF, url)).statusCode).toBe(409);
    expect((await admin.delete(`${url}/${png!.id}`)).statusCode).toBe(409);
    expect((await admin.get(`${url}/${png!.id}`)).statusCode).toBe(200);
  });

  it('keeps other companies out and refuses changes once submitted', async () => {
    const other = await signIn(app, demo.sakuraAdmin);
    const [file] = (await admin.get(files())).json().files as { id: string }[];
    expect((await other.get(files())).statusCode).toBe(403);
    expect((await other.get(`${files()}/${file!.id}`)).statusCode).toBe(403);
    expect((await upload(other, 'x.pdf', 'application/pdf', PDF)).statusCode).toBe(403);
    expect((await other.delete(`${files()}/${file!.id}`)).statusCode).toBe(403);

    // A file id of this company asked for through another company's assessment is not found.
    const sakura = await companyIdByName(app, 'さくら');
    const theirs = await other.post(`/api/orgs/${sakura}/assessments`, {
      questionSetId: 'hearing-csirt',
    });
    const cross = await other.get(
      `/api/orgs/${sakura}/assessments/${theirs.json().id}/answers/${ITEM}/files/${file!.id}`,
    );
    expect(cross.statusCode).toBe(404);

    await app.ctx.database.query(`UPDATE assessments SET status = 'submitted' WHERE id = $1`, [
      assessmentId,
    ]);
    const locked = await upload(admin, 'late.pdf', 'application/pdf', PDF);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('assessment_locked');
    expect((await admin.delete(`${files()}/${file!.id}`)).statusCode).toBe(409);
    expect((await admin.get(`${files()}/${file!.id}`)).statusCode).toBe(200);
  });
});
