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
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('experts', () => {
  it('the operator invites a new expert and assigns them to a company, which they then see', async () => {
    const operator = await signIn(app, demo.operator);
    const operatorOrg = (await operator.get('/api/me')).json().memberships[0]
      .organizationId as string;
    const wrongRole = await operator.post(`/api/orgs/${operatorOrg}/invitations`, {
      email: 'x@example.jp',
      role: 'company_admin',
    });
    expect(wrongRole.statusCode).toBe(400);
    expect(
      (
        await operator.post(`/api/orgs/${operatorOrg}/invitations`, {
          email: 'expert3@example.jp',
          role: 'expert',
        })
      ).statusCode,
    ).toBe(201);

    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(
      (await waitForMail(app, 'expert3@example.jp')).text,
    )![1];
    const expert = new TestClient(app);
    const me = (
      await expert.post(`/api/invitations/${token}/accept`, {
        name: '新任 専門家',
        password: 'expert-three-password',
      })
    ).json();
    expect(me.memberships[0].role).toBe('expert');
    expect(me.companies).toEqual([]);

    const sakura = await companyIdByName(app, 'さくら');
    const [program] = (await operator.get('/api/programs')).json().programs;
    const assigned = await operator.post(`/api/programs/${program.id}/assignments`, {
      companyId: sakura,
      expertUserId: me.user.id,
    });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json()).toMatchObject({
      companyName: '有限会社さくら物流',
      expertName: '新任 専門家',
    });
    expect(
      (await expert.get('/api/orgs')).json().organizations.map((o: { id: string }) => o.id),
    ).toEqual([sakura]);
    expect((await expert.get('/api/programs')).json().programs).toHaveLength(1);

    // A company user cannot be made an expert of a company.
    const staffId = (await (await signIn(app, demo.minatoStaff)).get('/api/me')).json().user.id;
    expect(
      (
        await operator.post(`/api/programs/${program.id}/assignments`, {
          companyId: sakura,
          expertUserId: staffId,
        })
      ).statusCode,
    ).toBe(400);

    expect(
      (await operator.delete(`/api/programs/${program.id}/assignments/${assigned.json().id}`))
        .statusCode,
    ).toBe(200);
    expect((await expert.get(`/api/orgs/${sakura}`)).statusCode).toBe(403);
    const audit = (await operator.get('/api/audit?action=expert.assigned')).json().entries;
    expect(audit).toHaveLength(1);
  });

  it('nobody but the operator manages assignments', async () => {
    const operator = await signIn(app, demo.operator);
    const [program] = (await operator.get('/api/programs')).json().programs;
    for (const email of [demo.expert1, demo.minatoAdmin, demo.observer]) {
      const client = await signIn(app, email);
      expect((await client.get(`/api/programs/${program.id}/assignments`)).statusCode).toBe(403);
    }
  });
});
