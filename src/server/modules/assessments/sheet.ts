import ExcelJS from 'exceljs';
import type { AnswerValue, QuestionItem } from '../../../contracts/assessments';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { throwIfIssues, type Issue } from '../../lib/issues';
import {
  neutralizeFormula,
  readXlsx,
  restoreNeutralized,
  SheetReadError,
  type SheetRow,
} from '../assets/spreadsheet';
import { answerValueSchema, YNP_VALUES, type IndexedQuestionSet } from './question-set';
import { visibleItemIds } from './scoring';
import * as svc from './service';
import { assessmentAnswerHistory, assessmentAnswers } from './tables';

// The offline route: the sheet is exported with every item, its answer type, the values it takes
// and the current answers; filled in Excel; and imported back all-or-nothing. Answers are written
// as the person reads them (labels, はい/一部/いいえ, 0–5), and ids are accepted too.

type Lang = Locale;
const t = (ja: string, en: string) => ({ ja, en });

const COLUMNS = [
  { key: 'itemId', title: t('項目ID', 'Item id'), width: 22 },
  { key: 'section', title: t('セクション', 'Section'), width: 22 },
  { key: 'item', title: t('項目', 'Item'), width: 48 },
  { key: 'type', title: t('回答の種類', 'Answer type'), width: 16 },
  { key: 'allowed', title: t('入力できる値', 'Allowed values'), width: 40 },
  { key: 'answer', title: t('回答', 'Answer'), width: 30 },
  { key: 'comment', title: t('コメント', 'Comment'), width: 40 },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
const col = (key: ColumnKey) => COLUMNS.findIndex((c) => c.key === key);
const letter = (key: ColumnKey) => String.fromCharCode(65 + col(key));

const TYPE_NAMES: Record<QuestionItem['type'], { ja: string; en: string }> = {
  scale: t('0〜5の段階', 'Scale 0–5'),
  single: t('単一選択', 'Single choice'),
  multiple: t('複数選択', 'Multiple choice'),
  ynp: t('はい／一部／いいえ', 'Yes / partly / no'),
  number: t('数値', 'Number'),
  date: t('日付', 'Date'),
  text: t('自由記述', 'Free text'),
  evidence: t('証拠ファイル', 'Evidence file'),
};
const YNP_LABELS: Record<(typeof YNP_VALUES)[number], { ja: string; en: string }> = {
  yes: t('はい', 'Yes'),
  partial: t('一部', 'Partly'),
  no: t('いいえ', 'No'),
};
const DONT_KNOW = t('わからない', "Don't know");
const NOT_APPLICABLE = t('該当なし', 'Not applicable');

const M = {
  sheet: t('回答シート', 'Answer sheet'),
  lists: t('選択肢', 'Choices'),
  evidenceAllowed: t(
    '画面から添付してください（シートでは取り込みません）',
    'Attach in the app (not imported from the sheet)',
  ),
  multipleHint: t('複数は「、」または改行で区切る', 'Separate several with commas or new lines'),
  dateHint: t('YYYY-MM-DD', 'YYYY-MM-DD'),
  textHint: (max: number) => t(`${max}文字以内`, `Up to ${max} characters`),
  numberHint: (min?: number, max?: number, integer?: boolean) =>
    t(
      `${integer ? '整数' : '数値'}${min !== undefined || max !== undefined ? `（${min ?? ''}〜${max ?? ''}）` : ''}`,
      `${integer ? 'Whole number' : 'Number'}${min !== undefined || max !== undefined ? ` (${min ?? ''}–${max ?? ''})` : ''}`,
    ),
  special: t('または「わからない」「該当なし」', 'or "Don\'t know" / "Not applicable"'),
};

const E = {
  archiveTooLarge: t(
    '展開後の大きさが上限（50MB）を超えるか、圧縮のされ方が不自然なExcelファイルは読み込めません。',
    'The Excel file unpacks to more than 50 MB or is packed in a way no spreadsheet is, so it cannot be read.',
  ),
  unreadable: t(
    'Excelファイル（.xlsx）として読み込めません。書き出したシートに記入してください。',
    'The file cannot be read as an Excel workbook (.xlsx). Fill in the exported sheet.',
  ),
  headers: (expected: string) =>
    t(
      `見出し行が書き出したシートと違います。1行目は「${expected}」にしてください。`,
      `The header row differs from the exported sheet. Row 1 must read "${expected}".`,
    ),
  unknownItem: t('この質問票にない項目IDです。', 'This item id is not part of the question set.'),
  duplicateItem: (row: number) =>
    t(`同じ項目が${row}行目にもあります。`, `The same item is also on row ${row}.`),
  hiddenItem: t(
    'シートの回答ではこの項目は表示されない（条件を満たさない）ため、回答できません。',
    'With the answers in the sheet this item does not apply, so it cannot be answered.',
  ),
  evidence: t(
    '証拠ファイルはシートから取り込めません。画面から添付してください。',
    'Evidence files cannot be imported from the sheet; attach them in the app.',
  ),
  scale: t('0〜5の整数で入力してください。', 'Enter a whole number from 0 to 5.'),
  ynp: t('「はい」「一部」「いいえ」のいずれかを入力してください。', 'Enter Yes, Partly or No.'),
  choice: (value: string) =>
    t(`「${value}」は選択肢にありません。`, `"${value}" is not one of the choices.`),
  invalid: t('この項目に入力できる値ではありません。', 'This value is not allowed for this item.'),
  empty: t('シートに回答がありません。', 'The sheet holds no rows.'),
};

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** The value list offered in the sheet's drop-down, in the sheet's language. */
function listFor(item: QuestionItem, lang: Lang): string[] | null {
  switch (item.type) {
    case 'scale':
      return ['0', '1', '2', '3', '4', '5', DONT_KNOW[lang], NOT_APPLICABLE[lang]];
    case 'ynp':
      return [...YNP_VALUES.map((v) => YNP_LABELS[v][lang]), DONT_KNOW[lang], NOT_APPLICABLE[lang]];
    case 'single':
      return [...item.choices.map((c) => c.label[lang]), DONT_KNOW[lang], NOT_APPLICABLE[lang]];
    default:
      return null;
  }
}

function allowedText(item: QuestionItem, lang: Lang): string {
  switch (item.type) {
    case 'scale':
      return item.levels.map((l, i) => `${i}: ${l[lang]}`).join('\n');
    case 'ynp':
      return YNP_VALUES.map((v) => YNP_LABELS[v][lang]).join(' / ');
    case 'single':
      return item.choices.map((c) => c.label[lang]).join('\n');
    case 'multiple':
      return `${item.choices.map((c) => c.label[lang]).join('\n')}\n(${M.multipleHint[lang]})`;
    case 'number':
      return M.numberHint(item.min, item.max, item.integer)[lang];
    case 'date':
      return M.dateHint[lang];
    case 'text':
      return M.textHint(item.maxLength)[lang];
    case 'evidence':
      return M.evidenceAllowed[lang];
  }
}

function answerCell(
  item: QuestionItem,
  row: svc.AssessmentAnswer | undefined,
  lang: Lang,
): string | number | null {
  if (!row || row.state === null) return null;
  if (row.state === 'dont_know') return DONT_KNOW[lang];
  if (row.state === 'not_applicable') return NOT_APPLICABLE[lang];
  const v = row.value;
  switch (item.type) {
    case 'scale':
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'ynp':
      return YNP_LABELS[v as (typeof YNP_VALUES)[number]]?.[lang] ?? null;
    case 'single':
      return item.choices.find((c) => c.id === v)?.label[lang] ?? null;
    case 'multiple':
      return (Array.isArray(v) ? (v as string[]) : [])
        .map((id) => item.choices.find((c) => c.id === id)?.label[lang] ?? id)
        .join('\n');
    case 'date':
    case 'text':
      return typeof v === 'string' ? v : null;
    case 'evidence':
      return null;
  }
}

/** The answer sheet of one assessment as an Excel workbook, with drop-down lists where the values are fixed. */
export async function buildAnswerSheet(
  db: DbOrTx,
  orgId: string,
  assessmentId: string,
  lang: Lang,
): Promise<{ body: Buffer; assessment: svc.Assessment; index: IndexedQuestionSet }> {
  const assessment = await svc.getAssessment(db, orgId, assessmentId);
  const index = svc.questionSetOf(assessment);
  const answers = new Map((await svc.listAnswers(db, assessmentId)).map((a) => [a.itemId, a]));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bansō';
  const sheet = workbook.addWorksheet(M.sheet[lang], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({
    header: c.title[lang],
    width: c.width,
    style: { alignment: { vertical: 'top', wrapText: true } },
  }));
  sheet.getRow(1).font = { bold: true };
  // Drop-down values live on a hidden sheet: an inline list cannot hold long labels or commas.
  const lists = workbook.addWorksheet(M.lists[lang], { state: 'hidden' });
  let listColumn = 0;
  for (const { item, sectionIds } of index.orderedItems) {
    const section = index.sections.get(sectionIds.at(-1)!)!.section;
    const row = sheet.addRow(
      [
        item.id,
        section.title[lang],
        item.title[lang],
        TYPE_NAMES[item.type][lang],
        allowedText(item, lang) + (item.type === 'evidence' ? '' : `\n${M.special[lang]}`),
        answerCell(item, answers.get(item.id), lang),
        answers.get(item.id)?.comment ?? null,
      ].map((v) => (typeof v === 'string' ? neutralizeFormula(v) : v)),
    );
    const values = listFor(item, lang);
    if (values) {
      listColumn += 1;
      const listLetter = columnLetter(listColumn);
      values.forEach((v, i) => {
        lists.getCell(`${listLetter}${i + 1}`).value = neutralizeFormula(v);
      });
      sheet.getCell(`${letter('answer')}${row.number}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        showErrorMessage: true,
        formulae: [`'${M.lists[lang]}'!$${listLetter}$1:$${listLetter}$${values.length}`],
      };
    }
  }
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), assessment, index };
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function fileIssue(
  row: number,
  column: ColumnKey | undefined,
  code: string,
  message: string,
  lang: Lang,
): Issue {
  const name = column ? COLUMNS[col(column)]!.title[lang] : undefined;
  return {
    in: 'file',
    path: column === undefined ? [String(row)] : [String(row), name!],
    code,
    message,
    row,
    ...(column === undefined ? {} : { column: name, columnLetter: letter(column) }),
  };
}

type Parsed =
  | { state: 'answered'; value: AnswerValue }
  | { state: 'dont_know' | 'not_applicable'; value: null }
  | { error: string };

function matchChoice(item: Extract<QuestionItem, { choices: unknown }>, text: string) {
  const n = norm(text);
  return item.choices.find(
    (c) => norm(c.id) === n || norm(c.label.ja) === n || norm(c.label.en) === n,
  );
}

function parseCell(item: QuestionItem, raw: string, lang: Lang): Parsed {
  const text = restoreNeutralized(raw).trim();
  const n = norm(text);
  if ([DONT_KNOW.ja, DONT_KNOW.en, 'dont_know'].map(norm).includes(n))
    return { state: 'dont_know', value: null };
  if ([NOT_APPLICABLE.ja, NOT_APPLICABLE.en, 'not_applicable', 'n/a'].map(norm).includes(n))
    return { state: 'not_applicable', value: null };
  let value: unknown;
  switch (item.type) {
    case 'scale':
      if (!/^[0-5]$/.test(n)) return { error: E.scale[lang] };
      value = Number(n);
      break;
    case 'ynp': {
      const found = YNP_VALUES.find(
        (v) => v === n || norm(YNP_LABELS[v].ja) === n || norm(YNP_LABELS[v].en) === n,
      );
      if (!found) return { error: E.ynp[lang] };
      value = found;
      break;
    }
    case 'single': {
      const choice = matchChoice(item, text);
      if (!choice) return { error: E.choice(text)[lang] };
      value = choice.id;
      break;
    }
    case 'multiple': {
      const parts = text
        .split(/[,、\n]+/)
        .map((p) => p.trim())
        .filter(Boolean);
      const ids: string[] = [];
      for (const p of parts) {
        const choice = matchChoice(item, p);
        if (!choice) return { error: E.choice(p)[lang] };
        ids.push(choice.id);
      }
      value = ids;
      break;
    }
    case 'number':
      value = Number(text.replace(/,/g, ''));
      if (!Number.isFinite(value)) return { error: E.invalid[lang] };
      break;
    case 'date':
    case 'text':
      value = text;
      break;
    case 'evidence':
      return { error: E.evidence[lang] };
  }
  const parsed = answerValueSchema(item).safeParse(value);
  return parsed.success
    ? { state: 'answered', value: parsed.data as AnswerValue }
    : { error: E.invalid[lang] };
}

function expectedHeader(lang: Lang) {
  return COLUMNS.map((c) => c.title[lang]);
}

function checkHeader(first: SheetRow | undefined, lang: Lang): Lang | null {
  const found = (first?.cells ?? []).slice(0, COLUMNS.length).map((c) => c.trim());
  for (const l of [lang, lang === 'ja' ? 'en' : 'ja'] as const) {
    if (expectedHeader(l).every((h, i) => found[i] === h)) return l;
  }
  return null;
}

export interface SheetImportResult {
  answered: number;
  comments: number;
  unchanged: number;
}

/**
 * Imports a filled answer sheet into an editable assessment. Every row is checked first; any problem
 * fails the whole import with issues naming the row and column, and nothing is saved. An empty
 * answer cell leaves the answer as it is; comments are taken over as written. Run in a transaction.
 */
export async function importAnswerSheet(
  tx: DbOrTx,
  orgId: string,
  assessmentId: string,
  file: Buffer,
  actor: svc.Actor,
  lang: Lang,
): Promise<SheetImportResult> {
  const assessment = await svc.lockAssessment(tx, orgId, assessmentId);
  if (!svc.EDITABLE.includes(assessment.status)) throw svc.lockedError(assessment);
  let rows: SheetRow[];
  try {
    rows = await readXlsx(file);
  } catch (err) {
    if (err instanceof SheetReadError)
      throw new AppError('validation_failed', {
        issues: [
          err.problem.kind === 'archive_too_large'
            ? fileIssue(1, undefined, 'archive_too_large', E.archiveTooLarge[lang], lang)
            : fileIssue(1, undefined, 'unreadable', E.unreadable[lang], lang),
        ],
      });
    throw err;
  }
  if (checkHeader(rows[0], lang) === null) {
    throwIfIssues([
      fileIssue(
        1,
        undefined,
        'wrong_headers',
        E.headers(expectedHeader(lang).join('、'))[lang],
        lang,
      ),
    ]);
  }
  const index = svc.questionSetOf(assessment);
  const current = await svc.listAnswers(tx, assessmentId);
  const byItem = new Map(current.map((a) => [a.itemId, a]));
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  const answers: { row: number; itemId: string; parsed: Exclude<Parsed, { error: string }> }[] = [];
  const comments: { itemId: string; comment: string | null }[] = [];
  const cell = (r: SheetRow, key: ColumnKey) => (r.cells[col(key)] ?? '').trim();

  for (const r of rows.slice(1)) {
    const itemId = cell(r, 'itemId');
    const answer = cell(r, 'answer');
    const comment = restoreNeutralized(cell(r, 'comment'));
    if (!itemId && !answer && !comment) continue;
    const entry = index.items.get(itemId);
    if (!entry) {
      issues.push(fileIssue(r.row, 'itemId', 'unknown_item', E.unknownItem[lang], lang));
      continue;
    }
    const earlier = seen.get(itemId);
    if (earlier !== undefined) {
      issues.push(
        fileIssue(r.row, 'itemId', 'duplicate_item', E.duplicateItem(earlier)[lang], lang),
      );
      continue;
    }
    seen.set(itemId, r.row);
    if (answer) {
      const parsed = parseCell(entry.item, answer, lang);
      if ('error' in parsed)
        issues.push(fileIssue(r.row, 'answer', 'invalid_answer', parsed.error, lang));
      else answers.push({ row: r.row, itemId, parsed });
    }
    const before = byItem.get(itemId)?.comment ?? null;
    const after = comment || null;
    if (after !== before) {
      if (after !== null && after.length > 4000)
        issues.push(fileIssue(r.row, 'comment', 'too_long', E.invalid[lang], lang));
      else comments.push({ itemId, comment: after });
    }
  }
  if (rows.length <= 1) issues.push(fileIssue(2, undefined, 'empty', E.empty[lang], lang));

  // Visibility is judged on the answers as they will stand after the import.
  const merged = svc.toAnswerMap([
    ...current.filter((a) => !answers.some((x) => x.itemId === a.itemId)),
    ...answers.map((a) => ({
      ...(byItem.get(a.itemId) ?? emptyRow(assessmentId, a.itemId)),
      state: a.parsed.state,
      value: a.parsed.value,
    })),
  ]);
  const visible = visibleItemIds(index, merged);
  for (const a of answers) {
    if (!visible.has(a.itemId))
      issues.push(fileIssue(a.row, 'answer', 'hidden_item', E.hiddenItem[lang], lang));
  }
  throwIfIssues(issues);

  const now = new Date();
  let answered = 0;
  let unchanged = 0;
  for (const a of answers) {
    const before = byItem.get(a.itemId);
    if (
      before &&
      before.state === a.parsed.state &&
      JSON.stringify(before.value) === JSON.stringify(a.parsed.value)
    ) {
      unchanged += 1;
      continue;
    }
    const change = {
      state: a.parsed.state,
      value: a.parsed.value,
      carriedOver: false,
      answeredBy: actor.userId,
      answeredAt: now,
      updatedAt: now,
    };
    const [saved] = await tx
      .insert(assessmentAnswers)
      .values({ assessmentId, itemId: a.itemId, ...change })
      .onConflictDoUpdate({
        target: [assessmentAnswers.assessmentId, assessmentAnswers.itemId],
        set: change,
      })
      .returning();
    await tx.insert(assessmentAnswerHistory).values({
      assessmentId,
      itemId: a.itemId,
      change: 'answer',
      state: a.parsed.state,
      value: a.parsed.value,
      comment: saved!.comment,
      changedBy: actor.userId,
      changedAt: now,
    });
    answered += 1;
  }
  for (const c of comments) {
    const [saved] = await tx
      .insert(assessmentAnswers)
      .values({ assessmentId, itemId: c.itemId, comment: c.comment })
      .onConflictDoUpdate({
        target: [assessmentAnswers.assessmentId, assessmentAnswers.itemId],
        set: { comment: c.comment, updatedAt: now },
      })
      .returning();
    await tx.insert(assessmentAnswerHistory).values({
      assessmentId,
      itemId: c.itemId,
      change: 'comment',
      state: saved!.state,
      value: saved!.value,
      comment: c.comment,
      changedBy: actor.userId,
      changedAt: now,
    });
  }
  return { answered, comments: comments.length, unchanged };
}

function emptyRow(assessmentId: string, itemId: string): svc.AssessmentAnswer {
  return {
    assessmentId,
    itemId,
    state: null,
    value: null,
    comment: null,
    carriedOver: false,
    answeredBy: null,
    answeredAt: null,
    updatedAt: new Date(),
  };
}
