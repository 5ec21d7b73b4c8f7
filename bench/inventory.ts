// A realistic 10,000-row information-asset inventory (assets paired with the systems they live on), shared by
// the asset-import and assessment benchmarks.
import iconv from 'iconv-lite';

export const ROWS = 10_000;
export const HEADER = [
  '資産名',
  '種別',
  '管理責任者',
  '保管場所',
  '機密性',
  '完全性',
  '可用性',
  'RTO(時間)',
  'RPO(時間)',
  '関連資産',
  '備考',
];

/** Pairs of an information asset and the system it lives on, linked by name, as a real inventory would be. */
export function inventoryRows(): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < ROWS; i += 2) {
    const n = String(i).padStart(5, '0');
    const info = `顧客台帳${n}（営業部）`;
    rows.push([info, '情報', '営業部長', '本社2F', 3, 2, 2, '', 24, '', `取引先との契約書 ${n}`]);
    rows.push([
      `販売管理サーバー${n}`,
      'システム',
      '情報システム課',
      'サーバー室',
      2,
      3,
      3,
      8,
      4,
      info,
      '',
    ]);
  }
  return rows;
}

export function csvShiftJis(rows: (string | number)[][]): Buffer {
  const lines = [HEADER, ...rows].map((r) => r.join(','));
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'Shift_JIS');
}
