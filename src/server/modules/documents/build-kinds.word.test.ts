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

// The build stage's real generators (not a test kind), from the demo data as a new company has it: each Word
// file opens, carries Japanese text and lists what is still missing rather than leaving it blank.
let app: TestApp;
let minato: TestClient;
let sakura: TestClient;
let minatoId: string;
let sakuraId: string;
beforeAll(async () => {
  app = await createTestApp();
  minatoId = await companyIdByName(app, 'みなと');
  sakuraId = await companyIdByName(app, 'さくら');
  minato = await signIn(app, demo.minatoAdmin);
  sakura = await signIn(app, demo.sakuraAdmin);
});
afterAll(() => app.close());

const cases = [
  { kind: 'csirt-description', company: 'minato', expected: '連絡先' },
  { kind: 'csirt-charter', company: 'minato', expected: '目的' },
  { kind: 'incident-report-form', company: 'minato', expected: '報告' },
  { kind: 'incident-response-flow', company: 'minato', expected: '封じ込め' },
  { kind: 'itbcp', company: 'sakura', expected: '配車' },
] as const;

describe('Word files of the build stage', () => {
  it.each(cases)('$kind opens and is written in Japanese', async ({ kind, company, expected }) => {
    const [client, orgId] = company === 'minato' ? [minato, minatoId] : [sakura, sakuraId];
    const base = `/api/orgs/${orgId}/documents/${kind}/ja`;
    const generated = await client.post(`${base}/generate`, {});
    expect(generated.statusCode, generated.body.slice(0, 300)).toBe(200);
    const res = await client.get(`${base}/download?format=docx`);
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(expected);
    expect(xml).toContain('未完了の項目');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:eastAsia="Yu Gothic"/);
  });
});
