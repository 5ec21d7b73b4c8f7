import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

// Issue 5's "done when": a facilitator, two participants (no account, seat links) and an evaluator,
// each in their own browser, run a short exercise on the ransomware scenario; the after-action
// report is generated, its actions reach the improvement plan and the Word export opens.

const baseUrl = inject('baseUrl');
const FACILITATOR = 'admin@minato-seiki.example.jp';
const EVALUATOR = 'expert1@example.jp';
const TITLE = 'E2E ランサムウェア机上演習';
const IT_NAME = 'E2E 情シス 太郎';
const CSIRT_NAME = 'E2E CSIRT 花子';
const ACTION = 'E2E 委託先を含む緊急連絡網を作る';

type Browser = Awaited<ReturnType<typeof openBrowser>>;
let facilitator: Browser;
let evaluator: Browser;
let itSeat: Browser;
let csirtSeat: Browser;
let orgId = '';
let exercisePath = '';
const seatUrls = new Map<string, string>();

const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

async function signIn(page: Page, email: string) {
  await page.goto(`${baseUrl}/login`);
  await field(page, 'メールアドレス').fill(email);
  await field(page, 'パスワード').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'ホーム', exact: true }).waitFor();
}

/** Picks an option of a Mantine Select (or MultiSelect) by its label. */
async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: new RegExp(`^${label}\\s*\\*?$`) }).click();
  await page.getByRole('option', { name: option }).first().click();
}

beforeAll(async () => {
  [facilitator, evaluator, itSeat, csirtSeat] = await Promise.all([
    openBrowser(),
    openBrowser(),
    openBrowser(),
    openBrowser(),
  ]);
});
afterAll(async () => {
  await Promise.all([facilitator, evaluator, itSeat, csirtSeat].map((b) => b?.close()));
});

describe('a live tabletop exercise on the ransomware scenario', () => {
  it('the facilitator plans it: scenario, participants with seat links, an evaluator', async () => {
    const { page } = facilitator;
    await signIn(page, FACILITATOR);
    await page.getByRole('navigation').getByRole('link', { name: '机上演習', exact: true }).click();
    await page.getByRole('heading', { name: '机上演習', level: 1 }).waitFor();
    await choose(page, 'シナリオ', /請求書を装った標的型メール/);
    await field(page, '演習名').fill(TITLE);
    await page.getByRole('button', { name: '演習を作成' }).click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    const match = /\/companies\/([^/]+)\/exercises\/([^/?#]+)/.exec(page.url());
    expect(match).not.toBeNull();
    orgId = match![1]!;
    exercisePath = `/companies/${orgId}/exercises/${match![2]}`;

    // The injects are adapted to the company: its own name appears instead of a placeholder.
    const injects = page.getByRole('region', { name: /シナリオと状況付与/ });
    await expect.poll(async () => (await injects.textContent()) ?? '').not.toContain('{{');

    for (const [name, role] of [
      [IT_NAME, '情報システム'],
      [CSIRT_NAME, 'CSIRT'],
    ] as const) {
      const form = page.getByRole('region', { name: '参加者（役割別）' });
      await field(form, '氏名').fill(name);
      await choose(page, '役割', new RegExp(`^${role}$`));
      await form.getByRole('button', { name: '追加', exact: true }).click();
      await page.getByTestId(`participant-${name}`).waitFor();
      await page.getByRole('button', { name: `${name}さんの座席リンクを発行` }).click();
      const url = page.getByTestId('seat-url');
      await url.waitFor();
      seatUrls.set(name, await url.inputValue());
      await page.getByRole('dialog').getByRole('img', { name: '座席リンクのQRコード' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    expect(seatUrls.get(IT_NAME)).toMatch(/\/seat\//);

    await choose(page, '評価者を選ぶ', /伴走 一郎/);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '評価者を保存' }).click();
    await page.getByText('評価者を保存しました。').waitFor();
    await screenshot(page, 'exercises-01-plan');
  });

  it('participants join by link without an account and wait; the evaluator opens the evaluation', async () => {
    await itSeat.page.goto(seatUrls.get(IT_NAME)!);
    await csirtSeat.page.goto(seatUrls.get(CSIRT_NAME)!);
    for (const seat of [itSeat, csirtSeat])
      await seat.page.getByText('演習はまだ始まっていません。').waitFor();
    await expect
      .poll(() => itSeat.page.getByTestId('seat-role').textContent())
      .toBe('情報システム');

    await signIn(evaluator.page, EVALUATOR);
    await evaluator.page.goto(`${baseUrl}${exercisePath}/evaluate`);
    await evaluator.page.getByRole('heading', { name: `評価：${TITLE}` }).waitFor();
  });

  it('the facilitator starts and releases an inject; both seats receive it in real time and answer', async () => {
    const { page } = facilitator;
    await page.getByRole('link', { name: '進行コンソール' }).click();
    await page.getByRole('button', { name: '演習を開始' }).click();
    await expect.poll(() => page.getByTestId('exercise-status').textContent()).toBe('実施中');
    await page
      .getByTestId('inject-row-invoice-mail')
      .getByRole('button', { name: '今すぐ配信' })
      .click();
    await expect
      .poll(async () => (await page.getByTestId('inject-row-invoice-mail').textContent()) ?? '')
      .toContain('配信済み');

    // The IT seat answers the choice question.
    const it1 = itSeat.page.getByTestId('seat-inject').first();
    await it1.waitFor();
    await it1.getByRole('radio').first().check();
    await it1.getByRole('button', { name: '回答を送る' }).first().click();
    await it1.getByTestId('my-answer').first().waitFor();

    // The CSIRT seat loses its connection to the API while answering: the answer waits in the
    // browser, survives a reload, and is sent (once) when the network is back.
    const seat = csirtSeat.page;
    await seat.route('**/api/exercise-seat/responses', (route) =>
      route.abort('internetdisconnected'),
    );
    const c1 = seat.getByTestId('seat-inject').first();
    await c1.waitFor();
    const free = c1.getByRole('textbox').nth(1);
    await free.fill('まず情報システム担当とCSIRTリーダーに電話で報告する');
    await c1.getByRole('button', { name: '回答を送る' }).nth(1).click();
    await seat.getByTestId('seat-outbox').waitFor();
    await seat.reload();
    await seat.getByTestId('pending-answer').waitFor();
    await seat.unroute('**/api/exercise-seat/responses');
    await seat.getByTestId('my-answer').waitFor({ timeout: 20_000 });
    await expect.poll(() => seat.getByTestId('seat-outbox').count()).toBe(0);
    await seat.reload();
    await expect.poll(() => seat.getByTestId('my-answer').count()).toBe(1);

    // The facilitator sees every answer as it arrives.
    const feed = page.getByTestId('response-feed');
    await feed.getByText(IT_NAME).waitFor();
    await feed.getByText(CSIRT_NAME).waitFor();
    await feed.getByText('まず情報システム担当とCSIRTリーダーに電話で報告する').waitFor();
    await screenshot(page, 'exercises-02-console');
  });

  it('the evaluator rates checkpoints on the HSEEP scale with time-stamped evidence', async () => {
    const { page } = evaluator;
    const owner = page.getByTestId('checkpoint-decision-owner');
    await owner.getByRole('radio', { name: '一部課題あり' }).check();
    await owner.getByRole('button', { name: '評価を保存' }).click();
    await page.getByText('評価を保存しました。').first().waitFor();
    const contacts = page.getByTestId('checkpoint-contact-structure');
    await contacts.getByRole('radio', { name: '大きな課題あり' }).check();
    await contacts.getByRole('button', { name: '評価を保存' }).click();

    await choose(page, '確認観点', /連絡体制/);
    await field(page, '観察したこと').fill('委託先の緊急連絡先を誰も知らなかった');
    await page.getByRole('button', { name: '根拠を記録' }).last().click();
    const evidence = page.getByTestId('evidence-list');
    await evidence.getByText('委託先の緊急連絡先を誰も知らなかった').waitFor();
    await expect.poll(async () => (await evidence.textContent()) ?? '').toContain('きっかけ：');
    await screenshot(page, 'exercises-03-evaluation');
  });

  it('pausing stops the clock; the facilitator resumes and closes; seats get the survey', async () => {
    const { page } = facilitator;
    await page.getByRole('button', { name: '一時停止' }).click();
    await expect.poll(() => page.getByTestId('exercise-status').textContent()).toBe('一時停止中');
    const stopped = await page.getByTestId('exercise-clock').textContent();
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('exercise-clock').textContent()).toBe(stopped);
    await page.getByRole('button', { name: '再開' }).click();
    await expect.poll(() => page.getByTestId('exercise-status').textContent()).toBe('実施中');
    await page.getByRole('button', { name: '演習を終了' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '演習を終了' }).click();
    await expect.poll(() => page.getByTestId('exercise-status').textContent()).toBe('終了');

    const seat = itSeat.page;
    await seat.getByText('演習は終了しました。ご参加ありがとうございました。').waitFor();
    const survey = seat.getByRole('region', { name: 'アンケートにご協力ください' });
    await survey.waitFor();
    const scales = survey.getByRole('radiogroup');
    for (let i = 0; i < (await scales.count()); i++)
      await scales.nth(i).getByText('4', { exact: true }).click();
    await survey.getByRole('button', { name: 'アンケートを送る' }).click();
    await seat.getByText('アンケートへのご回答ありがとうございました。').waitFor();
  });

  it('the after-action report is generated, its actions go to the improvement plan, and the Word export opens', async () => {
    const { page } = facilitator;
    await page.getByRole('link', { name: '事後報告書' }).click();
    await page.getByRole('button', { name: '事後報告書を作成' }).click();
    await page.getByTestId('aar-overall').waitFor();
    await page.getByTestId('aar-timeline').getByText(CSIRT_NAME).first().waitFor();
    await page
      .getByRole('img', { name: /確認観点ごとの評価点/ })
      .locator('svg')
      .first()
      .waitFor();

    await page.getByRole('button', { name: '改善策を追加' }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, '改善策').fill(ACTION);
    await field(dialog, '担当').fill('港 誠');
    await field(dialog, '期限').fill('2027-01-31');
    await field(dialog, '状況付与の題名').fill('深夜に委託先から不審なログインの連絡');
    await field(dialog, '問いかけ').fill('誰が電話を受け、誰に報告しますか？');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('aar-actions').getByText(ACTION).waitFor();
    await page.getByRole('button', { name: /改善計画に送る/ }).click();
    await page.getByText(/件を改善計画に送りました。/).waitFor();
    await screenshot(page, 'exercises-04-report');

    // The Word export of the after-action report opens and carries the action.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Word形式でダウンロード' }).click(),
    ]);
    const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('事後報告書');
    expect(xml).toContain(ACTION);

    await page.getByRole('navigation').getByRole('link', { name: '改善計画', exact: true }).click();
    await page.getByRole('heading', { name: '改善計画', level: 1 }).waitFor();
    await page.getByText(ACTION).first().waitFor();
    await screenshot(page, 'exercises-05-improvement-plan');
  });

  it('the next exercise carries the retest, and the facilitator moves it before the start', async () => {
    const { page } = facilitator;
    const RETEST = '深夜に委託先から不審なログインの連絡';
    await page.getByRole('navigation').getByRole('link', { name: '机上演習', exact: true }).click();
    await page.getByRole('heading', { name: '机上演習', level: 1 }).waitFor();
    await choose(page, 'シナリオ', /請求書を装った標的型メール/);
    await field(page, '演習名').fill('E2E 第2回 演習');
    await page.getByTestId('retest-proposals').getByRole('checkbox', { name: RETEST }).check();
    await page.getByRole('button', { name: '演習を作成' }).click();
    await page.getByRole('heading', { name: 'E2E 第2回 演習', level: 1 }).waitFor();

    const injects = page.getByRole('region', { name: /シナリオと状況付与/ });
    await injects.getByRole('button', { name: new RegExp(RETEST) }).click();
    const editor = page.getByTestId('inject-editor-retest-1');
    await editor.waitFor();
    await field(editor, '配信（開始から何分後）').fill('200');
    await editor.getByRole('button', { name: 'この状況付与を保存' }).click();
    await editor.getByText(/演習の長さ（90分）を超えています/).waitFor();
    await field(editor, '配信（開始から何分後）').fill('12');
    await editor.getByRole('button', { name: 'この状況付与を保存' }).click();
    await page.getByText('状況付与を保存しました。').waitFor();
    await screenshot(page, 'exercises-06-next-plan-with-retest');
  });
});
