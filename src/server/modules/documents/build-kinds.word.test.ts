import JSZip from 'jszip';
import type { DocumentDetailView } from '../../../contracts/documents';
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

/** The cover table of a Word file: the first table of the body, as label → values. */
async function wordCover(payload: Buffer): Promise<[string, string][]> {
  const zip = await JSZip.loadAsync(payload);
  const xml = await zip.file('word/document.xml')!.async('string');
  const table = /<w:tbl>([\s\S]*?)<\/w:tbl>/.exec(xml)![1]!;
  const text = (cell: string) =>
    [...cell.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((row) => {
    const cells = [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1]!));
    return [cells[0] ?? '', cells[1] ?? ''];
  });
}

/** The cover table of a Markdown file: the first table, without its header row. */
function markdownCover(md: string): [string, string][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| '));
  const rows: [string, string][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('| ')) break;
    const [label = '', value = ''] = line.slice(2, -2).split(' | ');
    rows.push([label, value]);
  }
  return rows;
}

const coverWords = {
  ja: {
    version: ['版', 'バージョン'],
    date: ['作成日'],
    datePattern: /^\d{4}年\d{1,2}月\d{1,2}日$/,
    status: '下書き',
    approver: ['承認者', '未承認'],
  },
  en: {
    version: ['Version'],
    date: ['Date', 'Prepared on'],
    datePattern: /^\d{1,2} [A-Z][a-z]{2} \d{4}$/,
    status: 'Draft',
    approver: ['Approver', 'Not approved'],
  },
} as const;

describe('the filled cover of every build-stage document', () => {
  const all = cases.flatMap((c) => (['ja', 'en'] as const).map((language) => ({ ...c, language })));
  it.each(all)('$kind ($language)', async ({ kind, company, language }) => {
    const [client, orgId] = company === 'minato' ? [minato, minatoId] : [sakura, sakuraId];
    const base = `/api/orgs/${orgId}/documents/${kind}/${language}`;
    const generated = await client.post(`${base}/generate`, {});
    expect(generated.statusCode, generated.body.slice(0, 300)).toBe(200);
    const version = String((generated.json() as { version: number }).version);
    const word = await client.get(`${base}/download?format=docx`);
    const md = await client.get(`${base}/download?format=md`);
    expect([word.statusCode, md.statusCode]).toEqual([200, 200]);
    const words = coverWords[language];
    for (const rows of [await wordCover(word.rawPayload), markdownCover(md.body)]) {
      const labels = rows.map(([label]) => label);
      expect(new Set(labels).size, labels.join(' / ')).toBe(labels.length);
      // Every row is filled in: nothing on the cover is left blank.
      for (const [label, value] of rows) expect(value.trim(), label).not.toBe('');
      const value = (names: readonly string[]) => {
        const found = rows.filter(([label]) => names.includes(label));
        expect(found, names.join('|')).toHaveLength(1);
        return found[0]![1];
      };
      expect(value(words.version)).toBe(version);
      expect(value(words.date)).toMatch(words.datePattern);
      expect(value([language === 'ja' ? '作成者' : 'Author']).length).toBeGreaterThan(0);
      expect(value([language === 'ja' ? '状態' : 'Status'])).toBe(words.status);
      expect(value([words.approver[0]])).toBe(words.approver[1]);
    }
  });
});

describe('the response flow diagram in Word', () => {
  it('is wrapped into parts set on landscape pages, each shown at nearly full size', async () => {
    const base = `/api/orgs/${minatoId}/documents/incident-response-flow/ja`;
    expect((await minato.post(`${base}/generate`, {})).statusCode).toBe(200);
    const detail = (await minato.get(base)).json() as DocumentDetailView;
    const figures = detail.document.sections
      .find((s) => s.key === '2')!
      .blocks.filter((b) => b.type === 'figure');
    // Seven stages wrap into two parts of about 900 px rather than one of 1,400 px.
    expect(figures).toHaveLength(2);
    for (const f of figures) expect(f.width).toBeLessThan(1000);

    const zip = await JSZip.loadAsync(
      (await minato.get(`${base}/download?format=docx`)).rawPayload,
    );
    const xml = await zip.file('word/document.xml')!.async('string');
    // Each Word section ends with its properties; split the body there to see which pages hold what.
    const sections = xml.split(/(?<=<\/w:sectPr>)/).filter((part) => part.includes('<w:sectPr'));
    const orientation = (part: string) =>
      /<w:pgSz[^>]*w:orient="landscape"/.test(part) ? 'landscape' : 'portrait';
    expect(sections.map(orientation)).toEqual(['portrait', 'landscape', 'portrait']);
    const landscape = sections[1]!;
    expect(landscape).toContain('フロー図');
    const pageSize = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(landscape)!;
    expect(Number(pageSize[1])).toBeGreaterThan(Number(pageSize[2]));
    // Shown sizes (EMU, 9,525 per pixel at 96 dpi): at least 85 % of the drawn size, so 12 px text
    // stays above 7.5 pt, and inside the page's text area.
    const extents = [...landscape.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [
      Number(m[1]) / 9525,
      Number(m[2]) / 9525,
    ]);
    expect(extents).toHaveLength(2);
    const margins = /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/.exec(
      landscape,
    )!;
    const textWidthPx = (Number(pageSize[1]) - Number(margins[2]) - Number(margins[4])) / 15;
    const textHeightPx = (Number(pageSize[2]) - Number(margins[1]) - Number(margins[3])) / 15;
    extents.forEach(([w, h], i) => {
      const f = figures[i]!;
      expect(w! / f.width).toBeGreaterThanOrEqual(0.85);
      expect(w).toBeLessThanOrEqual(textWidthPx);
      expect(h).toBeLessThanOrEqual(textHeightPx);
    });
    // Before the change the one figure sat on a portrait page at 600 px (42 % of its size).
    expect(sections[0]).not.toContain('<wp:extent');
  });
});
