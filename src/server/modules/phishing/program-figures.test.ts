import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, signIn, type TestApp, type TestClient } from '../../testing/harness';
import { createOrganization, listOrganizations } from '../organizations/service';
import { enrollCompany } from '../programs/service';
import * as phishing from './service';
import { phishingRecipients } from './tables';

let app: TestApp;
let observer: TestClient;
let programId: string;

/** A company's launched campaign of ten messages, `clicks` of them clicked by people. */
async function trainedCampaign(companyId: string, clicks: number) {
  const db = app.ctx.db;
  const groupId = (await phishing.createTargetGroup(db, companyId, '全社員')).id;
  await phishing.importTargets(
    db,
    companyId,
    groupId,
    Array.from({ length: 10 }, (_, i) => ({
      name: `社員${i}`,
      email: `p${i}@${companyId.slice(0, 8)}.example.jp`,
      department: null,
      position: null,
    })),
  );
  const campaign = await phishing.createCampaign(db, companyId, {
    name: '訓練',
    groupId,
    template: { source: 'library', key: 'delivery-missed', locale: 'ja' },
    landingPage: 'training',
    windowStartMinute: 0,
    windowEndMinute: 1440,
    timeZone: 'Asia/Tokyo',
    sendRatePerMinute: 60,
  });
  await phishing.launchCampaign(db, companyId, campaign.id, 'http://localhost');
  await db
    .update(phishingRecipients)
    .set({
      sentAt: sql`now()`,
      acceptedAt: sql`now()`,
      openedAt: sql`case when email < 'p5' then now() end`,
      clickedAt: sql`case when email < ${`p${clicks}`} then now() end`,
    })
    .where(eq(phishingRecipients.campaignId, campaign.id));
}

beforeAll(async () => {
  app = await createTestApp({ runJobs: false });
  observer = await signIn(app, demo.observer);
  programId = (await observer.get('/api/programs/observed')).json().programs[0].id;
});
afterAll(() => app.close());

describe('phishing figures in the program summary', () => {
  it('withholds every figure while fewer than five companies have trained', async () => {
    const companies = await listOrganizations(app.ctx.db, { kind: 'company' });
    for (const c of companies.slice(0, 3)) await trainedCampaign(c.id, 1);
    const summary = (await observer.get(`/api/programs/${programId}/summary`)).json();
    expect(summary.phishing).toEqual({
      companies: null,
      campaigns: null,
      openRate: null,
      clickRate: null,
      reportRate: null,
      companiesUnderTarget: null,
      clickRateTarget: 0.05,
    });
  });

  it('shows pooled people-only rates and the share under 5% once five companies contribute', async () => {
    const db = app.ctx.db;
    for (const [i, clicks] of [0, 2, 0].entries()) {
      const company = await createOrganization(db, {
        kind: 'company',
        name: `訓練テスト${i}株式会社`,
      });
      await enrollCompany(db, { programId, companyId: company.id, courseCode: 'csirt' });
      await trainedCampaign(company.id, clicks);
    }
    // A company outside the program counts for nothing.
    const outsider = await createOrganization(db, { kind: 'company', name: '対象外株式会社' });
    await trainedCampaign(outsider.id, 10);

    const expected = {
      companies: 6,
      campaigns: 6,
      openRate: 0.5,
      // 1+1+1 (demo companies) + 0+2+0 of 60 messages.
      clickRate: 0.0833,
      reportRate: 0,
      // 10% for the three demo companies and the one with 2 clicks; 0% for two.
      companiesUnderTarget: 0.3333,
      clickRateTarget: 0.05,
    };
    const summary = (await observer.get(`/api/programs/${programId}/summary`)).json();
    expect(summary.phishing).toEqual(expected);
    const operator = await signIn(app, demo.operator);
    expect((await operator.get(`/api/programs/${programId}/summary`)).json().phishing).toEqual(
      expected,
    );
    // Companies themselves do not see the program's figures.
    expect(
      (await (await signIn(app, demo.minatoAdmin)).get(`/api/programs/${programId}/summary`))
        .statusCode,
    ).toBe(403);
  });

  it('pools its rates over the messages delivered, as each campaign’s funnel does', async () => {
    // One message of every company bounced after the relay took it: no one to open or click it.
    await app.ctx.db
      .update(phishingRecipients)
      .set({ sendFailure: 'bounced', sendError: '550 5.1.1 no such user' })
      .where(sql`${phishingRecipients.email} like 'p9@%'`);
    const summary = (await observer.get(`/api/programs/${programId}/summary`)).json();
    expect(summary.phishing).toMatchObject({
      companies: 6,
      // 30 opens and 5 clicks of 54 delivered.
      openRate: 0.5556,
      clickRate: 0.0926,
      companiesUnderTarget: 0.3333,
    });
  });
});
