import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressRateLimit } from '../../http/address-rate-limit';
import { companyIdByName, createTestApp, type TestApp } from '../../testing/harness';
import { phishingEvents } from './tables';
import { launchTestCampaign } from './testing';
import type { TrackingRecorder } from './tracking';
import { TRACKING_RATE_LIMIT_PER_MINUTE, trackingEndpoints } from './tracking-endpoints';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let app: TestApp;
let origin: string;
let tokens: string[];
let recipientIds: string[];

beforeAll(async () => {
  // Only the loopback peer is a trusted proxy: its X-Forwarded-For names the client.
  app = await createTestApp({ trustProxy: '127.0.0.1' });
  const minato = await companyIdByName(app, 'みなと');
  const { recipients } = await launchTestCampaign(
    app,
    minato,
    '生の経路',
    [1, 2, 3].map((n) => `raw${n}@minato-seiki.example.jp`),
  );
  tokens = recipients.map((r) => r.token);
  recipientIds = recipients.map((r) => r.id);
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const eventsOf = (recipientId: string) =>
  app.ctx.db
    .select({
      kind: phishingEvents.kind,
      ip: phishingEvents.ip,
      classification: phishingEvents.classification,
      reason: phishingEvents.reason,
    })
    .from(phishingEvents)
    .where(eq(phishingEvents.recipientId, recipientId))
    .orderBy(phishingEvents.id);

const securityHeaderNames = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'cross-origin-opener-policy',
];

describe('tracking endpoints over a real connection', () => {
  it('records an open and a click with the forwarded client address and the API’s security headers', async () => {
    const headers = { 'user-agent': CHROME, 'x-forwarded-for': '203.0.113.7' };
    const pixel = await fetch(`${origin}/t/o/${tokens[0]}.png`, { headers });
    expect(pixel.headers.get('content-type')).toBe('image/png');
    // A webmail page of another origin shows the pixel; the landing page stays same-origin.
    expect(pixel.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await pixel.arrayBuffer()).byteLength).toBeGreaterThan(60);
    const response = await fetch(`${origin}/t/c/${tokens[0]}`, {
      headers: { 'user-agent': CHROME, 'x-forwarded-for': '203.0.113.7', 'accept-language': 'en' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(await response.text()).toContain('これは訓練メールでした');
    const api = await fetch(`${origin}/api/health`);
    for (const name of securityHeaderNames) {
      expect(response.headers.get(name), name).toBe(api.headers.get(name));
      expect(response.headers.get(name), name).toBeTruthy();
    }
    expect(await eventsOf(recipientIds[0]!)).toEqual([
      { kind: 'open', ip: '203.0.113.7', classification: 'human', reason: null },
      { kind: 'click', ip: '203.0.113.7', classification: 'human', reason: null },
    ]);
  });

  it('answers HEAD without a body and keeps it as a scanner’s hit', async () => {
    const response = await fetch(`${origin}/t/c/${tokens[1]}`, {
      method: 'HEAD',
      headers: { 'user-agent': CHROME },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await eventsOf(recipientIds[1]!)).toEqual([
      { kind: 'click', ip: '127.0.0.1', classification: 'scanner', reason: 'head_request' },
    ]);
  });

  it('refuses a form body beyond 64 KB in the user’s language and records nothing', async () => {
    const response = await fetch(`${origin}/t/s/${tokens[2]}`, {
      method: 'POST',
      headers: {
        'user-agent': CHROME,
        'accept-language': 'en',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `note=${'x'.repeat(70 * 1024)}`,
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toMatch(/[a-z]/i);
    expect(body.error.message).not.toMatch(/[ぁ-ん]/);
    expect(await eventsOf(recipientIds[2]!)).toEqual([]);
  });

  it('leaves paths and methods that are no tracking endpoint to the rest of the server', async () => {
    for (const [method, path] of [
      ['POST', `/t/c/${tokens[0]}`],
      ['GET', `/t/b/${tokens[0]}`],
      ['GET', '/t/x/anything'],
    ] as const) {
      // Answered as any other unknown path: the API's 404, or the web app where one is built.
      const response = await fetch(`${origin}${path}`, { method });
      const elsewhere = await fetch(`${origin}/no-such-page`, { method });
      expect(response.status, `${method} ${path}`).toBe(elsewhere.status);
      expect(response.headers.get('content-type')).toBe(elsewhere.headers.get('content-type'));
      expect(await response.text()).toBe(await elsewhere.text());
    }
    const api = await fetch(`${origin}/t/x/anything`, { method: 'POST' });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('limits each client address, and counts another address apart', async () => {
    const from = (address: string) =>
      app.http.inject({
        method: 'GET',
        url: '/t/c.js',
        headers: { 'x-forwarded-for': address, 'accept-language': 'ja' },
      });
    for (let i = 0; i < TRACKING_RATE_LIMIT_PER_MINUTE; i++) {
      const ok = await from('198.51.100.9');
      if (ok.statusCode !== 200) throw new Error(`request ${i} answered ${ok.statusCode}`);
    }
    const limited = await from('198.51.100.9');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await from('198.51.100.10')).statusCode).toBe(200);
  });

  it('gives each click the page of its own token and escapes a token of another shape', async () => {
    const pageOf = async (token: string) =>
      (
        await fetch(`${origin}/t/c/${encodeURIComponent(token)}`, {
          headers: { 'user-agent': CHROME, 'x-forwarded-for': '203.0.113.8' },
        })
      ).text();
    const first = await pageOf(tokens[0]!);
    const second = await pageOf(tokens[2]!);
    expect(first).toContain(`data-token="${tokens[0]}"`);
    expect(second).toContain(`data-token="${tokens[2]}"`);
    expect(second).not.toContain(tokens[0]);
    expect(second.replace(tokens[2]!, '')).toBe(first.replace(tokens[0]!, ''));
    // A token of another shape is rendered as it came, escaped.
    expect(await pageOf('not-a-token"<x>')).toContain('data-token="not-a-token&quot;&lt;x&gt;"');
  });
});

describe('AddressRateLimit', () => {
  it('starts an address’s window at its first request and forgets it once passed', () => {
    const limit = new AddressRateLimit(2, 60_000);
    expect(limit.hit('a', 0)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
    expect(limit.hit('a', 30_000)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 30 });
    expect(limit.hit('a', 59_999).allowed).toBe(false);
    expect(limit.hit('b', 59_999).allowed).toBe(true);
    expect(limit.hit('a', 60_000)).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe('a tracking request that fails', () => {
  it('answers the neutral error and logs the endpoint, never the token', async () => {
    const logged: unknown[] = [];
    const handler = trackingEndpoints({
      db: app.ctx.db,
      recorder: {
        record: () => Promise.reject(new Error('database gone')),
      } as unknown as TrackingRecorder,
      securityHeaders: {},
      clientAddress: () => '192.0.2.9',
      log: { error: (...args: unknown[]) => logged.push(args) } as unknown as FastifyBaseLogger,
    });
    const server = createServer((request, response) => {
      if (!handler(request, response)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/t/c/${tokens[0]}`, {
        headers: { 'user-agent': CHROME, 'accept-language': 'en' },
      });
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('internal');
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged)).toContain('"endpoint":"c"');
      expect(JSON.stringify(logged)).not.toContain(tokens[0]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
