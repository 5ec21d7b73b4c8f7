import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
const ADMIN = 'admin@sakura-logi.example.jp';

/** A field by its label, ignoring the required-field asterisk the component library appends. */
const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

let admin: Awaited<ReturnType<typeof openBrowser>>;
let orgId = '';

beforeAll(async () => {
  admin = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
});

describe('IT-BCP from the business impact analysis', () => {
  it('the IT-BCP company admin sees the BIA with its chart', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '事業影響度分析' }).click();
    await page.getByRole('heading', { name: '事業影響度分析（BIA）', level: 1 }).waitFor();
    orgId = /\/companies\/([0-9a-f-]+)\/impact/.exec(page.url())![1]!;

    const chart = page.getByRole('img', { name: /目標復旧時間、目標復旧時点/ });
    await chart.locator('svg').first().waitFor();
    await expect.poll(() => chart.textContent()).toContain('配車・運行管理');
    const heat = page.getByRole('img', { name: /ヒートマップ/ });
    await heat.locator('svg').first().waitFor();
    await page.getByRole('row').filter({ hasText: '配車・運行管理' }).first().waitFor();
    await screenshot(page, 'bcp-01-bia');
  });

  it('opens the IT-BCP page and sees the backup gap warning', async () => {
    const { page } = admin;
    await page.getByRole('navigation').getByRole('link', { name: 'IT-BCP', exact: true }).click();
    await page.getByRole('heading', { name: 'IT-BCP（IT事業継続計画）', level: 1 }).waitFor();
    const gaps = page.getByRole('region', { name: 'ギャップの警告' });
    await expect
      .poll(() => gaps.textContent())
      .toContain('バックアップ間隔（24時間）が目標復旧時点（RPO: 4時間）より長く');
    expect(await gaps.textContent()).toContain('代理者が決まっていません');
    // The activation flow is loaded as an image and actually drawn.
    const flow = page.getByRole('img', { name: /発動フロー図/ });
    await flow.scrollIntoViewIfNeeded();
    await expect
      .poll(() => flow.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await screenshot(page, 'bcp-02-gaps');
  });

  it('names a deputy, and the warning about the missing deputy goes away', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: '発動基準・判断者' }).click();
    const form = page.getByRole('form', { name: '発動基準・判断者' });
    await form.getByLabel('氏名・名称').nth(1).fill('佐藤 美咲');
    await form.getByLabel('役職').nth(1).fill('管理課長');
    await form.getByLabel('電話番号').nth(1).fill('080-3456-7890');
    await form.getByRole('button', { name: 'この項目を保存' }).click();
    const gaps = page.getByRole('region', { name: 'ギャップの警告' });
    await expect.poll(() => gaps.textContent()).not.toContain('代理者が決まっていません');
    expect(await gaps.textContent()).toContain('バックアップ間隔（24時間）');
  });

  it('edits a system’s facts: hourly backups clear the backup gap', async () => {
    const { page } = admin;
    await page
      .getByRole('button', { name: '「配車計画システム（本社サーバー）」を記入・編集' })
      .click();
    const dialog = page.getByRole('dialog');
    await field(dialog, 'バックアップの間隔（時間）').fill('1');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const gaps = page.getByRole('region', { name: 'ギャップの警告' });
    await expect.poll(() => gaps.textContent()).not.toContain('バックアップ間隔');
    await screenshot(page, 'bcp-03-edited');
  });

  it('generates the plan and goes to the documents page', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: '計画書を作成' }).click();
    await page.waitForURL(/\/companies\/[0-9a-f-]+\/documents\/itbcp\?language=ja/);
    // The plan built from the facts just edited, as the documents page receives it.
    const preview = await page.request.get(`${baseUrl}/api/orgs/${orgId}/bcp/preview?language=ja`);
    expect(preview.status()).toBe(200);
    const doc = (await preview.json()) as { title: string; sections: { heading: string }[] };
    expect(doc.title).toBe('IT事業継続計画（IT-BCP）');
    expect(doc.sections.map((s) => s.heading)).toContain('9. ランサムウェア対応手順');
    // The documents page stores it as the company's first version.
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByText('9. ランサムウェア対応手順').first().waitFor();
    await page.getByText('配車計画システム（本社サーバー）').first().waitFor();
    await screenshot(page, 'bcp-04-documents');
  });

  it('downloads the plan as a Word file that opens, in Japanese, with its gap warnings and checklist', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'ダウンロード' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Word' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('IT事業継続計画（IT-BCP）');
    expect(xml).toContain('9. ランサムウェア対応手順');
    expect(xml).toContain('配車計画システム（本社サーバー）');
    // The gap still open after the edits (no offline copy) is a warning in the plan.
    expect(xml).toContain('オフライン');
    expect(xml).toContain('未完了の項目（チェックリスト）');
  });
});
