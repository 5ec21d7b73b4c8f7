import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { z } from 'zod';
import type { Locale } from '../../../contracts/common';
import { emailSchema } from '../../../contracts/common';
import { MAX_TARGETS_PER_COMPANY } from '../../../contracts/phishing';
import { AppError } from '../../http/errors';
import { MAX_UNPACKED_BYTES, zipArchiveProblem } from '../../lib/zip-limits';
import { localiseIssues } from '../../http/validation';

export interface TargetRow {
  name: string;
  email: string;
  department: string | null;
  position: string | null;
}

type Column = keyof TargetRow;
/** Header spellings accepted per column, compared after trimming and lower-casing. */
const headerAliases: Record<Column, string[]> = {
  name: ['name', 'full name', '氏名', '名前', '社員名'],
  email: ['email', 'e-mail', 'email address', 'メールアドレス', 'メール', 'eメール'],
  department: ['department', '部署', '部署名', '所属'],
  position: ['position', 'title', '役職'],
};

const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((s) => (s === '' ? null : s));
const rowSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().pipe(emailSchema),
  department: optionalText,
  position: optionalText,
});

const MAX_REPORTED_ISSUES = 200;
const messages = {
  ja: {
    header: '氏名（name）とメールアドレス（email）の列が必要です。',
    tooMany: `一度に取り込めるのは${MAX_TARGETS_PER_COMPANY.toLocaleString('ja')}件までです。`,
    empty: '取り込むデータがありません。',
    unreadable:
      'ファイルを読み取れませんでした。CSV（UTF-8またはShift_JIS）かExcel（.xlsx）を指定してください。',
    row: (row: number, message: string) => `${row}行目: ${message}`,
    archiveTooLarge: `展開後の大きさが上限（${MAX_UNPACKED_BYTES / 1024 / 1024}MB）を超えるか、圧縮のされ方が不自然なExcelファイルは取り込めません。`,
  },
  en: {
    header: 'The file needs a name column and an email column.',
    tooMany: `At most ${MAX_TARGETS_PER_COMPANY.toLocaleString('en')} rows can be imported at once.`,
    empty: 'The file has no rows to import.',
    unreadable: 'The file could not be read. Upload CSV (UTF-8 or Shift_JIS) or Excel (.xlsx).',
    row: (row: number, message: string) => `Row ${row}: ${message}`,
    archiveTooLarge: `The Excel file unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB or is packed in a way no spreadsheet is, so it cannot be imported.`,
  },
} as const;

const fileIssue = (code: string, message: string, path: string[] = []) =>
  new AppError('validation_failed', { issues: [{ in: 'body', path, code, message }] });

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise Shift_JIS (Windows-31J). */
export function decodeCsv(bytes: Buffer): string {
  const body =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, 'cp932');
  }
}

function isXlsx(bytes: Buffer): boolean {
  // An .xlsx file is a ZIP archive: it starts with "PK\x03\x04".
  return bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

async function readCells(bytes: Buffer, locale: Locale): Promise<string[][]> {
  if (isXlsx(bytes)) {
    // Checked before the reader unpacks anything: a small upload may unpack to gigabytes.
    const problem = zipArchiveProblem(bytes);
    if (problem?.kind === 'malformed') throw fileIssue('unreadable', messages[locale].unreadable);
    if (problem) throw fileIssue('archive_too_large', messages[locale].archiveTooLarge);
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw fileIssue('unreadable', messages[locale].unreadable);
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw fileIssue('empty', messages[locale].empty);
    if (sheet.rowCount > MAX_TARGETS_PER_COMPANY + 1)
      throw fileIssue('too_big', messages[locale].tooMany);
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text ?? '');
      rows[rowNumber - 1] = cells;
    });
    return Array.from(rows, (r) => r ?? []);
  }
  try {
    return parse(decodeCsv(bytes), {
      relax_column_count: true,
      skip_empty_lines: false,
      to_line: MAX_TARGETS_PER_COMPANY + 2,
    }) as string[][];
  } catch {
    throw fileIssue('unreadable', messages[locale].unreadable);
  }
}

export interface ParsedTargets {
  rows: TargetRow[];
  duplicatesInFile: number;
}

/**
 * Reads an uploaded target list (CSV or Excel) and validates every row; any problem rejects the
 * whole file with the row and column of each issue. Repeated addresses keep their last row.
 */
export async function parseTargetFile(bytes: Buffer, locale: Locale): Promise<ParsedTargets> {
  const t = messages[locale];
  const cells = await readCells(bytes, locale);
  const header = (cells[0] ?? []).map((h) => h.trim().toLowerCase());
  const columnIndex = new Map<Column, number>();
  for (const column of Object.keys(headerAliases) as Column[]) {
    const i = header.findIndex((h) => headerAliases[column].includes(h));
    if (i >= 0) columnIndex.set(column, i);
  }
  if (!columnIndex.has('name') || !columnIndex.has('email'))
    throw fileIssue('missing_columns', t.header, ['1']);

  const dataRows = cells
    .slice(1)
    .map((cells, i) => ({ line: i + 2, cells }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (dataRows.length === 0) throw fileIssue('empty', t.empty);
  if (dataRows.length > MAX_TARGETS_PER_COMPANY) throw fileIssue('too_big', t.tooMany);

  const issues: { in: string; path: string[]; code: string; message: string }[] = [];
  const byEmail = new Map<string, TargetRow>();
  let duplicatesInFile = 0;
  for (const { line, cells: rowCells } of dataRows) {
    const raw = Object.fromEntries(
      (Object.keys(headerAliases) as Column[]).map((c) => {
        const i = columnIndex.get(c);
        return [c, i === undefined ? '' : (rowCells[i] ?? '')];
      }),
    );
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of localiseIssues(parsed.error.issues as never, locale, 'body')) {
        if (issues.length >= MAX_REPORTED_ISSUES) break;
        const column = issue.path[0] ?? '';
        issues.push({
          ...issue,
          path: [String(line), column],
          message: t.row(line, `${column}: ${issue.message}`),
        });
      }
      continue;
    }
    if (byEmail.has(parsed.data.email)) duplicatesInFile++;
    byEmail.set(parsed.data.email, parsed.data);
  }
  if (issues.length > 0) throw new AppError('validation_failed', { issues });
  return { rows: [...byEmail.values()], duplicatesInFile };
}
