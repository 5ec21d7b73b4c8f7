import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
// The demo company whose diagnosis is seeded (content/demo/diagnosis.yaml).
const ADMIN = 'admin@sakura-logi.example.jp';

const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

let admin: Awaited<ReturnType<typeof openBrowser>>;
beforeAll(async () => {
  admin = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
});

describe('the demo company’s diagnosis shows real figures on first start', () => {
  it('results: radar with last year, item scores against baseline and target, named follow-ups', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '診断', exact: true }).click();
    await page
      .getByRole('row')
      .filter({ hasText: '2026年度 セキュリティ状況調査' })
      .getByRole('link', { name: '結果', exact: true })
      .click();
    await page.getByRole('heading', { name: '診断結果' }).waitFor();
    const chart = page.getByRole('img', { name: /レーダーチャート/ });
    await chart.locator('svg').first().waitFor();
    expect(await page.getByTestId('overall-score').textContent()).toMatch(/^\d\.\d$/);
    await page.getByText(/^前回の総合点：\d\.\d$/).waitFor();

    const items = page.getByTestId('item-scores');
    const policy = items.locator('tr[data-item="security-policy"]');
    // 2 now, 1 last year, against a section target of 3.
    await expect.poll(() => policy.textContent()).toContain('上がった');
    expect(await policy.getByRole('cell').nth(1).textContent()).toBe('2.0');
    expect(await policy.getByRole('cell').nth(2).textContent()).toBe('1.0');
    await items.locator('tr[data-item="backup"]').getByText('目標まであと1.0').waitFor();
    await screenshot(page, 'demo-01-results');

    const followUp = page.getByTestId('follow-ups').getByRole('link', { name: 'ログの保存と確認' });
    await followUp.click();
    await expect.poll(() => page.url()).toContain('#item-logging');
    const card = page.locator('#item-logging');
    await card.waitFor();
    expect(
      await card.getByRole('button', { name: 'わからない' }).getAttribute('aria-pressed'),
    ).toBe('true');
  });

  it('the heat map, the BIA chart and the movement by item show the seeded data', async () => {
    const { page } = admin;
    await page.getByRole('navigation').getByRole('link', { name: 'リスク', exact: true }).click();
    const heatMap = page.getByRole('region', { name: 'ヒートマップ' });
    await heatMap
      .getByRole('img', { name: /現在のリスクの分布/ })
      .locator('svg')
      .waitFor();
    await expect
      .poll(() => heatMap.getByText(/^対象 [\d,]+ 件$/).textContent())
      .not.toBe('対象 0 件');
    await page.getByText('添付ファイル経由のランサムウェアで配車が止まる').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: '情報資産台帳' }).click();
    const delivery = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: '配送先・荷主情報', exact: true }) });
    await expect.poll(() => delivery.textContent()).toContain('配車計画システム');
    // The inventory shows the risks naming the asset, from the risk register.
    await delivery
      .getByTestId('asset-risks')
      .getByText('添付ファイル経由のランサムウェアで配車が止まる')
      .waitFor();

    await page.getByRole('navigation').getByRole('link', { name: '事業影響度分析' }).click();
    const bia = page.getByRole('img', { name: /目標復旧時間、目標復旧時点/ });
    await bia.locator('svg').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: '改善計画', exact: true }).click();
    const movement = page.getByTestId('movement-table');
    await movement.waitFor();
    expect(await movement.getByLabel('上昇').count()).toBeGreaterThan(0);
    await movement.getByRole('button', { name: '「組織とルール」の項目ごとの変化を表示' }).click();
    const item = movement.locator('tr[data-item="security-policy"]');
    await expect.poll(() => item.textContent()).toContain('上昇');
    expect(await item.textContent()).toContain('情報セキュリティの方針と規程');
    await screenshot(page, 'demo-02-movement');
  });
});
