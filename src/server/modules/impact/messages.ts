import type { Locale } from '../../../contracts/common';

const ja = {
  nameTaken: (name: string) => `「${name}」という業務はすでに登録されています。`,
  rtoExceedsMtd: (mtd: number) =>
    `目標復旧時間（RTO）は最大許容停止時間（MTD: ${mtd}時間）以下にしてください。`,
  impactDecreases:
    '停止が長引くほど影響は小さくならないはずです。前の時点以上の程度を選んでください。',
};

const en: typeof ja = {
  nameTaken: (name) => `A business process named "${name}" already exists.`,
  rtoExceedsMtd: (mtd) =>
    `The recovery time objective (RTO) must not exceed the maximum tolerable downtime (MTD: ${mtd} hours).`,
  impactDecreases:
    'Impact should not shrink as an outage goes on. Choose at least the level of the earlier point in time.',
};

export type ImpactMessages = typeof ja;
export const impactMessages = (locale: Locale): ImpactMessages => (locale === 'en' ? en : ja);
