import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

// Issue 3's "done when" path beyond e2e/assessments.e2e.ts: the maturity check filled together,
// the maturity level, the Word report, and low survey scores becoming improvement-plan items.

const baseUrl = inject('baseUrl');
const ADMIN = 'admin@minato-seiki.example.jp';
const EXPERT = 'expert1@example.jp';

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

/**
 * Answers every visible, unanswered item through the API with the page's own session (the lowest
 * scale value or first choice unless `scores` names one), as a shortcut for items the test does not
 * click through; returns how many it answered.
 */
function answerTheRest(
  page: Page,
  assessmentPath: string,
  scores: Record<string, number> = {},
  defaultScore = 4,
): Promise<number> {
  return page.evaluate(
    async ({ pagePath, scores, defaultScore }) => {
      const path = pagePath.replace('/companies/', '/orgs/');
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const detail = (await (await fetch(`/api${path}`)).json()) as {
        questionSet: { id: string; version: number };
        answers: { itemId: string; state: string | null }[];
        visibleItemIds: string[];
      };
      const set = (await (
        await fetch(
          `/api/question-sets/${detail.questionSet.id}?version=${detail.questionSet.version}`,
        )
      ).json()) as { sections: unknown[] };
      const items = new Map<string, { id: string; type: string; choices?: { id: string }[] }>();
      const walk = (nodes: unknown[]) => {
        for (const node of nodes as {
          kind: string;
          id: string;
          type: string;
          children?: unknown[];
        }[]) {
          if (node.kind === 'item') items.set(node.id, node);
          else walk(node.children ?? []);
        }
      };
      walk(set.sections);
      const done = new Set(detail.answers.filter((a) => a.state).map((a) => a.itemId));
      let visible = detail.visibleItemIds;
      let count = 0;
      for (;;) {
        const next = visible.find((id) => !done.has(id));
        if (!next) break;
        const item = items.get(next)!;
        const body =
          item.type === 'scale'
            ? { state: 'answered', value: scores[next] ?? defaultScore }
            : item.type === 'ynp'
              ? { state: 'answered', value: 'yes' }
              : item.type === 'single'
                ? { state: 'answered', value: item.choices!.at(-1)!.id }
                : item.type === 'multiple'
                  ? { state: 'answered', value: [item.choices![0]!.id] }
                  : { state: 'not_applicable' };
        const res = await fetch(`/api${path}/answers/${next}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`answer ${next}: ${res.status} ${await res.text()}`);
        visible = ((await res.json()) as { visibleItemIds: string[] }).visibleItemIds;
        done.add(next);
        count += 1;
      }
      return count;
    },
    { pagePath: assessmentPath, scores, defaultScore },
  );
}

async function startAssessment(page: Page, setTitle: string): Promise<string> {
  await page.getByRole('navigation').getByRole('link', { name: '診断', exact: true }).click();
  await page.getByRole('heading', { name: '診断', level: 1 }).waitFor();
  await page.getByRole('button', { name: '新しい診断を始める' }).click();
  await page.getByRole('combobox', { name: /^質問票/ }).click();
  await page.getByRole('option', { name: setTitle }).click();
  await page.getByRole('dialog').getByRole('button', { name: '始める', exact: true }).click();
  await expect.poll(() => page.url()).toMatch(/\/companies\/[0-9a-f-]+\/assessments\/[0-9a-f-]+$/);
  await page.getByRole('heading', { name: setTitle, level: 1 }).waitFor();
  return new URL(page.url()).pathname;
}

async function submit(page: Page) {
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提出する' }).click();
  await page.getByText('提出済み：閲覧のみ').waitFor();
}

let admin: Awaited<ReturnType<typeof openBrowser>>;
let expert: Awaited<ReturnType<typeof openBrowser>>;
let maturityPath: string;
let surveyPath: string;

beforeAll(async () => {
  admin = await openBrowser();
  expert = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
  await expert?.close();
});

describe('diagnosis: maturity check together, the report, and the improvement plan', () => {
  it('the company admin and the expert fill the maturity check together and see each other’s answers', async () => {
    await signIn(admin.page, ADMIN);
    maturityPath = await startAssessment(admin.page, 'セキュリティ成熟度チェック');
    await signIn(expert.page, EXPERT);
    await expert.page.goto(`${baseUrl}${maturityPath}`);

    const question = '経営者は、サイバー攻撃を経営上のリスクとして扱っていますか。';
    const choice = /^経営の場で取り上げ/;
    const adminGroup = admin.page.getByRole('radiogroup', { name: question });
    await adminGroup.getByRole('radio', { name: choice }).click();
    await expect.poll(() => adminGroup.getByRole('radio', { name: choice }).isChecked()).toBe(true);
    const expertGroup = expert.page.getByRole('radiogroup', { name: question });
    await expect
      .poll(() => expertGroup.getByRole('radio', { name: choice }).isChecked())
      .toBe(true);

    const second = admin.page.getByRole('radiogroup', { name: /^攻撃を受けてシステムが止まった/ });
    await expert.page
      .getByRole('radiogroup', { name: /^攻撃を受けてシステムが止まった/ })
      .getByRole('radio', { name: 'はい', exact: true })
      .click();
    await expect
      .poll(() => second.getByRole('radio', { name: 'はい', exact: true }).isChecked())
      .toBe(true);
    await screenshot(admin.page, 'diagnosis-01-maturity-together');
  });

  it('after submission the expert gives feedback and the maturity level appears with its reasons', async () => {
    expect(await answerTheRest(admin.page, maturityPath)).toBeGreaterThan(5);
    await admin.page.reload();
    await submit(admin.page);

    const { page } = expert;
    await page.reload();
    await page.getByText('提出済み：閲覧のみ').waitFor();
    await page.getByLabel('全体へのフィードバック').fill('対策の土台はそろっています。');
    await page.getByRole('button', { name: 'レビューを保存' }).click();
    await page.getByText('レビューを保存しました。').waitFor();

    await admin.page.getByRole('link', { name: '結果', exact: true }).first().click();
    await admin.page.getByRole('heading', { name: '診断結果' }).waitFor();
    await admin.page.getByText('成熟度レベル').first().waitFor();
    await admin.page.getByText('判定の理由').first().waitFor();
    await admin.page.getByText('対策の土台はそろっています。').first().waitFor();
    await screenshot(admin.page, 'diagnosis-02-maturity-level');
  });

  it('the 6-section survey is filled together, shows its radar and the Word report downloads and opens', async () => {
    surveyPath = await startAssessment(admin.page, 'セキュリティ状況調査');
    await expert.page.goto(`${baseUrl}${surveyPath}`);
    const policy = '情報セキュリティの方針と規程';
    await admin.page
      .getByRole('radiogroup', { name: policy })
      .getByRole('radio', { name: /^1 — / })
      .click();
    await expect
      .poll(() =>
        expert.page
          .getByRole('radiogroup', { name: policy })
          .getByRole('radio', { name: /^1 — / })
          .isChecked(),
      )
      .toBe(true);
    // The rest: two more items score low, everything else 4.
    expect(await answerTheRest(admin.page, surveyPath, { backup: 1, patching: 2 })).toBe(22);
    await admin.page.reload();
    await submit(admin.page);

    await admin.page.getByRole('link', { name: '結果', exact: true }).first().click();
    await admin.page.getByRole('heading', { name: '診断結果' }).waitFor();
    await admin.page
      .getByRole('img', { name: /レーダーチャート/ })
      .locator('svg')
      .first()
      .waitFor();

    const [download] = await Promise.all([
      admin.page.waitForEvent('download'),
      admin.page.getByRole('link', { name: 'ヒアリングシート結果報告書（Word）' }).click(),
    ]);
    const file = await download.path();
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('みなと');
    expect(xml).toContain('組織とルール');
    await screenshot(admin.page, 'diagnosis-03-survey-results');
  });

  it('targets are set per section and item, and each item shows who changed it and when', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: '目標を設定' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('textbox', { name: /^組織とルール.* 目標$/ })
      .first()
      .fill('4');
    await dialog.getByRole('button', { name: '目標を保存' }).click();
    await page.getByText('目標を保存しました。').waitFor();
    const row = page
      .getByRole('row')
      .filter({ hasText: /^組織とルール/ })
      .first();
    await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('4.0');

    await page.getByRole('link', { name: '回答に戻る' }).click();
    await page.getByRole('button', { name: '履歴を見る' }).first().click();
    const history = page.getByTestId('item-history').first();
    await history
      .getByText(/が回答$/)
      .first()
      .waitFor();
    await screenshot(page, 'diagnosis-035-targets-history');
  });

  it('low scores become proposals the company takes over into its improvement plan, with progress per visit', async () => {
    const { page } = admin;
    await page.getByRole('navigation').getByRole('link', { name: '改善計画', exact: true }).click();
    await page.getByRole('heading', { name: '改善計画', level: 1 }).waitFor();
    const backup = page.getByRole('checkbox', { name: /バックアップ/ }).first();
    await backup.waitFor();
    const policy = page.getByRole('checkbox', { name: /情報セキュリティの方針と規程/ });
    const table = page.getByTestId('action-table');
    await backup.check();
    await policy.check();
    await screenshot(page, 'diagnosis-04-proposals');
    await page.getByRole('button', { name: /選んだ提案を取り込む（2件）/ }).click();
    await page.getByText('2件を改善計画に取り込みました。').waitFor();

    await table
      .getByText(/情報セキュリティの方針と規程/)
      .first()
      .waitFor();
    // Counted by title, not all rows: other journeys (an exercise's after-action report) may add
    // actions to this company, and the table may still be loading when the page first shows.
    await expect
      .poll(() => table.locator('tbody tr', { hasText: /情報セキュリティの方針と規程/ }).count())
      .toBe(1);
    await table
      .locator('tbody tr', { hasText: /バックアップ/ })
      .first()
      .waitFor();
    // Taken over once: the same proposals are no longer offered.
    expect(await page.getByRole('checkbox', { name: /情報セキュリティの方針と規程/ }).count()).toBe(
      0,
    );

    // The expert's page follows in real time.
    await expert.page.goto(`${baseUrl}${surveyPath.replace(/assessments\/.*/, 'improvement')}`);
    await expert.page
      .getByTestId('action-table')
      .getByText(/情報セキュリティの方針と規程/)
      .first()
      .waitFor();

    await table
      .locator('tbody tr')
      .filter({ hasText: '情報セキュリティの方針と規程' })
      .getByRole('button', { name: '進捗を記録' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: '訪問回' }).click();
    await page.getByRole('option', { name: '第2回' }).click();
    await dialog.getByRole('combobox', { name: '状況' }).click();
    await page.getByRole('option', { name: '完了' }).click();
    await dialog.getByLabel('メモ').fill('基本方針を社内に掲示');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました。').first().waitFor();
    await table.getByText('完了').first().waitFor();
    const progress = page.getByTestId('progress-table');
    await expect
      .poll(async () => progress.locator('tbody tr').first().locator('td').nth(1).textContent())
      .toBe('1');
    await expect
      .poll(async () => expert.page.getByTestId('action-table').getByText('完了').count())
      .toBe(1);
    await screenshot(page, 'diagnosis-05-plan');
  });
});
