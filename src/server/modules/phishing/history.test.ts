import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import * as phishing from './service';
import { phishingCampaigns, phishingEvents, phishingRecipients } from './tables';

let app: TestApp;
let minato: string;
let sakura: string;
let admin: TestClient;
const campaignIds: string[] = [];
const people = {
  alice: 'alice.h@minato-seiki.example.jp',
  bob: 'bob.h@minato-seiki.example.jp',
  carol: 'carol.h@minato-seiki.example.jp',
  dan: 'dan.h@minato-seiki.example.jp',
};

async function mark(
  campaignId: string,
  email: string,
  set: Partial<typeof phishingRecipients.$inferInsert>,
) {
  await app.ctx.db
    .update(phishingRecipients)
    .set(set)
    .where(and(eq(phishingRecipients.campaignId, campaignId), eq(phishingRecipients.email, email)));
}

beforeAll(async () => {
  app = await createTestApp({ runJobs: false });
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
  admin = await signIn(app, demo.minatoAdmin);
  const db = app.ctx.db;
  const groupId = (await phishing.createTargetGroup(db, minato, '履歴')).id;
  await phishing.importTargets(db, minato, groupId, [
    { name: 'Alice', email: people.alice, department: '営業部', position: null },
    { name: 'Bob', email: people.bob, department: '営業部', position: null },
    { name: 'Carol', email: people.carol, department: '製造部', position: null },
    { name: 'Dan', email: people.dan, department: '製造部', position: null },
  ]);
  for (const [i, name] of ['春の訓練', '秋の訓練'].entries()) {
    const campaign = await phishing.createCampaign(db, minato, {
      name,
      groupId,
      template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
      landingPage: 'training',
      windowStartMinute: 0,
      windowEndMinute: 1440,
      timeZone: 'Asia/Tokyo',
      sendRatePerMinute: 60,
    });
    await phishing.launchCampaign(db, minato, campaign.id, 'http://localhost');
    await db
      .update(phishingCampaigns)
      .set({ launchedAt: new Date(Date.UTC(2026, 3 + i * 6, 1)) })
      .where(eq(phishingCampaigns.id, campaign.id));
    await db
      .update(phishingRecipients)
      .set({ sentAt: sql`now()`, acceptedAt: sql`now()` })
      .where(eq(phishingRecipients.campaignId, campaign.id));
    campaignIds.push(campaign.id);
  }
  const [spring, autumn] = campaignIds as [string, string];
  const at = new Date('2026-10-01T01:00:00Z');
  await mark(spring, people.alice, { openedAt: at, clickedAt: at });
  await mark(spring, people.bob, { openedAt: at });
  await mark(spring, people.carol, { openedAt: at, clickedAt: at, submittedAt: at });
  await mark(autumn, people.alice, { openedAt: at, reportedAt: at });
  await mark(autumn, people.dan, { openedAt: at, clickedAt: at });
  // Accepted by the relay, then bounced: no one it could reach.
  await mark(autumn, people.bob, { sendFailure: 'bounced', sendError: '550 5.1.1 no such user' });

  const [dan] = await db
    .select({ id: phishingRecipients.id })
    .from(phishingRecipients)
    .where(
      and(eq(phishingRecipients.campaignId, autumn), eq(phishingRecipients.email, people.dan)),
    );
  const event = (
    kind: 'open' | 'click',
    minutes: number,
    classification: 'human' | 'scanner' | 'forwarded',
  ) => ({
    organizationId: minato,
    campaignId: autumn,
    recipientId: dan!.id,
    kind,
    at: new Date(at.getTime() + minutes * 60_000),
    classification,
    reason: classification === 'scanner' ? 'head_request' : null,
  });
  await db
    .insert(phishingEvents)
    .values([
      event('click', 0, 'scanner'),
      event('open', 30, 'human'),
      event('click', 31, 'human'),
      event('click', 120, 'forwarded'),
    ]);
});
afterAll(() => app.close());

describe('results across campaigns', () => {
  it('draws the people-only click rate of each campaign, oldest first', async () => {
    const res = await admin.get(`/api/orgs/${minato}/phishing/history/trend`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.clickRateTarget).toBe(0.05);
    expect(body.campaigns).toMatchObject([
      { name: '春の訓練', sent: 4, opened: 3, clicked: 2, clickRate: 0.5, reportRate: 0 },
      // Rates of the 3 delivered, as in the campaign's own funnel.
      {
        name: '秋の訓練',
        sent: 4,
        delivered: 3,
        opened: 2,
        clicked: 1,
        clickRate: 0.3333,
        reportRate: 0.3333,
      },
    ]);
    const funnel = (
      await admin.get(`/api/orgs/${minato}/phishing/campaigns/${campaignIds[1]}/results`)
    ).json().funnel;
    expect(funnel.clicked.rate).toBe(body.campaigns[1].clickRate);
    expect(funnel.opened.rate).toBe(body.campaigns[1].openRate);
    expect(body.campaigns[0]).toMatchObject({ lessonsAssigned: 0, lessonsCompleted: 0 });
  });

  it("shows each department's figures in each campaign", async () => {
    const body = (await admin.get(`/api/orgs/${minato}/phishing/history/departments`)).json();
    const sales = body.departments.find((d: { department: string }) => d.department === '営業部');
    const plant = body.departments.find((d: { department: string }) => d.department === '製造部');
    const byCampaign = (d: { campaigns: { campaignId: string }[] }, id: string) =>
      d.campaigns.find((c) => c.campaignId === id);
    expect(byCampaign(sales, campaignIds[0]!)).toMatchObject({
      sent: 2,
      clicked: 1,
      clickRate: 0.5,
    });
    expect(byCampaign(sales, campaignIds[1]!)).toMatchObject({ clicked: 0, reported: 1 });
    expect(byCampaign(plant, campaignIds[0]!)).toMatchObject({ clicked: 1, submitted: 1 });
    expect(byCampaign(plant, campaignIds[1]!)).toMatchObject({ clicked: 1, clickRate: 0.5 });
  });

  it("lists one person's outcome in every campaign, newest first, whatever the address's case", async () => {
    const res = await admin.get(
      `/api/orgs/${minato}/phishing/history/person?email=${encodeURIComponent('Alice.H@minato-seiki.example.jp')}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      email: people.alice,
      campaigns: [
        { campaignName: '秋の訓練', clickedAt: null, reportedAt: '2026-10-01T01:00:00.000Z' },
        { campaignName: '春の訓練', clickedAt: '2026-10-01T01:00:00.000Z', reportedAt: null },
      ],
    });
    const nobody = await admin.get(`/api/orgs/${minato}/phishing/history/person?email=x%40y.jp`);
    expect(nobody.json().campaigns).toEqual([]);
  });

  it("draws a campaign's hits over time, people apart from scanners", async () => {
    const res = await admin.get(
      `/api/orgs/${minato}/phishing/campaigns/${campaignIds[1]}/timeline`,
    );
    const body = res.json();
    expect(res.statusCode, res.body).toBe(200);
    expect(body.bucketSeconds).toBe(300);
    const total = (k: string) =>
      body.buckets.reduce((n: number, b: Record<string, number>) => n + b[k]!, 0);
    expect([total('open'), total('click'), total('scanner'), total('forwarded')]).toEqual([
      1, 1, 1, 1,
    ]);
    expect(body.buckets[0]).toMatchObject({ at: '2026-10-01T01:00:00.000Z', scanner: 1, click: 0 });
    const empty = (
      await admin.get(`/api/orgs/${minato}/phishing/campaigns/${campaignIds[0]}/timeline`)
    ).json();
    expect(empty.buckets).toEqual([]);
  });

  it('keeps one person’s history to the company admin; aggregates to those who administer it', async () => {
    const person = `/api/orgs/${minato}/phishing/history/person?email=${encodeURIComponent(people.alice)}`;
    const trend = `/api/orgs/${minato}/phishing/history/trend`;
    for (const email of [
      demo.operator,
      demo.minatoStaff,
      demo.expert1,
      demo.sakuraAdmin,
      demo.observer,
    ]) {
      const client = await signIn(app, email);
      expect((await client.get(person)).statusCode).toBe(403);
    }
    expect((await (await signIn(app, demo.operator)).get(trend)).statusCode).toBe(200);
    for (const email of [demo.minatoStaff, demo.expert1, demo.sakuraAdmin, demo.observer]) {
      expect((await (await signIn(app, email)).get(trend)).statusCode).toBe(403);
    }
    // Another company's admin asking through their own company sees nothing of this one.
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const own = (await sakuraAdmin.get(`/api/orgs/${sakura}/phishing/history/trend`)).json();
    expect(own.campaigns).toEqual([]);
    const foreign = await sakuraAdmin.get(
      `/api/orgs/${sakura}/phishing/campaigns/${campaignIds[1]}/timeline`,
    );
    expect(foreign.statusCode).toBe(404);
    const ownPerson = await sakuraAdmin.get(
      `/api/orgs/${sakura}/phishing/history/person?email=${encodeURIComponent(people.alice)}`,
    );
    expect(ownPerson.json().campaigns).toEqual([]);
  });

  it('exports a campaign as Excel, in the user’s time zone, with formulas defused', async () => {
    const [spring] = campaignIds as [string, string];
    await mark(spring, people.bob, { name: '=HYPERLINK("http://x")', department: '@営業部' });
    const url = `/api/orgs/${minato}/phishing/campaigns/${spring}/export.xlsx`;
    const res = await app.http.inject({
      method: 'GET',
      url,
      headers: { cookie: admin.cookie!, 'accept-language': 'ja' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['概要', '部署別', '対象者ごとの結果']);
    const sheet = workbook.getWorksheet('対象者ごとの結果')!;
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).getCell(9).value).toBe('クリック');
    const rows = [2, 3, 4, 5].map((i) => sheet.getRow(i));
    const alice = rows.find((r) => r.getCell(2).value === people.alice)!;
    // 01:00 UTC is 10:00 in Tokyo, the demo admin's zone.
    expect((alice.getCell(9).value as Date).toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect(alice.getCell(11).value).toBeNull();
    const bob = rows.find((r) => r.getCell(2).value === people.bob)!;
    expect(bob.getCell(1).value).toBe(`'=HYPERLINK("http://x")`);
    expect(bob.getCell(1).formula).toBeUndefined();
    expect(bob.getCell(3).value).toBe("'@営業部");
    const summary = workbook.getWorksheet('概要')!;
    const clicked = [...Array(summary.rowCount).keys()]
      .map((i) => summary.getRow(i + 1))
      .find((r) => r.getCell(1).value === 'クリック')!;
    expect([clicked.getCell(2).value, clicked.getCell(3).value]).toEqual([2, 0.5]);

    for (const email of [demo.operator, demo.minatoStaff, demo.sakuraAdmin]) {
      expect((await (await signIn(app, email)).get(url)).statusCode).toBe(403);
    }
  });
});
