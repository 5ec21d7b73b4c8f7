import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
const ADMIN = 'admin@minato-seiki.example.jp';
const EXPERT = 'expert1@example.jp';

/** A field by its label, ignoring the required-field asterisk the component library appends. */
const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await field(page, 'メールアドレス').fill(email);
  await field(page, 'パスワード').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'ホーム', exact: true }).waitFor();
}

/** Opens a checklist item, writes the decision, marks it decided at a visit and saves. */
async function decide(page: Page, title: string, decision: string, visit: number) {
  const control = page.getByRole('button', { name: new RegExp(`^${title}`) });
  await control.click();
  const panel = page.getByRole('region', { name: new RegExp(`^${title}`) });
  await field(panel, '決定内容').fill(decision);
  await panel.locator('label', { hasText: /^決定$/ }).click();
  await panel.locator('label', { hasText: new RegExp(`^第${visit}回$`) }).click();
  await panel.getByRole('button', { name: '保存', exact: true }).click();
  await expect.poll(() => control.textContent()).toContain(`第${visit}回`);
  await expect.poll(() => control.textContent()).not.toContain('未決定');
}

/** Downloads the Word file of the document page's current version and returns its body XML. */
async function downloadWord(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'ダウンロード' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'Word' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
  return zip.file('word/document.xml')!.async('string');
}

/** The number of decided items in the progress summary. */
async function decidedCount(page: Page): Promise<number> {
  const text = (await page.getByText(/項目を決定/).textContent()) ?? '';
  return Number(/(\d+)項目を決定/.exec(text)?.[1] ?? 0);
}

let admin: Awaited<ReturnType<typeof openBrowser>>;
let expert: Awaited<ReturnType<typeof openBrowser>>;
let csirtPath = '';

beforeAll(async () => {
  admin = await openBrowser();
  expert = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
  await expert?.close();
});

describe('CSIRT building: the company and its expert complete the checklist and generate documents', () => {
  it('the company admin decides checklist items at the first visit', async () => {
    const { page } = admin;
    await signIn(page, ADMIN);
    await page.getByRole('navigation').getByRole('link', { name: 'CSIRT構築' }).click();
    await page.getByRole('heading', { name: 'CSIRT構築', level: 1 }).waitFor();
    csirtPath = new URL(page.url()).pathname;
    expect(csirtPath).toMatch(/^\/companies\/[0-9a-f-]+\/csirt$/);
    await page.getByRole('heading', { name: /未決定・矛盾している点/ }).waitFor();

    await decide(page, 'ミッションの定義', '事業を止めないことを最優先に被害を最小化する', 1);
    await decide(page, 'サービス対象の定義', '本社と工場の全従業員・全システム', 1);
    // One item of every other category, so the charter's progress counts each of them.
    await decide(page, 'CSIRTが受け持つ主なサービス', '報告の受付、初動対応、復旧の支援', 1);
    await decide(page, 'インシデント事後対応サービス', '報告受付とトリアージを社内で行う', 1);
    await decide(page, 'CSIRTモデル', '情報システム課の兼務によるセキュリティチーム', 1);
    await decide(page, '外部組織との連携', '警察・IPA・保守ベンダーの窓口を連絡先一覧に載せる', 1);
    await decide(page, '細分化した役割', '窓口は総務課、ハンドラーは情報システム課', 1);
    await expect.poll(() => decidedCount(page)).toBeGreaterThanOrEqual(7);
    await screenshot(page, 'csirt-01-checklist');
  });

  it('the assigned expert sees the decisions and records one at the second visit', async () => {
    const { page } = expert;
    await signIn(page, EXPERT);
    await page.goto(`${baseUrl}${csirtPath}`);
    await page.getByRole('heading', { name: 'CSIRT構築', level: 1 }).waitFor();
    const mission = page.getByRole('button', { name: /^ミッションの定義/ });
    await expect.poll(() => mission.textContent()).toContain('第1回');
    await decide(page, '扱うインシデントの定義と分類', 'レベル1〜3で分類し、生産停止はレベル3', 2);
    // The admin's page follows without a reload.
    await expect
      .poll(() => decidedCount(admin.page), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(8);
  });

  it('services, a contact and the flow diagram', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'サービスとモデル' }).click();
    await page.getByRole('checkbox', { name: /インシデント報告の受付/ }).check();
    await page.getByRole('checkbox', { name: /被害の緩和と復旧/ }).check();
    await page.getByRole('button', { name: 'サービスを保存' }).click();
    await page.getByText('サービスを保存しました。').waitFor();

    await page.getByRole('tab', { name: '役割と連絡先' }).click();
    await page.getByRole('button', { name: '連絡先を追加' }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, '氏名・名称').fill('港 誠');
    await field(dialog, '電話番号').fill('090-0000-0001');
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '090-0000-0001' }).first().waitFor();

    await page.getByRole('tab', { name: '対応フロー' }).click();
    const diagram = page.getByRole('img', { name: 'インシデント対応フロー図（役割ごとのレーン）' });
    await diagram.waitFor();
    await expect
      .poll(() => diagram.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await page.getByRole('img', { name: 'エスカレーションツリー' }).waitFor();
    // The contact list in escalation order sits beside the tree.
    const contacts = page.getByRole('region', { name: '連絡先一覧（エスカレーション順）' });
    await contacts.getByRole('cell', { name: /港 誠/ }).waitFor();
    expect(await contacts.textContent()).toContain('090-0000-0001');
    await screenshot(page, 'csirt-02-flow');
  });

  it('generates the CSIRT description, the report form and the response flow; the Word files open in Japanese', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'CSIRT記述書を生成' }).click();
    await page.waitForURL(/\/documents\/csirt-description\?language=ja$/);
    await page.getByRole('heading', { name: /CSIRT 記述書/, level: 1 }).waitFor();
    const description = await downloadWord(page);
    expect(description).toContain('連絡先情報');
    expect(description).toContain('事業を止めないことを最優先に被害を最小化する');
    // What is still undecided is listed at the end, not left blank.
    expect(description).toContain('未完了の項目（チェックリスト）');
    expect(description).toContain('未記入');

    await page.goto(`${baseUrl}${csirtPath}`);
    await page.getByRole('button', { name: 'インシデント報告書様式を生成' }).click();
    await page.waitForURL(/\/documents\/incident-report-form\?language=ja$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const form = await downloadWord(page);
    expect(form).toContain('報告者');
    expect(form).toContain('未完了の項目（チェックリスト）');

    await page.goto(`${baseUrl}${csirtPath}`);
    await page.getByRole('button', { name: 'インシデント対応フローを生成' }).click();
    await page.waitForURL(/\/documents\/incident-response-flow\?language=ja$/);
    await screenshot(page, 'csirt-03-flow-document');
  });
});
