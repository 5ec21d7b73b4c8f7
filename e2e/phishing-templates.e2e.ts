import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
// A company of its own, so the templates written here appear in no other journey.
const ADMIN = 'admin@aoba-kaikei.example.jp';
const NAME = 'E2E 健康診断の予約';

const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

let browser: Awaited<ReturnType<typeof openBrowser>>;
beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a company writes its own training mail', () => {
  it('creates a template with a variable check, previews it in a sandbox, edits and deletes it', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'フィッシング訓練' }).click();
    await page.getByRole('tab', { name: 'テンプレート' }).click();
    const form = page.getByRole('form', { name: '新しいテンプレート' });
    await form.waitFor();

    await field(form, 'テンプレート名').fill(NAME);
    await field(form, '差出人名').fill('総務部 健康管理担当');
    await field(form, '件名').fill('{{company}} {{name}} 様 健康診断の予約のお願い');
    // A script in the message: the preview must not run it.
    await field(form, 'HTML本文').fill(
      '<p id="probe">{{name}} 様</p><p><a href="{{link}}">予約する</a></p>' +
        "<script>document.getElementById('probe').textContent='script ran'</script>",
    );
    await field(form, 'テキスト本文').fill('{{name}} 様 予約はこちら');
    await field(form, 'ポイント1（日本語）').fill('予約を急がせる');
    await field(form, 'ポイント1（英語）').fill('It rushes you to book');
    await form.getByRole('button', { name: 'テンプレートを保存' }).click();
    await form.getByText('使えない変数があります: {{company}}', { exact: false }).waitFor();
    await form.getByText('訓練用リンク {{link}} が必要です。').waitFor();
    await screenshot(page, 'phishing-templates-01-errors');

    await field(form, '件名').fill('{{name}} 様 健康診断の予約のお願い');
    await field(form, 'テキスト本文').fill('{{name}} 様 予約はこちら {{link}}');
    await form.getByRole('button', { name: 'プレビュー' }).click();
    const dialog = page.getByRole('dialog');
    const frame = dialog.locator('iframe');
    await frame.waitFor();
    // No allow-scripts and no allow-same-origin: an opaque origin that runs no script.
    expect(await frame.getAttribute('sandbox')).toBe('');
    const probe = page.frameLocator('[role=dialog] iframe').locator('#probe');
    expect(await probe.textContent()).toBe('山田 太郎 様');
    await screenshot(page, 'phishing-templates-02-preview');
    await dialog.getByRole('button', { name: '閉じる' }).click();

    await form.getByRole('combobox', { name: 'クリック後のページ' }).click();
    await page.getByRole('option', { name: /サインイン|入力フォーム/ }).click();
    await form.getByRole('button', { name: 'テンプレートを保存' }).click();
    await page.getByText(`テンプレート「${NAME}」を保存しました。`).waitFor();
    const card = page.getByRole('article').filter({ hasText: NAME });
    await card.getByText('山田 太郎 様 健康診断の予約のお願い').waitFor();

    // Edit: the form opens with the saved values and saves the change.
    await card.getByRole('button', { name: `「${NAME}」を編集` }).click();
    const edit = page.getByRole('form', { name: `「${NAME}」を編集` });
    expect(await field(edit, '差出人名').inputValue()).toBe('総務部 健康管理担当');
    await field(edit, '件名').fill('【本日締切】{{name}} 様 健康診断の予約');
    await edit.getByRole('button', { name: 'テンプレートを保存' }).click();
    await card.getByText('【本日締切】山田 太郎 様 健康診断の予約').waitFor();
    await page.getByRole('form', { name: '新しいテンプレート' }).waitFor();
    await screenshot(page, 'phishing-templates-03-saved');

    await card.getByRole('button', { name: `「${NAME}」を削除` }).click();
    await page
      .getByRole('dialog', { name: 'テンプレートを削除しますか？' })
      .getByRole('button', { name: '削除' })
      .click();
    await page.getByText(`テンプレート「${NAME}」を削除しました。`).waitFor();
    await page.getByText('自社のテンプレートはまだありません。').waitFor();
  });
});
