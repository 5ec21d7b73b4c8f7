import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  browser = await openBrowser({ locale: 'ja-JP' });
});
afterAll(() => browser?.close());

describe('the secretariat', () => {
  it('sees its experts and assigns one to a company in the program', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/^メールアドレス\s*\*?$/).fill('secretariat@example.jp');
    await page.getByLabel(/^パスワード\s*\*?$/).fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();

    await page.getByRole('link', { name: '事務局・専門家' }).click();
    await page.getByRole('cell', { name: '伴走 一郎', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Kenji Mori', exact: true }).waitFor();

    await page.getByRole('link', { name: '事業', exact: true }).click();
    const form = page.getByRole('form', { name: '専門家を企業に割り当てる' });
    await form.getByRole('combobox', { name: '企業' }).click();
    await page.getByRole('option', { name: '有限会社さくら物流' }).click();
    await form.getByRole('combobox', { name: '専門家' }).click();
    await page.getByRole('option', { name: '伴走 一郎' }).click();
    await form.getByRole('button', { name: '担当に割り当てる' }).click();
    await page
      .getByRole('button', { name: '伴走 一郎 さんを 有限会社さくら物流 の担当から外す' })
      .waitFor();
    await screenshot(page, '09-assignments-ja');

    const assigned = await page.evaluate(async () => {
      const programs = (await (await fetch('/api/programs')).json()) as {
        programs: { id: string }[];
      };
      const res = await fetch(`/api/programs/${programs.programs[0]!.id}/assignments`);
      return ((await res.json()) as { assignments: { companyName: string; expertName: string }[] })
        .assignments;
    });
    expect(assigned).toContainEqual(
      expect.objectContaining({ companyName: '有限会社さくら物流', expertName: '伴走 一郎' }),
    );
  });
});
