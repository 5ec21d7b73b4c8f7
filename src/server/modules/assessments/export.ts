import ExcelJS from 'exceljs';
import type { Locale } from '../../../contracts/common';
import { neutralizeFormula } from '../assets/spreadsheet';
import { answerText, formatDate, stateText, type ReportData } from './report';

const H = {
  answers: { ja: '回答', en: 'Answers' },
  scores: { ja: 'セクション別スコア', en: 'Section scores' },
  section: { ja: 'セクション', en: 'Section' },
  itemId: { ja: '項目ID', en: 'Item id' },
  item: { ja: '項目', en: 'Item' },
  answer: { ja: '回答', en: 'Answer' },
  state: { ja: '状態', en: 'State' },
  answeredBy: { ja: '回答者', en: 'Answered by' },
  answeredAt: { ja: '回答日時', en: 'Answered at' },
  comment: { ja: 'コメント', en: 'Comment' },
  sectionId: { ja: 'セクションID', en: 'Section id' },
  score: { ja: '点数', en: 'Score' },
  previous: { ja: '前回', en: 'Previous' },
  target: { ja: '目標', en: 'Target' },
  average: { ja: 'プログラム平均', en: 'Program average' },
  meaning: { ja: 'この点数の意味', en: 'What the score means' },
  toRaise: { ja: '点数を上げるには', en: 'How to raise it' },
};

/** Text cells never start a formula; numbers stay numbers. */
const safe = (v: string | number | null) => (typeof v === 'string' ? neutralizeFormula(v) : v);

/** Every visible item with its answer, plus the section scores, as an Excel workbook. */
export async function buildAnswersWorkbook(data: ReportData, lang: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bansō';
  const answers = workbook.addWorksheet(H.answers[lang]);
  answers.columns = [
    { header: H.section[lang], width: 24 },
    { header: H.itemId[lang], width: 22 },
    { header: H.item[lang], width: 40 },
    { header: H.answer[lang], width: 50 },
    { header: H.state[lang], width: 16 },
    { header: H.answeredBy[lang], width: 16 },
    { header: H.answeredAt[lang], width: 20 },
    { header: H.comment[lang], width: 40 },
  ];
  for (const { item, sectionIds } of data.index.orderedItems) {
    if (!data.visible.has(item.id)) continue;
    const section = data.index.sections.get(sectionIds.at(-1)!)!.section;
    const a = data.answers.get(item.id);
    answers.addRow(
      [
        section.title[lang],
        item.id,
        item.title[lang],
        answerText(item, a, lang),
        stateText(a?.state, lang),
        a?.answeredBy ? (data.names.get(a.answeredBy) ?? '') : '',
        a?.answeredAt ? formatDate(a.answeredAt, lang, true) : '',
        a?.comment ?? '',
      ].map(safe),
    );
  }
  const scores = workbook.addWorksheet(H.scores[lang]);
  scores.columns = [
    { header: H.sectionId[lang], width: 22 },
    { header: H.section[lang], width: 28 },
    { header: H.score[lang], width: 10 },
    { header: H.previous[lang], width: 10 },
    { header: H.target[lang], width: 10 },
    { header: H.average[lang], width: 14 },
    { header: H.meaning[lang], width: 50 },
    { header: H.toRaise[lang], width: 50 },
  ];
  for (const s of data.results.sections) {
    scores.addRow(
      [
        s.sectionId,
        s.title[lang],
        s.score,
        s.baselineScore,
        s.target,
        s.programAverage,
        s.band?.meaning[lang] ?? '',
        s.band?.toRaise[lang] ?? '',
      ].map(safe),
    );
  }
  scores.addRow([]);
  scores.addRow(['total', lang === 'ja' ? '総合点' : 'Overall', data.results.total]);
  for (const sheet of [answers, scores]) {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.getColumn(2).alignment = { wrapText: false };
  }
  answers.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  answers.getColumn(8).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
