import type { Locale } from '../../../contracts/common';

const list = (items: readonly string[], sep: string) => items.join(sep);

const ja = {
  nameTaken: (name: string) => `「${name}」という資産はすでに台帳にあります。`,
  notInInventory: 'この会社の情報資産台帳にない資産です。',
  linkSameCategory: (name: string) =>
    `「${name}」とは関連付けできません。主要資産（情報・業務プロセス）と支援資産（システム・機器・サービス・委託先）の間で関連付けてください。`,
  linkSelf: '資産を自分自身と関連付けることはできません。',
  typeChangeBreaksLinks:
    '主要資産と支援資産の区分が変わるため、今の関連付けを保てません。関連資産を指定し直してください。',
  wrongHeaders: (expected: readonly string[], required: readonly string[], found: string[]) =>
    `1行目の見出しが正しくありません。使える見出しは ${list(expected, '、')} です（必須: ${list(required, '、')}）。読み取った見出し: ${found.length > 0 ? list(found, '、') : '（なし）'}`,
  noRows: 'ファイルに資産の行がありません。',
  tooManyRows: (max: number) => `一度に取り込めるのは${max}行までです。ファイルを分けてください。`,
  unreadable:
    'ファイルを読み取れません。CSV（UTF-8またはShift_JIS）かExcel（.xlsx）で保存してください。',
  csvSyntax: (line: number) => `${line}行目付近でCSVの形式が崩れています（引用符の閉じ忘れなど）。`,
  required: '必須項目です。',
  tooLong: (max: number) => `${max}文字以内で入力してください。`,
  badType: (allowed: readonly string[]) => `次のいずれかを入力してください: ${list(allowed, '、')}`,
  badRating: '1〜3の整数を入力してください。',
  badHours: '0〜8760の数値（時間）を入力してください。',
  duplicateInFile: (otherRow: number) => `${otherRow}行目と同じ資産名です。`,
  duplicateExisting: (name: string) =>
    `「${name}」はすでに台帳にあります。既存の資産を更新する場合は更新モードで取り込んでください。`,
  linkUnknown: (name: string) => `関連資産「${name}」が台帳にもファイルにもありません。`,
  archiveTooLarge:
    '展開後の大きさが上限（50MB）を超えるか、圧縮のされ方が不自然なExcelファイルは取り込めません。',
};

const en: typeof ja = {
  nameTaken: (name) => `An asset named "${name}" is already in the inventory.`,
  notInInventory: "This asset is not in the company's inventory.",
  linkSameCategory: (name) =>
    `Cannot link to "${name}": links join a primary asset (information, business process) with a supporting asset (system, device, service, vendor).`,
  linkSelf: 'An asset cannot be linked to itself.',
  typeChangeBreaksLinks:
    'This type moves the asset between primary and supporting, so its current links cannot stay. Give its linked assets again.',
  wrongHeaders: (expected, required, found) =>
    `The headers in row 1 are not right. Allowed headers: ${list(expected, ', ')} (required: ${list(required, ', ')}). Found: ${found.length > 0 ? list(found, ', ') : '(none)'}`,
  noRows: 'The file holds no asset rows.',
  tooManyRows: (max) => `At most ${max} rows can be imported at once. Split the file.`,
  unreadable: 'The file cannot be read. Save it as CSV (UTF-8 or Shift_JIS) or Excel (.xlsx).',
  csvSyntax: (line) => `The CSV is malformed near line ${line} (an unclosed quote?).`,
  required: 'This field is required.',
  tooLong: (max) => `Enter at most ${max} characters.`,
  badType: (allowed) => `Enter one of: ${list(allowed, ', ')}`,
  badRating: 'Enter a whole number from 1 to 3.',
  badHours: 'Enter a number of hours from 0 to 8760.',
  duplicateInFile: (otherRow) => `Same asset name as row ${otherRow}.`,
  duplicateExisting: (name) =>
    `"${name}" is already in the inventory. Import in update mode to change existing assets.`,
  linkUnknown: (name) => `Linked asset "${name}" is neither in the inventory nor in the file.`,
  archiveTooLarge:
    'The Excel file unpacks to more than 50 MB or is packed in a way no spreadsheet is, so it cannot be imported.',
};

export type AssetMessages = typeof ja;
export const assetMessages = (locale: Locale): AssetMessages => (locale === 'en' ? en : ja);
