import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
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
import { findTrainingTokens } from './reports';
import * as phishing from './service';
import { phishingEvents, phishingRecipients, phishingReportMailboxes } from './tables';

const IMAP_USER = 'report@minato-seiki.example.jp';
const IMAP_PASSWORD = 'Imap-Secret-9';

let imap: ReturnType<typeof hoodiecrow>;
let imapPort = 0;
let app: TestApp;
let minato: string;
let admin: TestClient;
let base: string;

beforeAll(async () => {
  imap = hoodiecrow({
    plugins: ['IDLE', 'UIDPLUS', 'ENABLE'],
    users: { [IMAP_USER]: { password: IMAP_PASSWORD } },
    storage: { INBOX: { messages: [] } },
  });
  await new Promise<void>((resolve) => imap.listen(0, () => resolve()));
  const address = imap.server.address();
  imapPort = typeof address === 'object' && address ? address.port : 0;
  // The IMAP server runs on this machine: the test allows loopback.
  app = await createTestApp({ runJobs: false, outboundAllow: ['127.0.0.1'] });
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  base = `/api/orgs/${minato}/phishing`;
});
afterAll(async () => {
  await app.close();
  await new Promise<void>((resolve) => imap.close(() => resolve()));
});

/** Puts a message into the report mailbox as a mail server would on delivery. */
async function deliverToMailbox(raw: string): Promise<void> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: imapPort,
    secure: false,
    auth: { user: IMAP_USER, pass: IMAP_PASSWORD },
    logger: false,
  });
  await client.connect();
  await client.append('INBOX', raw.replace(/\n/g, '\r\n'));
  await client.logout();
}

/** A launched campaign of one company with tokens, without sending anything. */
async function launched(organizationId: string, emails: string[]): Promise<Map<string, string>> {
  const group = await phishing.createTargetGroup(app.ctx.db, organizationId, `報告${Date.now()}`);
  await phishing.importTargets(
    app.ctx.db,
    organizationId,
    group.id,
    emails.map((email) => ({ name: email, email, department: '営業部', position: null })),
  );
  const campaign = await phishing.createCampaign(app.ctx.db, organizationId, {
    name: '報告テスト',
    groupId: group.id,
    template: { source: 'library', key: 'delivery-missed', locale: 'ja' },
    landingPage: 'training',
    windowStartMinute: 0,
    windowEndMinute: 1440,
    timeZone: 'Asia/Tokyo',
    sendRatePerMinute: 60,
  });
  await phishing.launchCampaign(
    app.ctx.db,
    organizationId,
    campaign.id,
    'https://banso.example.jp',
  );
  const rows = await app.ctx.db
    .select()
    .from(phishingRecipients)
    .where(eq(phishingRecipients.campaignId, campaign.id));
  return new Map(rows.map((r) => [r.email, r.token]));
}

describe('token extraction', () => {
  it('finds the token in quoted-printable bodies and in a message forwarded as attachment', async () => {
    const token = 'Q'.repeat(20) + '_' + 'z'.repeat(22);
    const qp = `Subject: Fwd: test
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

---------- Forwarded message ---------
https://banso.example.jp/t/c/${token.slice(0, 20)}=
${token.slice(20)}
`;
    expect(await findTrainingTokens(Buffer.from(qp))).toEqual([token]);
    const attached = `Subject: Suspicious
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain

Please check the attached message.
--b1
Content-Type: message/rfc822

Subject: 請求書
Content-Type: text/html; charset=utf-8

<a href="https://banso.example.jp/t/c/${token}">開く</a>
--b1--
`;
    expect(await findTrainingTokens(Buffer.from(attached))).toEqual([token]);
    expect(await findTrainingTokens(Buffer.from('Subject: hi\n\nno link here /t/c/short'))).toEqual(
      [],
    );
  });
});

describe('the report mailbox', () => {
  it('stores the password sealed, tests the login, and reports a wrong password with the server reply', async () => {
    const wrong = await admin.request('PUT', `${base}/report-mailbox`, {
      host: '127.0.0.1',
      port: imapPort,
      secure: false,
      username: IMAP_USER,
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(200);
    expect(wrong.json()).toMatchObject({ passwordSet: true, mailbox: 'INBOX', enabled: true });
    expect(wrong.body).not.toContain('not-the-password');
    const refused = await admin.post(`${base}/report-mailbox/test`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('imap_failed');
    expect(refused.json().error.details.reply).not.toContain('not-the-password');

    // Saving again without a password keeps the stored one; a new one replaces it.
    const fixed = await admin.request('PUT', `${base}/report-mailbox`, {
      host: '127.0.0.1',
      port: imapPort,
      secure: false,
      username: IMAP_USER,
      password: IMAP_PASSWORD,
    });
    expect(fixed.statusCode).toBe(200);
    expect((await admin.post(`${base}/report-mailbox/test`)).statusCode).toBe(200);
    const [row] = await app.ctx.db
      .select()
      .from(phishingReportMailboxes)
      .where(eq(phishingReportMailboxes.organizationId, minato));
    expect(row?.passwordSealed).toMatch(/^v1:/);
    expect(row?.passwordSealed).not.toContain(IMAP_PASSWORD);
  });

  it('marks forwarded training mails as reported, once, and only for its own company', async () => {
    const tokens = await launched(minato, [
      'fwd-inline@minato-seiki.example.jp',
      'fwd-attached@minato-seiki.example.jp',
      'silent@minato-seiki.example.jp',
    ]);
    const sakura = await companyIdByName(app, 'さくら');
    const foreign = await launched(sakura, ['someone@sakura-logi.example.jp']);
    const inline = tokens.get('fwd-inline@minato-seiki.example.jp')!;
    const attached = tokens.get('fwd-attached@minato-seiki.example.jp')!;
    await deliverToMailbox(`From: Inline <fwd-inline@minato-seiki.example.jp>
To: ${IMAP_USER}
Subject: Fwd: 不在連絡票
Content-Type: text/plain; charset=utf-8

怪しいメールが届きました。
> https://banso.example.jp/t/c/${inline}
`);
    await deliverToMailbox(`From: fwd-attached@minato-seiki.example.jp
To: ${IMAP_USER}
Subject: 不審メール
Content-Type: multipart/mixed; boundary="x"

--x
Content-Type: text/plain

see attached
--x
Content-Type: message/rfc822

Subject: 不在連絡票
Content-Type: text/html

<img src="https://banso.example.jp/t/o/${attached}.png">
--x--
`);
    await deliverToMailbox(`From: someone@sakura-logi.example.jp
To: ${IMAP_USER}
Subject: Fwd
Content-Type: text/plain

https://banso.example.jp/t/c/${foreign.get('someone@sakura-logi.example.jp')}
`);
    await deliverToMailbox(`From: newsletter@example.jp
To: ${IMAP_USER}
Subject: 今月のお知らせ
Content-Type: text/plain

No training link here.
`);

    const polled = await admin.post(`${base}/report-mailbox/poll`);
    expect(polled.json()).toEqual({ messages: 4, reports: 2, bounces: 0 });
    // Nothing new: a second poll reads nothing and records nothing again.
    expect((await admin.post(`${base}/report-mailbox/poll`)).json()).toEqual({
      messages: 0,
      reports: 0,
      bounces: 0,
    });

    const rows = await app.ctx.db.select().from(phishingRecipients);
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get('fwd-inline@minato-seiki.example.jp')?.reportedAt).not.toBeNull();
    expect(byEmail.get('fwd-attached@minato-seiki.example.jp')?.reportedAt).not.toBeNull();
    expect(byEmail.get('silent@minato-seiki.example.jp')?.reportedAt).toBeNull();
    expect(byEmail.get('someone@sakura-logi.example.jp')?.reportedAt).toBeNull();
    const events = await app.ctx.db
      .select()
      .from(phishingEvents)
      .where(eq(phishingEvents.reason, 'forwarded_to_report_mailbox'));
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.classification === 'human' && e.kind === 'report')).toBe(true);

    const view = (await admin.get(`${base}/report-mailbox`)).json().mailbox;
    expect(view).toMatchObject({ reportsFound: 2, lastError: null });
    expect(view.lastPolledAt).not.toBeNull();
  });

  it('records delivery status notifications as bounces with their status code, not as reports', async () => {
    const tokens = await launched(minato, [
      'gone@minato-seiki.example.jp',
      'full@minato-seiki.example.jp',
      'slow@minato-seiki.example.jp',
    ]);
    // The relay took all three; two bounce afterwards.
    await app.ctx.db
      .update(phishingRecipients)
      .set({ acceptedAt: new Date() })
      .where(eq(phishingRecipients.organizationId, minato));
    const sakura = await companyIdByName(app, 'さくら');
    const foreign = await launched(sakura, ['elsewhere@sakura-logi.example.jp']);
    const recipients = await app.ctx.db.select().from(phishingRecipients);
    const idOf = (email: string) => recipients.find((r) => r.email === email)!.id;
    const dsn = (
      perRecipient: string,
      original: string,
    ) => `From: Mail Delivery System <MAILER-DAEMON@mx.example.jp>
To: ${IMAP_USER}
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain

Your message could not be delivered.
--R
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.jp

${perRecipient}
--R
${original}
--R--
`;
    // Postfix style: the whole original message, tracking links and all.
    await deliverToMailbox(
      dsn(
        `Final-Recipient: rfc822; gone@minato-seiki.example.jp
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@minato-seiki.example.jp>: Recipient address
    rejected: User unknown`,
        `Content-Type: message/rfc822

Subject: 不在連絡票
Content-Type: text/plain

https://banso.example.jp/t/c/${tokens.get('gone@minato-seiki.example.jp')}`,
      ),
    );
    // Headers only: matched by the training Message-ID the sending gave the mail.
    await deliverToMailbox(
      dsn(
        `Final-Recipient: rfc822;FULL@minato-seiki.example.jp
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full`,
        `Content-Type: text/rfc822-headers

Message-ID: <${idOf('full@minato-seiki.example.jp')}.phishing@banso.example.jp>
Subject: 不在連絡票`,
      ),
    );
    // Only delayed: nothing to record yet.
    await deliverToMailbox(
      dsn(
        `Final-Recipient: rfc822; slow@minato-seiki.example.jp
Action: delayed
Status: 4.4.1`,
        `Content-Type: text/plain

https://banso.example.jp/t/c/${tokens.get('slow@minato-seiki.example.jp')}`,
      ),
    );
    // Another company's message is never touched from this mailbox.
    await deliverToMailbox(
      dsn(
        `Final-Recipient: rfc822; elsewhere@sakura-logi.example.jp
Action: failed
Status: 5.1.1`,
        `Content-Type: text/plain

https://banso.example.jp/t/c/${foreign.get('elsewhere@sakura-logi.example.jp')}`,
      ),
    );
    const polled = await admin.post(`${base}/report-mailbox/poll`);
    expect(polled.json()).toEqual({ messages: 4, reports: 0, bounces: 2 });
    const after = new Map(
      (await app.ctx.db.select().from(phishingRecipients)).map((r) => [r.email, r]),
    );
    expect(after.get('gone@minato-seiki.example.jp')).toMatchObject({
      sendFailure: 'bounced',
      reportedAt: null,
    });
    expect(after.get('gone@minato-seiki.example.jp')?.sendError).toContain('5.1.1');
    expect(after.get('gone@minato-seiki.example.jp')?.sendError).toContain('User unknown');
    expect(after.get('full@minato-seiki.example.jp')?.sendError).toMatch(/^DSN 5\.2\.2/);
    expect(after.get('slow@minato-seiki.example.jp')).toMatchObject({
      sendFailure: null,
      sendError: null,
      reportedAt: null,
    });
    expect(after.get('elsewhere@sakura-logi.example.jp')).toMatchObject({ sendFailure: null });

    const campaignId = after.get('gone@minato-seiki.example.jp')!.campaignId;
    const results = (await admin.get(`${base}/campaigns/${campaignId}/results`)).json();
    expect(results.funnel).toMatchObject({ bounced: 2, reported: { count: 0, rate: 0 } });
    // Bounced after the relay accepted them: still sent, but not delivered.
    expect(results.funnel).toMatchObject({ sent: 3, delivered: 1 });
    const page = (await admin.get(`${base}/campaigns/${campaignId}/recipients`)).json();
    expect(
      page.recipients.find((r: { email: string }) => r.email === 'gone@minato-seiki.example.jp'),
    ).toMatchObject({ sendFailure: 'bounced', sendError: expect.stringContaining('5.1.1') });
  });

  it('is closed to other companies and to staff', async () => {
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const staff = await signIn(app, demo.minatoStaff);
    for (const client of [sakuraAdmin, staff]) {
      expect((await client.get(`${base}/report-mailbox`)).statusCode).toBe(403);
      expect((await client.post(`${base}/report-mailbox/poll`)).statusCode).toBe(403);
    }
  });
});
