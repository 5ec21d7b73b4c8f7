import { describe, expect, it } from 'vitest';
import type { DocumentSection } from '../../../contracts/documents';
import {
  applyOverride,
  documentChecklist,
  effectiveDocument,
  parseEditText,
  sectionEditText,
  sectionHash,
} from './model';
import { svgToPng } from './render/figure-png';

const section = (over: Partial<DocumentSection> = {}): DocumentSection => ({
  key: 's',
  heading: '見出し',
  level: 1,
  editable: true,
  missing: [],
  blocks: [],
  ...over,
});

describe('the company’s own text', () => {
  it('reads paragraphs, bulleted and numbered lists from plain text', () => {
    expect(parseEditText('一段落目\n続き\n\n・項目A\n- 項目B\n\n1. 最初\n2) 次\r\n\r\n\n')).toEqual(
      [
        { type: 'paragraph', text: '一段落目\n続き' },
        { type: 'list', ordered: false, items: ['項目A', '項目B'] },
        { type: 'list', ordered: true, items: ['最初', '次'] },
      ],
    );
    expect(parseEditText('   \n\n')).toEqual([]);
  });

  it('round-trips generated text through the editor', () => {
    const s = section({
      blocks: [
        { type: 'paragraph', text: '本文' },
        { type: 'list', ordered: true, items: ['一', '二'] },
      ],
    });
    expect(parseEditText(sectionEditText(s))).toEqual(s.blocks);
  });

  it('replaces paragraphs and lists where they were and keeps tables, figures and warnings', () => {
    const s = section({
      blocks: [
        { type: 'warning', text: '注意' },
        { type: 'paragraph', text: '生成文' },
        { type: 'table', columns: ['a'], rows: [['1']] },
        { type: 'list', ordered: false, items: ['x'] },
      ],
    });
    const out = applyOverride(s, { text: '自社文', baseHash: '', editedBy: null, editedAt: '' });
    expect(out.blocks.map((b) => b.type)).toEqual(['warning', 'paragraph', 'table']);
    expect(out.blocks[1]).toEqual({ type: 'paragraph', text: '自社文' });
  });

  it('flags an override as stale only when its generated section changed', () => {
    const s = section({ blocks: [{ type: 'paragraph', text: 'A' }] });
    const override = { text: '自社', baseHash: sectionHash(s), editedBy: null, editedAt: '' };
    const doc = { title: 't', language: 'ja' as const, cover: [], sections: [s] };
    expect(effectiveDocument(doc, { s: override }).sections[0]!.stale).toBe(false);
    const changed = {
      ...doc,
      sections: [{ ...s, blocks: [{ type: 'paragraph' as const, text: 'B' }] }],
    };
    expect(effectiveDocument(changed, { s: override }).sections[0]!.stale).toBe(true);
    const gone = effectiveDocument({ ...doc, sections: [] }, { s: override });
    expect(gone.orphaned).toEqual([{ sectionKey: 's', text: '自社' }]);
    expect(documentChecklist(gone, 'ja').map((e) => e.type)).toEqual(['orphaned']);
  });

  it('does not call a heading that only groups sub-sections empty', () => {
    const doc = {
      title: 't',
      language: 'en' as const,
      cover: [],
      sections: [
        section({ key: '1', level: 1 }),
        section({ key: '1.1', level: 2, blocks: [{ type: 'paragraph', text: 'x' }] }),
        section({ key: '2', level: 1 }),
      ],
    };
    const entries = documentChecklist(effectiveDocument(doc, {}), 'en');
    expect(entries.map((e) => `${e.sectionKey ?? ''}:${e.type}`)).toEqual(['2:empty']);
  });
});

describe('the PNG fallback of a figure', () => {
  it('draws shapes at the requested size and ignores text', () => {
    const png = svgToPng(
      '<svg viewBox="0 0 100 50"><g transform="translate(10,5)"><rect width="20" height="20" fill="#ff0000"/></g><text>文字</text><path d="M0 0 C 10 10, 20 10, 30 0 Z" stroke="#000"/></svg>',
      200,
      100,
    );
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(200);
    expect(png.readUInt32BE(20)).toBe(100);
  });
});
