import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generatedDocumentSchema } from '../../../contracts/documents';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  TestClient,
  waitForMail,
  type TestApp,
} from '../../testing/harness';
import { documentGenerator } from '../documents/kinds';
import { loadIncidentContent } from './content';
import { generateReportForm } from './report-form';
import { yearIn, zonedLocalToInstant } from './zoned-time';

let app: TestApp;
let minato: string;
let sakura: string;
let slug: string;
const year = yearIn(new Date(), 'Asia/Tokyo');

const validReport = (overrides: Record<string, unknown> = {}) => ({
  reporterName: '大森 健',
  affiliation: 'employee',
  organisation: '製造部',
  email: 'omori@minato-seiki.example.jp',
  phone: '',
  purpose: 'report_suspicion',
  whatWasSeen: '請求書を装ったメールの添付ファイルを開いてしまいました。\nその後パソコンが重い。',
  seenAt: '2026-11-20T09:15',
  seenTimeZone: 'Asia/Tokyo',
  affectedSystems: '製造部の事務用PC',
  hosting: ['on_premises'],
  howFound: 'ウイルス対策ソフトの警告',
  personalData: 'unknown',
  personalDataCount: null,
  notes: '',
  ...overrides,
});

const count = async (table: string) =>
  (await app.ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

const anonymous = (language = 'ja') => {
  const c = new TestClient(app);
  c.language = language;
  return c;
};

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
});
afterAll(() => app.close());

describe('content and time', () => {
  it('loads categories and the NIST scales in both languages', () => {
    const { taxonomy } = loadIncidentContent();
    expect(taxonomy.categories.length).toBeGreaterThanOrEqual(10);
    expect(taxonomy.functionalImpact.map((e) => e.key)).toEqual(['none', 'low', 'medium', 'high']);
    expect(taxonomy.informationImpact.map((e) => e.key)).toEqual([
      'none',
      'privacy',
      'proprietary',
      'integrity',
    ]);
    expect(taxonomy.recoverability.map((e) => e.key)).toEqual([
      'regular',
      'supplemented',
      'extended',
      'not_recoverable',
    ]);
  });

  it('reads a wall-clock time in its time zone', () => {
    expect(zonedLocalToInstant('2026-11-20T09:15', 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-20T00:15:00.000Z',
    );
    expect(zonedLocalToInstant('2026-07-01T12:00', 'Europe/London').toISOString()).toBe(
      '2026-07-01T11:00:00.000Z',
    );
  });
});

describe('the public report link', () => {
  it('is enabled by the company admin only, with an unguessable slug', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const url = `/api/orgs/${minato}/incident-report-link`;
    expect((await staff.get(url)).json()).toEqual({ enabled: false, slug: null, rotatedAt: null });
    expect((await staff.request('PUT', url, { enabled: true })).statusCode).toBe(403);

    const admin = await signIn(app, demo.minatoAdmin);
    const res = await admin.request('PUT', url, { enabled: true });
    expect(res.statusCode).toBe(200);
    slug = res.json().slug;
    // 144 random bits in base64url: 24 characters.
    expect(slug).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(Buffer.from(slug, 'base64url').length * 8).toBeGreaterThanOrEqual(128);

    const form = await anonymous().get(`/api/public/incident-reports/${slug}`);
    expect(form.statusCode).toBe(200);
    expect(form.json()).toEqual({ organizationName: '株式会社みなと精機' });
  });
});

describe('submitting a report through the public form', () => {
  it('answers a confirmation number, stores the incident, tells the admins and the live list', async () => {
    const publish = vi.spyOn(app.ctx.realtime, 'publish');
    const res = await anonymous().post(`/api/public/incident-reports/${slug}`, validReport());
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt).toMatchObject({
      reference: `INC-${year}-0001`,
      organizationName: '株式会社みなと精機',
    });
    expect(publish).toHaveBeenCalledWith(
      `org:${minato}`,
      'incidents.changed',
      expect.objectContaining({ reported: true }),
    );
    publish.mockRestore();

    const admin = await signIn(app, demo.minatoAdmin);
    const list = (await admin.get(`/api/orgs/${minato}/incidents`)).json().incidents;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      reference: `INC-${year}-0001`,
      source: 'public_form',
      status: 'new',
      title: '請求書を装ったメールの添付ファイルを開いてしまいました。',
    });
    const detail = (await admin.get(`/api/orgs/${minato}/incidents/${list[0].id}`)).json();
    expect(detail.report).toMatchObject({
      reporterName: '大森 健',
      seenAt: '2026-11-20T09:15',
      seenAtInstant: '2026-11-20T00:15:00.000Z',
      hosting: ['on_premises'],
    });
    expect(detail.actions).toMatchObject([{ kind: 'reported', actorName: '大森 健' }]);

    const mail = await waitForMail(app, demo.minatoAdmin);
    expect(mail.subject).toContain(`INC-${year}-0001`);
    expect(mail.text).toContain(`/companies/${minato}/incidents/${list[0].id}`);
    // The reporter's details stay behind sign-in.
    expect(mail.text).not.toContain('大森');
    expect(mail.text).not.toContain('omori@');

    const audit = await app.ctx.database.query(
      "SELECT action, actor_user_id, details FROM audit_log WHERE action = 'incident.reported'",
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses bad fields with localised messages and stores nothing', async () => {
    const before = [await count('incidents'), await count('incident_actions')];
    const url = `/api/public/incident-reports/${slug}`;
    const bad = await anonymous().post(
      url,
      validReport({
        reporterName: '',
        email: 'not-an-email',
        purpose: 'gossip',
        hosting: ['mars'],
      }),
    );
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['reporterName', 'email', 'purpose', 'hosting.0']),
    );
    expect(bad.json().error.message).toBe('入力内容に誤りがあります。項目を確認してください。');

    const noContact = await anonymous('en').post(url, validReport({ email: '', phone: '' }));
    expect(noContact.statusCode).toBe(400);
    expect(noContact.json().error.details.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['email'],
          code: 'contact_required',
          message: 'Give an e-mail address or a telephone number, or both.',
        }),
      ]),
    );
    const impossible = await anonymous().post(url, validReport({ seenAt: '2026-02-30T10:00' }));
    expect(impossible.json().error.details.issues[0]).toMatchObject({
      path: ['seenAt'],
      message: '存在する日時を入力してください。',
    });
    const future = await anonymous().post(url, validReport({ seenAt: `${year + 2}-01-01T10:00` }));
    expect(future.json().error.details.issues[0]).toMatchObject({ code: 'in_future' });
    const extra = await anonymous().post(url, { ...validReport(), organizationId: sakura });
    expect(extra.statusCode).toBe(400);

    expect([await count('incidents'), await count('incident_actions')]).toEqual(before);
  });

  it('refuses an oversized body with 413 and stores nothing', async () => {
    const before = await count('incidents');
    const res = await anonymous().post(
      `/api/public/incident-reports/${slug}`,
      validReport({ notes: 'あ'.repeat(40_000) }),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(await count('incidents')).toBe(before);
  });

  it('numbers reports sequentially per company, without gaps after refused ones', async () => {
    const url = `/api/public/incident-reports/${slug}`;
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) => anonymous().post(url, validReport({ notes: `#${n}` }))),
    );
    const refs = results.map((r) => r.json().reference as string).sort();
    expect(refs).toEqual([2, 3, 4, 5].map((n) => `INC-${year}-000${n}`));

    // Another company starts at 1.
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const other = (
      await sakuraAdmin.request('PUT', `/api/orgs/${sakura}/incident-report-link`, {
        enabled: true,
      })
    ).json().slug as string;
    expect(other).not.toBe(slug);
    const first = await anonymous().post(`/api/public/incident-reports/${other}`, validReport());
    expect(first.json()).toMatchObject({
      reference: `INC-${year}-0001`,
      organizationName: '有限会社さくら物流',
    });
  });

  it('gives the same neutral not-found for unknown, disabled and rotated links', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const linkUrl = `/api/orgs/${minato}/incident-report-link`;
    const unknown = await anonymous().post('/api/public/incident-reports/nope', validReport());
    expect(unknown.statusCode).toBe(404);
    const neutral = unknown.body;
    expect(neutral).not.toContain('みなと');

    await admin.request('PUT', linkUrl, { enabled: false });
    const disabledGet = await anonymous().get(`/api/public/incident-reports/${slug}`);
    const disabledPost = await anonymous().post(
      `/api/public/incident-reports/${slug}`,
      validReport(),
    );
    expect([disabledGet.statusCode, disabledPost.statusCode]).toEqual([404, 404]);
    expect(disabledGet.body).toBe(neutral);
    expect(disabledPost.body).toBe(neutral);

    await admin.request('PUT', linkUrl, { enabled: true });
    expect((await anonymous().get(`/api/public/incident-reports/${slug}`)).statusCode).toBe(200);
    const rotated = (await admin.post(`${linkUrl}/rotate`)).json();
    expect(rotated.enabled).toBe(true);
    expect(rotated.slug).not.toBe(slug);
    const old = await anonymous().post(`/api/public/incident-reports/${slug}`, validReport());
    expect(old.statusCode).toBe(404);
    expect(old.body).toBe(neutral);
    const fresh = await anonymous().post(
      `/api/public/incident-reports/${rotated.slug}`,
      validReport(),
    );
    expect(fresh.json().reference).toBe(`INC-${year}-0006`);
    slug = rotated.slug;

    const actions = await app.ctx.database.query(
      "SELECT action, details FROM audit_log WHERE action LIKE 'incident_form.%' ORDER BY at",
    );
    expect(actions.map((r: Record<string, unknown>) => r.action)).toContain(
      'incident_form.rotated',
    );
    // The capability never reaches the audit log.
    expect(JSON.stringify(actions)).not.toContain(slug);
  });
});

describe('rate limit', () => {
  it('limits submissions per address', async () => {
    const limited = await createTestApp({ authRateLimit: 3 });
    try {
      const id = await companyIdByName(limited, 'みなと');
      const admin = await signIn(limited, demo.minatoAdmin);
      const s = (
        await admin.request('PUT', `/api/orgs/${id}/incident-report-link`, { enabled: true })
      ).json().slug as string;
      const client = new TestClient(limited);
      const codes: number[] = [];
      for (let i = 0; i < 4; i += 1)
        codes.push(
          (await client.post(`/api/public/incident-reports/${s}`, validReport())).statusCode,
        );
      expect(codes).toEqual([201, 201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('triage', () => {
  let incidentId: string;

  it('lets members and the assigned expert triage; others are refused', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    incidentId = (await admin.get(`/api/orgs/${minato}/incidents`)).json().incidents.at(-1).id;
    const url = `/api/orgs/${minato}/incidents/${incidentId}`;

    for (const email of [demo.expert2, demo.observer, demo.sakuraAdmin]) {
      const outsider = await signIn(app, email);
      expect((await outsider.patch(url, { status: 'triage' })).statusCode, email).toBe(403);
      expect((await outsider.get(url)).statusCode, email).toBe(403);
    }

    const staff = await signIn(app, demo.minatoStaff);
    const assignees = (await staff.get(`/api/orgs/${minato}/incidents/assignees`)).json().people;
    const expert = assignees.find((p: { kind: string }) => p.kind === 'expert');
    expect(expert).toMatchObject({ name: '伴走 一郎' });

    const res = await staff.patch(url, {
      status: 'triage',
      category: 'phishing',
      severity: 'high',
      functionalImpact: 'low',
      informationImpact: 'none',
      recoverability: 'regular',
      assigneeUserId: expert.userId,
      nextSteps: 'PCをネットワークから外して調査する',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'triage',
      category: 'phishing',
      assignee: { name: '伴走 一郎' },
    });
    expect(res.json().actions.map((a: { kind: string }) => a.kind)).toEqual([
      'reported',
      'status',
      'assigned',
      'triage',
    ]);

    const expertClient = await signIn(app, demo.expert1);
    expect((await expertClient.patch(url, { status: 'in_progress' })).statusCode).toBe(200);
    const note = await expertClient.post(`${url}/actions`, {
      text: 'LANケーブルを抜いて隔離した',
      at: '2026-11-20T01:00:00.000Z',
    });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ kind: 'note', actorName: '伴走 一郎' });
    const evidence = await expertClient.post(`${url}/evidence`, {
      description: '添付ファイル（請求書.zip）',
      location: '証拠保全用USB（金庫）',
      hash: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      collectedBy: '伴走 一郎',
      collectedAt: '2026-11-20T02:00:00.000Z',
    });
    expect(evidence.statusCode).toBe(201);

    const detail = (await admin.get(url)).json();
    expect(detail.status).toBe('in_progress');
    expect(detail.evidence).toHaveLength(1);
    expect(detail.evidence[0]).toMatchObject({
      recordedBy: '伴走 一郎',
      location: '証拠保全用USB（金庫）',
    });
    expect(detail.actions.map((a: { kind: string }) => a.kind)).toContain('evidence');

    const filtered = (
      await admin.get(
        `/api/orgs/${minato}/incidents?status=in_progress&category=phishing&severity=high`,
      )
    ).json().incidents;
    expect(filtered.map((i: { id: string }) => i.id)).toEqual([incidentId]);
    expect(
      (await admin.get(`/api/orgs/${minato}/incidents?severity=low`)).json().incidents,
    ).toHaveLength(0);

    const audit = await app.ctx.database.query(
      `SELECT action FROM audit_log WHERE target_id = '${incidentId}' ORDER BY at`,
    );
    expect(audit.map((r: Record<string, unknown>) => r.action)).toEqual([
      'incident.reported',
      'incident.updated',
      'incident.updated',
      'incident.action_added',
      'incident.evidence_added',
    ]);
  });

  it('refuses an unknown category and someone who cannot be assigned, changing nothing', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const url = `/api/orgs/${minato}/incidents/${incidentId}`;
    const before = (await admin.get(url)).body;
    const sakuraMembers = (
      await (await signIn(app, demo.sakuraAdmin)).get(`/api/orgs/${sakura}/members`)
    ).json().members;
    const res = await admin.patch(url, {
      status: 'closed',
      category: 'aliens',
      assigneeUserId: sakuraMembers[0].userId,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues.map((i: { path: string[] }) => i.path[0])).toEqual([
      'category',
      'assigneeUserId',
    ]);
    expect((await admin.get(url)).body).toBe(before);
  });

  it('lets staff record an incident directly, numbered in the same sequence', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const res = await staff.post(`/api/orgs/${minato}/incidents`, {
      title: 'ノートPCの紛失',
      report: validReport({ purpose: 'inform', email: '', phone: '' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      reference: `INC-${year}-0007`,
      source: 'staff',
      title: 'ノートPCの紛失',
    });
    expect(res.json().actions[0]).toMatchObject({ kind: 'created', actorName: '品川 由紀' });
    const bad = await staff.post(`/api/orgs/${minato}/incidents`, {
      report: validReport({ seenAt: '2026-13-01T10:00' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(['report', 'seenAt']);
  });
});

describe('the printable report form', () => {
  it('is registered as a document kind and lists every field, contacts and the web address', async () => {
    expect(documentGenerator('incident-report-form')).toBe(generateReportForm);
    const ja = generatedDocumentSchema.parse(await generateReportForm(app.ctx, minato, 'ja'));
    expect(ja.title).toBe('インシデント報告書');
    const text = JSON.stringify(ja);
    for (const label of [
      '氏名',
      '報告の目的',
      '気づいた日時',
      'どこで動いているか',
      '復旧の見通し',
    ])
      expect(text).toContain(label);
    expect(text).toContain('港 誠');
    expect(text).toContain('admin@minato-seiki.example.jp');
    // Without a public address the web form cannot be printed: said, not left blank.
    expect(ja.sections.find((s) => s.key === 'send')!.missing).toHaveLength(1);
    expect(text).not.toContain('/report/');

    const withUrl = {
      ...app.ctx,
      config: { ...app.ctx.config, publicUrl: 'https://banso.example.jp' },
    };
    const en = await generateReportForm(withUrl, minato, 'en');
    expect(en.title).toBe('Incident report form');
    expect(JSON.stringify(en)).toContain(`https://banso.example.jp/report/${slug}`);
    expect(en.sections.find((s) => s.key === 'send')!.missing).toEqual([]);
    // Only the company's own names stay in Japanese.
    const enText = JSON.stringify(en).replaceAll('株式会社みなと精機', '').replaceAll('港 誠', '');
    expect(enText).not.toMatch(/[ぁ-んァ-ン一-龯：]/);
  });
});
