import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
// あおば会計: no other journey takes starter suggestions for it.
const ADMIN = 'admin@aoba-kaikei.example.jp';

const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

let admin: Awaited<ReturnType<typeof openBrowser>>;
beforeAll(async () => {
  admin = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
});

/** The names of a section's suggestions, from their checkboxes ("… を取り込む"). */
async function namesIn(section: Locator): Promise<string[]> {
  const labels = await section
    .getByRole('checkbox')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.replace(/ を取り込む$/, ''));
}

describe('starter suggestions: accept one, drop one, and the dropped one stays gone', () => {
  it('accepts one suggestion and drops another; after a reload the dropped one is not listed', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'はじめの候補' }).click();
    await page.getByRole('heading', { name: 'はじめの候補', level: 1 }).waitFor();

    const risks = page.getByRole('region', { name: 'リスク' });
    await risks.getByRole('checkbox').first().waitFor();
    const [accepted, dropped] = await namesIn(risks);
    expect(accepted && dropped).toBeTruthy();

    // Only one suggestion is taken in: untick every section, then tick the one.
    for (const name of ['情報資産', 'リスク', '業務プロセス']) {
      await page.getByRole('region', { name }).getByRole('button', { name: 'すべて外す' }).click();
    }
    await risks.getByRole('checkbox', { name: `${accepted} を取り込む` }).check();
    await page.getByRole('button', { name: '選んだ候補を取り込む（1件）' }).click();
    await page.getByText(/取り込みました（情報資産 0件、リスク 1件/).waitFor();

    await risks.getByRole('button', { name: `${dropped} を候補から外す` }).click();
    await expect
      .poll(() => risks.getByRole('checkbox', { name: `${dropped} を取り込む` }).count())
      .toBe(0);
    await screenshot(page, 'starters-01-dropped');

    await page.reload();
    await risks.getByRole('checkbox').first().waitFor();
    const names = await namesIn(risks);
    expect(names).toContain(accepted);
    expect(names).not.toContain(dropped);
    expect(await risks.getByRole('checkbox', { name: `${accepted} を取り込む` }).isChecked()).toBe(
      true,
    );
    await risks.getByText('取り込み済み').first().waitFor();
  });

  it('the dropped suggestion is listed in the "show dropped" view and can be restored', async () => {
    const { page } = admin;
    const risks = page.getByRole('region', { name: 'リスク' });
    await page.getByRole('switch', { name: '外した候補を表示（1件）' }).check();
    const restore = risks.getByRole('button', { name: /を候補に戻す$/ });
    await restore.waitFor();
    const dropped = ((await restore.getAttribute('aria-label')) ?? '').replace(
      / を候補に戻す$/,
      '',
    );
    await risks.getByText('外した候補', { exact: true }).waitFor();
    await screenshot(page, 'starters-02-show-dropped');
    await risks.getByRole('button', { name: `${dropped} を候補に戻す` }).click();
    await page.getByRole('switch', { name: '外した候補を表示（0件）' }).uncheck();
    await expect
      .poll(() => risks.getByRole('checkbox', { name: `${dropped} を取り込む` }).count())
      .toBe(1);
  });
});
