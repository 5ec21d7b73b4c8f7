import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScannerRules } from '../../../contracts/phishing';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { classifyHit, isPrefetchRequest } from './scanners';
import { launchTestCampaign } from './testing';
import { phishingEvents, phishingRecipients } from './tables';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('prefetch requests', () => {
  it('recognises the headers browsers send when they only prefetch', () => {
    expect(isPrefetchRequest({ 'sec-purpose': 'prefetch' })).toBe(true);
    expect(isPrefetchRequest({ 'sec-purpose': 'prefetch;prerender' })).toBe(true);
    expect(isPrefetchRequest({ purpose: 'Prefetch' })).toBe(true);
    expect(isPrefetchRequest({ 'x-moz': 'prefetch' })).toBe(true);
    expect(isPrefetchRequest({ 'x-moz': ['prefetch'] })).toBe(true);
    expect(isPrefetchRequest({})).toBe(false);
    expect(isPrefetchRequest({ purpose: 'prefetched-nothing' })).toBe(false);
    expect(isPrefetchRequest({ 'sec-purpose': '' })).toBe(false);
  });

  it('classifies a prefetch as a scanner only while the rule is on', () => {
    const hit = {
      kind: 'click' as const,
      method: 'GET',
      at: new Date(),
      ip: '192.0.2.1',
      userAgent: CHROME,
      prefetch: true,
    };
    const history = {
      deliveredAt: new Date(Date.now() - 600_000),
      humanOpenAt: new Date(),
      recentClicks: [],
    };
    expect(classifyHit(hit, history)).toEqual({
      classification: 'scanner',
      reason: 'prefetch_request',
    });
    expect(classifyHit(hit, history, { ...defaultScannerRules, prefetch: false })).toEqual({
      classification: 'human',
      reason: null,
    });
    expect(classifyHit({ ...hit, prefetch: false }, history).classification).toBe('human');
  });
});

describe('prefetch requests through the tracking endpoints', () => {
  let app: TestApp;
  let minato: string;
  let admin: TestClient;
  beforeAll(async () => {
    app = await createTestApp();
    minato = await companyIdByName(app, 'みなと');
    admin = await signIn(app, demo.minatoAdmin);
  });
  afterAll(() => app.close());

  async function deliveredTokens(emails: string[]): Promise<{ id: string; tokens: string[] }> {
    const { campaignId, recipients } = await launchTestCampaign(
      app,
      minato,
      '先読み',
      emails,
      'delivery-missed',
    );
    const minuteAgo = new Date(Date.now() - 60_000);
    await app.ctx.db
      .update(phishingRecipients)
      .set({ sentAt: minuteAgo, acceptedAt: minuteAgo })
      .where(eq(phishingRecipients.campaignId, campaignId));
    return { id: campaignId, tokens: recipients.map((r) => r.token) };
  }

  const get = (url: string, headers: Record<string, string>, remoteAddress: string) =>
    app.http.inject({
      method: 'GET',
      url,
      remoteAddress,
      headers: { 'user-agent': CHROME, ...headers },
    });

  it('keeps a prefetched click as a scanner event with its reason, and counts the person', async () => {
    const base = `/api/orgs/${minato}/phishing`;
    expect(
      (await admin.request('PUT', `${base}/scanner-rules`, defaultScannerRules)).statusCode,
    ).toBe(200);
    const { id, tokens } = await deliveredTokens([
      'prefetch-a@minato-seiki.example.jp',
      'prefetch-b@minato-seiki.example.jp',
    ]);
    const [a, b] = tokens as [string, string];
    await get(`/t/o/${a}.png`, {}, '192.0.2.81');
    // The mail app warms the link before anyone taps it; the page it gets looks the same.
    const warmed = await get(`/t/c/${a}`, { 'sec-purpose': 'prefetch' }, '192.0.2.81');
    expect(warmed.statusCode).toBe(200);
    await get(`/t/c/${a}`, {}, '192.0.2.81');
    await get(`/t/o/${b}.png`, { 'x-moz': 'prefetch' }, '192.0.2.82');

    const events = await app.ctx.db
      .select({ kind: phishingEvents.kind, reason: phishingEvents.reason })
      .from(phishingEvents)
      .where(eq(phishingEvents.campaignId, id))
      .orderBy(phishingEvents.id);
    expect(events).toEqual([
      { kind: 'open', reason: null },
      { kind: 'click', reason: 'prefetch_request' },
      { kind: 'click', reason: null },
      { kind: 'open', reason: 'prefetch_request' },
    ]);
    const results = (await admin.get(`${base}/campaigns/${id}/results`)).json();
    expect(results.funnel.opened.count).toBe(1);
    expect(results.funnel.clicked.count).toBe(1);
    expect(results.scannerReasons).toEqual([{ reason: 'prefetch_request', count: 2 }]);
  });

  it('counts a prefetch as a person once the company turns the rule off; older saved rules get it on', async () => {
    const base = `/api/orgs/${minato}/phishing`;
    // A client that predates the rule leaves it out: it stays on.
    const { prefetch: _omitted, ...older } = defaultScannerRules;
    const saved = await admin.request('PUT', `${base}/scanner-rules`, older);
    expect(saved.json().rules.prefetch).toBe(true);
    await admin.request('PUT', `${base}/scanner-rules`, {
      ...defaultScannerRules,
      prefetch: false,
    });
    const { id, tokens } = await deliveredTokens(['prefetch-off@minato-seiki.example.jp']);
    await get(`/t/o/${tokens[0]}.png`, { purpose: 'prefetch' }, '192.0.2.83');
    const events = await app.ctx.db
      .select({ classification: phishingEvents.classification })
      .from(phishingEvents)
      .where(eq(phishingEvents.campaignId, id));
    expect(events).toEqual([{ classification: 'human' }]);
    await admin.request('PUT', `${base}/scanner-rules`, defaultScannerRules);
  });
});
