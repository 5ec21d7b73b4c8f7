import type { Locale } from '../../../contracts/common';

const ja = {
  titleRequired: '件名を入力してください。',
  titleTooLong: '件名は200文字以内にしてください。',
  badDate: '日付はYYYY-MM-DDの形式で入力してください。',
  badEffort: '工数は小・中・大のいずれかにしてください。',
  badSource: '出所の種類が正しくありません。',
  ownerNotMember: 'この会社のメンバーを選んでください。',
  badVisit: '訪問回は1〜6で指定してください。',
  checkedBeforeAgreed: '確認した訪問回は、合意した訪問回以降にしてください。',
  unknownProposal:
    'この提案は見つかりません（既に取り込み済みか、元の回答やリスクが変わりました）。',
  unknownSection: 'このセクションは診断票にありません。',
  duplicateSection: '同じセクションの目標が重複しています。',
  twoStarsNeedSteps: '二つ星の宣言には、自社診断の実施日と基本方針の策定・公開日が必要です。',
  itemBelowTarget: (score: number, target: number) =>
    `評価 ${score} が目標 ${target} を下回っています。`,
  itemLow: (score: number) => `評価が ${score} と低い項目です。`,
  riskAboveTolerance: (level: string, score: number) =>
    `リスクレベル「${level}」（スコア ${score}）は許容範囲を超えています。`,
  riskActionDetail: (plan: string) => (plan ? `対応計画: ${plan}` : ''),
};

const en: typeof ja = {
  titleRequired: 'Enter a title.',
  titleTooLong: 'Keep the title within 200 characters.',
  badDate: 'Enter the date as YYYY-MM-DD.',
  badEffort: 'Effort must be small, medium or large.',
  badSource: 'The source kind is not valid.',
  ownerNotMember: 'Choose a member of this company.',
  badVisit: 'Visits are numbered 1 to 6.',
  checkedBeforeAgreed:
    'The visit where it was checked cannot come before the visit where it was agreed.',
  unknownProposal:
    'This proposal no longer exists (it was already taken over, or the answer or risk changed).',
  unknownSection: 'The survey has no such section.',
  duplicateSection: 'This section has more than one target.',
  twoStarsNeedSteps:
    'A two-star declaration needs the self-check date and the date the basic policy was published.',
  itemBelowTarget: (score, target) => `Scored ${score}, below the target of ${target}.`,
  itemLow: (score) => `Scored only ${score}.`,
  riskAboveTolerance: (level, score) =>
    `Risk level "${level}" (score ${score}) is above what the company tolerates.`,
  riskActionDetail: (plan) => (plan ? `Treatment plan: ${plan}` : ''),
};

export const improvementMessages = (locale: Locale) => (locale === 'en' ? en : ja);
