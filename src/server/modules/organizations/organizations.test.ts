import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  TestClient,
  waitForMail,
  type TestApp,
} from '../../testing/harness';

let app: TestApp;
let minato: string;
let sakura: string;
let aoba: string;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
  aoba = await companyIdByName(app, 'あおば');
});
afterAll(() => app.close());

describe('invitations', () => {
  it('a company admin invites a member, who gets the mail, joins and sees only their company', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const invited = await admin.post(`/api/orgs/${minato}/invitations`, {
      email: 'New.Hire@minato-seiki.example.jp',
      role: 'company_member',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().email).toBe('new.hire@minato-seiki.example.jp');

    const mail = await waitForMail(app, 'new.hire@minato-seiki.example.jp');
    expect(mail.subject).toContain('招待');
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();

    const newcomer = new TestClient(app);
    const preview = await newcomer.get(`/api/invitations/${token}`);
    expect(preview.json()).toMatchObject({
      organizationName: '株式会社みなと精機',
      role: 'company_member',
    });
    const short = await newcomer.post(`/api/invitations/${token}/accept`, {
      name: '新入 社員',
      password: 'short',
    });
    expect(short.statusCode).toBe(400);
    const accepted = await newcomer.post(`/api/invitations/${token}/accept`, {
      name: '新入 社員',
      password: 'a-long-enough-password',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().companies).toEqual([{ id: minato, name: '株式会社みなと精機' }]);
    newcomer.csrf = accepted.json().csrfToken;

    expect((await newcomer.get(`/api/orgs/${minato}/members`)).statusCode).toBe(200);
    expect((await newcomer.get(`/api/orgs/${sakura}`)).statusCode).toBe(403);
    expect(
      (await newcomer.get('/api/orgs')).json().organizations.map((o: { id: string }) => o.id),
    ).toEqual([minato]);
    // Members cannot manage members.
    expect(
      (
        await newcomer.post(`/api/orgs/${minato}/invitations`, {
          email: 'x@example.jp',
          role: 'company_admin',
        })
      ).statusCode,
    ).toBe(403);
    // The link works once.
    expect((await new TestClient(app).get(`/api/invitations/${token}`)).json().error.code).toBe(
      'invitation_invalid',
    );
  });

  it('revokes a pending invitation', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const { id } = (
      await admin.post(`/api/orgs/${sakura}/invitations`, {
        email: 'temp@sakura-logi.example.jp',
        role: 'company_member',
      })
    ).json();
    expect((await admin.get(`/api/orgs/${sakura}/invitations`)).json().invitations).toHaveLength(1);
    expect((await admin.delete(`/api/orgs/${sakura}/invitations/${id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/orgs/${sakura}/invitations`)).json().invitations).toHaveLength(0);
  });
});

describe('members and roles', () => {
  it('changes roles, keeps the last admin, and audits role changes and removals', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const members = (await admin.get(`/api/orgs/${minato}/members`)).json().members as {
      userId: string;
      email: string;
    }[];
    const self = members.find((m) => m.email === demo.minatoAdmin)!;
    const staff = members.find((m) => m.email === demo.minatoStaff)!;

    const demoteSelf = await admin.patch(`/api/orgs/${minato}/members/${self.userId}`, {
      role: 'company_member',
    });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json().error.code).toBe('last_admin');
    expect(
      (await admin.patch(`/api/orgs/${minato}/members/${staff.userId}`, { role: 'operator' }))
        .statusCode,
    ).toBe(400);

    expect(
      (
        await admin.patch(`/api/orgs/${minato}/members/${staff.userId}`, { role: 'company_admin' })
      ).json().role,
    ).toBe('company_admin');
    expect(
      (await admin.patch(`/api/orgs/${minato}/members/${self.userId}`, { role: 'company_member' }))
        .statusCode,
    ).toBe(200);

    const staffClient = await signIn(app, demo.minatoStaff);
    expect(
      (await staffClient.delete(`/api/orgs/${minato}/members/${self.userId}`)).statusCode,
    ).toBe(200);
    const operator = await signIn(app, demo.operator);
    const audit = (await operator.get('/api/audit?limit=200')).json().entries as {
      action: string;
      details: Record<string, unknown>;
    }[];
    const roleChanges = audit
      .filter((e) => e.action === 'member.role_changed')
      .map((e) => e.details);
    expect(roleChanges).toEqual(
      expect.arrayContaining([
        { from: 'company_member', to: 'company_admin' },
        { from: 'company_admin', to: 'company_member' },
      ]),
    );
    expect(audit.some((e) => e.action === 'member.removed')).toBe(true);
  });
});

describe('who sees which companies', () => {
  it('operators see every company, experts their assigned ones, observers none', async () => {
    const operator = await signIn(app, demo.operator);
    expect((await operator.get('/api/orgs')).json().organizations).toHaveLength(3);
    const expert2 = await signIn(app, demo.expert2);
    const visible = (await expert2.get('/api/orgs'))
      .json()
      .organizations.map((o: { id: string }) => o.id)
      .sort();
    expect(visible).toEqual([sakura, aoba].sort());
    expect((await expert2.get(`/api/orgs/${minato}`)).statusCode).toBe(403);
    // Experts work with a company but do not manage its members.
    expect((await expert2.get(`/api/orgs/${sakura}/invitations`)).statusCode).toBe(403);
    const observer = await signIn(app, demo.observer);
    expect((await observer.get('/api/orgs')).json().organizations).toEqual([]);
    expect((await observer.get(`/api/orgs/${aoba}`)).statusCode).toBe(403);
  });

  it('operators create companies; nobody else can', async () => {
    const body = {
      name: '株式会社テスト商事',
      industry: 'wholesale',
      employeeCount: 20,
      prefecture: '東京都',
    };
    expect((await (await signIn(app, demo.minatoStaff)).post('/api/orgs', body)).statusCode).toBe(
      403,
    );
    const created = await (await signIn(app, demo.operator)).post('/api/orgs', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'company', name: '株式会社テスト商事' });
  });
});

describe('program aggregates', () => {
  it('withholds groups below the minimum size from the observer and keeps company data away from them', async () => {
    const observer = await signIn(app, demo.observer);
    const [program] = (await observer.get('/api/programs/observed')).json().programs;
    expect(program.courses.map((c: { code: string }) => c.code)).toEqual(['csirt', 'itbcp']);
    const summary = (await observer.get(`/api/programs/${program.id}/summary`)).json();
    expect(summary.minimumGroupSize).toBe(5);
    expect(summary.enrolledCompanies).toBeNull();
    expect(summary.byCourse.every((c: { companies: number | null }) => c.companies === null)).toBe(
      true,
    );
    expect(
      (await (await signIn(app, demo.minatoAdmin)).get(`/api/programs/${program.id}/summary`))
        .statusCode,
    ).toBe(403);
  });
});
