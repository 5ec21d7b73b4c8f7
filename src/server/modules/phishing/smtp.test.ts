import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
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
import { sendCampaignBatch, type SendingDeps } from './sending';
import * as phishing from './service';
import { ProfileMailers } from './smtp';
import { phishingCampaigns, phishingRecipients, phishingSmtpProfiles } from './tables';

const RELAY_USER = 'relay-user';
const RELAY_PASSWORD = 'Relay-Pa55word!';

/** A company relay: requires a login and refuses one address for good, as real relays do. */
class TestRelay {
  received: { from: string; to: string[]; subject: string }[] = [];
  port = 0;
  readonly server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => {
      if (auth.username === RELAY_USER && auth.password === RELAY_PASSWORD) {
        callback(null, { user: auth.username });
      } else {
        callback(
          Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
            responseCode: 535,
          }),
        );
      }
    },
    onRcptTo: (address, _session, callback) => {
      if (address.address.startsWith('nobody@')) {
        callback(
          Object.assign(new Error('5.1.1 <nobody@minato-seiki.example.jp>: user unknown'), {
            responseCode: 550,
          }),
        );
      } else callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream).then((mail) => {
        this.received.push({
          from: mail.from?.text ?? '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? '',
        });
        callback();
      }, callback);
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let app: TestApp;
let relay: TestRelay;
let minato: string;
let admin: TestClient;
let base: string;
beforeAll(async () => {
  relay = new TestRelay();
  await relay.start();
  // No job runner: each test sends itself, so the relay sees exactly what the test caused.
  // The relay runs on this machine: the test allows loopback, as an operator would name a relay.
  app = await createTestApp({ runJobs: false, outboundAllow: ['127.0.0.1'] });
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  base = `/api/orgs/${minato}/phishing`;
});
afterAll(async () => {
  await app.close();
  await relay.stop();
});

const profileBody = (password: string) => ({
  name: '本社リレー',
  host: '127.0.0.1',
  port: relay.port,
  tlsMode: 'none',
  username: RELAY_USER,
  password,
  fromAddress: 'security-training@minato-seiki.example.jp',
});

async function groupWith(emails: string[]): Promise<string> {
  const group = await phishing.createTargetGroup(app.ctx.db, minato, `送信先${Date.now()}`);
  await phishing.importTargets(
    app.ctx.db,
    minato,
    group.id,
    emails.map((email, i) => ({ name: `社員${i}`, email, department: '総務部', position: null })),
  );
  return group.id;
}

function sendingDeps(mailers: ProfileMailers): SendingDeps {
  return {
    db: app.ctx.db,
    mailer: () => {
      throw new Error('a campaign with a profile never uses the platform mailer');
    },
    profileMailer: (profile) => mailers.get(profile),
    queue: () => app.ctx.jobs,
    onChanged: async () => undefined,
  };
}

describe('SMTP sending profiles', () => {
  it('keeps the password encrypted, never returns it, and test-sends through the relay', async () => {
    const created = await admin.post(`${base}/smtp-profiles`, profileBody(RELAY_PASSWORD));
    expect(created.statusCode).toBe(201);
    const profile = created.json();
    expect(profile).toMatchObject({ passwordSet: true, username: RELAY_USER, tlsMode: 'none' });
    expect(JSON.stringify(profile)).not.toContain(RELAY_PASSWORD);
    const listed = (await admin.get(`${base}/smtp-profiles`)).body;
    expect(listed).not.toContain(RELAY_PASSWORD);

    const [row] = await app.ctx.db
      .select()
      .from(phishingSmtpProfiles)
      .where(eq(phishingSmtpProfiles.id, profile.id));
    expect(row?.passwordSealed).toMatch(/^v1:/);
    expect(row?.passwordSealed).not.toContain(RELAY_PASSWORD);
    expect(new SecretBox(app.ctx.config.secretKey).open(row!.passwordSealed!)).toBe(RELAY_PASSWORD);
    expect(() => new SecretBox('another key entirely').open(row!.passwordSealed!)).toThrow();
    const audit = await app.ctx.database.query<{ t: string }>(
      `select coalesce(string_agg(row_to_json(a)::text, ' '), '') as t from audit_log a`,
    );
    expect(audit[0]?.t).not.toContain(RELAY_PASSWORD);

    const sent = await admin.post(`${base}/smtp-profiles/${profile.id}/test`, {
      to: 'it-lead@minato-seiki.example.jp',
    });
    expect(sent.statusCode).toBe(200);
    expect(relay.received.at(-1)).toMatchObject({
      from: 'security-training@minato-seiki.example.jp',
      to: ['it-lead@minato-seiki.example.jp'],
    });

    // A rejected recipient comes back with the relay's own reply.
    const refused = await admin.post(`${base}/smtp-profiles/${profile.id}/test`, {
      to: 'nobody@minato-seiki.example.jp',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      code: 'smtp_failed',
      details: { smtpCode: 550, reply: expect.stringContaining('user unknown') },
    });

    // Editing without a password keeps it; null removes it.
    const renamed = await admin.patch(`${base}/smtp-profiles/${profile.id}`, { name: '改名' });
    expect(renamed.json()).toMatchObject({ name: '改名', passwordSet: true });
    const cleared = await admin.patch(`${base}/smtp-profiles/${profile.id}`, { password: null });
    expect(cleared.json()).toMatchObject({ passwordSet: false });
    expect((await admin.delete(`${base}/smtp-profiles/${profile.id}`)).statusCode).toBe(200);
  });

  it('answers a wrong password with the relay reply, and a campaign on that profile sends nothing', async () => {
    const before = relay.received.length;
    const bad = (await admin.post(`${base}/smtp-profiles`, profileBody('wrong-password'))).json();
    const test = await admin.post(`${base}/smtp-profiles/${bad.id}/test`, {
      to: 'it-lead@minato-seiki.example.jp',
    });
    expect(test.statusCode).toBe(422);
    expect(test.json().error.details).toMatchObject({ smtpCode: 535 });
    expect(test.json().error.message).toContain('SMTP');

    const groupId = await groupWith(['a1@minato-seiki.example.jp']);
    const campaign = await admin.post(`${base}/campaigns`, {
      name: '不正なプロファイル',
      groupId,
      template: { source: 'library', key: 'password-expiry', locale: 'ja' },
      smtpProfileId: bad.id,
    });
    expect(campaign.json()).toMatchObject({ smtpProfileId: bad.id });
    const launch = await admin.post(`${base}/campaigns/${campaign.json().id}/launch`);
    expect(launch.statusCode).toBe(422);
    expect(launch.json().error.code).toBe('smtp_failed');
    expect((await admin.get(`${base}/campaigns/${campaign.json().id}`)).json().status).toBe(
      'draft',
    );
    const recipients = await app.ctx.db
      .select()
      .from(phishingRecipients)
      .where(eq(phishingRecipients.campaignId, campaign.json().id));
    expect(recipients).toHaveLength(0);
    expect(relay.received.length).toBe(before);
    // The profile a campaign used cannot be deleted from under its record.
    expect((await admin.delete(`${base}/smtp-profiles/${bad.id}`)).statusCode).toBe(409);
  });

  it('refuses a profile of another company and an unknown one', async () => {
    const groupId = await groupWith(['a2@minato-seiki.example.jp']);
    const sakura = await companyIdByName(app, 'さくら');
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const foreign = (
      await sakuraAdmin.post(`/api/orgs/${sakura}/phishing/smtp-profiles`, profileBody('x'))
    ).json();
    const res = await admin.post(`${base}/campaigns`, {
      name: '他社のプロファイル',
      groupId,
      template: { source: 'library', key: 'password-expiry', locale: 'ja' },
      smtpProfileId: foreign.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toEqual(['smtpProfileId']);
    expect(
      (await admin.post(`${base}/smtp-profiles/${foreign.id}/test`, { to: 'a@b.jp' })).statusCode,
    ).toBe(404);
  });

  it('sends a campaign through the relay and records a refused address as bounced with the reply', async () => {
    const profile = (await admin.post(`${base}/smtp-profiles`, profileBody(RELAY_PASSWORD))).json();
    const groupId = await groupWith([
      'b1@minato-seiki.example.jp',
      'nobody@minato-seiki.example.jp',
      'b2@minato-seiki.example.jp',
    ]);
    const created = (
      await admin.post(`${base}/campaigns`, {
        name: '自社リレー経由',
        groupId,
        template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
        smtpProfileId: profile.id,
        sendRatePerMinute: 100,
      })
    ).json();
    expect((await admin.post(`${base}/campaigns/${created.id}/launch`)).statusCode).toBe(200);
    const mailers = new ProfileMailers(
      new SecretBox(app.ctx.config.secretKey),
      new OutboundGuard(app.ctx.config.outboundAllow),
    );
    try {
      expect(await sendCampaignBatch(sendingDeps(mailers), created.id)).toBe(2);
    } finally {
      mailers.close();
    }
    const delivered = relay.received.filter((m) => m.to[0]?.startsWith('b'));
    expect(delivered.map((m) => m.to[0]).sort()).toEqual([
      'b1@minato-seiki.example.jp',
      'b2@minato-seiki.example.jp',
    ]);
    // The campaign's sender name goes with the profile's address.
    expect(delivered[0]?.from).toContain('security-training@minato-seiki.example.jp');

    const results = (await admin.get(`${base}/campaigns/${created.id}/results`)).json();
    expect(results.funnel).toMatchObject({ recipients: 3, sent: 2, failed: 1, bounced: 1 });
    const page = (await admin.get(`${base}/campaigns/${created.id}/recipients`)).json();
    const bounced = page.recipients.find((r: { email: string }) => r.email.startsWith('nobody'));
    expect(bounced).toMatchObject({
      sendFailure: 'bounced',
      sentAt: null,
      sendError: expect.stringContaining('550'),
    });
  });

  it('claims nothing while the relay refuses the login, and says why on the campaign', async () => {
    const profile = (await admin.post(`${base}/smtp-profiles`, profileBody(RELAY_PASSWORD))).json();
    const groupId = await groupWith(['c1@minato-seiki.example.jp']);
    const created = (
      await admin.post(`${base}/campaigns`, {
        name: '途中でパスワード変更',
        groupId,
        template: { source: 'library', key: 'shared-file', locale: 'en' },
        smtpProfileId: profile.id,
      })
    ).json();
    expect((await admin.post(`${base}/campaigns/${created.id}/launch`)).statusCode).toBe(200);
    // The relay's password changes after the launch.
    await admin.patch(`${base}/smtp-profiles/${profile.id}`, { password: 'changed-elsewhere' });
    const mailers = new ProfileMailers(
      new SecretBox(app.ctx.config.secretKey),
      new OutboundGuard(app.ctx.config.outboundAllow),
    );
    try {
      expect(await sendCampaignBatch(sendingDeps(mailers), created.id)).toBe(0);
      const [recipient] = await app.ctx.db
        .select()
        .from(phishingRecipients)
        .where(eq(phishingRecipients.campaignId, created.id));
      expect(recipient).toMatchObject({ sentAt: null, sendError: null });
      const view = (await admin.get(`${base}/campaigns/${created.id}`)).json();
      expect(view.relayError).toContain('535');

      await admin.patch(`${base}/smtp-profiles/${profile.id}`, { password: RELAY_PASSWORD });
      expect(await sendCampaignBatch(sendingDeps(mailers), created.id)).toBe(1);
      const [campaign] = await app.ctx.db
        .select()
        .from(phishingCampaigns)
        .where(eq(phishingCampaigns.id, created.id));
      expect(campaign).toMatchObject({ relayError: null, status: 'sent' });
    } finally {
      mailers.close();
    }
  });
});
