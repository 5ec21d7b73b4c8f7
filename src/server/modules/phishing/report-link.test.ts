import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  waitForMail,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { renderTrainingMail } from './render';
import * as phishing from './service';
import { phishingEvents, phishingRecipients } from './tables';

const values = {
  name: '山田',
  department: null,
  link: 'https://t.example/t/c/abc',
  reportUrl: 'https://t.example/t/r/abc?x=1&y=2',
};
const pixel = 'https://t.example/t/o/abc.png';

describe('the report link in every training mail', () => {
  it('adds a short footer in the message language to both parts when the template has none', () => {
    const ja = renderTrainingMail(
      {
        subject: '請求書',
        html: '<html><body><p><a href="{{link}}">開く</a></p></body></html>',
        text: '{{name}}様\n{{link}}\n',
        locale: 'ja',
      },
      values,
      pixel,
    );
    expect(ja.html).toContain(
      'このメールが不審だと思ったら、こちらから報告してください: <a href="https://t.example/t/r/abc?x=1&amp;y=2">報告する</a></p>',
    );
    // The footer sits inside the body, before the open pixel.
    expect(ja.html.indexOf('報告する')).toBeLessThan(ja.html.indexOf('<img'));
    expect(ja.html).toMatch(/<\/body><\/html>$/);
    expect(ja.text).toBe(
      '山田様\nhttps://t.example/t/c/abc\n\n--\nこのメールが不審だと思ったら、こちらから報告してください:\nhttps://t.example/t/r/abc?x=1&y=2\n',
    );

    const en = renderTrainingMail(
      { subject: 'Invoice', html: '<p>{{link}}</p>', text: '{{link}}', locale: 'en' },
      values,
      pixel,
    );
    expect(en.html).toContain('Think this message is suspicious? Report it here:');
    expect(en.text).toContain(
      'Think this message is suspicious? Report it here:\nhttps://t.example/t/r/abc?x=1&y=2',
    );
  });

  it('fills {{report_url}} where the template places it, and adds no footer to that part', () => {
    const mail = renderTrainingMail(
      {
        subject: 'x',
        html: '<p><a href="{{link}}">open</a> <a href="{{ report_url }}">report</a></p>',
        text: '{{link}}',
        locale: 'en',
      },
      values,
      pixel,
    );
    expect(mail.html).toContain('<a href="https://t.example/t/r/abc?x=1&amp;y=2">report</a>');
    expect(mail.html).not.toContain('Think this message is suspicious?');
    // The text part did not place it, so it gets the footer.
    expect(mail.text).toContain('Report it here:\nhttps://t.example/t/r/abc?x=1&y=2');
  });
});

describe('reporting through the link of a sent mail', () => {
  let app: TestApp;
  let minato: string;
  let admin: TestClient;
  beforeAll(async () => {
    app = await createTestApp();
    minato = await companyIdByName(app, 'みなと');
    admin = await signIn(app, demo.minatoAdmin);
  });
  afterAll(() => app.close());

  it('sends the recipient’s own report link in HTML and text, and following it records a report', async () => {
    const email = 'report-link@minato-seiki.example.jp';
    const group = await phishing.createTargetGroup(app.ctx.db, minato, '報告リンク');
    await phishing.importTargets(app.ctx.db, minato, group.id, [
      { name: '報告 太郎', email, department: null, position: null },
    ]);
    const base = `/api/orgs/${minato}/phishing`;
    const created = await admin.post(`${base}/campaigns`, {
      name: '報告リンク',
      groupId: group.id,
      template: { source: 'library', key: 'shared-file', locale: 'ja' },
    });
    const campaignId = created.json().id as string;
    expect((await admin.post(`${base}/campaigns/${campaignId}/launch`)).statusCode).toBe(200);

    const mail = (await waitForMail(app, email)) as unknown as {
      text: string;
      html: string | null;
    };
    const token = /\/t\/c\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    expect(mail.text).toContain(`/t/r/${token}`);
    expect(mail.text).toContain('このメールが不審だと思ったら');
    expect(mail.html).toContain(`/t/r/${token}`);

    const follow = () =>
      app.http.inject({
        method: 'GET',
        url: `/t/r/${token}`,
        headers: {
          'user-agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        },
      });
    const reports = () =>
      app.ctx.db
        .select({ classification: phishingEvents.classification, reason: phishingEvents.reason })
        .from(phishingEvents)
        .where(and(eq(phishingEvents.campaignId, campaignId), eq(phishingEvents.kind, 'report')))
        .orderBy(phishingEvents.id);
    const resultsOf = async () =>
      (await admin.get(`${base}/campaigns/${campaignId}/results`)).json();

    // A gateway following the message's links on delivery follows the report link too.
    const onDelivery = await follow();
    expect(onDelivery.statusCode).toBe(200);
    expect(onDelivery.body).toContain('ご報告ありがとうございました');
    expect(await reports()).toEqual([
      { classification: 'scanner', reason: 'too_soon_after_delivery' },
    ]);
    expect((await resultsOf()).funnel.reported.count).toBe(0);
    expect((await resultsOf()).funnel.opened.count).toBe(0);

    // The person reports a minute after the mail arrived.
    const minuteAgo = new Date(Date.now() - 60_000);
    await app.ctx.db
      .update(phishingRecipients)
      .set({ sentAt: minuteAgo, acceptedAt: minuteAgo })
      .where(eq(phishingRecipients.campaignId, campaignId));
    const reported = await follow();
    expect(reported.statusCode).toBe(200);
    expect(reported.body).toContain('ご報告ありがとうございました');
    expect((await reports()).at(-1)).toEqual({ classification: 'human', reason: null });
    expect((await resultsOf()).funnel.reported.count).toBe(1);
  });
});
