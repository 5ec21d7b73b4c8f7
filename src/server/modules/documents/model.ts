import { createHash } from 'node:crypto';
import { diffLines } from 'diff';
import type {
  ChecklistEntryView,
  DocumentBlock,
  DocumentDiffView,
  DocumentSection,
  GeneratedDocument,
  SectionOverride,
} from '../../../contracts/documents';
import type { DocumentLanguage } from './kinds';

// Pure functions over the document model: how the company's text replaces a section's text, what
// the checklist holds and how two versions differ. No database here, so they are easy to test.

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const documentHash = (doc: GeneratedDocument) => sha256(JSON.stringify(doc));

/** Identifies a generated section's content; an override made against another hash is stale. */
export const sectionHash = (s: DocumentSection) =>
  sha256(JSON.stringify({ heading: s.heading, blocks: s.blocks, missing: s.missing }));

const isTextBlock = (b: DocumentBlock) => b.type === 'paragraph' || b.type === 'list';

const bullet = /^(?:[・•*]|-)\s*/;
const numbered = /^\d+[.)．）]\s*/;

/** The section's paragraphs and lists as the plain text the editor shows. */
export function sectionEditText(section: DocumentSection): string {
  return section.blocks
    .filter(isTextBlock)
    .map((b) => {
      if (b.type === 'paragraph') return b.text;
      if (b.type === 'list') {
        return b.items
          .map((item, i) => (b.ordered ? `${String(i + 1)}. ${item}` : `・${item}`))
          .join('\n');
      }
      return '';
    })
    .join('\n\n');
}

/** The company's text as blocks: blank lines separate paragraphs; "・"/"- " and "1." lines make lists. */
export function parseEditText(text: string): DocumentBlock[] {
  const chunks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((c) => c.replace(/\s+$/g, '').replace(/^\n+/, ''))
    .filter((c) => c.trim() !== '');
  return chunks.map((chunk): DocumentBlock => {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.every((l) => bullet.test(l.trim()))) {
      return {
        type: 'list',
        ordered: false,
        items: lines.map((l) => l.trim().replace(bullet, '')),
      };
    }
    if (lines.every((l) => numbered.test(l.trim()))) {
      return {
        type: 'list',
        ordered: true,
        items: lines.map((l) => l.trim().replace(numbered, '')),
      };
    }
    return { type: 'paragraph', text: chunk };
  });
}

export const normaliseEditText = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .trim();

/** The section with the company's text in place of the generated paragraphs and lists. */
export function applyOverride(
  section: DocumentSection,
  override: SectionOverride,
): DocumentSection {
  const replacement = parseEditText(override.text);
  const firstText = section.blocks.findIndex(isTextBlock);
  const kept = section.blocks.filter((b) => !isTextBlock(b));
  // The company's text goes where the generated text began (every block before it is kept, so the
  // index is the same in `kept`); tables, figures and warnings stay.
  const at = Math.max(firstText, 0);
  return { ...section, blocks: [...kept.slice(0, at), ...replacement, ...kept.slice(at)] };
}

export interface SectionState {
  section: DocumentSection;
  generated: DocumentSection;
  override: SectionOverride | undefined;
  stale: boolean;
}

export interface EffectiveDocument {
  document: GeneratedDocument;
  sections: SectionState[];
  orphaned: { sectionKey: string; text: string }[];
}

/** Generated sections with the company's overrides applied (cover not yet filled in). */
export function effectiveDocument(
  generated: GeneratedDocument,
  overrides: Record<string, SectionOverride>,
): EffectiveDocument {
  const keys = new Set(generated.sections.map((s) => s.key));
  const sections = generated.sections.map((s): SectionState => {
    const override = s.editable ? overrides[s.key] : undefined;
    return {
      section: override ? applyOverride(s, override) : s,
      generated: s,
      override,
      stale: override !== undefined && override.baseHash !== sectionHash(s),
    };
  });
  const orphaned = Object.entries(overrides)
    .filter(([key]) => !keys.has(key))
    .map(([sectionKey, o]) => ({ sectionKey, text: o.text }));
  return {
    document: { ...generated, sections: sections.map((s) => s.section) },
    sections,
    orphaned,
  };
}

const L = {
  stale: {
    ja: '自社で書き換えた後に、元になったデータが変わりました。内容を確認してください。',
    en: 'The underlying data changed after your own text was written. Please check it.',
  },
  orphaned: {
    ja: 'この節は現在の生成結果にありません。自社の記述は保存されていますが文書には表示されません。',
    en: 'This section is no longer generated. Your text is kept but not shown in the document.',
  },
  empty: {
    ja: 'この節には記載がありません。',
    en: 'This section has no content.',
  },
};

/**
 * A section with nothing in it. A heading that only groups the sub-sections after it is not empty.
 */
export function isEmptySection(section: DocumentSection, next?: DocumentSection): boolean {
  if (next && next.level > section.level) return false;
  return section.blocks.every((b) => {
    switch (b.type) {
      case 'paragraph':
        return b.text.trim() === '';
      case 'list':
      case 'fields':
        return b.items.length === 0;
      case 'table':
        return b.rows.length === 0;
      default:
        return false;
    }
  });
}

/** Everything still open in a document: missing items, warnings, empty sections, stale edits. */
export function documentChecklist(
  effective: EffectiveDocument,
  lang: DocumentLanguage,
): ChecklistEntryView[] {
  const entries: ChecklistEntryView[] = [];
  const sections = effective.sections;
  sections.forEach(({ section, stale }, i) => {
    const base = { sectionKey: section.key, heading: section.heading };
    for (const m of section.missing) entries.push({ ...base, type: 'missing', text: m });
    for (const b of section.blocks) {
      if (b.type === 'warning') entries.push({ ...base, type: 'warning', text: b.text });
    }
    if (isEmptySection(section, sections[i + 1]?.section) && section.missing.length === 0) {
      entries.push({ ...base, type: 'empty', text: L.empty[lang] });
    }
    if (stale) entries.push({ ...base, type: 'stale', text: L.stale[lang] });
  });
  for (const o of effective.orphaned) {
    entries.push({
      sectionKey: o.sectionKey,
      heading: o.sectionKey,
      type: 'orphaned',
      text: L.orphaned[lang],
    });
  }
  return entries;
}

/** One section as plain lines, for the diff. Figures are named by caption and content hash. */
export function sectionPlainText(section: DocumentSection): string {
  const lines: string[] = [section.heading];
  for (const b of section.blocks) {
    switch (b.type) {
      case 'paragraph':
        lines.push(...b.text.split('\n'));
        break;
      case 'list':
        b.items.forEach((item, i) =>
          lines.push(b.ordered ? `${String(i + 1)}. ${item}` : `・${item}`),
        );
        break;
      case 'fields':
        for (const f of b.items) lines.push(`${f.label}: ${f.value}`);
        break;
      case 'table':
        lines.push(b.columns.join(' | '));
        for (const row of b.rows) lines.push(row.join(' | '));
        break;
      case 'figure':
        lines.push(`[${b.caption} #${sha256(b.svg).slice(0, 8)}]`);
        break;
      case 'warning':
        lines.push(`⚠ ${b.text}`);
        break;
    }
  }
  return lines.join('\n') + '\n';
}

/** Per-section line diff between two effective documents, in the order of the newer one. */
export function diffDocuments(
  from: { version: number; document: GeneratedDocument },
  to: { version: number; document: GeneratedDocument },
): DocumentDiffView {
  const before = new Map(from.document.sections.map((s) => [s.key, s]));
  const after = new Map(to.document.sections.map((s) => [s.key, s]));
  const order = [
    ...to.document.sections.map((s) => s.key),
    ...from.document.sections.map((s) => s.key).filter((k) => !after.has(k)),
  ];
  const part = (value: string, added = false, removed = false) => ({ value, added, removed });
  return {
    from: from.version,
    to: to.version,
    sections: order.map((key) => {
      const a = before.get(key);
      const b = after.get(key);
      const heading = (b ?? a)!.heading;
      if (!a)
        return {
          key,
          heading,
          change: 'added' as const,
          parts: [part(sectionPlainText(b!), true)],
        };
      if (!b) {
        return {
          key,
          heading,
          change: 'removed' as const,
          parts: [part(sectionPlainText(a), false, true)],
        };
      }
      const ta = sectionPlainText(a);
      const tb = sectionPlainText(b);
      if (ta === tb) return { key, heading, change: 'unchanged' as const, parts: [] };
      return {
        key,
        heading,
        change: 'changed' as const,
        parts: diffLines(ta, tb).map((c) => part(c.value, c.added, c.removed)),
      };
    }),
  };
}
