import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScannerRules } from '../../../contracts/phishing';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  waitForMail,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { classifyUnconfirmedClicks } from './confirmation';
import * as phishing from './service';
import { phishingEvents, phishingRecipients } from './tables';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let app: TestApp;
let minato: string;
let admin: TestClient;
let base: string;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  base = `/api/orgs/${minato}/phishing`;
});
afterAll(() => app.close());

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const hit = (url: string, remoteAddress = '192.0.2.10', userAgent = CHROME) =>
  app.http.inject({ method: 'GET', url, remoteAddress, headers: { 'user-agent': userAgent } });

/** A sent campaign whose messages were delivered a minute ago, with each recipient's token. */
async function deliveredCampaign(emails: string[]): Promise<{ id: string; tokens: string[] }> {
  const group = await phishing.createTargetGroup(app.ctx.db, minato, `規則${Date.now()}`);
  await phishing.importTargets(
    app.ctx.db,
    minato,
    group.id,
    emails.map((email) => ({ name: email, email, department: null, position: null })),
  );
  const campaign = await phishing.createCampaign(app.ctx.db, minato, {
    name: '判定規則',
    groupId: group.id,
    template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
    landingPage: 'training',
    windowStartMinute: 0,
    windowEndMinute: 1440,
    timeZone: 'Asia/Tokyo',
    sendRatePerMinute: 60,
  });
  await phishing.launchCampaign(app.ctx.db, minato, campaign.id, 'http://localhost');
  const minuteAgo = new Date(Date.now() - 60_000);
  await app.ctx.db
    .update(phishingRecipients)
    .set({ sentAt: minuteAgo, acceptedAt: minuteAgo })
    .where(eq(phishingRecipients.campaignId, campaign.id));
  const rows = await app.ctx.db
    .select()
    .from(phishingRecipients)
    .where(eq(phishingRecipients.campaignId, campaign.id));
  const byEmail = new Map(rows.map((r) => [r.email, r.token]));
  return { id: campaign.id, tokens: emails.map((e) => byEmail.get(e)!) };
}

const reasonsOf = async (campaignId: string) =>
  (
    await app.ctx.db
      .select({ reason: phishingEvents.reason, classification: phishingEvents.classification })
      .from(phishingEvents)
      .where(eq(phishingEvents.campaignId, campaignId))
      .orderBy(phishingEvents.id)
  ).map((e) => e.reason ?? e.classification);

describe('the landing page confirmation script', () => {
  it('is a same-origin file the strict Content-Security-Policy lets a browser run', async () => {
    const { tokens } = await deliveredCampaign(['csp@minato-seiki.example.jp']);
    const page = await hit(`/t/c/${tokens[0]}`);
    const csp = String(page.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1]?.trim();
    expect(scriptSrc).toBe("'self'");
    // The policy blocks any inline script, so every script of the page must be a file.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/ src="\/t\/c\.js"/);
      expect(inline).toBe('');
    }
    const script = await hit('/t/c.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain("'/t/b/'+t");
    expect(script.body).toContain("getAttribute('data-token')");
  });
});

describe('scanner rules per company', () => {
  it('starts from the defaults and refuses a malformed address range without saving', async () => {
    const got = (await admin.get(`${base}/scanner-rules`)).json();
    expect(got).toEqual({ rules: defaultScannerRules, defaults: defaultScannerRules });
    const bad = await admin.request('PUT', `${base}/scanner-rules`, {
      ...defaultScannerRules,
      gatewayRanges: ['198.51.100.0/24', '300.1.1.1/8'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(['gatewayRanges', 1]);
    expect((await admin.get(`${base}/scanner-rules`)).json().rules).toEqual(defaultScannerRules);
    const staff = await signIn(app, demo.minatoStaff);
    expect(
      (await staff.request('PUT', `${base}/scanner-rules`, defaultScannerRules)).statusCode,
    ).toBe(403);
    const outsider = await signIn(app, demo.sakuraAdmin);
    expect((await outsider.get(`${base}/scanner-rules`)).statusCode).toBe(403);
  });

  it('puts an invisible trap link in the HTML part and classifies a hit on it as a scanner', async () => {
    const group = await phishing.createTargetGroup(app.ctx.db, minato, '罠リンク');
    await phishing.importTargets(app.ctx.db, minato, group.id, [
      { name: '罠', email: 'trap@minato-seiki.example.jp', department: null, position: null },
    ]);
    const created = await admin.post(`${base}/campaigns`, {
      name: '罠リンク',
      groupId: group.id,
      template: { source: 'library', key: 'shared-file', locale: 'ja' },
    });
    await admin.post(`${base}/campaigns/${created.json().id}/launch`);
    const mail = (await waitForMail(app, 'trap@minato-seiki.example.jp')) as unknown as {
      html: string | null;
      text: string;
    };
    const trap = /href="[^"]*(\/t\/l\/[A-Za-z0-9_-]{43})"[^>]*display:none/.exec(mail.html ?? '');
    expect(trap).not.toBeNull();
    expect(mail.text).not.toContain('/t/l/');
    const page = await hit(trap![1]!);
    expect(page.body).toContain('これは訓練メールでした');
    expect(await reasonsOf(created.json().id)).toEqual(['hidden_link']);
    const results = (await admin.get(`${base}/campaigns/${created.json().id}/results`)).json();
    expect(results.funnel.clicked.count).toBe(0);
  });

  it('applies the company thresholds, gateway ranges and the shared-address rule', async () => {
    const emails = ['r1', 'r2', 'r3', 'r4', 'r5'].map((n) => `${n}@minato-seiki.example.jp`);
    const first = await deliveredCampaign(emails);
    // Every recipient opens from their own desk, so only the rules under test decide.
    for (const [i, token] of first.tokens.entries()) {
      await hit(`/t/o/${token}.png`, `192.0.2.${20 + i}`);
    }
    // One address clicks for four different people within seconds: from the fourth on, a scanner.
    for (const token of first.tokens.slice(0, 4)) await hit(`/t/c/${token}`, '198.51.100.7');
    expect((await reasonsOf(first.id)).slice(5)).toEqual([
      'human',
      'human',
      'human',
      'shared_address',
    ]);

    const custom = {
      ...defaultScannerRules,
      tooSoon: { enabled: true, seconds: 120 },
      sharedAddress: { enabled: false, recipients: 4, seconds: 20 },
      gatewayRanges: ['203.0.113.0/24'],
    };
    const saved = await admin.request('PUT', `${base}/scanner-rules`, custom);
    expect(saved.json()).toEqual({ rules: custom });
    const second = await deliveredCampaign(emails.map((e) => `2-${e}`));
    for (const [i, token] of second.tokens.entries()) {
      await hit(`/t/o/${token}.png`, `192.0.2.${40 + i}`);
    }
    // Delivered a minute ago, inside the company's 120 seconds: too soon.
    await hit(`/t/c/${second.tokens[0]}`, '192.0.2.40');
    // From the company's gateway range.
    await hit(`/t/c/${second.tokens[1]}`, '203.0.113.25');
    expect((await reasonsOf(second.id)).slice(5)).toEqual([
      'too_soon_after_delivery',
      'gateway_address_range',
    ]);
    const results = (await admin.get(`${base}/campaigns/${second.id}/results`)).json();
    expect(results.funnel.clicked.count).toBe(0);
    expect(results.scannerReasons).toEqual([
      { reason: 'gateway_address_range', count: 1 },
      { reason: 'too_soon_after_delivery', count: 1 },
    ]);
  });

  it('tells a forwarded copy from the recipient clicking again', async () => {
    await admin.request('PUT', `${base}/scanner-rules`, defaultScannerRules);
    const [token] = (await deliveredCampaign(['fwd-source@minato-seiki.example.jp'])).tokens;
    const campaign = (
      await app.ctx.db
        .select({ id: phishingRecipients.campaignId })
        .from(phishingRecipients)
        .where(eq(phishingRecipients.token, token!))
    )[0]!.id;
    await hit(`/t/o/${token}.png`, '192.0.2.60');
    await hit(`/t/c/${token}`, '192.0.2.60');
    // The recipient again, from the same desk: still the recipient.
    await hit(`/t/c/${token}`, '192.0.2.60');
    // A colleague the mail was forwarded to: another address and another browser.
    await hit(`/t/c/${token}`, '192.0.2.99', FIREFOX);
    const events = await app.ctx.db
      .select({ classification: phishingEvents.classification, reason: phishingEvents.reason })
      .from(phishingEvents)
      .where(eq(phishingEvents.campaignId, campaign))
      .orderBy(phishingEvents.id);
    expect(events.map((e) => e.reason ?? e.classification)).toEqual([
      'human',
      'human',
      'human',
      'forwarded_copy',
    ]);
    expect(events[3]?.classification).toBe('forwarded');
    const results = (await admin.get(`${base}/campaigns/${campaign}/results`)).json();
    expect(results).toMatchObject({ forwardedEvents: 1, scannerEvents: 0 });
    expect(results.funnel.clicked.count).toBe(1);
  });

  it('keeps the clients of human clicks on the recipient, and forgets one whose click turned out a scanner', async () => {
    await admin.request('PUT', `${base}/scanner-rules`, defaultScannerRules);
    const { id, tokens } = await deliveredCampaign(['fwd-sweep@minato-seiki.example.jp']);
    const token = tokens[0]!;
    const clientsOf = async () =>
      (
        await app.ctx.db
          .select({ clients: phishingRecipients.humanClickClients })
          .from(phishingRecipients)
          .where(eq(phishingRecipients.token, token))
      )[0]!.clients;
    await hit(`/t/o/${token}.png`, '192.0.2.80');
    await hit(`/t/c/${token}`, '192.0.2.80');
    await hit(`/t/c/${token}`, '192.0.2.81');
    expect(await clientsOf()).toEqual([
      { ip: '192.0.2.80', userAgent: CHROME },
      { ip: '192.0.2.81', userAgent: CHROME },
    ]);
    // No page confirmed those clicks: once the window passed, they were a scanner's.
    await app.ctx.db
      .update(phishingEvents)
      .set({ at: sql`at - interval '2 minutes'` })
      .where(eq(phishingEvents.campaignId, id));
    await classifyUnconfirmedClicks(app.ctx.db);
    expect(await clientsOf()).toEqual([]);
    // So the next browser is the recipient, not a forwarded copy of a scanner's click.
    await hit(`/t/c/${token}`, '192.0.2.99', FIREFOX);
    expect(await reasonsOf(id)).toEqual([
      'human',
      'unconfirmed_click',
      'unconfirmed_click',
      'human',
    ]);
    expect(await clientsOf()).toEqual([{ ip: '192.0.2.99', userAgent: FIREFOX }]);
  });

  /** The campaign's results once its events are past the confirmation window and swept. */
  const afterConfirmationWindow = async (id: string) => {
    await app.ctx.db
      .update(phishingEvents)
      .set({ at: sql`at - interval '2 minutes'` })
      .where(eq(phishingEvents.campaignId, id));
    await classifyUnconfirmedClicks(app.ctx.db);
    return (await admin.get(`${base}/campaigns/${id}/results`)).json();
  };

  it('turns clicks the landing page never confirmed into scanner events, keeping confirmed ones', async () => {
    await admin.request('PUT', `${base}/scanner-rules`, defaultScannerRules);
    const { id, tokens } = await deliveredCampaign([
      'confirmed@minato-seiki.example.jp',
      'unconfirmed@minato-seiki.example.jp',
    ]);
    for (const [i, token] of tokens.entries()) {
      await hit(`/t/o/${token}.png`, `192.0.2.${70 + i}`);
      const page = await hit(`/t/c/${token}`, `192.0.2.${70 + i}`);
      expect(page.body).toContain(`data-token="${token}"`);
    }
    // Only the first browser ran the page's script.
    const beacon = await app.http.inject({ method: 'POST', url: `/t/b/${tokens[0]}` });
    expect(beacon.statusCode).toBe(204);
    // An unknown token is answered the same and changes nothing.
    expect(
      (await app.http.inject({ method: 'POST', url: `/t/b/${'B'.repeat(43)}` })).statusCode,
    ).toBe(204);

    // Within the window nothing changes yet.
    await classifyUnconfirmedClicks(app.ctx.db);
    let results = (await admin.get(`${base}/campaigns/${id}/results`)).json();
    expect(results.funnel.clicked.count).toBe(2);

    results = await afterConfirmationWindow(id);
    expect(results.funnel.clicked.count).toBe(1);
    expect(results.scannerReasons).toEqual([{ reason: 'unconfirmed_click', count: 1 }]);
    const page = (await admin.get(`${base}/campaigns/${id}/recipients`)).json();
    expect(
      page.recipients.map(
        (r: { email: string; clickedAt: string | null; scannerEvents: number }) => [
          r.email,
          r.clickedAt !== null,
          r.scannerEvents,
        ],
      ),
    ).toEqual([
      ['confirmed@minato-seiki.example.jp', true, 0],
      ['unconfirmed@minato-seiki.example.jp', false, 1],
    ]);
  });

  it('takes back the open that only an unconfirmed click implied', async () => {
    // Images blocked: a click needs no open, and a click implies the message was seen.
    await admin.request('PUT', `${base}/scanner-rules`, {
      ...defaultScannerRules,
      clickNeedsOpen: false,
    });
    const { id, tokens } = await deliveredCampaign([
      'clicked-only@minato-seiki.example.jp',
      'opened-too@minato-seiki.example.jp',
    ]);
    await hit(`/t/c/${tokens[0]}`, '192.0.2.80');
    await hit(`/t/o/${tokens[1]}.png`, '192.0.2.81');
    await hit(`/t/c/${tokens[1]}`, '192.0.2.81');
    let results = (await admin.get(`${base}/campaigns/${id}/results`)).json();
    expect(results.funnel.opened.count).toBe(2);

    // Neither landing page ran its script.
    results = await afterConfirmationWindow(id);
    expect(results.funnel.clicked.count).toBe(0);
    // The pixel's open stands; the other was the click's alone.
    expect(results.funnel.opened.count).toBe(1);
    const page = (await admin.get(`${base}/campaigns/${id}/recipients`)).json();
    expect(
      page.recipients.map((r: { email: string; openedAt: string | null }) => [
        r.email,
        r.openedAt !== null,
      ]),
    ).toEqual([
      ['clicked-only@minato-seiki.example.jp', false],
      ['opened-too@minato-seiki.example.jp', true],
    ]);
    await admin.request('PUT', `${base}/scanner-rules`, defaultScannerRules);
  });
});
