import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import {
  assetCategoryOf,
  type AssetType,
  type ImportAssetsResult,
} from '../../../contracts/assets';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { isUniqueViolation } from '../../lib/db-errors';
import { throwIfIssues, type Issue } from '../../lib/issues';
import {
  assetColumns,
  assetTypeLabels,
  assetTypeOfLabel,
  columnHeader,
  columnOfHeader,
  nameKey,
  type AssetColumnKey,
} from './columns';
import { assetMessages, type AssetMessages } from './messages';
import { chunks, listAllAssets } from './service';
import {
  readSheet,
  restoreNeutralized,
  SheetReadError,
  writeCsv,
  writeXlsx,
  type SheetCell,
  type SheetRow,
} from './spreadsheet';
import { assets } from './tables';

export const MAX_IMPORT_ROWS = 50_000;
/** Rows per statement: 10,000 rows in ten statements, each small enough to keep memory flat. */
const INSERT_CHUNK = 1000;
/** A long error list helps nobody; the total is reported alongside. */
const MAX_REPORTED_ISSUES = 100;

const limits = { name: 200, owner: 200, location: 200, notes: 4000 } as const;

interface AssetDraft {
  row: number;
  name: string;
  key: string;
  type: AssetType;
  owner: string;
  location: string;
  confidentiality: number | null;
  integrity: number | null;
  availability: number | null;
  rtoHours: number | null;
  rpoHours: number | null;
  notes: string;
  linked: string;
}

interface HeaderMap {
  /** For each column of the file, the asset column it holds (undefined: an empty header, ignored). */
  columns: (AssetColumnKey | undefined)[];
  /** The header as written in the file, for error messages. */
  labels: Map<AssetColumnKey, string>;
}

function fileIssue(row: number, column: string | undefined, code: string, message: string): Issue {
  return {
    in: 'file',
    path: column === undefined ? [String(row)] : [String(row), column],
    code,
    message,
    row,
    ...(column === undefined ? {} : { column }),
  };
}

function failWith(issues: Issue[]): never {
  throwIfIssues(issues.slice(0, MAX_REPORTED_ISSUES), { totalIssues: issues.length });
  throw new Error('unreachable: no issues to report');
}

function mapHeader(header: SheetRow | undefined, locale: Locale): HeaderMap {
  const found = (header?.cells ?? []).map((c) => c.trim());
  const columns = found.map((h) => (h === '' ? undefined : columnOfHeader(h)));
  const labels = new Map<AssetColumnKey, string>();
  let ok = true;
  columns.forEach((key, i) => {
    if (found[i] === '') return;
    if (!key || labels.has(key)) ok = false;
    else labels.set(key, found[i]!);
  });
  const required = assetColumns.filter((c) => c.required);
  if (ok && required.every((c) => labels.has(c.key))) return { columns, labels };
  const t = assetMessages(locale);
  const issue = fileIssue(
    1,
    undefined,
    'wrong_headers',
    t.wrongHeaders(
      assetColumns.map((c) => c[locale]),
      required.map((c) => c[locale]),
      found.filter((h) => h !== ''),
    ),
  );
  failWith([{ ...issue, expected: assetColumns.map((c) => c[locale]) }]);
}

/** A column's header as the file wrote it, so errors use the user's own words. */
const labelOf = (header: HeaderMap, key: AssetColumnKey, locale: Locale) =>
  header.labels.get(key) ?? columnHeader(key, locale);

class RowReader {
  readonly issues: Issue[] = [];
  constructor(
    private readonly header: HeaderMap,
    private readonly t: AssetMessages,
    private readonly locale: Locale,
  ) {}

  private cell(row: SheetRow, key: AssetColumnKey): string {
    const index = this.header.columns.indexOf(key);
    return index < 0 ? '' : restoreNeutralized(row.cells[index] ?? '').trim();
  }

  private label(key: AssetColumnKey): string {
    return labelOf(this.header, key, this.locale);
  }

  private fail(row: SheetRow, key: AssetColumnKey, code: string, message: string): null {
    this.issues.push(fileIssue(row.row, this.label(key), code, message));
    return null;
  }

  private text(row: SheetRow, key: keyof typeof limits): string {
    const value = this.cell(row, key);
    if (value.length > limits[key]) this.fail(row, key, 'too_long', this.t.tooLong(limits[key]));
    return value;
  }

  private rating(row: SheetRow, key: 'confidentiality' | 'integrity' | 'availability') {
    const value = this.cell(row, key).normalize('NFKC');
    if (value === '') return null;
    return /^[1-3]$/.test(value)
      ? Number(value)
      : this.fail(row, key, 'bad_rating', this.t.badRating);
  }

  private hours(row: SheetRow, key: 'rtoHours' | 'rpoHours') {
    const value = this.cell(row, key).normalize('NFKC');
    if (value === '') return null;
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 && n <= 8760
      ? n
      : this.fail(row, key, 'bad_hours', this.t.badHours);
  }

  private type(row: SheetRow): AssetType | null {
    const value = this.cell(row, 'type');
    if (value === '') return this.fail(row, 'type', 'required', this.t.required);
    const allowed = Object.values(assetTypeLabels).map((l) => l[this.locale]);
    return assetTypeOfLabel(value) ?? this.fail(row, 'type', 'bad_type', this.t.badType(allowed));
  }

  /** The row as a draft, or null when any cell is wrong (the problems are collected in issues). */
  read(row: SheetRow): AssetDraft | null {
    const before = this.issues.length;
    const name = this.text(row, 'name');
    if (name === '') this.fail(row, 'name', 'required', this.t.required);
    const draft = {
      row: row.row,
      name,
      key: nameKey(name),
      type: this.type(row),
      owner: this.text(row, 'owner'),
      location: this.text(row, 'location'),
      confidentiality: this.rating(row, 'confidentiality'),
      integrity: this.rating(row, 'integrity'),
      availability: this.rating(row, 'availability'),
      rtoHours: this.hours(row, 'rtoHours'),
      rpoHours: this.hours(row, 'rpoHours'),
      notes: this.text(row, 'notes'),
      linked: this.cell(row, 'linkedAssets'),
    };
    return this.issues.length === before && draft.type ? { ...draft, type: draft.type } : null;
  }

  /** A second row with a name already used in the file is an error naming both rows. */
  checkDuplicates(drafts: AssetDraft[]): void {
    const firstRow = new Map<string, number>();
    for (const d of drafts) {
      const first = firstRow.get(d.key);
      if (first === undefined) firstRow.set(d.key, d.row);
      else
        this.issues.push({
          ...fileIssue(d.row, this.label('name'), 'duplicate_row', this.t.duplicateInFile(first)),
          otherRow: first,
        });
    }
  }
}

async function readDrafts(
  buffer: Buffer,
  locale: Locale,
): Promise<{ drafts: AssetDraft[]; header: HeaderMap; issues: Issue[] }> {
  const t = assetMessages(locale);
  let rows: SheetRow[];
  try {
    rows = await readSheet(buffer);
  } catch (err) {
    if (!(err instanceof SheetReadError)) throw err;
    const p = err.problem;
    failWith([
      p.kind === 'csv_syntax'
        ? fileIssue(p.line, undefined, 'csv_syntax', t.csvSyntax(p.line))
        : p.kind === 'archive_too_large'
          ? fileIssue(1, undefined, 'archive_too_large', t.archiveTooLarge)
          : fileIssue(1, undefined, 'unreadable', t.unreadable),
    ]);
  }
  const [headerRow, ...body] = rows;
  const header = mapHeader(headerRow, locale);
  const reader = new RowReader(header, t, locale);
  const dataRows = body.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (dataRows.length === 0) failWith([fileIssue(2, undefined, 'no_rows', t.noRows)]);
  if (dataRows.length > MAX_IMPORT_ROWS) {
    failWith([fileIssue(1, undefined, 'too_many_rows', t.tooManyRows(MAX_IMPORT_ROWS))]);
  }
  const drafts = dataRows.flatMap((r) => reader.read(r) ?? []);
  reader.checkDuplicates(drafts);
  return { drafts, header, issues: reader.issues };
}

interface Known {
  id: string;
  name: string;
  type: AssetType;
}

/**
 * The names a linked-assets cell lists: one per line (as exported), or separated by semicolons.
 * A line that is itself a known name is taken whole, so a name holding a semicolon still links.
 */
function splitLinked(cell: string, known: Map<string, Known>): string[] {
  return cell
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .flatMap((line) =>
      known.has(nameKey(line))
        ? [line]
        : line
            .split(/[;；]/)
            .map((n) => n.trim())
            .filter((n) => n !== ''),
    );
}

type LinkPair = { primaryAssetId: string; supportingAssetId: string };

function resolveLinks(
  drafts: (AssetDraft & { id: string })[],
  known: Map<string, Known>,
  linkLabel: string,
  t: AssetMessages,
): { pairs: LinkPair[]; issues: Issue[] } {
  const pairs = new Map<string, LinkPair>();
  const issues: Issue[] = [];
  for (const d of drafts) {
    for (const linkedName of splitLinked(d.linked, known)) {
      const other = known.get(nameKey(linkedName));
      const problem = !other
        ? (['link_unknown', t.linkUnknown(linkedName)] as const)
        : other.id === d.id
          ? (['link_self', t.linkSelf] as const)
          : assetCategoryOf(other.type) === assetCategoryOf(d.type)
            ? (['link_same_category', t.linkSameCategory(other.name)] as const)
            : undefined;
      if (problem || !other) {
        issues.push(fileIssue(d.row, linkLabel, problem![0], problem![1]));
        continue;
      }
      const pair =
        assetCategoryOf(d.type) === 'primary'
          ? { primaryAssetId: d.id, supportingAssetId: other.id }
          : { primaryAssetId: other.id, supportingAssetId: d.id };
      pairs.set(`${pair.primaryAssetId}/${pair.supportingAssetId}`, pair);
    }
  }
  return { pairs: [...pairs.values()], issues };
}

/** The columns a draft writes, keyed as the json_to_recordset column list below names them. */
const draftRecord = (d: AssetDraft & { id: string }) => ({
  id: d.id,
  name: d.name,
  name_key: d.key,
  type: d.type,
  owner: d.owner,
  location: d.location,
  confidentiality: d.confidentiality,
  integrity: d.integrity,
  availability: d.availability,
  rto_hours: d.rtoHours,
  rpo_hours: d.rpoHours,
  notes: d.notes,
});

/**
 * Inserts new assets and overwrites matched ones. Each chunk travels as one JSON parameter expanded by
 * json_to_recordset: on PGlite that is several times faster than thousands of bound parameters.
 */
async function writeDrafts(
  db: DbOrTx,
  organizationId: string,
  drafts: (AssetDraft & { id: string })[],
): Promise<void> {
  for (const part of chunks(drafts, INSERT_CHUNK)) {
    await db.execute(sql`
      insert into assets (id, organization_id, name, name_key, type, owner, location,
        confidentiality, integrity, availability, rto_hours, rpo_hours, notes)
      select r.id, ${organizationId}::uuid, r.name, r.name_key, r.type, r.owner, r.location,
        r.confidentiality, r.integrity, r.availability, r.rto_hours, r.rpo_hours, r.notes
      from json_to_recordset(${JSON.stringify(part.map(draftRecord))}::json) as r(
        id uuid, name text, name_key text, type text, owner text, location text,
        confidentiality smallint, integrity smallint, availability smallint,
        rto_hours double precision, rpo_hours double precision, notes text)
      on conflict (id) do update set
        name = excluded.name, name_key = excluded.name_key, type = excluded.type,
        owner = excluded.owner, location = excluded.location,
        confidentiality = excluded.confidentiality, integrity = excluded.integrity,
        availability = excluded.availability, rto_hours = excluded.rto_hours,
        rpo_hours = excluded.rpo_hours, notes = excluded.notes, updated_at = now()`);
  }
}

async function writeLinks(
  db: DbOrTx,
  organizationId: string,
  updatedIds: string[],
  pairs: LinkPair[],
): Promise<void> {
  // An updated asset's links are exactly those the file gives it.
  for (const part of chunks(updatedIds, INSERT_CHUNK)) {
    const ids = sql`(select value::uuid from json_array_elements_text(${JSON.stringify(part)}::json))`;
    await db.execute(sql`
      delete from asset_links where organization_id = ${organizationId}::uuid
        and (primary_asset_id in ${ids} or supporting_asset_id in ${ids})`);
  }
  for (const part of chunks(pairs, INSERT_CHUNK)) {
    await db.execute(sql`
      insert into asset_links (organization_id, primary_asset_id, supporting_asset_id)
      select ${organizationId}::uuid, r."primaryAssetId", r."supportingAssetId"
      from json_to_recordset(${JSON.stringify(part)}::json) as r("primaryAssetId" uuid, "supportingAssetId" uuid)
      on conflict do nothing`);
  }
}

/**
 * Imports an inventory spreadsheet (CSV in UTF-8 or Shift_JIS, or .xlsx). All or nothing: run it in a
 * transaction; any problem throws validation_failed listing rows and columns, and nothing is written.
 */
export async function importAssets(
  db: DbOrTx,
  organizationId: string,
  file: Buffer,
  options: { mode: 'add' | 'update'; locale: Locale },
): Promise<ImportAssetsResult> {
  const t = assetMessages(options.locale);
  const read = await readDrafts(file, options.locale);
  const { drafts, header } = read;
  const existing = await db
    .select({ id: assets.id, name: assets.name, nameKey: assets.nameKey, type: assets.type })
    .from(assets)
    .where(eq(assets.organizationId, organizationId));
  const existingByKey = new Map(existing.map((e) => [e.nameKey, e]));
  const nameLabel = labelOf(header, 'name', options.locale);
  const issues: Issue[] = [...read.issues];
  const placed = drafts.map((d) => {
    const match = existingByKey.get(d.key);
    if (match && options.mode === 'add') {
      issues.push({
        ...fileIssue(d.row, nameLabel, 'duplicate_existing', t.duplicateExisting(match.name)),
        existingAssetId: match.id,
      });
    }
    return { ...d, id: match?.id ?? randomUUID(), isUpdate: Boolean(match) };
  });
  const known = new Map<string, Known>(existing.map((e) => [e.nameKey, e]));
  for (const d of placed) known.set(d.key, d);
  const links = resolveLinks(placed, known, labelOf(header, 'linkedAssets', options.locale), t);
  // Links to rows that failed would only repeat those rows' problems.
  if (read.issues.length === 0) issues.push(...links.issues);
  if (issues.length > 0) failWith(issues.sort((a, b) => Number(a.row) - Number(b.row)));

  try {
    await writeDrafts(db, organizationId, placed);
  } catch (err) {
    // Another import or edit took a name between our check and our write.
    if (isUniqueViolation(err)) throw new AppError('conflict');
    throw err;
  }
  const updatedIds = placed.filter((d) => d.isUpdate).map((d) => d.id);
  await writeLinks(db, organizationId, updatedIds, links.pairs);
  return {
    created: placed.length - updatedIds.length,
    updated: updatedIds.length,
    links: links.pairs.length,
  };
}

export interface AssetExport {
  body: Buffer;
  contentType: string;
  filename: string;
  rows: number;
}

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The whole inventory as CSV or .xlsx, headers and types in the caller's language, formulas neutralised. */
export async function exportAssets(
  db: DbOrTx,
  organizationId: string,
  format: 'csv' | 'xlsx',
  locale: Locale,
): Promise<AssetExport> {
  const all = await listAllAssets(db, organizationId);
  const rows: SheetCell[][] = all.map((a) => [
    a.name,
    assetTypeLabels[a.type][locale],
    a.owner,
    a.location,
    a.confidentiality,
    a.integrity,
    a.availability,
    a.rtoHours,
    a.rpoHours,
    a.linkedAssets.map((l) => l.name).join('\n'),
    a.notes,
  ]);
  const headers = assetColumns.map((c) => c[locale]);
  const body =
    format === 'csv'
      ? writeCsv(headers, rows)
      : await writeXlsx(
          locale === 'ja' ? '情報資産台帳' : 'Information assets',
          assetColumns.map((c) => ({ header: c[locale], width: c.width })),
          rows,
        );
  const date = new Date().toISOString().slice(0, 10);
  const stem = locale === 'ja' ? '情報資産台帳' : 'information-assets';
  return {
    body,
    contentType: contentTypes[format],
    filename: `${stem}_${date}.${format}`,
    rows: all.length,
  };
}
