import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyIdByName, createTestApp, type TestApp } from '../../testing/harness';
import * as phishing from './service';
import { phishingCampaigns, phishingEvents, phishingRecipients } from './tables';
import { TrackingRecorder } from './tracking';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let app: TestApp;
let company: string;
beforeAll(async () => {
  app = await createTestApp({ runJobs: false });
  company = await companyIdByName(app, 'みなと');
});
afterAll(() => app.close());

async function launchedRecipient(name: string) {
  const db = app.ctx.db;
  const groupId = (await phishing.createTargetGroup(db, company, name)).id;
  await phishing.importTargets(db, company, groupId, [
    {
      name: '山田 太郎',
      email: `${name}@minato-seiki.example.jp`,
      department: null,
      position: null,
    },
  ]);
  const campaign = await phishing.createCampaign(db, company, {
    name,
    groupId,
    template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
    landingPage: 'training',
    windowStartMinute: 0,
    windowEndMinute: 1440,
    timeZone: 'Asia/Tokyo',
    sendRatePerMinute: 100,
  });
  await phishing.launchCampaign(db, company, campaign.id, 'http://localhost');
  const [recipient] = await db
    .select()
    .from(phishingRecipients)
    .where(eq(phishingRecipients.campaignId, campaign.id));
  return recipient!;
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('the tracking recorder', () => {
  it('classifies batches that are in the database at once as if one followed the other', async () => {
    const recipient = await launchedRecipient('concurrent');
    const recorder = new TrackingRecorder(app.ctx.database, () => undefined);
    const hit = (kind: 'open' | 'click', at: Date) =>
      recorder.record(recipient.token, {
        kind,
        method: 'GET',
        at,
        ip: '192.0.2.10',
        userAgent: CHROME,
      });
    const start = Date.now();
    await hit('open', new Date(start));
    // Each click in its own event-loop turn: its own batch, sent before the previous one committed
    // (on PostgreSQL; PGlite runs one query at a time).
    const clicks: Promise<unknown>[] = [];
    for (let i = 1; i <= 4; i++) {
      clicks.push(hit('click', new Date(start + i * 100)));
      await nextTurn();
    }
    await Promise.all(clicks);
    const events = await app.ctx.db
      .select()
      .from(phishingEvents)
      .where(eq(phishingEvents.recipientId, recipient.id))
      .orderBy(phishingEvents.at);
    // The default burst rule: a fourth click within 10 s is automated, whichever batch it was in.
    expect(events.map((e) => [e.kind, e.classification, e.reason])).toEqual([
      ['open', 'human', null],
      ['click', 'human', null],
      ['click', 'human', null],
      ['click', 'human', null],
      ['click', 'scanner', 'click_burst'],
    ]);
    const [after] = await app.ctx.db
      .select()
      .from(phishingRecipients)
      .where(eq(phishingRecipients.id, recipient.id));
    expect(after!.scannerEvents).toBe(1);
    expect(after!.clickedAt?.getTime()).toBe(start + 100);
  });

  it('forgets a cached recipient whose campaign was deleted and records nothing for it', async () => {
    const recipient = await launchedRecipient('deleted');
    const recorder = new TrackingRecorder(app.ctx.database, () => undefined);
    const hit = () =>
      recorder.record(recipient.token, {
        kind: 'open',
        method: 'GET',
        at: new Date(),
        ip: '192.0.2.11',
        userAgent: CHROME,
      });
    expect(await hit()).toMatchObject({ campaignId: recipient.campaignId });
    await app.ctx.db.delete(phishingRecipients).where(eq(phishingRecipients.id, recipient.id));
    expect(await hit()).toBeNull();
  });

  it('leaves no events behind when a campaign is deleted', async () => {
    const recipient = await launchedRecipient('removed');
    const recorder = new TrackingRecorder(app.ctx.database, () => undefined);
    await recorder.record(recipient.token, {
      kind: 'open',
      method: 'GET',
      at: new Date(),
      ip: '192.0.2.12',
      userAgent: CHROME,
    });
    const eventsOf = () =>
      app.ctx.db
        .select()
        .from(phishingEvents)
        .where(eq(phishingEvents.campaignId, recipient.campaignId));
    expect(await eventsOf()).toHaveLength(1);
    await app.ctx.db
      .delete(phishingCampaigns)
      .where(eq(phishingCampaigns.id, recipient.campaignId));
    expect(await eventsOf()).toHaveLength(0);
  });
});
