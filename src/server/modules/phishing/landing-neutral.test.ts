import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyIdByName, createTestApp, type TestApp } from '../../testing/harness';
import { launchTestCampaign } from './testing';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let app: TestApp;
let known: string;
beforeAll(async () => {
  app = await createTestApp();
  const minato = await companyIdByName(app, 'みなと');
  const { recipients } = await launchTestCampaign(app, minato, '中立ページ', [
    'neutral@minato-seiki.example.jp',
  ]);
  known = recipients[0]!.token;
});
afterAll(() => app.close());

const malformed = [
  'A'.repeat(43), // well-formed but unknown
  'short',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'x'.repeat(150), // beyond the router's parameter limit
  'a/b',
  '',
];

const hit = (method: 'GET' | 'POST', url: string) =>
  app.http.inject({
    method,
    url,
    headers: {
      'user-agent': CHROME,
      'accept-language': 'ja',
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(method === 'POST' ? { payload: 'username=a&password=b' } : {}),
  });

// What may differ: the date, the length, the rate-limit counters.
const varying = /^(date|content-length|x-ratelimit-.*|retry-after)$/;
const headersOf = (r: Awaited<ReturnType<typeof hit>>) =>
  Object.fromEntries(
    Object.entries(r.headers)
      .filter(([k]) => !varying.test(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
// The page's shape: the lesson's items and the token itself may differ, nothing else.
const shapeOf = (body: string) =>
  body
    .replace(/<li>[^<]*<\/li>/g, '<li></li>')
    .replace(/(<li><\/li>)+/g, '<li>…</li>')
    .replace(/data-token="[^"]*"/g, 'data-token=""');

describe('tracking answers do not tell known tokens from unknown or malformed ones', () => {
  const routes: ['GET' | 'POST', (token: string) => string][] = [
    ['GET', (t) => `/t/c/${t}`],
    ['GET', (t) => `/t/o/${t}.png`],
    ['GET', (t) => `/t/l/${t}`],
    ['POST', (t) => `/t/s/${t}`],
    ['GET', (t) => `/t/r/${t}`],
    ['POST', (t) => `/t/b/${t}`],
  ];
  for (const [method, url] of routes) {
    it(`${method} ${url(':token')}: same status, headers and page shape`, async () => {
      const reference = await hit(method, url(known));
      expect(reference.statusCode).toBeLessThan(300);
      for (const token of malformed) {
        const other = await hit(method, url(token));
        const label = `${method} ${url(token).slice(0, 40)}`;
        expect(other.statusCode, label).toBe(reference.statusCode);
        expect(headersOf(other), label).toEqual(headersOf(reference));
        if (reference.headers['content-type'] === 'image/png') {
          expect(other.rawPayload.equals(reference.rawPayload), label).toBe(true);
        } else {
          expect(shapeOf(other.body), label).toBe(shapeOf(reference.body));
          expect(other.body).not.toContain('<script>');
        }
      }
    });
  }

  it('teaches the message’s own red flags for a known token and the general signs otherwise', async () => {
    const own = (await hit('GET', `/t/c/${known}`)).body;
    const general = (await hit('GET', `/t/c/${'A'.repeat(43)}`)).body;
    expect(own).toContain('これは訓練メールでした');
    expect(general).toContain('これは訓練メールでした');
    expect(general).toContain('急がせる・不安をあおる言葉');
    expect(own).not.toContain('急がせる・不安をあおる言葉');
  });
});
