import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse as parseCsv, type CsvError } from 'csv-parse/sync';
import { zipArchiveProblem } from '../../lib/zip-limits';

/** A row of a spreadsheet as text, with its row number as Excel shows it (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

export type SheetProblem =
  { kind: 'unreadable' } | { kind: 'csv_syntax'; line: number } | { kind: 'archive_too_large' };

export class SheetReadError extends Error {
  constructor(readonly problem: SheetProblem) {
    super(problem.kind);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const startsWith = (buffer: Buffer, bytes: number[]) => bytes.every((b, i) => buffer[i] === b);

/** An .xlsx file is a zip archive; anything else is read as CSV. */
export function isXlsx(buffer: Buffer): boolean {
  return startsWith(buffer, ZIP_MAGIC);
}

/**
 * Decodes CSV bytes: UTF-8 with or without BOM when the bytes are valid UTF-8, else Shift_JIS, which is what
 * Excel on Japanese Windows writes for "CSV (comma delimited)".
 */
export function decodeCsv(buffer: Buffer): string {
  if (startsWith(buffer, UTF8_BOM)) return buffer.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'Shift_JIS');
  }
}

export function readCsv(buffer: Buffer): SheetRow[] {
  let records: string[][];
  try {
    records = parseCsv(decodeCsv(buffer), { relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    const line = (err as CsvError).lines;
    throw new SheetReadError(
      typeof line === 'number' ? { kind: 'csv_syntax', line } : { kind: 'unreadable' },
    );
  }
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text);
  // A formula counts by its last computed result; the formula itself is never taken over.
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    return result === undefined || (typeof result === 'object' && !(result instanceof Date))
      ? ''
      : cellText(result);
  }
  return '';
}

/** Reads the first worksheet of an .xlsx file as text cells. */
export async function readXlsx(buffer: Buffer): Promise<SheetRow[]> {
  // Checked before the reader unpacks anything: a small upload may unpack to gigabytes.
  const problem = zipArchiveProblem(buffer);
  if (problem) {
    throw new SheetReadError({
      kind: problem.kind === 'malformed' ? 'unreadable' : 'archive_too_large',
    });
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new SheetReadError({ kind: 'unreadable' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

export async function readSheet(buffer: Buffer): Promise<SheetRow[]> {
  return isXlsx(buffer) ? readXlsx(buffer) : readCsv(buffer);
}

const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe, so it stays text. */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGERS.some((t) => text.startsWith(t)) ? `'${text}` : text;
}

/** Undoes neutralizeFormula on import, so an exported file comes back unchanged. */
export function restoreNeutralized(text: string): string {
  return text.startsWith("'") && FORMULA_TRIGGERS.some((t) => text.startsWith(t, 1))
    ? text.slice(1)
    : text;
}

export type SheetCell = string | number | null;

function csvField(value: SheetCell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV in UTF-8 with a BOM (Excel then opens Japanese text correctly) and CRLF line ends. */
export function writeCsv(header: string[], rows: SheetCell[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function writeXlsx(
  sheetName: string,
  columns: { header: string; width: number }[],
  rows: SheetCell[][],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bansō';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Cells may hold several lines (linked assets, notes); wrapping keeps them readable in Excel.
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: { alignment: { vertical: 'top', wrapText: true } },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(row.map((v) => (typeof v === 'string' ? neutralizeFormula(v) : v)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
