import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
const ADMIN = 'admin@sakura-logi.example.jp';
const INFO = 'E2E 顧客名簿';
const SYSTEM = 'E2E 受発注システム';
const RISK = 'E2E 顧客名簿の漏えい';

/** A field by its label, ignoring the required-field asterisk the component library appends. */
const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

let admin: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  admin = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
});

/** The row of the inventory or risk table holding a name. */
const rowOf = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) });

describe('the asset inventory and the risk register', () => {
  it('the company admin records two linked assets', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '情報資産台帳' }).click();
    await page.getByRole('heading', { name: '情報資産台帳', level: 1 }).waitFor();

    await page.getByRole('button', { name: '資産を追加' }).click();
    let dialog = page.getByRole('dialog');
    await field(dialog, '資産名').fill(INFO);
    await field(dialog, '管理責任者').fill('営業部長');
    await field(dialog, '保管場所').fill('本社サーバー室');
    await dialog.getByRole('combobox', { name: '機密性', exact: true }).click();
    await page.getByRole('option', { name: '3（高）' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, INFO).waitFor();

    await page.getByRole('button', { name: '資産を追加' }).click();
    dialog = page.getByRole('dialog');
    await field(dialog, '資産名').fill(SYSTEM);
    await dialog.getByRole('combobox', { name: '種別', exact: true }).click();
    await page.getByRole('option', { name: 'システム' }).click();
    await field(dialog, 'RTO（目標復旧時間・時間）').fill('24');
    await field(dialog, 'RPO（目標復旧時点・時間）').fill('4');
    await dialog.getByLabel('支えている主要資産').click();
    await page.getByRole('option', { name: `${INFO}（情報）` }).click();
    await field(dialog, '資産名').click();
    await screenshot(page, 'assets-01-form');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => rowOf(page, SYSTEM).textContent()).toContain(INFO);
    await expect.poll(() => rowOf(page, SYSTEM).textContent()).toContain('24 時間');
    await screenshot(page, 'assets-02-inventory');
  });

  it('exports the inventory to Excel and imports it back in update mode', async () => {
    const { page } = admin;
    const countBefore = await page.getByText(/^[\d,]+ 件$/).textContent();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel を出力' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const buffer = fs.readFileSync(file);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');

    const form = page.getByRole('form', { name: 'ファイルから取り込む' });
    await form.getByText('更新', { exact: true }).click();
    await form.locator('input[type=file]').setInputFiles({
      name: 'assets.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await form.getByRole('button', { name: '取り込む' }).click();
    await page.getByText(/取り込みました（追加 0 件、更新 [\d,]+ 件/).waitFor();
    await expect.poll(() => page.getByText(/^[\d,]+ 件$/).textContent()).toBe(countBefore);
    await expect.poll(() => rowOf(page, SYSTEM).textContent()).toContain(INFO);
    await expect.poll(() => rowOf(page, INFO).textContent()).toContain('営業部長');
    await screenshot(page, 'assets-03-imported');
  });

  it('a file with a problem is refused with its row and column', async () => {
    const { page } = admin;
    const form = page.getByRole('form', { name: 'ファイルから取り込む' });
    await form.getByText('追加', { exact: true }).click();
    await form.locator('input[type=file]').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`資産名,種別\n${INFO},情報\n`),
    });
    await form.getByRole('button', { name: '取り込む' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    await alert.getByRole('table').waitFor();
    await screenshot(page, 'assets-04-refused');
  });

  it('creates a risk on an asset and sees it on the heat map', async () => {
    const { page } = admin;
    await page.getByRole('navigation').getByRole('link', { name: 'リスク', exact: true }).click();
    await page.getByRole('heading', { name: 'リスク', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'リスクを追加' }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, 'リスク名').fill(RISK);
    await field(dialog, '脅威').fill('フィッシングメールの添付ファイル');
    await dialog.getByLabel('対象の情報資産').click();
    await page.getByRole('option', { name: INFO, exact: true }).click();
    // The multi-select keeps its list open; a click elsewhere in the form closes it.
    await field(dialog, 'リスク名').click();
    await dialog.getByRole('combobox', { name: '発生可能性', exact: true }).click();
    await page.getByRole('option', { name: /^4 / }).click();
    await dialog.getByRole('combobox', { name: '影響度', exact: true }).click();
    await page.getByRole('option', { name: /^5 / }).click();
    await dialog.getByRole('combobox', { name: '対策後の発生可能性', exact: true }).click();
    await page.getByRole('option', { name: /^2 / }).click();
    await dialog.getByRole('combobox', { name: '対策後の影響度', exact: true }).click();
    await page.getByRole('option', { name: /^3 / }).click();
    await dialog.getByRole('combobox', { name: '対応方針', exact: true }).click();
    await page.getByRole('option', { name: '低減' }).click();
    await field(dialog, '担当').fill('情報システム担当');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = rowOf(page, RISK);
    await expect.poll(() => row.textContent()).toContain('4×5＝20');
    await expect.poll(() => row.textContent()).toContain(INFO);

    const heatMap = page.getByRole('region', { name: 'ヒートマップ' });
    const chart = heatMap.getByRole('img', { name: /現在のリスクの分布/ });
    await chart.locator('svg').waitFor();
    await expect
      .poll(() => heatMap.getByText(/^対象 [\d,]+ 件$/).textContent())
      .not.toBe('対象 0 件');
    await screenshot(page, 'assets-05-risks');
    await heatMap.getByText('対策後', { exact: true }).click();
    await heatMap
      .getByRole('img', { name: /対策後のリスクの分布/ })
      .locator('svg')
      .waitFor();
    await screenshot(page, 'assets-06-residual');
  });
});
