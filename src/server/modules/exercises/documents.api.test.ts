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

// The five exercise documents through the documents module: generated from the company's latest
// exercise (the after-action report from its latest closed one) and exported to Word.

let app: TestApp;
let minato: string;
let admin: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

const docPath = (kind: string, lang: string) => `/api/orgs/${minato}/documents/${kind}/${lang}`;

async function generate(kind: string, lang = 'ja') {
  return admin.post(`${docPath(kind, lang)}/generate`);
}

describe('exercise documents in the documents module', () => {
  it('without an exercise there is nothing to generate', async () => {
    const res = await generate('exercise-explanation');
    expect(res.statusCode, res.body).toBe(404);
  });

  it('generates the explanation, situation manual, handbook and feedback form from the planned exercise', async () => {
    const created = await admin.post(`/api/orgs/${minato}/exercises`, {
      scenarioId: 'vendor-vpn-intrusion',
      title: '委託先経由の侵入 演習',
    });
    expect(created.statusCode, created.body).toBe(201);
    const ex = created.json() as ExerciseDetail;
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
      await admin.get(docPath('exercise-handbook', 'ja'))
    ).json() as DocumentDetailView;
    const text = JSON.stringify(handbook.document);
    // The adapted scenario: the company's name instead of a placeholder, and the participant.
    expect(text).not.toContain('{{');
    expect(text).toContain('品川 由紀');
    expect(handbook.document.sections.some((s) => s.key === 'inject.cut-or-ship')).toBe(true);

    const manual = (
      await admin.get(docPath('exercise-situation-manual', 'en'))
    ).json() as DocumentDetailView;
    expect(manual.document.language).toBe('en');
    expect(JSON.stringify(manual.document)).toContain('Using your seat page');

    const word = await admin.get(`${docPath('exercise-explanation', 'ja')}/download?format=docx`);
    expect(word.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(word.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('机上演習説明資料');
    expect(xml).toContain('判断責任者の明確化');
  });

  it('the after-action report comes from the latest closed exercise, with the score chart as a figure', async () => {
    const none = await generate('exercise-after-action-report');
    expect(none.statusCode).toBe(404);

    const list = (await admin.get(`/api/orgs/${minato}/exercises`)).json() as {
      exercises: { id: string }[];
    };
    const id = list.exercises[0]!.id;
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
      await admin.get(docPath('exercise-after-action-report', 'ja'))
    ).json() as DocumentDetailView;
    const scores = doc.document.sections.find((s) => s.key === 'scores');
    expect(scores?.blocks[0]).toMatchObject({ type: 'figure' });
    expect(doc.document.sections.map((s) => s.key)).toContain('timeline');

    const word = await admin.get(
      `${docPath('exercise-after-action-report', 'ja')}/download?format=docx`,
    );
    expect(word.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(word.rawPayload);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(true);
  });
});
