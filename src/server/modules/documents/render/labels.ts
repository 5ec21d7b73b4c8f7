import type {
  ChecklistEntryView,
  DocumentBlock,
  DocumentSection,
} from '../../../../contracts/documents';
import type { DocumentLanguage } from '../kinds';
import type { RenderableDocument } from '../service';

/** Words the exported files add around the generated content, in the document's language. */
export const R = {
  checklist: { ja: '未完了の項目（チェックリスト）', en: 'Open items (checklist)' },
  checklistIntro: {
    ja: '次の項目は、まだ決まっていないか、内容に矛盾があります。完成前に確認してください。',
    en: 'The following items are still undecided or contradict each other. Check them before completing the document.',
  },
  checklistEmpty: {
    ja: '未完了の項目はありません。',
    en: 'There are no open items.',
  },
  section: { ja: '節', en: 'Section' },
  kind: { ja: '種類', en: 'Type' },
  item: { ja: '内容', en: 'Item' },
  missing: { ja: '未記入', en: 'Missing' },
  warning: { ja: '注意', en: 'Warning' },
  empty: { ja: '記載なし', en: 'Empty' },
  stale: { ja: '要確認（元データ変更）', en: 'Check (data changed)' },
  orphaned: { ja: '未使用の自社記述', en: 'Unused own text' },
  stillMissing: { ja: 'この節で未記入の項目', en: 'Still missing in this section' },
  emptySection: {
    ja: '（この節はまだ記載がありません。末尾のチェックリストを参照してください。）',
    en: '(This section has no content yet. See the checklist at the end.)',
  },
  figure: { ja: '図', en: 'Figure' },
  noRows: { ja: '（該当なし）', en: '(none)' },
  contents: { ja: '目次', en: 'Contents' },
  label: { ja: '項目', en: 'Item' },
  value: { ja: '内容', en: 'Value' },
} as const;

export function entryType(type: ChecklistEntryView['type'], lang: DocumentLanguage): string {
  return R[type][lang];
}

/** `<title>_<company>_v<version>.<ext>`, safe in every file system. */
export function documentFilename(doc: RenderableDocument, ext: string): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').trim();
  return `${safe(doc.document.title)}_${safe(doc.companyName)}_v${String(doc.version)}.${ext}`;
}

/** Whether a section has nothing in it while the sections after it are not its own sub-sections. */
export function looksEmpty(doc: RenderableDocument, key: string): boolean {
  return doc.checklist.some((e) => e.sectionKey === key && e.type === 'empty');
}

/** Width of the text area of a portrait A4 page in Word, in pixels at 96 dpi. */
export const PORTRAIT_TEXT_WIDTH_PX = 600;

/**
 * Whether a figure would shrink to an unreadable size on a portrait page (a swimlane flow is
 * about 900 px wide): the section holding it is set on landscape pages in Word and PDF.
 */
export function isWideFigure(b: DocumentBlock): boolean {
  return b.type === 'figure' && b.width > PORTRAIT_TEXT_WIDTH_PX * 1.25 && b.width > b.height;
}

export const hasWideFigure = (section: DocumentSection): boolean =>
  section.blocks.some(isWideFigure);
