import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AarView,
  ExerciseDetail,
  RetestProposalView,
  SeatLinkView,
  SeatView,
} from '../../../contracts/exercises';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  TestClient,
  type TestApp,
} from '../../testing/harness';

// Retest injects proposed by one exercise's after-action report reach the next exercise of the company.

let app: TestApp;
let minato: string;
let admin: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
});
afterAll(() => app.close());

const orgUrl = () => `/api/orgs/${minato}`;

async function plan(body: object) {
  return admin.post(`${orgUrl()}/exercises`, { scenarioId: 'ransomware-invoice', ...body });
}

async function proposals(): Promise<RetestProposalView[]> {
  const res = await admin.get(`${orgUrl()}/exercise-retests`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { proposals: RetestProposalView[] }).proposals;
}

describe('retests from one exercise to the next', () => {
  it('offers open retests, adds the chosen ones as injects for their roles and checkpoint, and offers each once', async () => {
    expect(await proposals()).toEqual([]);

    // A first exercise, rated poorly on two checkpoints, closed with its report.
    const first = (await plan({ title: '第1回 演習' })).json() as ExerciseDetail;
    const url = `${orgUrl()}/exercises/${first.id}`;
    expect((await admin.post(`${url}/start`)).statusCode).toBe(200);
    for (const [cp, rating] of [
      ['decision-owner', 'major_challenges'],
      ['customer-notice', 'unable'],
    ])
      expect(
        (await admin.request('PUT', `${url}/ratings/${cp}`, { rating, note: '' })).statusCode,
      ).toBe(200);
    // Nothing is proposed while the exercise runs.
    expect(await proposals()).toEqual([]);
    expect((await admin.post(`${url}/close`)).statusCode).toBe(200);
    const generated = await admin.post(`${url}/aar/generate`);
    expect(generated.statusCode, generated.body).toBe(200);
    const report = generated.json() as AarView;
    const owner = report.actions.find((a) => a.checkpointId === 'decision-owner')!;
    expect(owner).toBeDefined();
    // The company addresses the retest of the decision owner to the executive and HR.
    const edited = await admin.request('PATCH', `${url}/aar`, {
      actions: report.actions.map((a) => ({
        id: a.id,
        checkpointId: a.checkpointId,
        title: a.title,
        detail: a.detail,
        ownerName: a.ownerName,
        dueDate: a.dueDate,
        effort: a.effort,
        retest:
          a.id === owner.id
            ? {
                ...a.retest,
                title: '停止判断の責任者を確かめる',
                question: '誰が停止を決めますか。',
                roles: ['executive', 'hr'],
              }
            : a.retest,
      })),
    });
    expect(edited.statusCode, edited.body).toBe(200);

    const open = await proposals();
    expect(open.map((p) => p.exerciseId)).toEqual(open.map(() => first.id));
    const chosen = open.find((p) => p.actionId === owner.id)!;
    expect(chosen).toMatchObject({
      exerciseTitle: '第1回 演習',
      checkpointId: 'decision-owner',
      retest: { title: '停止判断の責任者を確かめる', roles: ['executive', 'hr'] },
    });

    // The next exercise carries the chosen retest as an inject of its own copy of the scenario.
    const created = await plan({
      title: '第2回 演習',
      retests: [{ exerciseId: first.id, actionId: chosen.actionId }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const second = created.json() as ExerciseDetail;
    const retest = second.injects.find((i) => i.retestOf)!;
    expect(retest).toMatchObject({
      title: { ja: '停止判断の責任者を確かめる' },
      roles: ['executive', 'hr'],
      questions: [{ text: { ja: '誰が停止を決めますか。' }, kind: 'free' }],
      retestOf: { exerciseId: first.id, actionId: chosen.actionId, checkpointId: 'decision-owner' },
      state: 'pending',
    });
    expect(retest.expectedActions[0]!.checkpoints).toEqual(['decision-owner']);
    expect(retest.offsetMinutes).toBeGreaterThanOrEqual(0);
    expect(retest.offsetMinutes).toBeLessThanOrEqual(second.scenario.durationMinutes);
    expect(second.scenario.roles).toContain('hr');
    const offsets = second.injects.map((i) => i.offsetMinutes);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));

    // Carried once: no longer offered, and choosing it again is refused with nothing planned.
    const left = await proposals();
    expect(left.some((p) => p.actionId === chosen.actionId)).toBe(false);
    expect(left.length).toBe(open.length - 1);
    const before = (await admin.get(`${orgUrl()}/exercises`)).json().exercises.length;
    const again = await plan({ retests: [{ exerciseId: first.id, actionId: chosen.actionId }] });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ path: ['retests', '0'], code: 'retest_unavailable' }] },
    });
    expect((await admin.get(`${orgUrl()}/exercises`)).json().exercises.length).toBe(before);

    // The HR seat of the second exercise receives the retest when it is released.
    const url2 = `${orgUrl()}/exercises/${second.id}`;
    const hr = await admin.post(`${url2}/participants`, { name: '人事 花子', role: 'hr' });
    expect(hr.statusCode, hr.body).toBe(201);
    const link = (
      await admin.post(`${url2}/participants/${hr.json().id}/seat-link`)
    ).json() as SeatLinkView;
    const seat = new TestClient(app);
    const deviceSecret = randomBytes(24).toString('base64url');
    expect(
      (await seat.post('/api/exercise-seat/claim', { token: link.token, deviceSecret })).statusCode,
    ).toBe(200);
    expect((await admin.post(`${url2}/start`)).statusCode).toBe(200);
    const released = await admin.post(`${url2}/injects/${retest.id}/release`);
    expect(released.statusCode, released.body).toBe(200);
    const view = (
      await seat.request('GET', '/api/exercise-seat', undefined, {
        'x-seat-token': link.token,
        'x-seat-device': deviceSecret,
      })
    ).json() as SeatView;
    expect(view.injects.map((i) => i.id)).toContain(retest.id);
  });

  it('refuses a retest of another company or an unknown action', async () => {
    const res = await plan({
      retests: [
        {
          exerciseId: '00000000-0000-4000-8000-000000000000',
          actionId: '00000000-0000-4000-8000-000000000001',
        },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].message).toContain('再確認');
  });
});
