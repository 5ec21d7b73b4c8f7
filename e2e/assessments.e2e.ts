import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
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

/**
 * Answers every visible, unanswered item through the API with the page's own session, as a
 * shortcut for the items the test does not click through; returns how many it answered.
 */
function answerTheRest(page: Page, assessmentPath: string): Promise<number> {
  return page.evaluate(async (pagePath) => {
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
          ? { state: 'answered', value: count % 6 }
          : item.type === 'ynp'
            ? { state: 'answered', value: 'partial' }
            : item.type === 'single'
              ? { state: 'answered', value: item.choices![0]!.id }
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
  }, assessmentPath);
}

let admin: Awaited<ReturnType<typeof openBrowser>>;
let expert: Awaited<ReturnType<typeof openBrowser>>;
let assessmentPath: string;

beforeAll(async () => {
  admin = await openBrowser();
  expert = await openBrowser();
});
afterAll(async () => {
  await admin?.close();
  await expert?.close();
});

describe('diagnosis: the company and its expert fill the security survey together', () => {
  it('the company admin starts the 6-section security survey', async () => {
    const { page } = admin;
    await signIn(page, ADMIN);
    await page.getByRole('navigation').getByRole('link', { name: '診断', exact: true }).click();
    await page.getByRole('heading', { name: '診断', level: 1 }).waitFor();
    await page.getByRole('button', { name: '新しい診断を始める' }).click();
    await page.getByRole('combobox', { name: /^質問票/ }).click();
    await page.getByRole('option', { name: 'セキュリティ状況調査' }).click();
    await screenshot(page, 'assessment-01-new');
    await page.getByRole('dialog').getByRole('button', { name: '始める', exact: true }).click();
    await expect
      .poll(() => page.url())
      .toMatch(/\/companies\/[0-9a-f-]+\/assessments\/[0-9a-f-]+$/);
    assessmentPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'セキュリティ状況調査', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '組織とルール', level: 2 }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).count()).toBe(6);
  });

  it('the expert opens the same assessment and sees the admin’s answer without reloading', async () => {
    await signIn(expert.page, EXPERT);
    await expert.page.goto(`${baseUrl}${assessmentPath}`);
    const expertPolicy = expert.page.getByRole('radiogroup', {
      name: '情報セキュリティの方針と規程',
    });
    await expertPolicy.waitFor();
    // The expert sees the guidance for the expert.
    await expert.page.getByText('専門家向けの確認ポイント').first().waitFor();

    const adminPolicy = admin.page.getByRole('radiogroup', {
      name: '情報セキュリティの方針と規程',
    });
    // Autosave answers: the choice shows once the optimistic update lands, so click and wait for it.
    await adminPolicy.getByRole('radio', { name: /^3 — / }).click();
    await expect
      .poll(() => adminPolicy.getByRole('radio', { name: /^3 — / }).isChecked())
      .toBe(true);
    await admin.page
      .getByText(/が回答/)
      .first()
      .waitFor();
    await admin.page.getByText('すべて保存しました').waitFor();

    await expect
      .poll(() => expertPolicy.getByRole('radio', { name: /^3 — / }).isChecked())
      .toBe(true);
    await screenshot(expert.page, 'assessment-02-expert-sees-answer');

    // And the other way round.
    const expertRoles = expert.page.getByRole('radiogroup', { name: '責任者と役割分担' });
    await expertRoles.getByRole('radio', { name: /^2 — / }).click();
    await expect
      .poll(() => expertRoles.getByRole('radio', { name: /^2 — / }).isChecked())
      .toBe(true);
    await expect
      .poll(() =>
        admin.page
          .getByRole('radiogroup', { name: '責任者と役割分担' })
          .getByRole('radio', { name: /^2 — / })
          .isChecked(),
      )
      .toBe(true);
  });

  it('a document attached to a survey item is listed on its card and downloads as uploaded', async () => {
    const { page } = admin;
    const card = page.locator('[data-item="security-policy"]');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('情報セキュリティ基本方針')]);
    const chooser = page.waitForEvent('filechooser');
    await card.getByRole('button', { name: '資料を添付' }).click();
    await (
      await chooser
    ).setFiles({ name: '基本方針.pdf', mimeType: 'application/pdf', buffer: pdf });
    const link = card.getByRole('link', { name: '基本方針.pdf' });
    await link.waitFor();
    // The score given earlier stays the answer.
    expect(
      await card
        .getByRole('radiogroup', { name: '情報セキュリティの方針と規程' })
        .getByRole('radio', { name: /^3 — / })
        .isChecked(),
    ).toBe(true);
    // The expert sees the file without reloading.
    await expert.page
      .locator('[data-item="security-policy"]')
      .getByRole('link', { name: '基本方針.pdf' })
      .waitFor();

    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('基本方針.pdf');
    expect(fs.readFileSync((await file.path())!).equals(pdf)).toBe(true);
    await screenshot(page, 'assessment-02b-evidence');
  });

  it('the offline sheet: a cell changed in Excel comes back as the answer; a bad value changes nothing', async () => {
    const { page } = admin;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-sheet-'));
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Excelで書き出す' }).click();
    const exported = await download;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await exported.path())!);
    const sheet = workbook.getWorksheet('回答シート') ?? workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const answerColumn = header.indexOf('回答');
    expect(answerColumn).toBeGreaterThan(0);
    const rowOf = (itemId: string) => {
      let found = 0;
      sheet.eachRow((row, n) => {
        if (row.getCell(1).value === itemId) found = n;
      });
      expect(found, itemId).toBeGreaterThan(1);
      return sheet.getRow(found);
    };
    const importFile = async (name: string) => {
      const file = path.join(dir, name);
      await workbook.xlsx.writeFile(file);
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Excelから取り込む' }).click();
      await (await chooser).setFiles(file);
    };

    // The answer to "risk assessment" filled in offline.
    rowOf('risk-assessment').getCell(answerColumn).value = 4;
    await importFile('filled.xlsx');
    await page.getByText(/取り込みました/).waitFor();
    const risk = page.getByRole('radiogroup', { name: 'リスクの洗い出しと評価' });
    await expect.poll(() => risk.getByRole('radio', { name: /^4 — / }).isChecked()).toBe(true);

    // A value out of the scale on another row: refused with its row and column, nothing saved.
    rowOf('risk-assessment').getCell(answerColumn).value = 1;
    const bad = rowOf('third-parties');
    bad.getCell(answerColumn).value = 9;
    await importFile('bad.xlsx');
    await page.getByText('取り込めませんでした。何も保存していません。').waitFor();
    await page.getByText(new RegExp(`^${bad.number}行目・回答`)).waitFor();
    await screenshot(page, 'assessment-02c-sheet-refused');
    await page.reload();
    await risk.waitFor();
    expect(await risk.getByRole('radio', { name: /^4 — / }).isChecked()).toBe(true);
    expect(
      await page
        .locator('[data-item="third-parties"]')
        .getByRole('radio', { checked: true })
        .count(),
    ).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a refused submission lists what is missing; with every item answered the admin submits', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提出する' }).click();
    await page.getByText(/提出できません/).waitFor();
    await screenshot(page, 'assessment-03-refused');

    expect(await answerTheRest(page, assessmentPath)).toBe(20);
    await page.reload();
    await page.getByText('23項目中23項目回答済み').first().waitFor();
    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提出する' }).click();
    await page.getByText('提出済み：閲覧のみ').waitFor();
    await screenshot(page, 'assessment-04-submitted');
  });

  it('the expert writes a review, and the results show the radar chart and the overall score', async () => {
    const { page } = expert;
    await page.getByText('提出済み：閲覧のみ').waitFor();
    await page
      .getByLabel('全体へのフィードバック')
      .fill('方針は整いつつあります。次回は委託先管理を確認します。');
    await page.getByLabel('「組織とルール」へのフィードバック').fill('規程の周知を進めましょう。');
    await page.getByRole('button', { name: 'レビューを保存' }).click();
    await page.getByText('レビューを保存しました。').waitFor();
    await page.getByText('規程の周知を進めましょう。').first().waitFor();
    await screenshot(page, 'assessment-05-reviewed');

    await admin.page.getByRole('link', { name: '結果', exact: true }).first().click();
    await admin.page.getByRole('heading', { name: '診断結果' }).waitFor();
    const chart = admin.page.getByRole('img', { name: /レーダーチャート/ });
    await chart.locator('svg').first().waitFor();
    const overall = await admin.page.getByTestId('overall-score').textContent();
    expect(overall).toMatch(/^\d\.\d$/);
    await admin.page.getByText('点数の意味').waitFor();
    await screenshot(admin.page, 'assessment-06-results');
  });
});
