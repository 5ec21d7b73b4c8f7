import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { DocumentBlock, DocumentSection } from '../../../../contracts/documents';
import type { RenderableDocument } from '../service';
import { svgToPng } from './figure-png';
import { entryType, hasWideFigure, looksEmpty, PORTRAIT_TEXT_WIDTH_PX, R } from './labels';

const FONT = { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' };
/**
 * The box a figure is scaled into on a portrait page (default margins) and on a landscape page
 * (narrower margins), in pixels at 96 dpi; the height leaves room for the heading, a short
 * paragraph and the caption on the same page.
 */
const FIGURE_BOX = {
  portrait: { width: PORTRAIT_TEXT_WIDTH_PX, height: 800 },
  landscape: { width: 1020, height: 560 },
} as const;
const LANDSCAPE_MARGIN = { top: 720, bottom: 720, left: 720, right: 720, header: 360, footer: 360 };
type Orientation = keyof typeof FIGURE_BOX;
const WARNING_COLOR = 'C92A2A';
const MISSING_COLOR = 'B35C00';

// Cell padding is set once per table (the default for its cells) rather than on every cell.
const cellMargins = { top: 40, bottom: 40, left: 80, right: 80 };
const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const borders = {
  top: border,
  bottom: border,
  left: border,
  right: border,
  insideHorizontal: border,
  insideVertical: border,
};

const headingLevels = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

/** Multi-line text keeps its line breaks. */
function textRuns(t: string, opts: { bold?: boolean; color?: string } = {}): TextRun[] {
  return t.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...opts }));
}

function cell(t: string, header = false): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: textRuns(t, { bold: header }) })],
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } } : {}),
  });
}

function table(columns: string[], rows: string[][], lang: 'ja' | 'en'): Table {
  const body =
    rows.length > 0
      ? rows.map((r) => new TableRow({ children: columns.map((_, i) => cell(r[i] ?? '')) }))
      : [
          new TableRow({
            children: [
              new TableCell({
                columnSpan: Math.max(1, columns.length),
                children: [new Paragraph(R.noRows[lang])],
              }),
            ],
          }),
        ];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    margins: cellMargins,
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c) => cell(c, true)) }),
      ...body,
    ],
  });
}

function fieldsTable(items: { label: string; value: string }[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    margins: cellMargins,
    columnWidths: [2800, 6200],
    rows: items.map(
      (f) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: 30, type: WidthType.PERCENTAGE },
              shading: { type: ShadingType.CLEAR, fill: 'F4F4F4', color: 'auto' },
              children: [new Paragraph({ children: textRuns(f.label, { bold: true }) })],
            }),
            cell(f.value),
          ],
        }),
    ),
  });
}

function figure(
  block: Extract<DocumentBlock, { type: 'figure' }>,
  lang: 'ja' | 'en',
  orientation: Orientation,
): Paragraph[] {
  const box = FIGURE_BOX[orientation];
  const scale = Math.min(1, box.width / block.width, box.height / block.height);
  const width = Math.round(block.width * scale);
  const height = Math.round(block.height * scale);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120 },
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(block.svg),
          fallback: { type: 'png', data: svgToPng(block.svg, width, height) },
          transformation: { width, height },
          altText: { name: 'figure', title: block.caption, description: block.caption },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 160 },
      children: [new TextRun({ text: `${R.figure[lang]}: ${block.caption}`, italics: true })],
    }),
  ];
}

const spacer = () => new Paragraph({ text: '', spacing: { after: 80 } });

function blocks(
  section: DocumentSection,
  lang: 'ja' | 'en',
  listCounter: { n: number },
  orientation: Orientation,
) {
  const out: (Paragraph | Table)[] = [];
  for (const b of section.blocks) {
    switch (b.type) {
      case 'paragraph':
        out.push(new Paragraph({ children: textRuns(b.text), spacing: { after: 120 } }));
        break;
      case 'list': {
        const instance = ++listCounter.n;
        for (const item of b.items) {
          out.push(
            b.ordered
              ? new Paragraph({
                  children: textRuns(item),
                  numbering: { reference: 'ordered', level: 0, instance },
                })
              : new Paragraph({ children: textRuns(item), bullet: { level: 0 } }),
          );
        }
        out.push(spacer());
        break;
      }
      case 'fields':
        out.push(fieldsTable(b.items), spacer());
        break;
      case 'table':
        out.push(table(b.columns, b.rows, lang), spacer());
        break;
      case 'figure':
        out.push(...figure(b, lang, orientation));
        break;
      case 'warning':
        out.push(
          new Paragraph({
            spacing: { before: 80, after: 120 },
            border: {
              left: { style: BorderStyle.SINGLE, size: 18, color: WARNING_COLOR, space: 6 },
            },
            children: [
              new TextRun({ text: `⚠ ${R.warning[lang]}: `, bold: true, color: WARNING_COLOR }),
              ...textRuns(b.text, { color: WARNING_COLOR }),
            ],
          }),
        );
        break;
    }
  }
  return out;
}

function coverPage(doc: RenderableDocument): (Paragraph | Table)[] {
  const d = doc.document;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 2400, after: 400 },
      children: [new TextRun({ text: d.title, bold: true, size: 44 })],
    }),
    ...(d.subtitle
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [new TextRun({ text: d.subtitle, size: 28 })],
          }),
        ]
      : []),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 800 },
      children: [new TextRun({ text: doc.companyName, bold: true, size: 32 })],
    }),
    fieldsTable(d.cover),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function checklist(doc: RenderableDocument): (Paragraph | Table)[] {
  const lang = doc.language;
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      text: R.checklist[lang],
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      spacing: { before: 240, after: 120 },
    }),
  ];
  if (doc.checklist.length === 0) {
    out.push(new Paragraph(R.checklistEmpty[lang]));
    return out;
  }
  out.push(
    new Paragraph({ text: R.checklistIntro[lang], spacing: { after: 120 } }),
    table(
      ['□', R.section[lang], R.kind[lang], R.item[lang]],
      doc.checklist.map((e) => ['□', e.heading, entryType(e.type, lang), e.text]),
      lang,
    ),
  );
  return out;
}

/** The effective document as an editable Word file: cover, sections, checklist of open items. */
export async function renderDocx(doc: RenderableDocument): Promise<Buffer> {
  const lang = doc.language;
  const listCounter = { n: 0 };
  // Runs of sections on portrait pages, and each section with a wide figure on landscape pages.
  const parts: { orientation: Orientation; children: (Paragraph | Table)[] }[] = [
    { orientation: 'portrait', children: coverPage(doc) },
  ];
  for (const section of doc.document.sections) {
    const orientation: Orientation = hasWideFigure(section) ? 'landscape' : 'portrait';
    const current = parts.at(-1)!;
    const body =
      orientation === 'landscape' || current.orientation === 'landscape'
        ? (parts.push({ orientation, children: [] }), parts.at(-1)!.children)
        : current.children;
    body.push(
      new Paragraph({
        text: section.heading,
        heading: headingLevels[section.level],
        spacing: { before: 240, after: 120 },
      }),
      ...blocks(section, lang, listCounter, orientation),
    );
    if (looksEmpty(doc, section.key)) {
      body.push(
        new Paragraph({
          children: [new TextRun({ text: R.emptySection[lang], color: MISSING_COLOR })],
        }),
      );
    }
    if (section.missing.length > 0) {
      body.push(
        new Paragraph({
          spacing: { before: 80 },
          children: [
            new TextRun({ text: `${R.stillMissing[lang]}:`, bold: true, color: MISSING_COLOR }),
          ],
        }),
        ...section.missing.map(
          (m) =>
            new Paragraph({
              bullet: { level: 0 },
              children: [new TextRun({ text: m, color: MISSING_COLOR })],
            }),
        ),
        spacer(),
      );
    }
  }
  if (parts.at(-1)!.orientation === 'landscape')
    parts.push({ orientation: 'portrait', children: [] });
  parts.at(-1)!.children.push(...checklist(doc));
  const footer = () =>
    new Footer({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new TextRun({ text: `${doc.document.title}  v${String(doc.version)}  —  ` }),
            new TextRun({ children: [PageNumber.CURRENT] }),
          ],
        }),
      ],
    });
  const document = new Document({
    creator: 'Bansō',
    title: `${doc.document.title} — ${doc.companyName}`,
    styles: {
      default: {
        document: {
          run: {
            font: FONT,
            size: 21,
            language: { value: lang === 'ja' ? 'ja-JP' : 'en-GB', eastAsia: 'ja-JP' },
          },
        },
        heading1: { run: { font: FONT, size: 32, bold: true } },
        heading2: { run: { font: FONT, size: 26, bold: true } },
        heading3: { run: { font: FONT, size: 23, bold: true } },
      },
    },
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 480, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: parts.map((part) => ({
      properties:
        part.orientation === 'landscape'
          ? {
              page: {
                size: { orientation: PageOrientation.LANDSCAPE },
                margin: LANDSCAPE_MARGIN,
              },
            }
          : {},
      footers: { default: footer() },
      children: part.children,
    })),
  });
  return Packer.toBuffer(document);
}
