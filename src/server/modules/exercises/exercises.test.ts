import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AarView,
  EventListView,
  ExerciseDetail,
  ParticipantView,
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
import { listActions } from '../improvement/service';
import { elapsedMs } from './clock';
import * as live from './live';
import { loadExerciseContent, scenarioContent, scenarioProblems } from './scenario';
import { exerciseParticipants, exercises } from './tables';

let app: TestApp;
let minato: string;
let aoba: string;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  aoba = await companyIdByName(app, 'あおば');
});
afterAll(() => app.close());

const device = () => randomBytes(24).toString('base64url');

/** A seat client: sends the seat headers like the seat page does. */
function seatClient(link: SeatLinkView, deviceSecret: string) {
  const anon = new TestClient(app);
  const headers = { 'x-seat-token': link.token, 'x-seat-device': deviceSecret };
  return {
    claim: () => anon.post('/api/exercise-seat/claim', { token: link.token, deviceSecret }),
    view: () => anon.request('GET', '/api/exercise-seat', undefined, headers),
    events: (after: number) =>
      anon.request('GET', `/api/exercise-seat/events?after=${after}`, undefined, headers),
    respond: (body: object) => anon.request('POST', '/api/exercise-seat/responses', body, headers),
    feedback: (body: object) => anon.request('POST', '/api/exercise-seat/feedback', body, headers),
  };
}

async function planExercise(client: TestClient, orgId = minato) {
  const res = await client.post(`/api/orgs/${orgId}/exercises`, {
    scenarioId: 'ransomware-invoice',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ExerciseDetail;
}

async function addParticipant(
  client: TestClient,
  ex: ExerciseDetail,
  name: string,
  role: string,
): Promise<ParticipantView> {
  const res = await client.post(`/api/orgs/${ex.organizationId}/exercises/${ex.id}/participants`, {
    name,
    role,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ParticipantView;
}

async function issueLink(client: TestClient, ex: ExerciseDetail, p: ParticipantView) {
  const res = await client.post(
    `/api/orgs/${ex.organizationId}/exercises/${ex.id}/participants/${p.id}/seat-link`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SeatLinkView;
}

describe('exercise content', () => {
  it('loads the 11 checkpoints, the scenarios and the feedback form', () => {
    const content = loadExerciseContent();
    expect(content.checkpoints.map((c) => c.no)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const ransomware = content.scenarios.find((s) => s.id === 'ransomware-invoice');
    expect(ransomware?.attackerSteps).toHaveLength(5);
    expect(content.feedback.length).toBeGreaterThan(0);
  });

  it('finds cross-field faults in a scenario', () => {
    const base = loadExerciseContent().scenarios.find((s) => s.id === 'ransomware-invoice')!;
    const broken = scenarioContent.parse({
      ...base,
      injects: [
        {
          ...base.injects[0],
          title: { ja: '{{system.unknown}}', en: 'x' },
          roles: ['regulator'],
          expectedActions: [],
        },
        {
          ...base.injects[1],
          when: { inject: 'invoice-mail', question: 'first-step', anyOf: ['nope'] },
        },
      ],
    });
    const ids = new Set(loadExerciseContent().checkpoints.map((c) => c.id));
    const problems = scenarioProblems(broken, ids);
    expect(problems.some((p) => p.includes('role regulator'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown option nope'))).toBe(true);
    expect(problems.some((p) => p.includes('{{system.unknown}}'))).toBe(true);
  });

  it('serves content to signed-in users and previews a scenario with the company names', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const content = await admin.get('/api/exercise-content');
    expect(content.statusCode).toBe(200);
    expect(content.json().checkpoints).toHaveLength(11);
    const preview = await admin.get(
      `/api/orgs/${minato}/exercise-scenarios/ransomware-invoice/preview`,
    );
    expect(preview.statusCode).toBe(200);
    const text = JSON.stringify(preview.json());
    expect(text).not.toContain('{{');
    expect(text).toContain('みなと精機');
  });
});

describe('planning', () => {
  it('plans from a scenario with a snapshot, edits while planned and not after the start', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const ex = await planExercise(admin);
    expect(ex.status).toBe('planned');
    expect(ex.plan.checkpoints).toHaveLength(11);
    expect(ex.plan.timetable.length).toBeGreaterThan(3);
    expect(ex.injects.every((i) => i.state === 'pending' && i.dueAt === null)).toBe(true);
    expect(JSON.stringify(ex.injects)).not.toContain('{{');
    expect(ex.you).toMatchObject({ facilitator: true, canEdit: true });

    const url = `/api/orgs/${minato}/exercises/${ex.id}`;
    const edited = await admin.patch(url, {
      background: '昨年、同業他社がランサムウェア被害に遭った。',
      scope: '本社の IT 部門と経営層',
      checkpoints: ['decision-owner', 'initial-response', 'recovery'],
      mode: 'in_room',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      mode: 'in_room',
      plan: {
        scope: '本社の IT 部門と経営層',
        checkpoints: ['decision-owner', 'initial-response', 'recovery'],
      },
    });
    const bad = await admin.patch(url, { checkpoints: ['nope'] });
    expect(bad.statusCode).toBe(400);

    // The snapshot is the company's copy: changing the content afterwards changes nothing.
    const content = loadExerciseContent().scenarios.find((s) => s.id === 'ransomware-invoice')!;
    const original = content.injects[0]!.title.ja;
    content.injects[0]!.title.ja = '書き換えたタイトル';
    try {
      const again = (await admin.get(url)).json() as ExerciseDetail;
      expect(again.injects[0]!.title.ja).toBe(original);
    } finally {
      content.injects[0]!.title.ja = original;
    }

    expect((await admin.post(`${url}/start`)).statusCode).toBe(200);
    const late = await admin.patch(url, { scope: 'x' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('exercise_state_invalid');
    expect((await admin.delete(url)).statusCode).toBe(409);
  });

  it('accepts only company members and assigned experts as facilitator and evaluators', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const ex = await planExercise(admin);
    const url = `/api/orgs/${minato}/exercises/${ex.id}`;
    const candidates = (await admin.get(`${url}/evaluator-candidates`)).json().candidates as {
      id: string;
      kind: string;
    }[];
    expect(candidates.some((c) => c.kind === 'expert')).toBe(true);
    const ok = await admin.request('PUT', `${url}/evaluators`, {
      userIds: candidates.map((c) => c.id),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as ExerciseDetail).evaluators).toHaveLength(candidates.length);
    const aobaAdmin = (await (await signIn(app, demo.aobaAdmin)).get('/api/me')).json() as {
      user: { id: string };
    };
    const bad = await admin.request('PUT', `${url}/evaluators`, { userIds: [aobaAdmin.user.id] });
    expect(bad.statusCode).toBe(400);
  });
});

describe('shared clock', () => {
  it('shifts every later offset by the pause and releases on the shifted time', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const ex = await planExercise(admin);
    const me = ex.plan.facilitatorUserId;
    const db = app.ctx.db;
    const t0 = new Date('2026-01-10T01:00:00Z');
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    const args = { organizationId: minato, exerciseId: ex.id, actorUserId: me };
    await live.changeClock(db, { ...args, action: 'start' }, t0);
    // Minute 5: the first inject (offset 5) is due.
    const first = await live.releaseDueInjects(db, minato, ex.id, at(5));
    expect(first.map((e) => e.injectId)).toEqual(['invoice-mail']);
    await live.changeClock(db, { ...args, action: 'pause' }, at(10));
    // Paused: nothing is released however late it gets.
    expect(await live.releaseDueInjects(db, minato, ex.id, at(40))).toEqual([]);
    const { value: resumed } = await live.changeClock(db, { ...args, action: 'resume' }, at(20));
    expect(resumed.pausedTotalMs).toBe(10 * 60_000);
    expect(elapsedMs(resumed, at(25))).toBe(15 * 60_000);
    // Offset 15 is now due at wall minute 25, not 15.
    expect(await live.releaseDueInjects(db, minato, ex.id, at(24.9))).toEqual([]);
    const second = await live.releaseDueInjects(db, minato, ex.id, at(25));
    expect(second.map((e) => e.injectId)).toEqual(['more-pcs']);
    const row = (await db.select().from(exercises).where(eq(exercises.id, ex.id)))[0]!;
    const { injectRunViews, listInjectStates } = await import('./service');
    const views = injectRunViews(row, await listInjectStates(db, ex.id), at(25));
    expect(views.find((i) => i.id === 'server-encrypted')!.dueAt).toBe(at(40).toISOString());
  });

  it('releases each inject exactly once when timers and the facilitator race', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const ex = await planExercise(admin);
    const db = app.ctx.db;
    const t0 = new Date(Date.now() - 60 * 60_000);
    await live.changeClock(
      db,
      {
        organizationId: minato,
        exerciseId: ex.id,
        actorUserId: ex.plan.facilitatorUserId,
        action: 'start',
      },
      t0,
    );
    const batches = await Promise.all(
      Array.from({ length: 6 }, () => live.releaseDueInjects(db, minato, ex.id)),
    );
    const released = batches.flat().filter((e) => e.type === 'inject.released');
    const ids = released.map((e) => e.injectId);
    expect(new Set(ids).size).toBe(ids.length);
    // Without answers, the default branch (police advice) goes out and the other is skipped.
    expect(ids).toContain('police-advice');
    expect(ids).not.toContain('attacker-contact');
    const again = await admin.post(
      `/api/orgs/${minato}/exercises/${ex.id}/injects/invoice-mail/release`,
    );
    expect(again.statusCode).toBe(409);
    const detail = (
      await admin.get(`/api/orgs/${minato}/exercises/${ex.id}`)
    ).json() as ExerciseDetail;
    expect(detail.injects.filter((i) => i.state === 'released')).toHaveLength(ids.length);
    expect(detail.injects.find((i) => i.id === 'attacker-contact')!.state).toBe('skipped');
  });

  it('lets only the facilitator drive the exercise', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const staff = await signIn(app, demo.minatoStaff);
    const ex = await planExercise(admin);
    const url = `/api/orgs/${minato}/exercises/${ex.id}`;
    for (const path of ['start', 'injects/invoice-mail/release']) {
      const res = await staff.post(`${url}/${path}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('exercise_facilitator_only');
    }
    const p = await addParticipant(admin, ex, '経理 花子', 'helpdesk');
    expect((await staff.post(`${url}/participants/${p.id}/seat-link`)).json().error.code).toBe(
      'exercise_facilitator_only',
    );
    // Another company's admin does not even see it.
    const other = await signIn(app, demo.aobaAdmin);
    expect((await other.post(`/api/orgs/${aoba}/exercises/${ex.id}/start`)).statusCode).toBe(404);
  });
});

describe('live run with seats', () => {
  it('runs seats, answers, decisions, catch-up, branching, evaluation, AAR and the hand-off', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const expert = await signIn(app, demo.expert1);
    const staff = await signIn(app, demo.minatoStaff);
    const ex = await planExercise(admin);
    const url = `/api/orgs/${minato}/exercises/${ex.id}`;
    const expertId = ((await expert.get('/api/me')).json() as { user: { id: string } }).user.id;
    expect(
      (await admin.request('PUT', `${url}/evaluators`, { userIds: [expertId] })).statusCode,
    ).toBe(200);

    const helpdesk = await addParticipant(admin, ex, '受付 一郎', 'helpdesk');
    const exec = await addParticipant(admin, ex, '社長 二郎', 'executive');
    const late = await addParticipant(admin, ex, '法務 三郎', 'legal');
    const link = await issueLink(admin, ex, helpdesk);
    expect(link.token.length).toBeGreaterThanOrEqual(43);
    expect(link.qrSvg).toContain('<svg');
    const execLink = await issueLink(admin, ex, exec);
    const lateLink = await issueLink(admin, ex, late);

    // First device claims; the same device may come back; another device is refused.
    const deviceA = device();
    const seat = seatClient(link, deviceA);
    expect((await seat.claim()).statusCode).toBe(200);
    expect((await seat.claim()).statusCode).toBe(200);
    const thief = seatClient(link, device());
    const stolen = await thief.claim();
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().error.code).toBe('exercise_seat_taken');
    expect(stolen.json().error.message).toContain('別の端末');
    expect((await thief.view()).statusCode).toBe(409);
    const execSeat = seatClient(execLink, device());
    expect((await execSeat.claim()).statusCode).toBe(200);

    // Not started: nothing to answer yet.
    const early = await seat.respond({
      id: randomUUID(),
      injectId: 'invoice-mail',
      questionId: 'first-step',
      kind: 'answer',
      optionId: 'unplug',
    });
    expect(early.statusCode).toBe(409);

    expect((await admin.post(`${url}/start`)).statusCode).toBe(200);
    expect((await admin.post(`${url}/injects/invoice-mail/release`)).statusCode).toBe(200);

    let view = (await seat.view()).json() as SeatView;
    expect(view.injects.map((i) => i.id)).toEqual(['invoice-mail']);
    // The executive is not addressed by the first inject.
    expect(((await execSeat.view()).json() as SeatView).injects).toEqual([]);

    const answer = {
      id: randomUUID(),
      injectId: 'invoice-mail',
      questionId: 'first-step',
      kind: 'answer',
      optionId: 'unplug',
    };
    const ack1 = await seat.respond(answer);
    expect(ack1.statusCode, ack1.body).toBe(200);
    const ack2 = await seat.respond(answer);
    expect(ack2.json()).toMatchObject({ id: answer.id, seq: ack1.json().seq, duplicate: true });
    // The same id from another seat is a conflict, not a silent overwrite.
    const foreign = await execSeat.respond({ ...answer, injectId: 'invoice-mail' });
    expect([409]).toContain(foreign.statusCode);
    const badOption = await seat.respond({ ...answer, id: randomUUID(), optionId: 'nope' });
    expect(badOption.statusCode).toBe(400);
    const decision = await seat.respond({
      id: randomUUID(),
      injectId: 'invoice-mail',
      kind: 'decision',
      text: '該当 PC を LAN から切り離し、CSIRT 責任者に電話で報告した。',
    });
    expect(decision.statusCode).toBe(200);
    view = (await seat.view()).json() as SeatView;
    expect(view.responses).toHaveLength(2);

    // Branching: the executive chooses to consider paying → the attacker chases; police advice is skipped.
    expect((await admin.post(`${url}/injects/server-encrypted/release`)).statusCode).toBe(200);
    expect(
      (
        await execSeat.respond({
          id: randomUUID(),
          injectId: 'server-encrypted',
          questionId: 'ransom',
          kind: 'answer',
          optionId: 'consider',
        })
      ).statusCode,
    ).toBe(200);
    const db = app.ctx.db;
    const row = (await db.select().from(exercises).where(eq(exercises.id, ex.id)))[0]!;
    const due = await live.releaseDueInjects(
      db,
      minato,
      ex.id,
      new Date(row.startedAt!.getTime() + 45 * 60_000),
    );
    const outcome = Object.fromEntries(due.map((e) => [e.injectId, e.type]));
    expect(outcome['attacker-contact']).toBe('inject.released');
    expect(outcome['police-advice']).toBe('inject.skipped');

    // Catch-up: a seat asks for what happened after the seq it holds; staff see everything.
    const events = (await seat.events(0)).json() as EventListView;
    expect(events.events.every((e) => e.roles.length === 0 || e.roles.includes('helpdesk'))).toBe(
      true,
    );
    expect(events.events.some((e) => e.type === 'response.recorded')).toBe(false);
    const staffAll = (await staff.get(`${url}/events?after=0`)).json() as EventListView;
    const seqs = staffAll.events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const n = seqs[Math.floor(seqs.length / 2)]!;
    const tail = (await staff.get(`${url}/events?after=${n}`)).json() as EventListView;
    expect(tail.events[0]!.seq).toBe(n + 1);
    expect(tail.lastSeq).toBe(seqs.at(-1));
    // A late joiner claims now and sees everything released for the role so far.
    const lateSeat = seatClient(lateLink, device());
    const lateView = (await lateSeat.claim()).json() as SeatView;
    expect(lateView.injects.map((i) => i.id)).toEqual(
      expect.arrayContaining(['server-encrypted', 'attacker-contact']),
    );

    // Flood: one seat sending too much is refused with a clear error.
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await seat.respond({
        id: randomUUID(),
        injectId: 'invoice-mail',
        kind: 'decision',
        text: `連投 ${i}`,
      });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) expect(r.json().error.code).toBe('exercise_too_many_messages');
    }
    expect(statuses).toContain(429);

    // Evaluation: the expert rates with evidence; the company staff (not an evaluator) cannot.
    const rate = (client: TestClient, cp: string, rating: string) =>
      client.request('PUT', `${url}/ratings/${cp}`, { rating, note: '' });
    expect((await rate(staff, 'initial-response', 'performed')).statusCode).toBe(403);
    expect((await rate(expert, 'initial-response', 'performed')).statusCode).toBe(200);
    expect((await rate(expert, 'decision-owner', 'major_challenges')).statusCode).toBe(200);
    expect((await rate(expert, 'customer-notice', 'unable')).statusCode).toBe(200);
    expect((await rate(admin, 'recovery', 'some_challenges')).statusCode).toBe(200);
    const evidenceId = randomUUID();
    const note = {
      id: evidenceId,
      checkpointId: 'decision-owner',
      injectId: 'server-encrypted',
      note: '停止判断の責任者を誰も名指しできなかった。',
    };
    const ev1 = await expert.post(`${url}/evidence`, note);
    expect(ev1.statusCode, ev1.body).toBe(200);
    expect((await expert.post(`${url}/evidence`, note)).json().id).toBe(evidenceId);
    const evaluation = (await staff.get(`${url}/evaluation`)).json() as {
      evidence: unknown[];
      scores: { checkpointId: string; score: number | null }[];
    };
    expect(evaluation.evidence).toHaveLength(1);
    expect(evaluation.scores.find((s) => s.checkpointId === 'decision-owner')!.score).toBe(1);

    // AAR only after close.
    expect((await admin.post(`${url}/aar/generate`)).statusCode).toBe(409);
    expect((await admin.post(`${url}/close`)).statusCode).toBe(200);

    // After close: answers refused, new devices refused, feedback open.
    const after = await seat.respond({
      id: randomUUID(),
      injectId: 'invoice-mail',
      kind: 'decision',
      text: '終了後の入力',
    });
    expect([409, 429]).toContain(after.statusCode);
    const retry = await execSeat.respond({
      id: randomUUID(),
      injectId: 'server-encrypted',
      kind: 'decision',
      text: '終了後',
    });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.code).toBe('exercise_closed');
    expect(
      (
        await execSeat.feedback({
          answers: [
            { questionId: 'usefulness', value: 4 },
            { questionId: 'hardest', text: '身代金の判断' },
          ],
        })
      ).statusCode,
    ).toBe(200);

    const generated = await admin.post(`${url}/aar/generate`);
    expect(generated.statusCode, generated.body).toBe(200);
    const report = generated.json() as AarView;
    expect(report.strengths.map((s) => s.checkpointId)).toContain('initial-response');
    expect(report.gaps.map((g) => g.checkpointId)).toEqual(
      expect.arrayContaining(['decision-owner', 'customer-notice', 'recovery']),
    );
    expect(report.actions.length).toBe(3);
    expect(report.actions[0]!.checkpointId).toBe('customer-notice');
    expect(report.actions[0]!.retest.title).toBeTruthy();
    expect(report.timeline.some((t) => t.kind === 'released')).toBe(true);
    expect(report.timeline.some((t) => t.kind === 'answer')).toBe(true);
    expect(report.feedback.responses).toBe(1);
    const svg = await admin.get(report.chartPath);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');

    const edited = await admin.patch(`${url}/aar`, {
      actions: report.actions.map((a, i) => ({
        id: a.id,
        checkpointId: a.checkpointId,
        title: a.title,
        detail: a.detail,
        ownerName: i === 0 ? '港 誠' : '',
        dueDate: a.dueDate,
        effort: a.effort,
        retest: a.retest,
      })),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const sent = await admin.post(`${url}/aar/send-to-improvement`, {});
    expect(sent.json()).toEqual({ sent: 3, alreadySent: 0 });
    expect((await admin.post(`${url}/aar/send-to-improvement`, {})).json()).toEqual({
      sent: 0,
      alreadySent: 3,
    });
    const actions = await listActions(app.ctx.db, minato);
    const fromExercise = actions.filter(
      (a) => a.sourceKind === 'exercise' && a.sourceRefId?.startsWith(ex.id),
    );
    expect(fromExercise).toHaveLength(3);
    expect(fromExercise.some((a) => a.ownerName === '港 誠')).toBe(true);

    const trend = (await staff.get(`/api/orgs/${minato}/exercise-trend`)).json() as {
      exercises: { id: string; overallScore: number | null }[];
    };
    expect(trend.exercises.find((e) => e.id === ex.id)!.overallScore).not.toBeNull();
  });

  it('refuses expired links and claims on a closed exercise', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const ex = await planExercise(admin);
    const url = `/api/orgs/${minato}/exercises/${ex.id}`;
    const p1 = await addParticipant(admin, ex, 'A', 'it');
    const p2 = await addParticipant(admin, ex, 'B', 'pr');
    const l1 = await issueLink(admin, ex, p1);
    const l2 = await issueLink(admin, ex, p2);
    await app.ctx.db
      .update(exerciseParticipants)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(exerciseParticipants.id, p1.id));
    const expired = await seatClient(l1, device()).claim();
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('exercise_seat_expired');
    // Reissue: a fresh link works, the old one is dead.
    const l1b = await issueLink(admin, ex, p1);
    expect((await seatClient(l1b, device()).claim()).statusCode).toBe(200);
    expect((await seatClient(l1, device()).claim()).json().error.code).toBe(
      'exercise_seat_invalid',
    );
    await admin.post(`${url}/start`);
    await admin.post(`${url}/close`);
    const closed = await seatClient(l2, device()).claim();
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('exercise_closed');
  });

  it('records answers for roles in in-room mode', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const ex = await planExercise(admin);
    const url = `/api/orgs/${minato}/exercises/${ex.id}`;
    await admin.patch(url, { mode: 'in_room' });
    await admin.post(`${url}/start`);
    await admin.post(`${url}/injects/invoice-mail/release`);
    const body = {
      id: randomUUID(),
      role: 'helpdesk',
      injectId: 'invoice-mail',
      questionId: 'who-to-tell',
      kind: 'answer',
      text: 'CSIRT 責任者',
    };
    const r = await admin.post(`${url}/responses`, body);
    expect(r.statusCode, r.body).toBe(200);
    expect((await admin.post(`${url}/responses`, body)).json().duplicate).toBe(true);
    const staff = await signIn(app, demo.minatoStaff);
    expect((await staff.post(`${url}/responses`, { ...body, id: randomUUID() })).statusCode).toBe(
      403,
    );
    const list = (await staff.get(`${url}/responses`)).json() as {
      responses: { role: string; recordedByUserId: string | null }[];
    };
    expect(list.responses).toHaveLength(1);
    expect(list.responses[0]!.recordedByUserId).toBe(ex.plan.facilitatorUserId);
  });
});
