import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { OutboundGuard } from '../../net/outbound-guard';
import { SecretBox } from './secrets';
import * as phishing from './service';
import {
  phishingEvents,
  phishingRecipients,
  phishingWebhookDeliveries,
  phishingWebhooks,
} from './tables';
import {
  attemptDelivery,
  collectWebhookEvents,
  deliverWebhookJob,
  MAX_ATTEMPTS,
  type WebhookDeps,
} from './webhooks';

/** An endpoint that answers with the statuses it is told, in turn, and keeps what it got. */
class Receiver {
  received: { headers: IncomingHttpHeaders; body: string }[] = [];
  statuses: number[] = [];
  port = 0;
  readonly server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body });
      res.statusCode = this.statuses.shift() ?? 200;
      res.end(res.statusCode >= 500 ? 'temporarily unavailable' : 'ok');
    });
  });
  url = (path = '/hooks/banso') => `http://127.0.0.1:${this.port}${path}`;
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }
  stop() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

let app: TestApp;
let receiver: Receiver;
let minato: string;
let admin: TestClient;
let base: string;
let deps: WebhookDeps;

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  // The receiver runs on this machine: the test allows loopback, as an operator would name a host.
  app = await createTestApp({ runJobs: false, outboundAllow: ['127.0.0.1'] });
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  base = `/api/orgs/${minato}/phishing/webhooks`;
  deps = {
    db: app.ctx.db,
    secrets: new SecretBox(app.ctx.config.secretKey),
    guard: new OutboundGuard(app.ctx.config.outboundAllow),
    queue: () => app.ctx.jobs,
  };
});
afterAll(async () => {
  await app.close();
  await receiver.stop();
});

const verify = (secret: string, headers: IncomingHttpHeaders, body: string) => {
  const timestamp = String(headers['x-banso-timestamp']);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return headers['x-banso-signature'] === `sha256=${expected}`;
};

async function launchedCampaign(emails: string[]) {
  const group = await phishing.createTargetGroup(app.ctx.db, minato, `Webhook${Date.now()}`);
  await phishing.importTargets(
    app.ctx.db,
    minato,
    group.id,
    emails.map((email, i) => ({ name: `社員${i}`, email, department: '経理部', position: null })),
  );
  const created = (
    await admin.post(`/api/orgs/${minato}/phishing/campaigns`, {
      name: 'Webhook 訓練',
      groupId: group.id,
      template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
    })
  ).json();
  expect(
    (await admin.post(`/api/orgs/${minato}/phishing/campaigns/${created.id}/launch`)).statusCode,
  ).toBe(200);
  return created.id as string;
}

describe('signed webhooks', () => {
  it('shows the secret once, keeps it sealed, and signs a test event so it verifies', async () => {
    const res = await admin.post(base, { url: receiver.url(), events: ['click', 'report'] });
    expect(res.statusCode).toBe(201);
    const { webhook, secret } = res.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhook).toMatchObject({
      events: ['click', 'report'],
      enabled: true,
      includeScanners: false,
    });
    expect((await admin.get(base)).body).not.toContain(secret);
    const [row] = await app.ctx.db
      .select()
      .from(phishingWebhooks)
      .where(eq(phishingWebhooks.id, webhook.id));
    expect(row?.secretSealed).not.toContain(secret);
    expect(deps.secrets.open(row!.secretSealed)).toBe(secret);
    const audit = await app.ctx.database.query<{ t: string }>(
      `select coalesce(string_agg(row_to_json(a)::text, ' '), '') as t from audit_log a`,
    );
    expect(audit[0]?.t).toContain('phishing.webhook_created');
    expect(audit[0]?.t).not.toContain(secret);

    const test = await admin.post(`${base}/${webhook.id}/test`);
    expect(test.statusCode).toBe(200);
    expect(test.json()).toMatchObject({
      kind: 'test',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
    });
    const got = receiver.received.at(-1)!;
    expect(got.headers['x-banso-event']).toBe('test');
    expect(got.headers['x-banso-delivery']).toBe(test.json().id);
    expect(verify(secret, got.headers, got.body)).toBe(true);
    expect(verify('whsec_another', got.headers, got.body)).toBe(false);
    expect(verify(secret, got.headers, got.body.replace('test', 'tesT'))).toBe(false);
    expect(Math.abs(Number(got.headers['x-banso-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(got.body)).toMatchObject({
      id: test.json().id,
      type: 'test',
      organizationId: minato,
    });

    const log = (await admin.get(`${base}/${webhook.id}/deliveries`)).json().deliveries;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'delivered', kind: 'test' });
    await admin.delete(`${base}/${webhook.id}`);
  });

  it('refuses internal addresses unless allowed, and saves nothing', async () => {
    const before = (await admin.get(base)).json().webhooks.length;
    for (const url of [
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'http://192.168.1.1:8080/',
    ]) {
      const res = await admin.post(base, { url, events: ['click'] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().error.code).toBe('outbound_refused');
    }
    expect(
      (await admin.post(base, { url: 'https://user:pw@hooks.example.jp/', events: ['click'] }))
        .statusCode,
    ).toBe(400);
    expect(
      (await admin.post(base, { url: 'ftp://hooks.example.jp/', events: ['click'] })).statusCode,
    ).toBe(400);
    expect((await admin.get(base)).json().webhooks).toHaveLength(before);

    // Saved while allowed, refused once the operator's allow-list no longer names it: no request.
    const { webhook } = (
      await admin.post(base, { url: receiver.url('/strict'), events: ['click'] })
    ).json();
    const strict = { ...deps, guard: new OutboundGuard([]) };
    const test = await admin.post(`${base}/${webhook.id}/test`);
    expect(test.json().status).toBe('delivered');
    const count = receiver.received.length;
    const [d] = await app.ctx.db
      .insert(phishingWebhookDeliveries)
      .values({ organizationId: minato, webhookId: webhook.id, kind: 'click', body: '{}' })
      .returning();
    expect(await attemptDelivery(strict, d!.id)).toBe('failed');
    const [failed] = await app.ctx.db
      .select()
      .from(phishingWebhookDeliveries)
      .where(eq(phishingWebhookDeliveries.id, d!.id));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).toContain('loopback');
    expect(receiver.received.length).toBe(count);
    await admin.delete(`${base}/${webhook.id}`);
  });

  it('retries a delivery the endpoint answers with 500, and gives up after the last attempt', async () => {
    const { webhook, secret } = (
      await admin.post(base, { url: receiver.url('/flaky'), events: ['campaign_launched'] })
    ).json();
    await launchedCampaign(['w1@minato-seiki.example.jp']);
    const [queued] = await app.ctx.db
      .select()
      .from(phishingWebhookDeliveries)
      .where(eq(phishingWebhookDeliveries.webhookId, webhook.id));
    expect(queued).toMatchObject({ kind: 'campaign_launched', status: 'pending', attempts: 0 });

    const job = deliverWebhookJob(deps);
    expect(job.retryLimit).toBe(MAX_ATTEMPTS - 1);
    expect(job.retryDelaySeconds).toBeGreaterThan(0);
    receiver.statuses.push(500);
    // The job fails, so pg-boss runs it again after its backoff.
    await expect(job.handler({ deliveryId: queued!.id })).rejects.toThrow(/retried/);
    const [afterFirst] = await app.ctx.db
      .select()
      .from(phishingWebhookDeliveries)
      .where(eq(phishingWebhookDeliveries.id, queued!.id));
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500 });
    expect(afterFirst?.lastError).toContain('HTTP 500');

    await job.handler({ deliveryId: queued!.id });
    const [afterSecond] = await app.ctx.db
      .select()
      .from(phishingWebhookDeliveries)
      .where(eq(phishingWebhookDeliveries.id, queued!.id));
    expect(afterSecond).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    const [first, second] = receiver.received.filter((r) => r.body === queued!.body);
    expect(first && second && verify(secret, second.headers, second.body)).toBe(true);
    // Delivered once: a late duplicate job sends nothing more.
    await job.handler({ deliveryId: queued!.id });
    expect(receiver.received.filter((r) => r.body === queued!.body)).toHaveLength(2);

    const [hopeless] = await app.ctx.db
      .insert(phishingWebhookDeliveries)
      .values({
        organizationId: minato,
        webhookId: webhook.id,
        kind: 'click',
        body: '{}',
        attempts: MAX_ATTEMPTS - 1,
      })
      .returning();
    receiver.statuses.push(503);
    expect(await attemptDelivery(deps, hopeless!.id)).toBe('failed');
    await admin.delete(`${base}/${webhook.id}`);
  });

  it("turns people's tracked events into one delivery each, once they are settled", async () => {
    const { webhook } = (
      await admin.post(base, { url: receiver.url('/events'), events: ['open', 'click'] })
    ).json();
    const campaignId = await launchedCampaign([
      'e1@minato-seiki.example.jp',
      'e2@minato-seiki.example.jp',
    ]);
    const recipients = await app.ctx.db
      .select()
      .from(phishingRecipients)
      .where(eq(phishingRecipients.campaignId, campaignId));
    const [r1, r2] = recipients.sort((a, b) => a.email.localeCompare(b.email));
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    const event = (
      recipientId: string,
      kind: 'open' | 'click' | 'report',
      at: Date,
      classification: 'human' | 'scanner',
      confirmedAt: Date | null = null,
    ) => ({
      organizationId: minato,
      campaignId,
      recipientId,
      kind,
      at,
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
      classification,
      reason: classification === 'scanner' ? 'gateway_agent' : null,
      confirmedAt,
    });
    await app.ctx.db.insert(phishingEvents).values([
      event(r1!.id, 'open', ago(120), 'human'),
      event(r1!.id, 'click', ago(110), 'scanner'),
      event(r1!.id, 'report', ago(100), 'human'),
      event(r2!.id, 'click', ago(90), 'human', ago(89)),
      // A click whose landing page has not confirmed it yet: it waits, and so do later events.
      event(r2!.id, 'click', ago(20), 'human'),
    ]);
    expect(await collectWebhookEvents(deps)).toBe(2);
    expect(await collectWebhookEvents(deps)).toBe(0);
    const rows = await app.ctx.db
      .select()
      .from(phishingWebhookDeliveries)
      .where(eq(phishingWebhookDeliveries.webhookId, webhook.id));
    const bodies = rows
      .map((r) => JSON.parse(r.body))
      .sort((a, b) => a.data.at.localeCompare(b.data.at));
    expect(bodies.map((b) => [b.type, b.data.email, b.data.classification])).toEqual([
      ['open', 'e1@minato-seiki.example.jp', 'human'],
      ['click', 'e2@minato-seiki.example.jp', 'human'],
    ]);
    expect(bodies[0].data).toMatchObject({
      campaignId,
      campaignName: 'Webhook 訓練',
      department: '経理部',
    });
    // Three minutes later the unconfirmed click is settled and goes out, once.
    expect(await collectWebhookEvents(deps, new Date(Date.now() + 180_000))).toBe(1);
    expect(await collectWebhookEvents(deps, new Date(Date.now() + 180_000))).toBe(0);
    await admin.delete(`${base}/${webhook.id}`);
  });

  it("never shows or changes another company's webhooks", async () => {
    const { webhook } = (
      await admin.post(base, { url: receiver.url('/mine'), events: ['click'] })
    ).json();
    const sakura = await companyIdByName(app, 'さくら');
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const own = `/api/orgs/${sakura}/phishing/webhooks`;
    expect((await sakuraAdmin.get(base)).statusCode).toBe(403);
    expect((await sakuraAdmin.patch(`${base}/${webhook.id}`, { enabled: false })).statusCode).toBe(
      403,
    );
    expect((await sakuraAdmin.get(own)).json().webhooks).toEqual([]);
    expect((await sakuraAdmin.patch(`${own}/${webhook.id}`, { enabled: false })).statusCode).toBe(
      404,
    );
    expect((await sakuraAdmin.delete(`${own}/${webhook.id}`)).statusCode).toBe(404);
    expect((await sakuraAdmin.post(`${own}/${webhook.id}/test`)).statusCode).toBe(404);
    expect((await sakuraAdmin.get(`${own}/${webhook.id}/deliveries`)).statusCode).toBe(404);
    // The program's operator administers companies but does not see their people's events.
    const operator = await signIn(app, demo.operator);
    expect((await operator.get(base)).statusCode).toBe(403);
    expect((await admin.get(base)).json().webhooks).toMatchObject([
      { id: webhook.id, enabled: true },
    ]);
  });
});
