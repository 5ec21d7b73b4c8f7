import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DocumentBlock } from '../../../../contracts/documents';
import type { RenderableDocument } from '../service';
import { entryType, hasWideFigure, looksEmpty, R } from './labels';

// pdfmake's default export is one shared instance whose fonts and access policies are global. This
// module builds its own printer instead, with the Japanese font held in memory and every URL and
// local file access refused, so nothing here depends on (or changes) what other code sets there.

interface PdfKitStream {
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end' | 'error', listener: (arg?: unknown) => void): void;
  end(): void;
}
interface Printer {
  createPdfKitDocument(def: TDocumentDefinitions, options?: object): Promise<PdfKitStream>;
}
type PrinterClass = new (
  fonts: Record<string, Record<string, string>>,
  virtualfs: MemoryFs,
  urlResolver: object,
  localAccessPolicy: (p: string) => boolean,
) => Printer;
type UrlResolverClass = new (fs: MemoryFs) => {
  setUrlAccessPolicy(cb: (u: string) => boolean): void;
};

const require = createRequire(import.meta.url);
const Printer = (require('pdfmake/js/Printer') as { default: PrinterClass }).default;
const UrlResolver = (require('pdfmake/js/URLResolver') as { default: UrlResolverClass }).default;

class MemoryFs {
  constructor(private readonly files: Map<string, Buffer>) {}
  existsSync(name: string) {
    return this.files.has(name);
  }
  readFileSync(name: string) {
    const file = this.files.get(name);
    if (!file) throw new Error(`no in-memory file ${name}`);
    return file;
  }
  writeFileSync(name: string, content: Buffer) {
    this.files.set(name, Buffer.from(content));
  }
}

const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-jp/package.json'));
const REGULAR = path.join(FONT_DIR, '400Regular/NotoSansJP_400Regular.ttf');
const BOLD = path.join(FONT_DIR, '700Bold/NotoSansJP_700Bold.ttf');
let fontFiles: Map<string, Buffer> | undefined;
/**
 * Read once (about 11 MB); pdfkit embeds only the glyphs a document uses. Keyed by the real path:
 * text inside SVG figures is set by pdfkit itself, which opens the font by that path.
 */
function fonts(): Map<string, Buffer> {
  fontFiles ??= new Map([
    [REGULAR, fs.readFileSync(REGULAR)],
    [BOLD, fs.readFileSync(BOLD)],
  ]);
  return fontFiles;
}

const FONT = 'NotoSansJP';
/**
 * The box a figure is scaled into, in points: the A4 text area (40 pt side and 48 pt top and bottom
 * margins) upright and turned, less room for the heading, a short paragraph and the caption.
 */
const FIGURE_BOX = {
  portrait: [515, 640],
  landscape: [762, 380],
} as const;
type Orientation = keyof typeof FIGURE_BOX;
const WARNING_COLOR = '#c92a2a';
const MISSING_COLOR = '#b35c00';

const tableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#999999',
  vLineColor: () => '#999999',
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function blockContent(
  b: DocumentBlock,
  lang: 'ja' | 'en',
  orientation: Orientation = 'portrait',
): Content[] {
  switch (b.type) {
    case 'paragraph':
      return [{ text: b.text, margin: [0, 0, 0, 6] }];
    case 'list':
      return [
        b.ordered ? { ol: b.items, margin: [0, 0, 0, 6] } : { ul: b.items, margin: [0, 0, 0, 6] },
      ];
    case 'fields':
      return [
        {
          table: {
            widths: ['30%', '*'],
            body: b.items.map((f): TableCell[] => [
              { text: f.label, bold: true, fillColor: '#f4f4f4' },
              f.value,
            ]),
          },
          layout: tableLayout,
          margin: [0, 0, 0, 8],
        },
      ];
    case 'table': {
      const columns = Math.max(1, b.columns.length);
      const body: TableCell[][] = [
        b.columns.map((c): TableCell => ({ text: c, bold: true, fillColor: '#eeeeee' })),
        ...(b.rows.length > 0
          ? b.rows.map((r) => b.columns.map((_, i): TableCell => r[i] ?? ''))
          : [
              [
                { text: R.noRows[lang], colSpan: columns },
                ...Array.from({ length: columns - 1 }, (): TableCell => ''),
              ],
            ]),
      ];
      return [
        {
          table: { headerRows: 1, widths: Array.from({ length: columns }, () => '*'), body },
          layout: tableLayout,
          fontSize: columns > 4 ? 8.5 : 9.5,
          margin: [0, 0, 0, 8],
        },
      ];
    }
    case 'figure':
      // The caption stays on the figure's page.
      return [
        {
          unbreakable: true,
          stack: [
            {
              svg: b.svg,
              // Never enlarged: a small figure keeps its size.
              fit: [
                Math.min(FIGURE_BOX[orientation][0], b.width),
                Math.min(FIGURE_BOX[orientation][1], b.height),
              ],
              alignment: 'center',
              font: FONT,
            } as Content,
            {
              text: `${R.figure[lang]}: ${b.caption}`,
              italics: false,
              alignment: 'center',
              fontSize: 9,
              margin: [0, 4, 0, 10],
            },
          ],
        },
      ];
    case 'warning':
      return [
        {
          text: [{ text: `⚠ ${R.warning[lang]}: `, bold: true }, b.text],
          color: WARNING_COLOR,
          margin: [0, 2, 0, 6],
        },
      ];
  }
}

function definition(doc: RenderableDocument): TDocumentDefinitions {
  const lang = doc.language;
  const d = doc.document;
  const content: Content[] = [
    { text: d.title, style: 'title', margin: [0, 160, 0, 16] },
    ...(d.subtitle
      ? [
          {
            text: d.subtitle,
            alignment: 'center' as const,
            fontSize: 14,
            margin: [0, 0, 0, 16] as [number, number, number, number],
          },
        ]
      : []),
    { text: doc.companyName, alignment: 'center', bold: true, fontSize: 16, margin: [0, 0, 0, 40] },
    ...blockContent({ type: 'fields', items: d.cover }, lang),
    { toc: { title: { text: R.contents[lang], style: 'h1' } }, pageBreak: 'before' },
  ];
  // A section with a wide figure goes on landscape pages of its own; the next one turns back.
  let turned = false;
  d.sections.forEach((section, i) => {
    const orientation: Orientation = hasWideFigure(section) ? 'landscape' : 'portrait';
    const newPage = i === 0 || orientation === 'landscape' || turned;
    content.push({
      text: section.heading,
      style: `h${String(section.level)}`,
      tocItem: section.level < 3,
      ...(newPage ? { pageBreak: 'before' as const, pageOrientation: orientation } : {}),
    });
    turned = orientation === 'landscape';
    for (const b of section.blocks) content.push(...blockContent(b, lang, orientation));
    if (looksEmpty(doc, section.key)) {
      content.push({ text: R.emptySection[lang], color: MISSING_COLOR, margin: [0, 0, 0, 6] });
    }
    if (section.missing.length > 0) {
      content.push(
        { text: `${R.stillMissing[lang]}:`, bold: true, color: MISSING_COLOR },
        { ul: section.missing, color: MISSING_COLOR, margin: [0, 0, 0, 8] },
      );
    }
  });
  content.push({
    text: R.checklist[lang],
    style: 'h1',
    pageBreak: 'before',
    pageOrientation: 'portrait',
    tocItem: true,
  });
  if (doc.checklist.length === 0) {
    content.push({ text: R.checklistEmpty[lang] });
  } else {
    content.push(
      { text: R.checklistIntro[lang], margin: [0, 0, 0, 6] },
      {
        table: {
          headerRows: 1,
          widths: [12, '25%', 'auto', '*'],
          body: [
            ['', R.section[lang], R.kind[lang], R.item[lang]].map((t): TableCell => ({
              text: t,
              bold: true,
              fillColor: '#eeeeee',
            })),
            ...doc.checklist.map((e): TableCell[] => [
              '□',
              e.heading,
              entryType(e.type, lang),
              e.text,
            ]),
          ],
        },
        layout: tableLayout,
        fontSize: 9,
      },
    );
  }
  return {
    info: { title: `${d.title} — ${doc.companyName}`, creator: 'Bansō', producer: 'Bansō' },
    language: lang === 'ja' ? 'ja-JP' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    defaultStyle: { font: FONT, fontSize: 10, lineHeight: 1.35 },
    styles: {
      title: { fontSize: 24, bold: true, alignment: 'center' },
      h1: { fontSize: 16, bold: true, margin: [0, 14, 0, 6] },
      h2: { fontSize: 13, bold: true, margin: [0, 10, 0, 4] },
      h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
    },
    footer: (page: number, pages: number) => ({
      text: `${d.title}  v${String(doc.version)}  —  ${String(page)} / ${String(pages)}`,
      alignment: 'center',
      fontSize: 8,
      color: '#666666',
      margin: [0, 16, 0, 0],
    }),
    content,
  };
}

/** The effective document as a PDF with the Noto Sans JP font embedded (subset). */
export async function renderPdf(doc: RenderableDocument): Promise<Buffer> {
  const vfs = new MemoryFs(new Map(fonts()));
  const resolver = new UrlResolver(vfs);
  resolver.setUrlAccessPolicy(() => false);
  const printer = new Printer(
    {
      [FONT]: {
        normal: REGULAR,
        bold: BOLD,
        italics: REGULAR,
        bolditalics: BOLD,
      },
    },
    vfs,
    resolver,
    () => false,
  );
  // pdfmake rewrites the content it is given in place (list items become objects): it gets a copy.
  const stream = await printer.createPdfKitDocument(definition(structuredClone(doc)));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.end();
  });
}
