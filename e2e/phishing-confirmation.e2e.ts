import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, screenshot } from './browser';
import { E2E_PASSWORD } from './global-setup';

const baseUrl = inject('baseUrl');
// Another company than phishing.e2e.ts, so its shorter confirmation window changes nothing there.
const ADMIN = 'admin@sakura-logi.example.jp';
const READER = 'e2e-confirm-reader@sakura-logi.example.jp';
const CHECKER = 'e2e-confirm-checker@sakura-logi.example.jp';
const DESKTOP_CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Session {
  cookie: string;
  csrf: string;
  orgId: string;
}

async function signIn(email: string): Promise<Session> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: E2E_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const me = (await (await fetch(`${baseUrl}/api/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
    memberships: { organizationId: string; role: string }[];
  };
  const own = me.memberships.find((m) => m.role === 'company_admin');
  return { cookie, csrf: me.csrfToken, orgId: own?.organizationId ?? '' };
}

async function call<T>(
  s: Session,
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

let browser: Awaited<ReturnType<typeof openBrowser>>;
beforeAll(async () => {
  browser = await openBrowser({ userAgent: DESKTOP_CHROME });
});
afterAll(async () => {
  await browser?.close();
});

describe('the landing page confirms a click shown in a real browser', () => {
  it('a browser click stays a person after the confirmation window; a fetch without script does not', async () => {
    const admin = await signIn(ADMIN);
    const operator = await signIn('operator@example.jp');
    const base = `/api/orgs/${admin.orgId}/phishing`;

    // The shortest window the rules allow, so the sweep judges the clicks within the test.
    const { rules } = await call<{ rules: Record<string, unknown> }>(
      admin,
      'GET',
      `${base}/scanner-rules`,
    );
    await call(admin, 'PUT', `${base}/scanner-rules`, {
      ...rules,
      unconfirmedClick: { enabled: true, seconds: 10 },
    });
    const group = await call<{ id: string }>(admin, 'POST', `${base}/groups`, {
      name: 'E2E 確認スクリプト',
    });
    await call(
      admin,
      'POST',
      `${base}/groups/${group.id}/import`,
      `name,email\n読む 人,${READER}\n確認 機,${CHECKER}\n`,
      'text/csv',
    );
    const campaign = await call<{ id: string }>(admin, 'POST', `${base}/campaigns`, {
      name: 'E2E 確認スクリプト',
      groupId: group.id,
      template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
    });
    await call(admin, 'POST', `${base}/campaigns/${campaign.id}/launch`);

    const links = new Map<string, { click: string; open: string; receivedAt: string }>();
    await expect
      .poll(
        async () => {
          const list = await call<{ messages: { id: string; to: string[] }[] }>(
            operator,
            'GET',
            '/api/dev-mailbox',
          );
          for (const address of [READER, CHECKER]) {
            const summary = list.messages.find((m) => m.to.includes(address));
            if (!summary) continue;
            const mail = await call<{ text: string; receivedAt: string }>(
              operator,
              'GET',
              `/api/dev-mailbox/${summary.id}`,
            );
            const click = /https?:\/\/\S+\/t\/c\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
            if (click) {
              links.set(address, {
                click,
                open: `${click.replace('/t/c/', '/t/o/')}.png`,
                receivedAt: mail.receivedAt,
              });
            }
          }
          return links.size;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(2);

    // Both read the message some seconds after delivery (a click right after it is a gateway's).
    const latest = Math.max(...[...links.values()].map((l) => Date.parse(l.receivedAt)));
    const wait = latest + 13_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    const { page } = browser;
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    const reader = links.get(READER)!;
    await page.goto(reader.open);
    const beacon = page.waitForRequest((r) => r.url().includes('/t/b/') && r.method() === 'POST');
    await page.goto(reader.click);
    await page.getByRole('heading', { name: 'これは訓練メールでした' }).waitFor();
    await beacon;
    await screenshot(page, 'phishing-confirm-01-landing');
    expect(blocked).toEqual([]);

    // The same requests from a program that runs no script: its click is never confirmed.
    const checker = links.get(CHECKER)!;
    const headers = { 'user-agent': DESKTOP_CHROME };
    await (await fetch(checker.open, { headers })).arrayBuffer();
    expect((await fetch(checker.click, { headers })).status).toBe(200);

    type Row = { email: string; clickedAt: string | null; scannerEvents: number };
    const recipients = async () =>
      (
        await call<{ recipients: Row[] }>(
          admin,
          'GET',
          `${base}/campaigns/${campaign.id}/recipients`,
        )
      ).recipients;
    // The minute sweep reclassifies the unconfirmed click: then it has judged both.
    await expect
      .poll(async () => (await recipients()).find((r) => r.email === CHECKER)?.scannerEvents, {
        timeout: 100_000,
        interval: 2_000,
      })
      .toBe(1);
    const rows = await recipients();
    const person = rows.find((r) => r.email === READER)!;
    expect(person.clickedAt).not.toBeNull();
    expect(person.scannerEvents).toBe(0);
    expect(rows.find((r) => r.email === CHECKER)?.clickedAt).toBeNull();
    const results = await call<{
      funnel: { clicked: { count: number } };
      scannerReasons: { reason: string; count: number }[];
    }>(admin, 'GET', `${base}/campaigns/${campaign.id}/results`);
    expect(results.funnel.clicked.count).toBe(1);
    expect(results.scannerReasons).toEqual([{ reason: 'unconfirmed_click', count: 1 }]);
  }, 180_000);
});
