import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { count, eq, sql } from 'drizzle-orm';
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
import type { Mailer } from '../mail/service';
import { sendCampaignBatch, sendCampaignJob, sweepCampaigns, type SendingDeps } from './sending';
import * as phishing from './service';
import { phishingEvents, phishingRecipients } from './tables';
import { launchTestCampaign } from './testing';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GATEWAY = 'Mozilla/5.0 (compatible; Proofpoint URL Defense)';

let app: TestApp;
let minato: string;
let sakura: string;
let admin: TestClient;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

function upload(client: TestClient, url: string, body: Buffer, type: string) {
  return app.http.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': type,
      'accept-language': 'ja',
      ...(client.cookie ? { cookie: client.cookie } : {}),
      ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}),
    },
    payload: body,
  });
}

const noProfile = (): never => {
  throw new Error('these campaigns use the platform mailer');
};

const hit = (method: 'GET' | 'HEAD' | 'POST', url: string, ua?: string, payload?: string) =>
  app.http.inject({
    method,
    url,
    headers: {
      ...(ua ? { 'user-agent': ua } : {}),
      ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(payload ? { payload } : {}),
  });

async function newGroup(name: string): Promise<string> {
  const created = await admin.post(`/api/orgs/${minato}/phishing/groups`, { name });
  expect(created.statusCode).toBe(201);
  return created.json().id as string;
}

describe('target import', () => {
  it('imports a Shift_JIS CSV with Japanese headers, de-duplicating by address', async () => {
    const groupId = await newGroup('営業部');
    const csv = [
      '氏名,メールアドレス,部署,役職',
      '山田 太郎,Taro.Yamada@minato-seiki.example.jp,営業部,課長',
      '鈴木 花子,hanako@minato-seiki.example.jp,営業部,',
      '山田 太郎,taro.yamada@minato-seiki.example.jp,営業部,部長',
    ].join('\r\n');
    const res = await upload(
      admin,
      `/api/orgs/${minato}/phishing/groups/${groupId}/import`,
      iconv.encode(csv, 'cp932'),
      'text/csv',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ imported: 2, created: 2, updated: 0, duplicatesInFile: 1 });
    const targets = (
      await admin.get(`/api/orgs/${minato}/phishing/groups/${groupId}/targets`)
    ).json().targets;
    expect(targets).toEqual([
      expect.objectContaining({ email: 'hanako@minato-seiki.example.jp', position: null }),
      expect.objectContaining({
        name: '山田 太郎',
        email: 'taro.yamada@minato-seiki.example.jp',
        position: '部長',
      }),
    ]);
  });

  it('rejects the whole file with row and column errors and writes nothing', async () => {
    const groupId = await newGroup('総務部');
    const csv =
      '\uFEFFname,email,department\nA,a@example.jp,総務\n,b@example.jp,総務\nC,not-an-address,総務\n';
    const res = await upload(
      admin,
      `/api/orgs/${minato}/phishing/groups/${groupId}/import`,
      Buffer.from(csv, 'utf8'),
      'text/csv',
    );
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.details.issues as { path: string[]; message: string }[];
    expect(issues.map((i) => i.path)).toEqual([
      ['3', 'name'],
      ['4', 'email'],
    ]);
    expect(issues[0]!.message).toContain('3行目');
    const groups = (await admin.get(`/api/orgs/${minato}/phishing/groups`)).json().groups;
    expect(groups.find((g: { id: string }) => g.id === groupId).targetCount).toBe(0);

    const noHeader = await upload(
      admin,
      `/api/orgs/${minato}/phishing/groups/${groupId}/import`,
      Buffer.from('foo,bar\n1,2\n'),
      'text/csv',
    );
    expect(noHeader.json().error.code).toBe('validation_failed');
  });

  it('imports thousands of rows in batches within one request', async () => {
    const groupId = await newGroup('全社');
    const lines = ['name,email,department,position'];
    for (let i = 0; i < 5000; i++) lines.push(`社員${i},p${i}@minato-seiki.example.jp,部${i % 7},`);
    const res = await upload(
      admin,
      `/api/orgs/${minato}/phishing/groups/${groupId}/import`,
      Buffer.from(lines.join('\n')),
      'text/csv',
    );
    expect(res.json()).toEqual({ imported: 5000, created: 5000, updated: 0, duplicatesInFile: 0 });
    const page = (
      await admin.get(`/api/orgs/${minato}/phishing/groups/${groupId}/targets?limit=500`)
    ).json();
    expect(page.targets).toHaveLength(500);
    expect(page.nextAfter).toBe(page.targets[499].email);
    // The group list counts the group's own targets (a correlated count, not zero).
    const { groups } = (await admin.get(`/api/orgs/${minato}/phishing/groups`)).json();
    expect(groups.find((g: { id: string }) => g.id === groupId)).toMatchObject({
      targetCount: 5000,
    });
  });

  it('imports an Excel sheet and updates people already in the group', async () => {
    const groupId = await newGroup('製造部');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名簿');
    sheet.addRow(['Name', 'Email', 'Department', 'Position']);
    sheet.addRow(['佐藤 一郎', 'ichiro@minato-seiki.example.jp', '製造部', '主任']);
    sheet.addRow(['高橋 次郎', 'jiro@minato-seiki.example.jp', '製造部', null]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const url = `/api/orgs/${minato}/phishing/groups/${groupId}/import`;
    expect((await upload(admin, url, file, type)).json()).toMatchObject({ created: 2 });
    expect((await upload(admin, url, file, type)).json()).toMatchObject({ created: 0, updated: 2 });
  });
});

describe('a campaign from launch to results', () => {
  it('refuses to launch a campaign to an empty group, saying why in the caller’s language', async () => {
    const group = await phishing.createTargetGroup(app.ctx.db, minato, '空のグループ');
    const base = `/api/orgs/${minato}/phishing`;
    const created = await admin.post(`${base}/campaigns`, {
      name: '空のグループ宛て',
      groupId: group.id,
      template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
    });
    expect(created.statusCode).toBe(201);
    const campaignId = created.json().id as string;
    const issue = async () => {
      const res = await admin.post(`${base}/campaigns/${campaignId}/launch`);
      expect(res.statusCode).toBe(400);
      return res.json().error.details.issues[0];
    };
    expect(await issue()).toEqual({
      in: 'body',
      path: ['groupId'],
      code: 'too_small',
      message: 'このグループには対象者がいません。',
    });
    // The signed-in user's own language.
    await admin.patch('/api/me', { locale: 'en' });
    try {
      expect((await issue()).message).toBe('This group has no targets.');
    } finally {
      await admin.patch('/api/me', { locale: 'ja' });
    }
    const campaign = (await admin.get(`${base}/campaigns/${campaignId}`)).json();
    expect(campaign.status).toBe('draft');
  });

  it('sends to 3 targets, tells the person from the scanner, and exports safely', async () => {
    const groupId = await newGroup('経理部');
    const csv = [
      'name,email,department,position',
      'Alice,alice@minato-seiki.example.jp,経理部,',
      'Bob,bob@minato-seiki.example.jp,経理部,',
      '"=HYPERLINK(""http://x"")",carol@minato-seiki.example.jp,@総務,',
    ].join('\n');
    await upload(
      admin,
      `/api/orgs/${minato}/phishing/groups/${groupId}/import`,
      Buffer.from(csv),
      'text/csv',
    );
    const created = await admin.post(`/api/orgs/${minato}/phishing/campaigns`, {
      name: '2026年度 第1回訓練',
      groupId,
      template: { source: 'library', key: 'password-expiry', locale: 'ja' },
    });
    expect(created.statusCode).toBe(201);
    const campaignId = created.json().id as string;
    const launched = await admin.post(
      `/api/orgs/${minato}/phishing/campaigns/${campaignId}/launch`,
    );
    expect(launched.json()).toMatchObject({ recipients: 3, campaign: { status: 'sending' } });
    expect(
      (await admin.post(`/api/orgs/${minato}/phishing/campaigns/${campaignId}/launch`)).statusCode,
    ).toBe(409);

    const tokenOf = async (to: string) => {
      const mail = await waitForMail(app, to);
      expect(mail.subject).toContain('パスワード');
      const token = /\/t\/c\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
      expect(token).toBeDefined();
      return token!;
    };
    const alice = await tokenOf('alice@minato-seiki.example.jp');
    const bob = await tokenOf('bob@minato-seiki.example.jp');
    await tokenOf('carol@minato-seiki.example.jp');

    const results = () => admin.get(`/api/orgs/${minato}/phishing/campaigns/${campaignId}/results`);
    for (let i = 0; i < 100 && (await results()).json().funnel.sent < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await results()).json()).toMatchObject({ status: 'sent', funnel: { sent: 3 } });

    // Bob's gateway follows the link the moment the message arrives.
    expect((await hit('HEAD', `/t/c/${bob}`, CHROME)).statusCode).toBe(200);
    expect((await hit('GET', `/t/c/${bob}`, GATEWAY)).statusCode).toBe(200);

    // A minute later Alice reads the message and clicks like a person in a browser.
    await app.ctx.db
      .update(phishingRecipients)
      .set({ acceptedAt: sql`accepted_at - interval '1 minute'` })
      .where(eq(phishingRecipients.campaignId, campaignId));
    const pixel = await hit('GET', `/t/o/${alice}.png`, CHROME);
    expect(pixel.headers['content-type']).toBe('image/png');
    const page = await hit('GET', `/t/c/${alice}`, CHROME);
    expect(page.body).toContain('これは訓練メールでした');
    expect(page.body).toContain('現在のパスワードを入力させようとしている');
    const submitted = await hit(
      'POST',
      `/t/s/${alice}`,
      CHROME,
      'username=alice&password=Sup3rSecret!',
    );
    expect(submitted.statusCode).toBe(200);

    const body = (await results()).json();
    expect(body.funnel).toMatchObject({
      sent: 3,
      opened: { count: 1 },
      clicked: { count: 1, rate: 0.3333 },
      submitted: { count: 1 },
      reported: { count: 0 },
    });
    expect(body.scannerEvents).toBe(2);
    expect(body.scannerReasons).toEqual([
      { reason: 'head_request', count: 1 },
      { reason: 'security_gateway_agent', count: 1 },
    ]);
    expect(body.byDepartment).toEqual([
      expect.objectContaining({ department: '@総務', sent: 1 }),
      expect.objectContaining({ department: '経理部', sent: 2, clicked: { count: 1, rate: 0.5 } }),
    ]);

    // Nothing typed into the form was stored anywhere.
    const events = await app.ctx.db
      .select()
      .from(phishingEvents)
      .where(eq(phishingEvents.campaignId, campaignId));
    expect(events.filter((e) => e.kind === 'submit')).toHaveLength(1);
    const dump = await app.ctx.database.query<{ t: string }>(
      `select string_agg(t::text, ' ') as t from (
         select row_to_json(e) as t from phishing_events e
         union all select row_to_json(a) from audit_log a) rows`,
    );
    expect(dump[0]?.t).not.toContain('Sup3rSecret');

    const page1 = (
      await admin.get(`/api/orgs/${minato}/phishing/campaigns/${campaignId}/recipients?limit=2`)
    ).json();
    expect(page1.recipients.map((r: { email: string }) => r.email)).toEqual([
      'alice@minato-seiki.example.jp',
      'bob@minato-seiki.example.jp',
    ]);
    expect(page1.recipients[1]).toMatchObject({ clickedAt: null, scannerEvents: 2 });
    const page2 = (
      await admin.get(
        `/api/orgs/${minato}/phishing/campaigns/${campaignId}/recipients?limit=2&after=${page1.nextAfter}`,
      )
    ).json();
    expect(page2).toMatchObject({
      nextAfter: null,
      recipients: [{ email: 'carol@minato-seiki.example.jp' }],
    });

    const exported = await admin.get(
      `/api/orgs/${minato}/phishing/campaigns/${campaignId}/export.csv`,
    );
    expect(exported.headers['content-type']).toContain('text/csv');
    const lines = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(
      /^"'=HYPERLINK\(""http:\/\/x""\)",carol@minato-seiki\.example\.jp,'@総務,/,
    );
  });

  it('answers unknown and malformed tokens exactly like valid ones', async () => {
    const [known] = await app.ctx.db.select().from(phishingRecipients).limit(1);
    const unknown = 'A'.repeat(43);
    const pixel = await hit('GET', `/t/o/${known!.token}.png`, CHROME);
    for (const bad of [unknown, 'short', '%3Cscript%3E']) {
      const other = await hit('GET', `/t/o/${bad}.png`, CHROME);
      expect(other.statusCode).toBe(200);
      expect(other.rawPayload.equals(pixel.rawPayload)).toBe(true);
      const report = await hit('GET', `/t/r/${bad}`, CHROME);
      expect(report.body).toBe((await hit('GET', `/t/r/${known!.token}`, CHROME)).body);
      const click = await hit('GET', `/t/c/${bad}`, CHROME);
      expect(click.statusCode).toBe(200);
      expect(click.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(click.headers.location).toBeUndefined();
      expect(click.body).toContain('これは訓練メールでした');
    }
  });
});

describe('sending', () => {
  // An instance that runs no jobs, so the minute sweep cannot compete with the workers under test.
  let quiet: TestApp;
  let company: string;
  beforeAll(async () => {
    quiet = await createTestApp({ runJobs: false });
    company = await companyIdByName(quiet, 'みなと');
  });
  afterAll(() => quiet.close());

  /** A launched campaign of `n` targets, as fast as a campaign may send. */
  const fastCampaign = async (name: string, prefix: string, n: number) => {
    const emails = Array.from(
      { length: n },
      (_, i) => `${prefix}${String(i).padStart(3, '0')}@minato-seiki.example.jp`,
    );
    const { campaignId } = await launchTestCampaign(
      quiet,
      company,
      name,
      emails,
      'invoice-overdue',
      10_000,
    );
    return { id: campaignId };
  };

  it('sends each message once under concurrent workers and records SMTP errors per recipient', async () => {
    const groupId = (await phishing.createTargetGroup(quiet.ctx.db, company, '品質保証部')).id;
    const rows = Array.from({ length: 30 }, (_, i) => ({
      name: `社員${i}`,
      email: `qa${String(i).padStart(2, '0')}@minato-seiki.example.jp`,
      department: '品質保証部',
      position: null,
    }));
    await phishing.importTargets(quiet.ctx.db, company, groupId, rows);
    const campaign = await phishing.createCampaign(quiet.ctx.db, company, {
      name: '並行送信',
      groupId,
      template: { source: 'library', key: 'invoice-overdue', locale: 'en' },
      landingPage: 'training',
      windowStartMinute: 0,
      windowEndMinute: 1440,
      timeZone: 'Asia/Tokyo',
      sendRatePerMinute: 1000,
    });
    // Launched through the service, so no queued job competes with the workers below.
    await phishing.launchCampaign(quiet.ctx.db, company, campaign.id, 'http://localhost');
    const delivered: string[] = [];
    const mailer = {
      async send(mail: { to: string }) {
        await new Promise((r) => setTimeout(r, 2));
        if (mail.to.startsWith('qa07')) throw new Error('550 mailbox unavailable');
        delivered.push(mail.to);
      },
    } as unknown as Mailer;
    const deps: SendingDeps = {
      db: quiet.ctx.db,
      mailer: () => mailer,
      queue: () => quiet.ctx.jobs,
      onChanged: async () => undefined,
      profileMailer: noProfile,
    };
    await Promise.all([1, 2, 3].map(() => sendCampaignBatch(deps, campaign.id)));
    expect(delivered).toHaveLength(29);
    expect(new Set(delivered).size).toBe(29);
    await sendCampaignBatch(deps, campaign.id);
    expect(delivered).toHaveLength(29);

    const [failed] = await quiet.ctx.db
      .select()
      .from(phishingRecipients)
      .where(eq(phishingRecipients.email, 'qa07@minato-seiki.example.jp'));
    expect(failed).toMatchObject({ sendError: '550 mailbox unavailable', acceptedAt: null });
    const results = (
      await (
        await signIn(quiet, demo.minatoAdmin)
      ).get(`/api/orgs/${company}/phishing/campaigns/${campaign.id}/results`)
    ).json();
    expect(results).toMatchObject({
      status: 'sent',
      funnel: { recipients: 30, sent: 29, failed: 1 },
    });
  });

  it('continues a fast campaign at once after a full run instead of waiting for the sweep', async () => {
    const campaign = await fastCampaign('高速送信', 'fast', 600);
    let delivered = 0;
    const queued: unknown[] = [];
    const deps: SendingDeps = {
      db: quiet.ctx.db,
      mailer: () => ({ send: async () => void delivered++ }) as unknown as Mailer,
      queue: () =>
        ({ enqueue: async (_d: unknown, payload: unknown) => void queued.push(payload) }) as never,
      onChanged: async () => undefined,
      profileMailer: noProfile,
    };
    const job = sendCampaignJob(deps);
    // The full first run of 500 is followed at once by the rest, in the same job.
    await job.handler({ campaignId: campaign.id });
    expect(delivered).toBe(600);
    // Nothing left: no job is queued again.
    expect(queued).toHaveLength(0);
  });

  it('records what the relay accepted as it goes, so a batch that dies midway loses little', async () => {
    const campaign = await fastCampaign('途中停止', 'halt', 200);
    // The relay takes 120 messages, then never answers again: the worker is as good as dead.
    let taken = 0;
    const hang = new Promise<void>(() => undefined);
    const deps: SendingDeps = {
      db: quiet.ctx.db,
      mailer: () =>
        ({
          send: async () => {
            if (taken >= 120) await hang;
            taken++;
          },
        }) as unknown as Mailer,
      queue: () => quiet.ctx.jobs,
      onChanged: async () => undefined,
      profileMailer: noProfile,
    };
    void sendCampaignBatch(deps, campaign.id);
    const acceptedSoFar = async () =>
      (
        await quiet.ctx.db
          .select({ n: count(phishingRecipients.acceptedAt) })
          .from(phishingRecipients)
          .where(eq(phishingRecipients.campaignId, campaign.id))
      )[0]!.n;
    await expect.poll(acceptedSoFar, { timeout: 5000 }).toBeGreaterThanOrEqual(100);
    expect(taken).toBe(120);
    expect(await acceptedSoFar()).toBeLessThanOrEqual(120);
  });

  it('marks a claim the relay never confirmed as interrupted instead of sending it again', async () => {
    const groupId = (await phishing.createTargetGroup(quiet.ctx.db, company, '中断テスト')).id;
    await phishing.importTargets(quiet.ctx.db, company, groupId, [
      { name: 'X', email: 'x@minato-seiki.example.jp', department: null, position: null },
    ]);
    const campaign = await phishing.createCampaign(quiet.ctx.db, company, {
      name: '中断',
      groupId,
      template: { source: 'library', key: 'shared-file', locale: 'ja' },
      landingPage: 'training',
      windowStartMinute: 0,
      windowEndMinute: 1440,
      timeZone: 'Asia/Tokyo',
      sendRatePerMinute: 10,
    });
    await phishing.launchCampaign(quiet.ctx.db, company, campaign.id, 'http://localhost');
    // A worker claimed the message 11 minutes ago and died before the relay answered.
    await quiet.ctx.db
      .update(phishingRecipients)
      .set({ sentAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(phishingRecipients.campaignId, campaign.id));
    await sweepCampaigns({
      db: quiet.ctx.db,
      mailer: () => {
        throw new Error('nothing may be sent');
      },
      queue: () => quiet.ctx.jobs,
      onChanged: async () => undefined,
      profileMailer: noProfile,
    });
    const [row] = await quiet.ctx.db
      .select()
      .from(phishingRecipients)
      .where(eq(phishingRecipients.campaignId, campaign.id));
    expect(row?.sendError).toMatch(/^interrupted/);
  });
});

describe('who may use phishing', () => {
  it('keeps every route closed to other companies and individual results to the company admin', async () => {
    const groupId = await newGroup('分離テスト');
    const campaignBody = {
      name: '分離',
      groupId,
      template: { source: 'library', key: 'delivery-missed', locale: 'ja' },
    };
    const templateBody = {
      name: '自社テンプレート',
      locale: 'ja',
      senderName: '総務部',
      subject: '{{name}} 様 健康診断のお知らせ',
      html: '<p>{{name}} 様</p><p><a href="{{link}}">予約</a></p>',
      text: '{{name}} 様 {{link}}',
      difficulty: 2,
      redFlags: [{ ja: '予約を急がせる', en: 'It rushes you to book' }],
    };
    const p = `/api/orgs/${minato}/phishing`;
    const campaignId = (await admin.post(`${p}/campaigns`, campaignBody)).json().id as string;
    const templateId = (await admin.post(`${p}/templates`, templateBody)).json().id as string;
    // Bodies are valid, so only the access rule can refuse them.
    const routes: [string, string, unknown?][] = [
      ['GET', `${p}/library`],
      ['GET', `${p}/templates`],
      ['POST', `${p}/templates`, templateBody],
      ['DELETE', `${p}/templates/${templateId}`],
      ['GET', `${p}/groups`],
      ['POST', `${p}/groups`, { name: '侵入' }],
      ['GET', `${p}/groups/${groupId}/targets`],
      ['POST', `${p}/groups/${groupId}/import`],
      ['GET', `${p}/campaigns`],
      ['POST', `${p}/campaigns`, campaignBody],
      ['GET', `${p}/campaigns/${campaignId}`],
      ['POST', `${p}/campaigns/${campaignId}/launch`],
      ['GET', `${p}/campaigns/${campaignId}/results`],
      ['GET', `${p}/campaigns/${campaignId}/recipients`],
      ['GET', `${p}/campaigns/${campaignId}/export.csv`],
    ];
    const outsider = await signIn(app, demo.sakuraAdmin);
    for (const [method, url, body] of routes) {
      const res = await outsider.request(
        method as 'GET',
        url,
        method === 'GET' ? undefined : (body ?? {}),
      );
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const staff = await signIn(app, demo.minatoStaff);
    expect((await staff.get(`${p}/campaigns`)).statusCode).toBe(200);
    expect((await staff.get(`${p}/campaigns/${campaignId}/results`)).statusCode).toBe(403);
    // The program's operator sees aggregates but not who clicked.
    const operator = await signIn(app, demo.operator);
    expect((await operator.get(`${p}/campaigns/${campaignId}/results`)).statusCode).toBe(200);
    expect((await operator.get(`${p}/campaigns/${campaignId}/recipients`)).statusCode).toBe(403);
    expect((await operator.get(`${p}/campaigns/${campaignId}/export.csv`)).statusCode).toBe(403);
    // Another company's ids do not open its data through one's own routes either.
    expect(
      (await outsider.get(`/api/orgs/${sakura}/phishing/campaigns/${campaignId}`)).statusCode,
    ).toBe(404);
    expect(
      (await outsider.get(`/api/orgs/${sakura}/phishing/groups/${groupId}/targets`)).statusCode,
    ).toBe(404);
    // Everything refused above really changed nothing.
    expect((await admin.get(`${p}/templates`)).json().templates).toHaveLength(1);
  });
});
