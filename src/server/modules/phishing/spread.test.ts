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
import type { OutgoingMail } from '../mail/service';
import { sendCampaignBatch, type SendingDeps } from './sending';
import * as phishing from './service';
import { spreadPeriod, spreadTarget, windowTimeBetween } from './spread';
import { phishingCampaigns, phishingRecipients } from './tables';

const HOUR = 3_600_000;
const business = { windowStartMinute: 540, windowEndMinute: 1080, timeZone: 'Asia/Tokyo' };

describe('window time and the spread target', () => {
  it('counts only the business hours in Asia/Tokyo between two instants', () => {
    // Monday 2026-12-07 08:00 JST to Thursday 08:00 JST: three days of 09:00–18:00.
    const from = new Date('2026-12-06T23:00:00Z');
    const to = new Date('2026-12-09T23:00:00Z');
    expect(windowTimeBetween(business, from, to)).toBe(27 * HOUR);
    // 17:30 to 09:30 the next day: the last half hour and the first.
    expect(
      windowTimeBetween(
        business,
        new Date('2026-12-07T08:30:00Z'),
        new Date('2026-12-08T00:30:00Z'),
      ),
    ).toBe(HOUR);
    expect(windowTimeBetween(business, to, from)).toBe(0);
    // Another zone's window is its own local hours.
    const london = { windowStartMinute: 540, windowEndMinute: 1020, timeZone: 'Europe/London' };
    expect(
      windowTimeBetween(london, new Date('2026-12-07T00:00:00Z'), new Date('2026-12-08T00:00:00Z')),
    ).toBe(8 * HOUR);
  });

  it('paces messages evenly over the window time of the period', () => {
    const campaign = {
      ...business,
      startAt: new Date('2026-12-07T00:00:00Z'), // Monday 09:00 JST
      launchedAt: new Date('2026-12-01T00:00:00Z'),
      spreadOverMinutes: 3 * 24 * 60,
    };
    expect(spreadPeriod(campaign)?.until.toISOString()).toBe('2026-12-10T00:00:00.000Z');
    // 2,700 messages over 27 window hours: 100 an hour, the current minute counted.
    expect(spreadTarget(campaign, 2700, new Date('2026-12-07T00:00:00Z'))).toBe(2);
    expect(spreadTarget(campaign, 2700, new Date('2026-12-07T00:59:00Z'))).toBe(100);
    // Overnight nothing more is due; the next morning continues where the evening stopped.
    expect(spreadTarget(campaign, 2700, new Date('2026-12-07T12:00:00Z'))).toBe(900);
    expect(spreadTarget(campaign, 2700, new Date('2026-12-07T23:59:00Z'))).toBe(900);
    expect(spreadTarget(campaign, 2700, new Date('2026-12-09T08:59:00Z'))).toBe(2700);
    expect(spreadTarget(campaign, 2700, new Date('2026-12-11T00:00:00Z'))).toBe(2700);
    // Without spreading, everything is due at once (the rate limit still applies).
    expect(spreadTarget({ ...campaign, spreadOverMinutes: null }, 2700, new Date(0))).toBe(2700);
  });
});

let app: TestApp;
let minato: string;
let admin: TestClient;
beforeAll(async () => {
  app = await createTestApp({ runJobs: false });
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

describe('a campaign spread over a period', () => {
  it('sends evenly over the period, each message exactly once', async () => {
    const group = await phishing.createTargetGroup(app.ctx.db, minato, '分散送信');
    const emails = Array.from({ length: 10 }, (_, i) => `spread${i}@minato-seiki.example.jp`);
    await phishing.importTargets(
      app.ctx.db,
      minato,
      group.id,
      emails.map((email, i) => ({ name: `社員${i}`, email, department: null, position: null })),
    );
    const base = `/api/orgs/${minato}/phishing/campaigns`;
    const body = {
      name: '10分に分散',
      groupId: group.id,
      template: { source: 'library', key: 'password-expiry', locale: 'ja' },
      sendRatePerMinute: 1000,
      spreadOverMinutes: 10,
    };
    const created = await admin.post(base, body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ spreadOverMinutes: 10, spreadUntil: null });
    expect((await admin.post(base, { ...body, spreadOverMinutes: 0 })).statusCode).toBe(400);
    const id = created.json().id as string;
    const launch = await admin.post(`${base}/${id}/launch`);
    expect(launch.statusCode).toBe(200);
    const view = launch.json().campaign;
    expect(Date.parse(view.spreadUntil) - Date.parse(view.launchedAt)).toBe(10 * 60_000);

    const sent: string[] = [];
    const deps: SendingDeps = {
      db: app.ctx.db,
      mailer: () => ({
        send: async (mail: OutgoingMail) => {
          sent.push(mail.to);
          // Each mail names its recipient in its Message-ID, for bounces to be traced back.
          expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}\.phishing@[^>]+>$/);
        },
      }),
      profileMailer: () => {
        throw new Error('no profile');
      },
      queue: () => app.ctx.jobs,
      onChanged: async () => undefined,
    };
    const launchedAt = Date.parse(view.launchedAt);
    const at = (minutes: number) => new Date(launchedAt + minutes * 60_000);
    // One a minute: the first minute's share now, and nothing more in the same minute.
    expect(await sendCampaignBatch(deps, id, at(0))).toBe(1);
    expect(await sendCampaignBatch(deps, id, at(0.5))).toBe(0);
    expect(await sendCampaignBatch(deps, id, at(4))).toBe(4);
    // Two workers at the same moment share the due messages, never send one twice.
    const [a, b] = await Promise.all([
      sendCampaignBatch(deps, id, at(6)),
      sendCampaignBatch(deps, id, at(6)),
    ]);
    expect(a + b).toBe(2);
    expect(await sendCampaignBatch(deps, id, at(12))).toBe(3);
    expect(await sendCampaignBatch(deps, id, at(13))).toBe(0);
    expect(sent.sort()).toEqual([...emails].sort());
    const [campaign] = await app.ctx.db
      .select()
      .from(phishingCampaigns)
      .where(eq(phishingCampaigns.id, id));
    expect(campaign?.status).toBe('sent');
    const claims = await app.ctx.db
      .select({ sentAt: phishingRecipients.sentAt })
      .from(phishingRecipients)
      .where(eq(phishingRecipients.campaignId, id));
    // Spread over the period: four batches in four different minutes.
    expect(new Set(claims.map((c) => c.sentAt?.getTime())).size).toBe(4);
  });
});
