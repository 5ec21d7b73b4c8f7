import type { Locale } from '../../../contracts/common';
import { assetTypes, type AssetType } from '../../../contracts/assets';

/** Folds a name for comparison: full/half width, case and runs of spaces do not make two assets. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export type AssetColumnKey =
  | 'name'
  | 'type'
  | 'owner'
  | 'location'
  | 'confidentiality'
  | 'integrity'
  | 'availability'
  | 'rtoHours'
  | 'rpoHours'
  | 'linkedAssets'
  | 'notes';

interface AssetColumn {
  key: AssetColumnKey;
  ja: string;
  en: string;
  /** Other spellings accepted on import. */
  aliases?: string[];
  required?: boolean;
  width: number;
}

/** The inventory spreadsheet's columns, in export order; headers are written in the caller's language. */
export const assetColumns: readonly AssetColumn[] = [
  {
    key: 'name',
    ja: '資産名',
    en: 'Name',
    aliases: ['asset', 'asset name'],
    required: true,
    width: 32,
  },
  { key: 'type', ja: '種別', en: 'Type', aliases: ['分類'], required: true, width: 14 },
  { key: 'owner', ja: '管理責任者', en: 'Owner', aliases: ['責任者', '管理者'], width: 16 },
  { key: 'location', ja: '保管場所', en: 'Location', aliases: ['場所', '設置場所'], width: 18 },
  { key: 'confidentiality', ja: '機密性', en: 'Confidentiality', aliases: ['c'], width: 9 },
  { key: 'integrity', ja: '完全性', en: 'Integrity', aliases: ['i'], width: 9 },
  { key: 'availability', ja: '可用性', en: 'Availability', aliases: ['a'], width: 9 },
  { key: 'rtoHours', ja: 'RTO(時間)', en: 'RTO (hours)', aliases: ['rto'], width: 11 },
  { key: 'rpoHours', ja: 'RPO(時間)', en: 'RPO (hours)', aliases: ['rpo'], width: 11 },
  { key: 'linkedAssets', ja: '関連資産', en: 'Linked assets', aliases: ['関連'], width: 36 },
  { key: 'notes', ja: '備考', en: 'Notes', aliases: ['メモ'], width: 40 },
];

const headerKey = (header: string) => header.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const columnByHeader = new Map<string, AssetColumnKey>(
  assetColumns.flatMap((c) =>
    [c.ja, c.en, c.key, ...(c.aliases ?? [])].map((h) => [headerKey(h), c.key] as const),
  ),
);

/** The column a header names, in either language; undefined for an unknown header. */
export function columnOfHeader(header: string): AssetColumnKey | undefined {
  return columnByHeader.get(headerKey(header));
}

export const columnHeader = (key: AssetColumnKey, locale: Locale): string => {
  const column = assetColumns.find((c) => c.key === key);
  if (!column) throw new Error(`unknown asset column ${key}`);
  return column[locale];
};

export const assetTypeLabels: Record<AssetType, { ja: string; en: string }> = {
  information: { ja: '情報', en: 'Information' },
  business_process: { ja: '業務プロセス', en: 'Business process' },
  system: { ja: 'システム', en: 'System' },
  device: { ja: '機器', en: 'Device' },
  service: { ja: 'サービス', en: 'Service' },
  vendor: { ja: '委託先', en: 'Vendor' },
};

const typeByLabel = new Map<string, AssetType>(
  assetTypes.flatMap((t) =>
    [t, assetTypeLabels[t].ja, assetTypeLabels[t].en].map(
      (label) => [headerKey(label), t] as const,
    ),
  ),
);

/** Reads a type written as the Japanese or English label or the key; undefined if it is none of them. */
export function assetTypeOfLabel(label: string): AssetType | undefined {
  return typeByLabel.get(headerKey(label));
}
