import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetailView } from '../../../contracts/documents';
import type { ExerciseDetail } from '../../../contracts/exercises';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';

// The five exercise documents through the documents module: each belongs to one exercise (the
// subject), generated from it and exported to Word; two exercises never share a document.

let app: TestApp;
let minato: string;
let admin: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

let exerciseId = '';
const docPath = (kind: string, lang: string) => `/api/orgs/${minato}/documents/${kind}/${lang}`;
const docUrl = (kind: string, lang: string, subject = exerciseId, rest = '', query = '') =>
  `${docPath(kind, lang)}${rest}?subject=${subject}${query}`;

async function generate(kind: string, lang = 'ja', subject = exerciseId) {
  return admin.post(docUrl(kind, lang, subject, '/generate'));
}

async function plan(scenarioId: string, title: string): Promise<ExerciseDetail> {
  const created = await admin.post(`/api/orgs/${minato}/exercises`, { scenarioId, title });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as ExerciseDetail;
}

describe('exercise documents in the documents module', () => {
  it('an exercise document needs its exercise, and only an exercise of this company', async () => {
    const bare = await admin.post(`${docPath('exercise-explanation', 'ja')}/generate`);
    expect(bare.statusCode, bare.body).toBe(400);
    expect(bare.json().error.code).toBe('document_subject_invalid');
    const unknown = await generate('exercise-explanation', 'ja', randomUUID());
    expect(unknown.statusCode, unknown.body).toBe(404);
    // A company document takes no subject.
    const csirt = await admin.post(
      `${docPath('csirt-description', 'ja')}/generate?subject=${randomUUID()}`,
    );
    expect(csirt.statusCode).toBe(400);
  });

  it('generates the explanation, situation manual, handbook and feedback form from the planned exercise', async () => {
    const ex = await plan('vendor-vpn-intrusion', '委託先経由の侵入 演習');
    exerciseId = ex.id;
    const added = await admin.post(`/api/orgs/${minato}/exercises/${ex.id}/participants`, {
      name: '品川 由紀',
      role: 'it',
      affiliation: '情報システム課',
    });
    expect(added.statusCode, added.body).toBeLessThan(300);

    for (const kind of [
      'exercise-explanation',
      'exercise-situation-manual',
      'exercise-handbook',
      'exercise-feedback-form',
    ]) {
      for (const lang of ['ja', 'en']) {
        const res = await generate(kind, lang);
        expect(res.statusCode, `${kind} ${lang}: ${res.body}`).toBe(200);
      }
    }
    const handbook = (
      await admin.get(docUrl('exercise-handbook', 'ja'))
    ).json() as DocumentDetailView;
    expect(handbook.subjectId).toBe(ex.id);
    const text = JSON.stringify(handbook.document);
    // The adapted scenario: the company's name instead of a placeholder, and the participant.
    expect(text).not.toContain('{{');
    expect(text).toContain('品川 由紀');
    expect(handbook.document.sections.some((s) => s.key === 'inject.cut-or-ship')).toBe(true);

    const manual = (
      await admin.get(docUrl('exercise-situation-manual', 'en'))
    ).json() as DocumentDetailView;
    expect(manual.document.language).toBe('en');
    expect(JSON.stringify(manual.document)).toContain('Using your seat page');

    const word = await admin.get(
      docUrl('exercise-explanation', 'ja', ex.id, '/download', '&format=docx'),
    );
    expect(word.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(word.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('机上演習説明資料');
    expect(xml).toContain('判断責任者の明確化');
  });

  it('the after-action report comes from its closed exercise, with the score chart as a figure', async () => {
    const none = await generate('exercise-after-action-report');
    expect(none.statusCode).toBe(404);

    const id = exerciseId;
    const base = `/api/orgs/${minato}/exercises/${id}`;
    for (const step of ['start', 'close']) {
      const res = await admin.post(`${base}/${step}`);
      expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
    }
    // Closed but no report yet: the document says so rather than failing.
    const early = await generate('exercise-after-action-report');
    expect(early.statusCode, early.body).toBe(200);

    expect((await admin.post(`${base}/aar/generate`)).statusCode).toBe(200);
    const res = await generate('exercise-after-action-report');
    expect(res.statusCode, res.body).toBe(200);
    const doc = (
      await admin.get(docUrl('exercise-after-action-report', 'ja'))
    ).json() as DocumentDetailView;
    const scores = doc.document.sections.find((s) => s.key === 'scores');
    expect(scores?.blocks[0]).toMatchObject({ type: 'figure' });
    expect(doc.document.sections.map((s) => s.key)).toContain('timeline');

    const word = await admin.get(
      docUrl('exercise-after-action-report', 'ja', id, '/download', '&format=docx'),
    );
    expect(word.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(word.rawPayload);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(true);
  });

  it('with two exercises each one keeps its own documents and after-action report', async () => {
    // A second exercise, planned after the first: before documents had a subject, the first
    // exercise's pages downloaded this one's documents (the company's newest exercise).
    const second = await plan('ransomware-invoice', '請求書メール型ランサムウェア 演習');
    const first = exerciseId;
    for (const subject of [first, second.id]) {
      const res = await generate('exercise-handbook', 'ja', subject);
      expect(res.statusCode, res.body).toBe(200);
    }
    const handbookOf = async (subject: string) =>
      (await admin.get(docUrl('exercise-handbook', 'ja', subject))).json() as DocumentDetailView;
    const [a, b] = [await handbookOf(first), await handbookOf(second.id)];
    expect(a.id).not.toBe(b.id);
    expect(a.document.subtitle).toBe('委託先経由の侵入 演習');
    expect(b.document.subtitle).toBe('請求書メール型ランサムウェア 演習');
    expect(a.document.sections.some((s) => s.key === 'inject.cut-or-ship')).toBe(true);
    expect(b.document.sections.some((s) => s.key === 'inject.cut-or-ship')).toBe(false);

    // An edit of one exercise's handbook stays in that exercise's document.
    const section = a.sections.find((s) => s.editable)!;
    const edit = await admin.post(docUrl('exercise-handbook', 'ja', first, '/edits'), {
      baseVersion: a.latestVersion,
      sectionKey: section.key,
      text: '第1回演習だけの進行メモ',
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(JSON.stringify((await handbookOf(second.id)).document)).not.toContain(
      '第1回演習だけの進行メモ',
    );

    // The first exercise's after-action report is still its own once the second one closes too.
    const base2 = `/api/orgs/${minato}/exercises/${second.id}`;
    for (const step of ['start', 'close', 'aar/generate']) {
      const res = await admin.post(`${base2}/${step}`);
      expect(res.statusCode, `${step}: ${res.body}`).toBe(200);
    }
    for (const subject of [first, second.id]) {
      const res = await generate('exercise-after-action-report', 'en', subject);
      expect(res.statusCode, res.body).toBe(200);
    }
    const word = async (subject: string) => {
      const res = await admin.get(
        docUrl('exercise-after-action-report', 'en', subject, '/download', '&format=docx'),
      );
      expect(res.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(res.rawPayload);
      return zip.file('word/document.xml')!.async('string');
    };
    const [wa, wb] = [await word(first), await word(second.id)];
    expect(wa).toContain('委託先経由の侵入 演習');
    expect(wa).not.toContain('請求書メール型ランサムウェア 演習');
    expect(wb).toContain('請求書メール型ランサムウェア 演習');

    // The company's list shows both exercises' handbooks, each with its exercise.
    const list = (await admin.get(`/api/orgs/${minato}/documents`)).json() as {
      documents: { kind: string; language: string; subjectId: string | null }[];
    };
    const handbooks = list.documents.filter(
      (d) => d.kind === 'exercise-handbook' && d.language === 'ja',
    );
    expect(handbooks.map((d) => d.subjectId).sort()).toEqual([first, second.id].sort());

    // Deleting a planned exercise takes its documents with it.
    const third = await plan('lost-laptop', '紛失 PC 演習');
    expect((await generate('exercise-explanation', 'ja', third.id)).statusCode).toBe(200);
    expect((await admin.delete(`/api/orgs/${minato}/exercises/${third.id}`)).statusCode).toBe(200);
    const gone = await app.ctx.database.query(
      'SELECT count(*)::int AS n FROM documents WHERE subject_id = $1',
      [third.id],
    );
    expect(gone).toEqual([{ n: 0 }]);
  });
});
