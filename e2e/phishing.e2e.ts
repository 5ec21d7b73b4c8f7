import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import YAML from 'yaml';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
const ADMIN = 'admin@minato-seiki.example.jp';
const GROUP = 'E2E 営業部';
const CAMPAIGN = 'E2E 請求書訓練';
const PERSON = 'e2e-reader@minato-seiki.example.jp';
const SCANNED = 'e2e-scanned@minato-seiki.example.jp';
const SMTP_TEST = 'e2e-smtp-test@minato-seiki.example.jp';
// What a person's desktop browser sends; the test browser's own agent says "HeadlessChrome".
const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** A field by its label, ignoring the required-field asterisk the component library appends. */
const field = (page: Pick<Page, 'getByLabel'>, label: string) =>
  page.getByLabel(new RegExp(`^${label}\\s*\\*?$`));

async function operatorCookie(): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@example.jp', password: E2E_PASSWORD }),
  });
  return login.headers.getSetCookie()[0]!.split(';')[0]!;
}

interface MailboxMessage {
  id: string;
  receivedAt: string;
  to: string[];
  subject: string;
  text: string;
}

/** The development mailbox's message to an address, read through the API as the operator. */
async function mailTo(cookie: string, address: string): Promise<MailboxMessage | undefined> {
  const list = (await (
    await fetch(`${baseUrl}/api/dev-mailbox`, { headers: { cookie } })
  ).json()) as { messages: { id: string; to: string[] }[] };
  const summary = list.messages.find((m) => m.to.includes(address));
  if (!summary) return undefined;
  return (await (
    await fetch(`${baseUrl}/api/dev-mailbox/${summary.id}`, { headers: { cookie } })
  ).json()) as MailboxMessage;
}

/** A CSV line split into cells (quoted cells may hold commas and doubled quotes). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
    .slice(0, -1)
    .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
}

let admin: Awaited<ReturnType<typeof openBrowser>>;
let person: Awaited<ReturnType<typeof openBrowser>>;
let campaignUrl: string;
const links = new Map<string, { click: string; receivedAt: string }>();

beforeAll(async () => {
  admin = await openBrowser();
  person = await openBrowser({ userAgent: DESKTOP_CHROME });
});
afterAll(async () => {
  await admin?.close();
  await person?.close();
});

describe('phishing training, from the target list to honest results', () => {
  it('the company admin creates a target group and imports it from CSV', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill(ADMIN);
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'フィッシング訓練' }).click();
    await page.getByRole('heading', { name: 'フィッシング訓練', level: 1 }).waitFor();
    await page.getByRole('tab', { name: '対象者グループ' }).click();
    await field(page, 'グループ名').fill(GROUP);
    await page.getByRole('button', { name: 'グループを作成' }).click();
    const group = page.getByRole('form', { name: `「${GROUP}」に対象者を取り込む` });
    await group.waitFor();

    // A file with a broken address is refused as a whole, with the row and column shown.
    await group.locator('input[type=file]').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('氏名,メールアドレス,部署\n山田 花子,not-an-address,営業部\n'),
    });
    await group.getByRole('button', { name: '取り込む' }).click();
    const issues = group.getByRole('table', { name: 'ファイルの問題（行・列ごと）' });
    await issues.waitFor();
    expect(await issues.getByRole('row').nth(1).textContent()).toMatch(/^2email/);
    await screenshot(page, 'phishing-01-import-refused');

    await group.locator('input[type=file]').setInputFiles({
      name: 'targets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `氏名,メールアドレス,部署,役職\n営業 一郎,${PERSON},営業部,主任\n製造 二郎,${SCANNED},製造部,\n`,
      ),
    });
    await group.getByRole('button', { name: '取り込む' }).click();
    await page.getByText('2名を取り込みました', { exact: false }).waitFor();
    await page.getByText(/^2名 ·/).waitFor();
    await screenshot(page, 'phishing-02-groups');
    await screenshot(page, 'phishing-02-groups');
  });

  it('the template library previews the HTML part in a sandbox', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'テンプレート' }).click();
    await page.getByRole('heading', { name: '標準テンプレート' }).waitFor();
    await page
      .getByRole('button', { name: /をプレビュー$/ })
      .first()
      .click();
    const frame = page.getByRole('dialog').locator('iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    await screenshot(page, 'phishing-03-template-preview');
    await page.getByRole('dialog').getByRole('button', { name: '閉じる' }).click();
  });

  it('a sending profile test-sends to the development mailbox, and a dead relay shows its error', async () => {
    const { page } = admin;
    const smtpPort = Number(process.env.BANSO_E2E_SMTP_PORT ?? 2596);
    const addProfile = async (name: string, port: number) => {
      const form = page.getByRole('form', { name: '新しい送信プロファイル' });
      await field(form, 'プロファイル名').fill(name);
      await field(form, '差出人アドレス').fill('training@minato-seiki.example.jp');
      await field(form, 'SMTPサーバー').fill('127.0.0.1');
      await form.getByRole('combobox', { name: '暗号化' }).click();
      await page.getByRole('option', { name: 'なし' }).click();
      await field(form, 'ポート').fill(String(port));
      await form.getByRole('button', { name: '保存', exact: true }).click();
      await page.getByRole('cell', { name, exact: true }).waitFor();
    };
    await page.getByRole('tab', { name: '送信・報告の設定' }).click();
    await page.getByRole('heading', { name: '送信プロファイル（SMTP）' }).waitFor();
    // The development mailbox is an SMTP server too: a profile pointing at it delivers there.
    await addProfile('E2E 開発用リレー', smtpPort);
    const testForm = page.getByRole('form', { name: '「E2E 開発用リレー」からテスト送信' });
    await testForm.getByLabel('テスト送信先').fill(SMTP_TEST);
    await testForm.getByRole('button', { name: 'テスト送信' }).click();
    await page.getByText(`${SMTP_TEST} にテストメールを送信しました。`).waitFor();
    const cookie = await operatorCookie();
    const arrived = await mailTo(cookie, SMTP_TEST);
    expect(arrived?.subject).toBe('Bansō SMTP 送信テスト');

    // Nothing listens on port 1: the test fails with the connection error shown as is.
    await addProfile('E2E 停止中のリレー', 1);
    await testForm.getByRole('combobox', { name: 'プロファイル名' }).click();
    await page.getByRole('option', { name: 'E2E 停止中のリレー' }).click();
    await page
      .getByRole('form', { name: '「E2E 停止中のリレー」からテスト送信' })
      .getByRole('button', { name: 'テスト送信' })
      .click();
    await page.getByRole('alert').filter({ hasText: 'テスト送信に失敗しました' }).waitFor();
    expect(await page.getByTestId('server-reply').textContent()).toContain('ECONNREFUSED');
    await screenshot(page, 'phishing-03b-smtp-profiles');
  });

  it('adds a signed webhook, shows its secret once and delivers a verifiable test event', async () => {
    const { page } = admin;
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    // The company's own endpoint; loopback is allowed for this run (BANSO_OUTBOUND_ALLOW).
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const address = receiver.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
    try {
      const form = page.getByRole('form', { name: 'Webhook を追加' });
      await form.scrollIntoViewIfNeeded();
      await field(form, '送信先 URL').fill(url);
      await form.getByRole('button', { name: '追加', exact: true }).click();
      const secret = (await page.getByLabel('署名用の秘密鍵').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole('button', { name: '保存したので閉じる' }).click();
      await page.getByRole('button', { name: 'テストイベントを送信' }).click();
      await page.getByText('テストイベントを送信しました（応答 HTTP 200）。').waitFor();
      const got = received.at(-1)!;
      const mac = createHmac('sha256', secret)
        .update(`${String(got.headers['x-banso-timestamp'])}.${got.body}`)
        .digest('hex');
      expect(got.headers['x-banso-signature']).toBe(`sha256=${mac}`);
      await page.getByRole('button', { name: '配信履歴を表示' }).click();
      await page
        .getByRole('table', { name: `${url} の配信履歴` })
        .getByText('配信済み')
        .waitFor();
      await screenshot(page, 'phishing-03c-webhooks');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('creates and launches a campaign, and the mails arrive in the development mailbox', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'キャンペーン' }).click();
    await field(page, 'キャンペーン名').fill(CAMPAIGN);
    await page.getByRole('combobox', { name: '対象者グループ' }).click();
    await page.getByRole('option', { name: `${GROUP}（2名）` }).click();
    await page.getByRole('combobox', { name: 'テンプレート' }).click();
    await page
      .getByRole('option', { name: /（日本語）|\(日本語\)/ })
      .first()
      .click();
    // Around the clock, so the test does not depend on the hour it runs.
    await field(page, '送信時間帯（開始）').fill('00:00');
    await field(page, '送信時間帯（終了）').fill('24:00');
    await page.getByRole('button', { name: 'キャンペーンを作成' }).click();
    await page.getByRole('button', { name: `「${CAMPAIGN}」を開始` }).click();
    const dialog = page.getByRole('dialog', { name: 'キャンペーンを開始しますか？' });
    await dialog.getByRole('button', { name: '開始' }).click();
    await page.getByText(`「${CAMPAIGN}」を開始しました（対象 2名）。`).waitFor();
    await screenshot(page, 'phishing-04-launched');

    const cookie = await operatorCookie();
    await expect
      .poll(
        async () => {
          for (const address of [PERSON, SCANNED]) {
            const mail = await mailTo(cookie, address);
            if (!mail) continue;
            const click = /https?:\/\/\S+\/t\/c\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
            if (click) links.set(address, { click, receivedAt: mail.receivedAt });
          }
          return links.size;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(2);
  });

  it('a person reads the mail in the development mailbox and clicks; a scanner fetches the other link', async () => {
    const { page } = person;
    const reader = links.get(PERSON)!;
    // The development mailbox is the operator's: the person's browser signs in as the operator.
    await page.goto(`${baseUrl}/login`);
    await field(page, 'メールアドレス').fill('operator@example.jp');
    await field(page, 'パスワード').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('link', { name: '開発用メールボックス' }).first().click();
    await page.getByRole('navigation', { name: 'メール一覧' }).getByText(PERSON).click();
    // The HTML part is shown first, as a mail client shows it: its open pixel loads now.
    const mail = page.frameLocator('iframe.mail-frame');
    const link = mail.getByRole('link', { name: '請求書を確認する' });
    await link.waitFor();
    await screenshot(page, 'phishing-05-mailbox');
    // A person clicks some seconds later; a click right after delivery is a gateway's.
    const wait = Date.parse(reader.receivedAt) + 13_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // The link opens the landing page in a new tab, outside the mailbox's sandbox.
    const [landing] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await landing.getByText('訓練').first().waitFor();
    await screenshot(landing, 'phishing-06-landing');

    // A mail security gateway checks the other link with a HEAD request.
    const scanned = await fetch(links.get(SCANNED)!.click, { method: 'HEAD' });
    expect(scanned.status).toBe(200);
  }, 45_000);

  it('the results show one human click and one scanner event, and the export matches', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: `「${CAMPAIGN}」の結果` }).click();
    await page.getByRole('heading', { name: `結果: ${CAMPAIGN}` }).waitFor();
    campaignUrl = page.url();
    await expect
      .poll(() => page.getByTestId('funnel-clicked').textContent(), { timeout: 15_000 })
      .toMatch(/^1 \(/);
    await expect.poll(() => page.getByTestId('scanner-events').textContent()).toContain(': 1件');
    expect(await page.getByTestId('funnel-opened').textContent()).toMatch(/^1 /);
    expect(await page.getByTestId('funnel-sent').textContent()).toMatch(/^2 /);
    await page.getByRole('cell', { name: 'HEADリクエスト（リンクの事前確認）' }).waitFor();
    await page.getByRole('cell', { name: PERSON, exact: true }).waitFor();
    await screenshot(page, 'phishing-07-results');

    const campaignId = campaignUrl.split('/').at(-1)!;
    const orgId = campaignUrl.split('/companies/')[1]!.split('/')[0]!;
    const api = `${baseUrl}/api/orgs/${orgId}/phishing/campaigns/${campaignId}`;
    const exportLink = page.getByRole('link', { name: 'CSVをダウンロード' });
    expect(await exportLink.getAttribute('href')).toBe(new URL(`${api}/export.csv`).pathname);
    const csv = await (await page.context().request.get(`${api}/export.csv`)).text();
    const recipients = (await (await page.context().request.get(`${api}/recipients`)).json()) as {
      recipients: {
        email: string;
        sentAt: string | null;
        openedAt: string | null;
        clickedAt: string | null;
        scannerEvents: number;
      }[];
    };
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csvCells(lines[0]!)).toEqual([
      '氏名',
      'メールアドレス',
      '部署',
      '役職',
      '送信',
      '送信エラー',
      '送信失敗の種類',
      '開封',
      'クリック',
      '入力送信',
      '報告',
      'スキャナー検出数',
    ]);
    const rows = lines.slice(1).map(csvCells);
    expect(rows).toHaveLength(recipients.recipients.length);
    for (const r of recipients.recipients) {
      const row = rows.find((cells) => cells[1] === r.email)!;
      expect(row[4]).toBe(r.sentAt ?? '');
      expect(row[7]).toBe(r.openedAt ?? '');
      expect(row[8]).toBe(r.clickedAt ?? '');
      expect(row[11]).toBe(String(r.scannerEvents));
    }
    const reader = rows.find((cells) => cells[1] === PERSON)!;
    const scanned = rows.find((cells) => cells[1] === SCANNED)!;
    expect(reader[8]).not.toBe('');
    expect(reader[11]).toBe('0');
    expect(scanned[8]).toBe('');
    expect(scanned[11]).toBe('1');
  });

  it('the admin gives the person who clicked a lesson; they complete it from the mail and it is counted', async () => {
    // The follow-up sweep assigns lessons by itself once a click is confirmed (server tests);
    // here the company admin assigns it from the results page, which mails it at once.
    const results = admin.page;
    await results.goto(campaignUrl);
    await results.getByRole('heading', { name: 'フォローアップ学習' }).waitFor();
    const row = results.getByTestId('follow-up-person').filter({ hasText: PERSON });
    await row.getByRole('button', { name: /^(割り当てる|割り当て直す)$/ }).click();
    await results.getByText(/さんに「.+」を割り当て、メールを送りました。/).waitFor();

    const cookie = await operatorCookie();
    let lessonUrl: string | undefined;
    await expect
      .poll(
        async () => {
          const list = (await (
            await fetch(`${baseUrl}/api/dev-mailbox`, { headers: { cookie } })
          ).json()) as { messages: { id: string; to: string[]; subject: string }[] };
          const found = list.messages.find(
            (m) => m.to.includes(PERSON) && m.subject.startsWith('【訓練のふりかえり】'),
          );
          if (!found) return false;
          const mail = (await (
            await fetch(`${baseUrl}/api/dev-mailbox/${found.id}`, { headers: { cookie } })
          ).json()) as MailboxMessage;
          lessonUrl = /https?:\/\/\S+\/lesson\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
          return lessonUrl !== undefined;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);

    const { page } = person;
    await page.goto(lessonUrl!);
    const title = page.getByRole('heading', { level: 1 });
    await title.waitFor();
    const lessons = (
      YAML.parse(fs.readFileSync('content/phishing/lessons.yaml', 'utf8')) as {
        lessons: {
          ja: { title: string };
          check: { answer: number; ja: { options: string[] } }[];
        }[];
      }
    ).lessons;
    const shown = await title.textContent();
    const lesson = lessons.find((l) => l.ja.title === shown)!;
    expect(lesson).toBeDefined();
    // Each option's wording is unique within a lesson.
    const pick = async (question: number, option: number) =>
      page
        .getByRole('radio', { name: lesson.check[question]!.ja.options[option]!, exact: true })
        .check();
    // A wrong first answer shows the explanation and does not complete the lesson.
    const first = lesson.check[0]!;
    await pick(0, (first.answer + 1) % first.ja.options.length);
    for (let i = 1; i < lesson.check.length; i++) await pick(i, lesson.check[i]!.answer);
    await page.getByRole('button', { name: '答え合わせ' }).click();
    await page.getByText('不正解の問題があります').waitFor();
    await screenshot(page, 'phishing-08-lesson-retry');
    await pick(0, first.answer);
    await page.getByRole('button', { name: '答え合わせ' }).click();
    await page.getByText('学習を完了しました').waitFor();
    await screenshot(page, 'phishing-09-lesson-completed');

    await results.bringToFront();
    await expect
      .poll(() => results.getByTestId('follow-up-completed').textContent(), { timeout: 15_000 })
      .toBe('1');
    expect(await results.getByTestId('follow-up-assigned').textContent()).toBe('1');
    expect(await row.getByTestId('follow-up-status').textContent()).toContain('完了');
    await screenshot(results, 'phishing-10-follow-up');
  }, 90_000);
});
