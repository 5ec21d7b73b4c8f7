import { createServer, type Server } from 'node:net';
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
import { pollReportMailbox } from './reports';
import { sendCampaignBatch } from './sending';
import * as phishing from './service';
import { ProfileMailers } from './smtp';
import {
  phishingCampaigns,
  phishingRecipients,
  phishingReportMailboxes,
  phishingSmtpProfiles,
} from './tables';

/** A listener on loopback that counts connections: nothing refused may ever reach it. */
let listener: Server;
let port = 0;
let connections = 0;
let app: TestApp;
let minato: string;
let admin: TestClient;
let base: string;

beforeAll(async () => {
  listener = createServer((socket) => {
    connections++;
    socket.end('220 local service\r\n');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', () => resolve()));
  const address = listener.address();
  port = typeof address === 'object' && address ? address.port : 0;
  // The default: no BANSO_OUTBOUND_ALLOW.
  app = await createTestApp({ runJobs: false });
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  base = `/api/orgs/${minato}/phishing`;
});
afterAll(async () => {
  await app.close();
  await new Promise((resolve) => listener.close(resolve));
});

const profile = (host: string) => ({
  name: '社内リレー',
  host,
  port,
  tlsMode: 'none' as const,
  username: null,
  fromAddress: 'training@minato-seiki.example.jp',
});

describe('outbound connections a company configures', () => {
  it('refuses internal relay and mailbox hosts with a localised error and saves nothing', async () => {
    for (const host of ['127.0.0.1', 'localhost', '10.0.0.5', '169.254.169.254', '[::1]']) {
      const res = await admin.post(`${base}/smtp-profiles`, profile(host));
      expect(res.statusCode, host).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'outbound_refused' });
    }
    const privateHost = await admin.post(`${base}/smtp-profiles`, profile('192.168.0.10'));
    expect(privateHost.json().error.message).toContain('内部アドレス');
    expect(privateHost.json().error.details).toMatchObject({
      host: '192.168.0.10',
      address: '192.168.0.10',
      addressClass: 'private',
    });
    expect(
      await app.ctx.db
        .select()
        .from(phishingSmtpProfiles)
        .where(eq(phishingSmtpProfiles.organizationId, minato)),
    ).toHaveLength(0);

    const mailbox = await admin.request('PUT', `${base}/report-mailbox`, {
      host: '::ffff:127.0.0.1',
      port,
      secure: false,
      username: 'report',
      password: 'imap-password',
    });
    expect(mailbox.statusCode).toBe(422);
    expect(mailbox.json().error.code).toBe('outbound_refused');
    expect((await admin.get(`${base}/report-mailbox`)).json().mailbox).toBeNull();

    // An edit to an internal host is refused too, and the saved profile keeps its host.
    const saved = (
      await admin.post(`${base}/smtp-profiles`, profile('relay.example.invalid'))
    ).json();
    const moved = await admin.patch(`${base}/smtp-profiles/${saved.id}`, { host: '100.64.1.1' });
    expect(moved.statusCode).toBe(422);
    expect((await admin.get(`${base}/smtp-profiles`)).json().profiles[0].host).toBe(
      'relay.example.invalid',
    );
    expect(connections).toBe(0);
  });

  it('checks again at connection time: a stored internal host is never connected to', async () => {
    // As if saved while the operator allowed it, or written before the guard existed.
    const [stored] = await app.ctx.db
      .insert(phishingSmtpProfiles)
      .values({ organizationId: minato, ...profile('127.0.0.1'), username: null })
      .returning();
    const test = await admin.post(`${base}/smtp-profiles/${stored!.id}/test`, {
      to: 'lead@minato-seiki.example.jp',
    });
    expect(test.statusCode).toBe(422);
    expect(test.json().error.code).toBe('outbound_refused');

    const group = await phishing.createTargetGroup(app.ctx.db, minato, '社内向け');
    await phishing.importTargets(app.ctx.db, minato, group.id, [
      { name: '社員', email: 'e1@minato-seiki.example.jp', department: null, position: null },
    ]);
    const campaign = await phishing.createCampaign(app.ctx.db, minato, {
      name: '内部リレー',
      groupId: group.id,
      template: { source: 'library', key: 'password-expiry', locale: 'ja' },
      landingPage: 'training',
      windowStartMinute: 0,
      windowEndMinute: 1440,
      timeZone: 'Asia/Tokyo',
      sendRatePerMinute: 60,
      smtpProfileId: stored!.id,
    });
    const launch = await admin.post(`${base}/campaigns/${campaign.id}/launch`);
    expect(launch.statusCode).toBe(422);
    expect(launch.json().error.code).toBe('outbound_refused');
    // Even once sending, the worker claims nothing and says why on the campaign.
    await phishing.launchCampaign(app.ctx.db, minato, campaign.id, 'http://localhost');
    const secrets = new SecretBox(app.ctx.config.secretKey);
    const guard = new OutboundGuard([]);
    const mailers = new ProfileMailers(secrets, guard);
    try {
      const sent = await sendCampaignBatch(
        {
          db: app.ctx.db,
          mailer: () => {
            throw new Error('not used');
          },
          profileMailer: (p) => mailers.get(p),
          queue: () => app.ctx.jobs,
          onChanged: async () => undefined,
        },
        campaign.id,
      );
      expect(sent).toBe(0);
    } finally {
      mailers.close();
    }
    const [row] = await app.ctx.db
      .select()
      .from(phishingCampaigns)
      .where(eq(phishingCampaigns.id, campaign.id));
    expect(row?.relayError).toContain('127.0.0.1 (loopback)');
    const [recipient] = await app.ctx.db
      .select()
      .from(phishingRecipients)
      .where(eq(phishingRecipients.campaignId, campaign.id));
    expect(recipient?.sentAt).toBeNull();

    await app.ctx.db.insert(phishingReportMailboxes).values({
      organizationId: minato,
      host: 'localhost',
      port,
      secure: false,
      username: 'report',
      passwordSealed: secrets.seal('imap-password'),
      mailbox: 'INBOX',
      enabled: true,
    });
    const polled = await admin.post(`${base}/report-mailbox/poll`);
    expect(polled.statusCode).toBe(422);
    expect(polled.json().error.code).toBe('outbound_refused');
    const [mailbox] = await app.ctx.db
      .select()
      .from(phishingReportMailboxes)
      .where(eq(phishingReportMailboxes.organizationId, minato));
    expect(mailbox?.lastError).toContain('loopback');
    await expect(pollReportMailbox(app.ctx.db, secrets, guard, mailbox!)).rejects.toThrow(
      /refused/,
    );
    expect(connections).toBe(0);
  });
});
