import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
const ADMIN = 'admin@minato-seiki.example.jp';

/** A field by its label, ignoring the required-field asterisk the component library appends. */
const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

let admin: Awaited<ReturnType<typeof openBrowser>>;
let reporter: Awaited<ReturnType<typeof openBrowser>>;
let formUrl: string;
let reference: string;

beforeAll(async () => {
  admin = await openBrowser();
  reporter = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
  await reporter?.close();
});

describe('the incident report form and triage', () => {
  it('the company admin publishes the report form', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'インシデント' }).click();
    await page.getByRole('heading', { name: 'インシデント', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'フォームを公開する' }).click();
    const url = page.getByRole('textbox', { name: 'フォームの URL' });
    await url.waitFor();
    formUrl = await url.inputValue();
    expect(formUrl).toMatch(/\/report\/[A-Za-z0-9_-]{24}$/);
    await page.getByRole('img', { name: 'フォームの QR コード' }).waitFor();
    await expect
      .poll(() => page.getByRole('link', { name: '印刷用の報告書（Word）' }).getAttribute('href'))
      .toMatch(/\/documents\/incident-report-form\?language=ja$/);
    await screenshot(page, 'incidents-01-published');
  });

  it('someone without an account reports an incident and gets a confirmation number', async () => {
    const { page } = reporter;
    await page.goto(formUrl);
    await page.getByRole('heading', { name: 'インシデント報告', level: 1 }).waitFor();
    await page.getByText('報告先：株式会社みなと精機').waitFor();

    // Sending an empty form shows what is missing, next to each field.
    await page.getByRole('button', { name: '報告する' }).click();
    await page.getByText('この項目を入力してください。').first().waitFor();
    await page
      .getByText('メールアドレスか電話番号の少なくとも一方を入力してください。')
      .first()
      .waitFor();

    await field(page, '氏名').fill('大森 健');
    await page.getByRole('radio', { name: '疑いを報告したい' }).check();
    await field(page, 'メールアドレス').fill('omori@minato-seiki.example.jp');
    // A message goes as soon as the field it describes is edited.
    await expect
      .poll(() =>
        page.getByText('メールアドレスか電話番号の少なくとも一方を入力してください。').count(),
      )
      .toBe(0);
    await field(page, '気づいたこと・起きていること').fill(
      '請求書を装ったメールの添付ファイルを開いたところ、パソコンの動作が重くなりました。',
    );
    await field(page, '気づいた日時').fill('2026-11-20T09:15');
    await field(page, '対象のシステム・機器・サービス').fill('製造部の事務用PC、ファイルサーバー');
    await page.getByRole('checkbox', { name: '社内（オンプレミス）' }).check();
    await page.getByRole('radio', { name: '分からない' }).first().check();
    await screenshot(page, 'incidents-02-form');
    await page.getByRole('button', { name: '報告する' }).click();

    await page.getByRole('heading', { name: '報告を受け付けました' }).waitFor();
    // Bilingual receipt.
    await page.getByRole('heading', { name: 'Your report has been received' }).waitFor();
    reference = (await page.getByTestId('reference').textContent()) ?? '';
    expect(reference).toMatch(/^INC-\d{4}-\d{4}$/);
    await screenshot(page, 'incidents-03-receipt');
  });

  it('the admin sees the report arrive live and triages it', async () => {
    const { page } = admin;
    // No reload: the list follows the company's live events.
    const link = page.getByRole('link', { name: reference, exact: true });
    await link.waitFor();
    const row = page.getByRole('row').filter({ has: link });
    await expect.poll(() => row.textContent()).toContain('新規');
    await expect.poll(() => row.textContent()).toContain('報告フォーム');
    await screenshot(page, 'incidents-04-list');

    await link.click();
    await page.getByRole('heading', { name: new RegExp(`^${reference} `), level: 1 }).waitFor();
    await page.getByRole('cell', { name: '大森 健' }).waitFor();
    const triage = page.getByRole('form', { name: 'トリアージ' });
    await triage.getByRole('combobox', { name: '状況' }).click();
    await page.getByRole('option', { name: 'トリアージ中' }).click();
    await triage.getByRole('combobox', { name: '重大度' }).click();
    await page.getByRole('option', { name: '高', exact: true }).click();
    await triage.getByRole('combobox', { name: '分類' }).click();
    await page.getByRole('option', { name: 'フィッシング・標的型メール' }).click();
    await triage.getByRole('combobox', { name: '担当' }).click();
    await page.getByRole('option', { name: '伴走 一郎' }).click();
    await triage.getByRole('combobox', { name: '機能への影響' }).click();
    await page.getByRole('option', { name: '低', exact: true }).click();
    await field(triage, '次の対応').fill(
      'PCをネットワークから外し、メールの添付ファイルを保全する',
    );
    await triage.getByRole('button', { name: '保存' }).click();

    const timeline = page.getByRole('region', { name: '対応の記録' });
    await timeline.getByText('状況を「トリアージ中」に変更').waitFor();
    await timeline.getByText('担当を 伴走 一郎 に変更').waitFor();

    await field(timeline, '実施したこと').fill('LANケーブルを抜いて隔離した');
    await timeline.getByRole('button', { name: '記録を追加' }).click();
    await timeline.getByText('LANケーブルを抜いて隔離した').waitFor();
    await screenshot(page, 'incidents-05-triaged');

    await page.getByRole('link', { name: '一覧に戻る' }).click();
    const listed = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: reference }) });
    await expect.poll(() => listed.textContent()).toContain('トリアージ中');
    await expect.poll(() => listed.textContent()).toContain('伴走 一郎');
  });
});
