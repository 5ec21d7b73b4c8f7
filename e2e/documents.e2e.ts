import fs from 'node:fs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD as PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
// あおば会計 (CSIRT course, expert1 assigned): no other journey generates its documents.
const ADMIN = 'admin@aoba-kaikei.example.jp';
const EXPERT = 'expert1@example.jp';
const OWN_TEXT = 'E2E 当社では総務部長が窓口となり、夜間は当番者が一次受付をします。';
const COMMENT = 'E2E 夜間の当番表の場所も書いておきましょう。';
const TITLE = 'CSIRT 記述書（RFC 2350）';

const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/login`);
  await field(page, 'メールアドレス').fill(email);
  await field(page, 'パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('navigation').waitFor();
}

const status = (page: Page, value: string) => page.locator(`[data-status="${value}"]`).first();

let admin: Awaited<ReturnType<typeof openBrowser>>;
let expert: Awaited<ReturnType<typeof openBrowser>>;
let documentUrl = '';

beforeAll(async () => {
  admin = await openBrowser();
  expert = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
  await expert?.close();
});

describe('a document from generation to approval', () => {
  it('the company admin generates the CSIRT description and rewrites a section', async () => {
    const { page } = admin;
    await signIn(page, ADMIN);
    await page.getByRole('navigation').getByRole('link', { name: '文書' }).click();
    await page.getByRole('heading', { name: '文書', level: 1 }).waitFor();
    const row = page.locator('tr[data-kind="csirt-description"]').first();
    await row.getByRole('button', { name: '作成する' }).click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await status(page, 'draft').waitFor();
    documentUrl = page.url();
    expect(documentUrl).toContain('/documents/csirt-description?language=ja');

    await page.getByRole('button', { name: 'この節を編集' }).first().click();
    const editor = page.getByRole('textbox', { name: /の本文$/ });
    await editor.fill(OWN_TEXT);
    await screenshot(page, 'documents-01-edit');
    await page.getByRole('button', { name: '保存（新しい版）' }).click();
    await page.getByText(OWN_TEXT).waitFor();
    await page.getByText('自社の記述').first().waitFor();
    await page.getByText('第2版', { exact: true }).first().waitFor();

    await page.getByRole('button', { name: 'レビューに出す' }).click();
    await status(page, 'in_review').waitFor();
  });

  it('the assigned expert comments but cannot approve', async () => {
    const { page } = expert;
    await signIn(page, EXPERT);
    await page.goto(documentUrl);
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await status(page, 'in_review').waitFor();
    await page.getByText('承認は会社の管理者が行います。').waitFor();
    expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0);

    await page.getByRole('button', { name: 'コメントを書く' }).first().click();
    await page.getByRole('textbox', { name: /へのコメント$/ }).fill(COMMENT);
    await page.getByRole('button', { name: 'コメントする' }).click();
    await page.getByTestId('document-comment').filter({ hasText: COMMENT }).waitFor();
    await screenshot(page, 'documents-02-review');
  });

  it('the company admin sees the comment, approves, and downloads a Word file that opens', async () => {
    const { page } = admin;
    await page.reload();
    await page.getByTestId('document-comment').filter({ hasText: COMMENT }).waitFor();
    await page.getByRole('button', { name: '承認する' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '承認する' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await status(page, 'approved').waitFor();
    await page
      .getByText(/が .+ に承認/)
      .first()
      .waitFor();

    await page.getByRole('tab', { name: /チェックリスト/ }).click();
    await page.getByRole('tab', { name: '版の履歴' }).click();
    await page.getByTestId('document-diff').waitFor();
    await expect.poll(() => page.getByTestId('document-diff').textContent()).toContain(OWN_TEXT);
    await screenshot(page, 'documents-03-approved');

    await page.getByRole('button', { name: 'ダウンロード' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Word' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(OWN_TEXT);
    expect(xml).toContain('承認済み');
    expect(xml).toContain('未完了の項目（チェックリスト）');
  });
});
