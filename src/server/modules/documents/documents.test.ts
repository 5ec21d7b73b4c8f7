import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  documentFormats,
  type DocumentDetailView,
  type GeneratedDocument,
} from '../../../contracts/documents';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { registerDocumentKind, unregisterDocumentKind } from './kinds';
import { renderDocument } from './routes';
import { loadRenderable } from './service';

// A small generator owned by the test: its output follows `facts`, so the test can change the
// "underlying data" and regenerate.
const KIND = 'csirt-charter';
const facts = { purpose: '当社の情報セキュリティ事故に迅速に対応するため。', lead: '山田 太郎' };

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<rect x="5" y="5" width="90" height="40" fill="#e7f5ff" stroke="#1c7ed6"/>
<path d="M95 25 L150 25" stroke="#333" fill="none"/>
<circle cx="170" cy="25" r="15" fill="#fff3bf" stroke="#f08c00"/>
<text x="10" y="30" font-size="12">報告</text></svg>`;

function generated(language: 'ja' | 'en'): GeneratedDocument {
  return {
    title: language === 'ja' ? '訓練フィードバック票' : 'Exercise feedback form',
    language,
    cover: [{ key: 'version', label: language === 'ja' ? '版' : 'Version', value: '' }],
    sections: [
      {
        key: '1',
        heading: '1 目的',
        level: 1,
        editable: true,
        missing: [],
        blocks: [
          { type: 'paragraph', text: facts.purpose },
          { type: 'list', ordered: false, items: ['被害の拡大を防ぐ', '事業を早く戻す'] },
        ],
      },
      {
        key: '2',
        heading: '2 体制',
        level: 1,
        editable: true,
        missing: ['副責任者が決まっていません'],
        blocks: [
          { type: 'paragraph', text: `責任者は${facts.lead}です。` },
          { type: 'fields', items: [{ label: '責任者', value: facts.lead }] },
          {
            type: 'table',
            sheet: '連絡先',
            columns: ['役割', '氏名', '電話'],
            rows: [
              ['責任者', facts.lead, '03-0000-0000'],
              ['=cmd', '外部', '-'],
            ],
          },
        ],
      },
      {
        key: '3',
        heading: '3 対応の流れ',
        level: 1,
        editable: false,
        missing: [],
        blocks: [
          { type: 'figure', svg, width: 200, height: 100, caption: '報告から復旧まで' },
          { type: 'warning', text: 'バックアップは毎日ですが、RPO は4時間です。' },
        ],
      },
      { key: '4', heading: '4 免責事項', level: 1, editable: true, missing: [], blocks: [] },
    ],
  };
}

let app: TestApp;
let minato: string;
let base: string;
let staff: TestClient;
let admin: TestClient;
let expert: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  registerDocumentKind({
    kind: KIND,
    generate: async (_ctx, _org, language) => generated(language),
  });
  minato = await companyIdByName(app, 'みなと');
  base = `/api/orgs/${minato}/documents/${KIND}/ja`;
  staff = await signIn(app, demo.minatoStaff);
  admin = await signIn(app, demo.minatoAdmin);
  expert = await signIn(app, demo.expert1);
});
afterAll(() => app.close());

const detail = async (client: TestClient, query = '') => {
  const res = await client.get(`${base}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DocumentDetailView;
};

describe('documents as data', () => {
  it('generates a first version, and a regeneration without changes makes none', async () => {
    const publish = vi.spyOn(app.ctx.realtime, 'publish');
    const first = await staff.post(`${base}/generate`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, status: 'draft', created: true });
    expect(publish).toHaveBeenCalledWith(`org:${minato}`, 'documents.changed', {
      kind: KIND,
      language: 'ja',
      version: 1,
    });
    publish.mockRestore();
    const again = await staff.post(`${base}/generate`);
    expect(again.json()).toMatchObject({ version: 1, created: false });

    const doc = await detail(staff);
    expect(doc.status).toBe('draft');
    expect(doc.versions).toHaveLength(1);
    // The cover's empty "版" was filled; author and approver were added.
    expect(doc.document.cover).toEqual(
      expect.arrayContaining([
        { key: 'version', label: '版', value: '1' },
        { key: 'author', label: '作成者', value: expect.any(String) },
        { key: 'approver', label: '承認者', value: '未承認' },
      ]),
    );
    const types = doc.checklist.map((e) => `${e.sectionKey}:${e.type}`);
    expect(types).toEqual(['2:missing', '3:warning', '4:empty']);

    const list = (await staff.get(`/api/orgs/${minato}/documents`)).json().documents as {
      kind: string;
      language: string;
      status: string | null;
      openItems: number;
    }[];
    expect(list.find((d) => d.kind === KIND && d.language === 'ja')).toMatchObject({
      status: 'draft',
      openItems: 3,
    });
    expect(list.find((d) => d.kind === KIND && d.language === 'en')).toMatchObject({
      status: null,
    });
  });

  it('keeps the company’s section text across regeneration and flags it when the data changed', async () => {
    const edit = await staff.post(`${base}/edits`, {
      baseVersion: 1,
      sectionKey: '2',
      text: '責任者は社長です。\n\n・夜間は当番が受ける\n・休日は携帯へ',
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ version: 2, created: true });

    // An edit based on an old version, on a generated-only section, or on no section changes nothing.
    const stale = await staff.post(`${base}/edits`, { baseVersion: 1, sectionKey: '1', text: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    const locked = await staff.post(`${base}/edits`, {
      baseVersion: 2,
      sectionKey: '3',
      text: 'x',
    });
    expect(locked.json().error.code).toBe('document_section_not_editable');
    const unknown = await staff.post(`${base}/edits`, {
      baseVersion: 2,
      sectionKey: '9',
      text: 'x',
    });
    expect(unknown.statusCode).toBe(404);

    let doc = await detail(staff);
    expect(doc.latestVersion).toBe(2);
    const section2 = doc.document.sections.find((s) => s.key === '2')!;
    expect(section2.blocks).toEqual([
      { type: 'paragraph', text: '責任者は社長です。' },
      { type: 'list', ordered: false, items: ['夜間は当番が受ける', '休日は携帯へ'] },
      expect.objectContaining({ type: 'fields' }),
      expect.objectContaining({ type: 'table' }),
    ]);
    expect(doc.sections.find((s) => s.key === '2')).toMatchObject({
      overridden: true,
      stale: false,
    });

    // The company also writes section 1; then the data behind section 2 changes only.
    await staff.post(`${base}/edits`, {
      baseVersion: 2,
      sectionKey: '1',
      text: '自社の目的です。',
    });
    facts.lead = '佐藤 花子';
    const regenerated = await staff.post(`${base}/generate`);
    expect(regenerated.json()).toMatchObject({ version: 4, created: true });
    doc = await detail(staff);
    expect(doc.versions.map((v) => v.origin)).toEqual([
      'generated',
      'edited',
      'edited',
      'generated',
    ]);
    const s1 = doc.sections.find((s) => s.key === '1')!;
    const s2 = doc.sections.find((s) => s.key === '2')!;
    expect(s1).toMatchObject({ overridden: true, stale: false, editText: '自社の目的です。' });
    expect(s2).toMatchObject({ overridden: true, stale: true });
    expect(s2.generatedText).toContain('佐藤 花子');
    // The company's text stays; the generated table shows the new data.
    const blocks = doc.document.sections.find((s) => s.key === '2')!.blocks;
    expect(blocks[0]).toEqual({ type: 'paragraph', text: '責任者は社長です。' });
    expect(JSON.stringify(blocks)).toContain('佐藤 花子');
    expect(doc.checklist).toContainEqual(
      expect.objectContaining({ sectionKey: '2', type: 'stale' }),
    );

    // Saving the same text again acknowledges the change; null goes back to the generated text.
    await staff.post(`${base}/edits`, {
      baseVersion: 4,
      sectionKey: '2',
      text: s2.editText,
    });
    doc = await detail(staff);
    expect(doc.sections.find((s) => s.key === '2')).toMatchObject({ stale: false });
    await staff.post(`${base}/edits`, { baseVersion: 5, sectionKey: '1', text: null });
    doc = await detail(staff);
    expect(doc.latestVersion).toBe(6);
    expect(doc.sections.find((s) => s.key === '1')).toMatchObject({ overridden: false });
    expect(doc.document.sections[0]!.blocks[0]).toEqual({
      type: 'paragraph',
      text: facts.purpose,
    });
    // Older versions are unchanged.
    const v2 = await detail(staff, '?version=2');
    expect(v2.version.version).toBe(2);
    expect(JSON.stringify(v2.document)).toContain('山田 太郎');
  });

  it('shows per-section differences between two versions', async () => {
    const res = await staff.get(`${base}/diff?from=1&to=6`);
    expect(res.statusCode, res.body).toBe(200);
    const diff = res.json() as {
      sections: {
        key: string;
        change: string;
        parts: { value: string; added: boolean; removed: boolean }[];
      }[];
    };
    expect(diff.sections.map((s) => `${s.key}:${s.change}`)).toEqual([
      '1:unchanged',
      '2:changed',
      '3:unchanged',
      '4:unchanged',
    ]);
    const parts = diff.sections[1]!.parts;
    expect(parts.find((p) => p.removed)?.value).toContain('山田 太郎');
    expect(parts.find((p) => p.added)?.value).toContain('責任者は社長です。');
    expect((await staff.get(`${base}/diff?from=1&to=99`)).statusCode).toBe(404);
  });

  it('runs draft → review with comments → approval by the company admin only', async () => {
    const approveDraft = await admin.post(`${base}/approve`, { version: 6 });
    expect(approveDraft.statusCode).toBe(409);
    expect(approveDraft.json().error.code).toBe('document_status_invalid');
    expect((await staff.post(`${base}/submit`, { version: 5 })).json().error.code).toBe('conflict');
    const submitted = await staff.post(`${base}/submit`, { version: 6 });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('in_review');

    const comment = await expert.post(`${base}/comments`, {
      version: 6,
      sectionKey: '2',
      body: '副責任者も決めましょう。',
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(
      (await expert.post(`${base}/comments`, { version: 6, sectionKey: 'nope', body: 'x' }))
        .statusCode,
    ).toBe(404);

    // Neither the expert nor a member may approve.
    expect((await expert.post(`${base}/approve`, { version: 6 })).statusCode).toBe(403);
    expect((await staff.post(`${base}/approve`, { version: 6 })).statusCode).toBe(403);
    // Nor the secretariat, although it may administer the company otherwise.
    const operator = await signIn(app, demo.operator);
    expect((await operator.post(`${base}/approve`, { version: 6 })).statusCode).toBe(403);
    const approved = await admin.post(`${base}/approve`, { version: 6 });
    expect(approved.statusCode, approved.body).toBe(200);

    let doc = await detail(expert);
    expect(doc.status).toBe('approved');
    expect(doc.version.approvedBy?.name).toBeTruthy();
    expect(doc.version.approvedAt).toBeTruthy();
    expect(doc.version.submittedBy?.name).toBeTruthy();
    expect(doc.comments).toEqual([
      expect.objectContaining({ version: 6, sectionKey: '2', body: '副責任者も決めましょう。' }),
    ]);
    expect(doc.document.cover).toContainEqual({
      key: 'approver',
      label: '承認者',
      value: doc.version.approvedBy!.name,
    });

    // A change after approval is a new draft; the approved version keeps its approval.
    const after = await staff.post(`${base}/edits`, {
      baseVersion: 6,
      sectionKey: '4',
      text: '本書は社内向けです。',
    });
    expect(after.json()).toMatchObject({ version: 7, status: 'draft' });
    doc = await detail(staff);
    expect(doc.status).toBe('draft');
    expect(doc.versions.find((v) => v.version === 6)?.status).toBe('approved');
    expect(doc.checklist.some((e) => e.type === 'empty')).toBe(false);

    // The expert may send a submitted version back to draft.
    await staff.post(`${base}/submit`, { version: 7 });
    const returned = await expert.post(`${base}/return`, { version: 7 });
    expect(returned.json().status).toBe('draft');

    const audit = await app.ctx.database.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE organization_id = $1 AND target_type = 'document' ORDER BY at`,
      [minato],
    );
    const actions = new Set(audit.map((a) => a.action));
    for (const a of [
      'document.generated',
      'document.section_edited',
      'document.submitted',
      'document.commented',
      'document.approved',
      'document.returned',
    ]) {
      expect(actions, a).toContain(a);
    }
  });

  it('refuses a kind whose module is not installed', async () => {
    unregisterDocumentKind('itbcp');
    const res = await staff.post(`/api/orgs/${minato}/documents/itbcp/ja/generate`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('document_kind_unavailable');
    expect((await staff.get(`/api/orgs/${minato}/documents/itbcp/ja`)).statusCode).toBe(404);
  });
});

describe('exports', () => {
  const download = async (format: string, query = '') => {
    const res = await staff.get(`${base}/download?format=${format}${query}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res;
  };

  it('Word: headings, Japanese text and font, the figure as SVG with a PNG fallback, the checklist', async () => {
    const res = await download('docx');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('訓練フィードバック票');
    expect(xml).toContain('責任者は社長です。');
    expect(xml).toContain('佐藤 花子');
    expect(xml).toContain('未完了の項目（チェックリスト）');
    expect(xml).toContain('副責任者が決まっていません');
    expect(xml).toContain('Heading1');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:eastAsia="Yu Gothic"/);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.some((f) => f.endsWith('.svg'))).toBe(true);
    const png = media.find((f) => f.endsWith('.png'));
    expect(png).toBeDefined();
    const pngBytes = await zip.file(png!)!.async('nodebuffer');
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('PDF: a PDF with the Japanese font embedded as a subset', async () => {
    const res = await download('pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
    expect(text).toContain('/FontFile2');
    // A subset, far smaller than the 5 MB font file.
    expect(pdf.length).toBeLessThan(1_500_000);
  });

  it('renders one loaded document to every format in turn (no renderer changes it)', async () => {
    const doc = await loadRenderable(app.ctx.db, { orgId: minato, kind: KIND, language: 'ja' });
    const before = JSON.stringify(doc);
    for (const format of documentFormats) await renderDocument(doc, format);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('Markdown and Excel: the same content, tables as sheets', async () => {
    const md = (await download('md', '&version=2')).body;
    expect(md).toMatch(/^# 訓練フィードバック票/);
    expect(md).toContain('## 2 体制');
    expect(md).toContain('| 責任者 | 山田 太郎 | 03-0000-0000 |');
    expect(md).toContain('data:image/svg+xml;base64,');
    expect(md).toContain('- [ ] 副責任者が決まっていません');

    const res = await download('xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toContain('連絡先');
    expect(names).toContain('未完了の項目（チェックリスト）');
    const contacts = book.getWorksheet('連絡先')!;
    expect(contacts.getRow(2).getCell(2).value).toBe('佐藤 花子');
    // A value that looks like a formula stays text.
    expect(contacts.getRow(3).getCell(1).value).toBe("'=cmd");
  });

  it('English documents are separate and render in English', async () => {
    const en = `/api/orgs/${minato}/documents/${KIND}/en`;
    expect((await staff.post(`${en}/generate`)).json()).toMatchObject({ version: 1 });
    const res = await staff.get(`${en}/download?format=md`);
    expect(res.body).toContain('# Exercise feedback form');
    expect(res.body).toContain('Open items (checklist)');
  });
});
