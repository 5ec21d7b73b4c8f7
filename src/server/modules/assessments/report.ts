import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type {
  AssessmentResults,
  LocalizedText,
  QuestionItem,
} from '../../../contracts/assessments';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import * as identity from '../identity/service';
import { getOrganization } from '../organizations/service';
import type { IndexedQuestionSet } from './question-set';
import { radarPng, radarSvg } from './radar';
import { visibleItemIds } from './scoring';
import * as svc from './service';

/** Everything the Word report and the Excel export are made from. */
export interface ReportData {
  companyName: string;
  assessment: svc.Assessment;
  index: IndexedQuestionSet;
  answers: Map<string, svc.AssessmentAnswer>;
  visible: Set<string>;
  reviews: Map<string, svc.SectionReview>;
  results: AssessmentResults;
  names: Map<string, string>;
}

export async function loadReportData(
  db: DbOrTx,
  orgId: string,
  assessmentId: string,
): Promise<ReportData> {
  const results = await svc.getAssessmentResults(db, orgId, assessmentId);
  const assessment = await svc.getAssessment(db, orgId, assessmentId);
  const index = svc.questionSetOf(assessment);
  const rows = await svc.listAnswers(db, assessmentId);
  const reviews = await svc.listReviews(db, assessmentId);
  const org = await getOrganization(db, orgId);
  const userIds = [
    assessment.reviewedBy,
    assessment.submittedBy,
    ...rows.map((r) => r.answeredBy),
    ...reviews.map((r) => r.reviewerId),
  ].filter((id): id is string => id !== null);
  const users = await identity.findUsersByIds(db, [...new Set(userIds)]);
  return {
    companyName: org.name,
    assessment,
    index,
    answers: new Map(rows.map((r) => [r.itemId, r])),
    visible: visibleItemIds(index, svc.toAnswerMap(rows)),
    reviews: new Map(reviews.map((r) => [r.sectionId, r])),
    results,
    names: new Map(users.map((u) => [u.id, u.name])),
  };
}

// --- words in both languages --------------------------------------------------------------

export const L = {
  reportTitle: { ja: 'ヒアリングシート結果報告書', en: 'Hearing result report' },
  questionSet: { ja: '質問票', en: 'Question set' },
  label: { ja: '名称', en: 'Name' },
  date: { ja: '診断日', en: 'Assessment date' },
  status: { ja: '状態', en: 'Status' },
  reviewer: { ja: '担当専門家', en: 'Expert reviewer' },
  summary: { ja: '診断結果の概要', en: 'Summary' },
  overall: { ja: '総合点', en: 'Overall score' },
  previous: { ja: '前回', en: 'Previous' },
  outcome: { ja: '判定', en: 'Outcome' },
  recommendation: { ja: '推奨する支援', en: 'Recommended support' },
  reasons: { ja: '判定の理由', en: 'Reasons' },
  reviewSummary: { ja: '専門家の総評', en: 'Expert summary' },
  sectionScores: { ja: 'セクション別の点数', en: 'Section scores' },
  section: { ja: 'セクション', en: 'Section' },
  score: { ja: '点数', en: 'Score' },
  target: { ja: '目標', en: 'Target' },
  programAverage: { ja: 'プログラム平均', en: 'Program average' },
  current: { ja: '今回', en: 'This assessment' },
  details: { ja: 'セクション別の結果', en: 'Results by section' },
  meaning: { ja: 'この点数の意味', en: 'What the score means' },
  toRaise: { ja: '点数を上げるには', en: 'How to raise it' },
  feedback: { ja: '専門家からのフィードバック', en: 'Expert feedback' },
  answer: { ja: '回答', en: 'Answer' },
  comment: { ja: 'コメント', en: 'Comment' },
  none: { ja: '—', en: '—' },
  unanswered: { ja: '未回答', en: 'Not answered' },
  dontKnow: { ja: 'わからない（要確認）', en: "Don't know (to follow up)" },
  notApplicable: { ja: '該当なし', en: 'Not applicable' },
  yes: { ja: 'はい', en: 'Yes' },
  partial: { ja: '一部', en: 'Partly' },
  no: { ja: 'いいえ', en: 'No' },
  draft: { ja: '入力中', en: 'Draft' },
  submitted: { ja: '提出済み', en: 'Submitted' },
  reviewed: { ja: 'レビュー済み', en: 'Reviewed' },
  reopened: { ja: '再開中', en: 'Reopened' },
  answered: { ja: '回答済み', en: 'Answered' },
} satisfies Record<string, LocalizedText>;

const listSeparator = { ja: '、', en: ', ' };

/** A date as the reader expects it, in Japan time. */
export function formatDate(date: Date, lang: Locale, withTime = false): string {
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    dateStyle: lang === 'ja' ? 'long' : 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(date);
}

export const scoreText = (n: number | null) => (n === null ? '—' : n.toFixed(2));

/** An answer as words in the document language: level descriptor, choice labels, yes/partly/no… */
export function answerText(
  item: QuestionItem,
  answer: Pick<svc.AssessmentAnswer, 'state' | 'value'> | undefined,
  lang: Locale,
): string {
  if (!answer || answer.state === null) return L.unanswered[lang];
  if (answer.state === 'dont_know') return L.dontKnow[lang];
  if (answer.state === 'not_applicable') return L.notApplicable[lang];
  const value = answer.value;
  if (value === null) return L.unanswered[lang];
  switch (item.type) {
    case 'scale': {
      const level = typeof value === 'number' ? item.levels[value] : undefined;
      return level ? `${String(value)} — ${level[lang]}` : String(value);
    }
    case 'single':
      return item.choices.find((c) => c.id === value)?.label[lang] ?? String(value);
    case 'multiple': {
      const ids = Array.isArray(value) ? value : [value];
      return ids
        .map((id) => item.choices.find((c) => c.id === id)?.label[lang] ?? String(id))
        .join(listSeparator[lang]);
    }
    case 'ynp':
      return value === 'yes' || value === 'partial' || value === 'no'
        ? L[value][lang]
        : String(value);
    case 'number':
      return item.unit ? `${String(value)} ${item.unit[lang]}` : String(value);
    case 'evidence':
      return Array.isArray(value)
        ? value.map((f) => (typeof f === 'string' ? f : f.name)).join(listSeparator[lang])
        : String(value);
    default:
      return Array.isArray(value) ? value.join(listSeparator[lang]) : String(value);
  }
}

export function stateText(state: svc.AssessmentAnswer['state'] | undefined, lang: Locale): string {
  if (!state) return L.unanswered[lang];
  return { answered: L.answered, dont_know: L.dontKnow, not_applicable: L.notApplicable }[state][
    lang
  ];
}

// --- the Word document ----------------------------------------------------------------------

const FONT = { ascii: 'Yu Gothic', hAnsi: 'Yu Gothic', eastAsia: 'Yu Gothic', cs: 'Yu Gothic' };
const CHART = { width: 560, height: 420 };
const COLORS = { current: '#1c7ed6', previous: '#868e96', average: '#f08c00' };

const text = (t: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, ...opts });
const para = (t: string, opts: { bold?: boolean } = {}) =>
  new Paragraph({ children: [text(t, opts)], spacing: { after: 80 } });
const heading = (t: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ text: t, heading: level, spacing: { before: 240, after: 120 } });
/** Multi-line text keeps its line breaks. */
const multiline = (t: string) =>
  new Paragraph({
    children: t.split(/\r?\n/).map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0 })),
    spacing: { after: 80 },
  });
const labelled = (label: string, value: string) =>
  new Paragraph({ children: [text(`${label}：`, { bold: true }), text(value)] });

function cell(t: string, header = false): TableCell {
  return new TableCell({
    children: [new Paragraph({ children: [text(t, { bold: header })] })],
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

function sectionTable(data: ReportData, lang: Locale): Table {
  const sections = data.results.sections;
  const hasPrevious = sections.some((s) => s.baselineScore !== null);
  const hasTarget = sections.some((s) => s.target !== null);
  const hasAverage = sections.some((s) => s.programAverage !== null);
  const headers = [
    L.section[lang],
    L.score[lang],
    ...(hasPrevious ? [L.previous[lang]] : []),
    ...(hasTarget ? [L.target[lang]] : []),
    ...(hasAverage ? [L.programAverage[lang]] : []),
  ];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }),
      ...sections.map(
        (s) =>
          new TableRow({
            children: [
              cell(s.parentId ? `\u3000${s.title[lang]}` : s.title[lang]),
              cell(scoreText(s.score)),
              ...(hasPrevious ? [cell(scoreText(s.baselineScore))] : []),
              ...(hasTarget ? [cell(scoreText(s.target))] : []),
              ...(hasAverage ? [cell(scoreText(s.programAverage))] : []),
            ],
          }),
      ),
    ],
  });
}

/** The radar of the top-level sections, or nothing when fewer than three have a score. */
function radarParagraph(data: ReportData, lang: Locale): Paragraph | null {
  const top = data.results.sections.filter((s) => s.parentId === null);
  if (top.length < 3 || top.every((s) => s.score === null)) return null;
  const series = [
    { name: L.current[lang], values: top.map((s) => s.score), color: COLORS.current },
  ];
  if (top.some((s) => s.baselineScore !== null)) {
    series.push({
      name: L.previous[lang],
      values: top.map((s) => s.baselineScore),
      color: COLORS.previous,
    });
  }
  if (top.some((s) => s.programAverage !== null)) {
    series.push({
      name: L.programAverage[lang],
      values: top.map((s) => s.programAverage),
      color: COLORS.average,
    });
  }
  const input = { axes: top.map((s) => s.title[lang]), series, ...CHART };
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(radarSvg(input)),
        fallback: { type: 'png', data: radarPng(input) },
        transformation: { width: CHART.width * 0.8, height: CHART.height * 0.8 },
        altText: {
          name: 'radar',
          title: L.sectionScores[lang],
          description: top.map((s) => `${s.title[lang]} ${scoreText(s.score)}`).join(', '),
        },
      }),
    ],
  });
}

function coverPage(data: ReportData, lang: Locale): Paragraph[] {
  const a = data.assessment;
  const reviewer = a.reviewedBy ? (data.names.get(a.reviewedBy) ?? '') : L.none[lang];
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 2400, after: 600 },
      children: [text(L.reportTitle[lang], { bold: true, size: 44 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 600 },
      children: [text(data.companyName, { bold: true, size: 36 })],
    }),
    labelled(L.questionSet[lang], data.index.set.title[lang]),
    ...(a.label ? [labelled(L.label[lang], a.label)] : []),
    labelled(L.date[lang], formatDate(a.submittedAt ?? a.createdAt, lang)),
    labelled(L.status[lang], L[a.status][lang]),
    labelled(L.reviewer[lang], reviewer),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function summary(data: ReportData, lang: Locale): (Paragraph | Table)[] {
  const { results, assessment } = data;
  const out: (Paragraph | Table)[] = [heading(L.summary[lang], HeadingLevel.HEADING_1)];
  const previous =
    results.baselineTotal !== null
      ? `（${L.previous[lang]} ${scoreText(results.baselineTotal)}）`
      : '';
  out.push(labelled(L.overall[lang], `${scoreText(results.total)} / 5 ${previous}`.trim()));
  if (results.outcome) {
    out.push(labelled(L.outcome[lang], results.outcome.label[lang]));
    if (results.outcome.recommendation) {
      out.push(labelled(L.recommendation[lang], results.outcome.recommendation[lang]));
    }
    if (results.outcome.reasons.length > 0) {
      out.push(para(L.reasons[lang], { bold: true }));
      for (const r of results.outcome.reasons) {
        out.push(new Paragraph({ text: r[lang], bullet: { level: 0 } }));
      }
    }
  }
  if (assessment.reviewSummary) {
    out.push(para(L.reviewSummary[lang], { bold: true }), multiline(assessment.reviewSummary));
  }
  out.push(heading(L.sectionScores[lang], HeadingLevel.HEADING_2), sectionTable(data, lang));
  const radar = radarParagraph(data, lang);
  if (radar) out.push(radar);
  return out;
}

function sectionDetails(data: ReportData, lang: Locale): Paragraph[] {
  const out: Paragraph[] = [heading(L.details[lang], HeadingLevel.HEADING_1)];
  for (const s of data.results.sections) {
    out.push(
      heading(s.title[lang], s.parentId ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_2),
      labelled(L.score[lang], `${scoreText(s.score)} / 5`),
    );
    if (s.band) {
      out.push(labelled(L.meaning[lang], s.band.meaning[lang]));
      out.push(labelled(L.toRaise[lang], s.band.toRaise[lang]));
    }
    const review = data.reviews.get(s.sectionId);
    if (review) out.push(para(L.feedback[lang], { bold: true }), multiline(review.feedback));
    const items = data.index.orderedItems.filter(
      (e) => e.sectionIds.at(-1) === s.sectionId && data.visible.has(e.item.id),
    );
    for (const { item } of items) {
      const answer = data.answers.get(item.id);
      out.push(
        new Paragraph({
          children: [text(item.title[lang], { bold: true })],
          spacing: { before: 160, after: 40 },
        }),
        new Paragraph({
          indent: { left: 360 },
          children: [text(`${L.answer[lang]}：`), text(answerText(item, answer, lang))],
        }),
      );
      if (answer?.comment) {
        out.push(
          new Paragraph({
            indent: { left: 360 },
            children: [text(`${L.comment[lang]}：`), text(answer.comment)],
          }),
        );
      }
    }
  }
  return out;
}

/** The hearing result report (ヒアリングシート結果報告書) as an editable Word document. */
export async function buildReportDocx(data: ReportData, lang: Locale): Promise<Buffer> {
  const doc = new Document({
    creator: 'Bansō',
    title: `${L.reportTitle[lang]} — ${data.companyName}`,
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
        heading2: { run: { font: FONT, size: 28, bold: true } },
        heading3: { run: { font: FONT, size: 24, bold: true } },
      },
    },
    sections: [
      {
        children: [...coverPage(data, lang), ...summary(data, lang), ...sectionDetails(data, lang)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** `ヒアリングシート結果報告書_<company>_<date>.docx` */
export function reportFilename(data: ReportData, lang: Locale, ext: string, kind: LocalizedText) {
  const a = data.assessment;
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(
    a.submittedAt ?? a.createdAt,
  );
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\r\n\t]+/g, '_');
  return `${safe(kind[lang])}_${safe(data.companyName)}_${day}.${ext}`;
}
