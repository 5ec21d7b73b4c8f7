import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
const MEMBER_EMAIL = 'newcomer@minato-seiki.example.jp';
const MEMBER_PASSWORD = 'newcomer-password-1';

async function companyIdByName(fragment: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@example.jp', password: E2E_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { organizations } = (await (
    await fetch(`${baseUrl}/api/orgs`, { headers: { cookie } })
  ).json()) as {
    organizations: { id: string; name: string }[];
  };
  return organizations.find((o) => o.name.includes(fragment))!.id;
}

/** A field by its label, ignoring the required-field asterisk the component library appends. */
const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

async function signIn(
  page: Page,
  email: string,
  password: string,
  labels: { email: string; password: string; submit: string },
) {
  await field(page, labels.email).fill(email);
  await field(page, labels.password).fill(password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
}

let operatorBrowser: Awaited<ReturnType<typeof openBrowser>>;
let memberBrowser: Awaited<ReturnType<typeof openBrowser>>;
let minatoId: string;
let sakuraId: string;
let invitationLink: string;

beforeAll(async () => {
  minatoId = await companyIdByName('みなと');
  sakuraId = await companyIdByName('さくら');
  operatorBrowser = await openBrowser();
  memberBrowser = await openBrowser();
});
afterAll(async () => {
  await operatorBrowser?.close();
  await memberBrowser?.close();
});

describe('a newcomer’s first session', () => {
  it('the operator signs in in Japanese and switches to English', async () => {
    const { page } = operatorBrowser;
    await page.goto(baseUrl);
    await expect.poll(() => page.url()).toContain('/login');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    await screenshot(page, '01-login-ja');
    await signIn(page, 'operator@example.jp', E2E_PASSWORD, {
      email: 'メールアドレス',
      password: 'パスワード',
      submit: 'ログイン',
    });
    await page.getByRole('heading', { name: /ようこそ/ }).waitFor();
    await screenshot(page, '02-home-ja');

    await page.getByRole('banner').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, '03-home-en');
  });

  it('the operator invites a company member, and the invitation arrives in the development mailbox', async () => {
    const { page } = operatorBrowser;
    await page.goto(`${baseUrl}/companies/${minatoId}/members`);
    await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await field(page.getByRole('form', { name: 'Invite someone' }), 'Email address').fill(
      MEMBER_EMAIL,
    );
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByRole('cell', { name: MEMBER_EMAIL, exact: true }).waitFor();
    await screenshot(page, '04-members-en');

    await page.getByRole('link', { name: 'Development mailbox' }).first().click();
    const message = page.getByText(/You have been invited/).first();
    await message.waitFor();
    await message.click();
    const link = page.getByRole('link', { name: /\/invite\// }).first();
    await link.waitFor();
    invitationLink = (await link.getAttribute('href'))!;
    expect(invitationLink).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, '05-mailbox-en');
  });

  it('the member accepts, signs in and sees only their own company', async () => {
    const { page } = memberBrowser;
    await page.goto(invitationLink);
    await page.getByText('株式会社みなと精機').first().waitFor();
    await field(page, 'お名前').fill('新人 太郎');
    await field(page, 'パスワード').fill(MEMBER_PASSWORD);
    await field(page, 'パスワード（確認）').fill(MEMBER_PASSWORD);
    await page.getByRole('button', { name: 'アカウントを作成' }).click();
    // Company users land on their own company.
    await expect.poll(() => page.url()).toContain(`/companies/${minatoId}`);
    await page.getByRole('heading', { name: '株式会社みなと精機' }).first().waitFor();
    await screenshot(page, '06-member-home-ja');

    const visible = await page.evaluate(async () => {
      const res = await fetch('/api/orgs');
      return ((await res.json()) as { organizations: { name: string }[] }).organizations.map(
        (o) => o.name,
      );
    });
    expect(visible).toEqual(['株式会社みなと精機']);
    await page.goto(`${baseUrl}/companies/${sakuraId}`);
    await page.getByText('この操作を行う権限がありません。').first().waitFor();
    await screenshot(page, '07-member-forbidden-ja');
  });

  it('both sign out', async () => {
    for (const [browser, menu, signOut] of [
      [memberBrowser, /アカウントメニュー/, 'ログアウト'],
      [operatorBrowser, /Account menu for/, 'Sign out'],
    ] as const) {
      const { page } = browser;
      await page.goto(baseUrl);
      await page.getByRole('button', { name: menu }).click();
      await page.getByRole('menuitem', { name: signOut }).click();
      await expect.poll(() => page.url()).toContain('/login');
    }
    await screenshot(operatorBrowser.page, '08-signed-out-en');
  });
});
