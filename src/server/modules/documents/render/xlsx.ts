import ExcelJS from 'exceljs';
import type { RenderableDocument } from '../service';
import { entryType, R } from './labels';

/** Excel refuses sheet names over 31 characters or with []:*?/\ and needs them unique. */
function sheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 28) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 26)} ${String(n)}`;
  used.add(name.toLowerCase());
  return name;
}

/** Cells starting with = + - @ would run as formulas in a spreadsheet; they stay text. */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

function addSheet(book: ExcelJS.Workbook, name: string, columns: string[], rows: string[][]): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map(safe)).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((_, i) => safe(r[i] ?? '')));
  sheet.columns.forEach((col, i) => {
    const longest = Math.max(
      columns[i]?.length ?? 0,
      ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((l) => l.length))),
    );
    col.width = Math.min(60, Math.max(10, longest * 1.6));
    col.alignment = { wrapText: true, vertical: 'top' };
  });
}

/** Each table of the document as a sheet (named by its `sheet` or its section), then the checklist. */
export async function renderXlsx(doc: RenderableDocument): Promise<Buffer> {
  const lang = doc.language;
  const book = new ExcelJS.Workbook();
  book.creator = 'Bansō';
  book.title = doc.document.title;
  const used = new Set<string>();
  for (const section of doc.document.sections) {
    for (const b of section.blocks) {
      if (b.type === 'table') {
        addSheet(book, sheetName(b.sheet ?? section.heading, used), b.columns, b.rows);
      } else if (b.type === 'fields') {
        addSheet(
          book,
          sheetName(section.heading, used),
          [R.label[lang], R.value[lang]],
          b.items.map((f) => [f.label, f.value]),
        );
      }
    }
  }
  addSheet(
    book,
    sheetName(R.checklist[lang], used),
    [R.section[lang], R.kind[lang], R.item[lang]],
    doc.checklist.map((e) => [e.heading, entryType(e.type, lang), e.text]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}
