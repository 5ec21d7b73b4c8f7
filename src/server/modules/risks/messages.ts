import type { Locale } from '../../../contracts/common';
import type { MatrixProblem } from './matrix';

const ja = {
  matrix: (p: MatrixProblem): string => {
    switch (p.code) {
      case 'axis_too_short':
        return '2段階以上を設定してください。';
      case 'axis_not_sequential':
        return `レベルは1から順に番号を付けてください（ここは${p.expected}）。`;
      case 'band_range':
        return '最小スコアは最大スコア以下にしてください。';
      case 'band_key_duplicate':
        return `キー「${p.key}」が重複しています。`;
      case 'bands_too_few':
        return 'リスクレベルを2つ以上設定してください。';
      case 'band_gap':
        return `スコア${p.score}がどのリスクレベルにも含まれていません（レベルは1から${p.max}までを隙間なく、小さい順に覆ってください）。`;
      case 'band_overlap':
        return `スコア${p.score}が前のリスクレベルと重なっています。`;
      case 'band_beyond':
        return `スコアの上限は${p.max}（発生可能性×影響度の最大）です。`;
    }
  },
  outsideMatrix: (max: number) =>
    `1〜${max}の値を入力してください（現在のリスクマトリクスの範囲）。`,
  risksOutsideMatrix: (n: number) =>
    `${n}件のリスクがこのマトリクスの範囲外になります。先にそれらのリスクの評価を見直してください。`,
  residualPair: '残留リスクは発生可能性と影響度の両方を入力するか、両方とも空にしてください。',
  ownerNotMember: 'この会社のメンバーを選んでください。',
  ownerOneOf: '担当者はメンバーの選択か名前の入力のどちらか一方にしてください。',
};

const en: typeof ja = {
  matrix: (p) => {
    switch (p.code) {
      case 'axis_too_short':
        return 'Set at least two steps.';
      case 'axis_not_sequential':
        return `Number the steps from 1 upwards (this one should be ${p.expected}).`;
      case 'band_range':
        return 'The lowest score must not be above the highest.';
      case 'band_key_duplicate':
        return `The key "${p.key}" is used twice.`;
      case 'bands_too_few':
        return 'Set at least two risk levels.';
      case 'band_gap':
        return `Score ${p.score} falls in no risk level (levels must cover 1 to ${p.max} without gaps, in ascending order).`;
      case 'band_overlap':
        return `Score ${p.score} overlaps the previous risk level.`;
      case 'band_beyond':
        return `Scores go up to ${p.max} (the highest likelihood × impact).`;
    }
  },
  outsideMatrix: (max) => `Enter a value from 1 to ${max} (the range of the current risk matrix).`,
  risksOutsideMatrix: (n) =>
    `${n} risks would fall outside this matrix. Re-rate those risks first.`,
  residualPair: 'Give both residual likelihood and residual impact, or neither.',
  ownerNotMember: 'Choose a member of this company.',
  ownerOneOf: 'Choose a member or type a name for the owner, not both.',
};

export type RiskMessages = typeof ja;
export const riskMessages = (locale: Locale): RiskMessages => (locale === 'en' ? en : ja);
