import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseDetail } from '../../../contracts/exercises';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';

// Editing an exercise's timetable, inject offsets and inject texts by hand before the start.

let app: TestApp;
let minato: string;
let admin: TestClient;
let ex: ExerciseDetail;
let url: string;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  const res = await admin.post(`/api/orgs/${minato}/exercises`, {
    scenarioId: 'ransomware-invoice',
  });
  expect(res.statusCode, res.body).toBe(201);
  ex = res.json() as ExerciseDetail;
  url = `/api/orgs/${minato}/exercises/${ex.id}`;
});
afterAll(() => app.close());

const schedule = (body: object) => admin.request('PUT', `${url}/schedule`, body);
const current = async () => (await admin.get(url)).json() as ExerciseDetail;

describe('planning edits', () => {
  it('moves phases and injects and rewrites an inject’s text; the injects stay in offset order', async () => {
    const timetable = ex.plan.timetable.map((p) =>
      p.phaseId === 'recovery' ? { ...p, startMinute: 70 } : p,
    );
    const mail = ex.injects.find((i) => i.id === 'invoice-mail')!;
    const res = await schedule({
      timetable,
      injects: [
        { id: 'more-pcs', offsetMinutes: 2 },
        {
          id: 'invoice-mail',
          offsetMinutes: 8,
          title: {
            ja: '取引先を名乗る請求書メール（経理部宛て）',
            en: 'An invoice e-mail to Accounts',
          },
          media: mail.media.map((m) => ({
            ...(m.subject ? { subject: m.subject } : {}),
            body: { ja: `${m.body.ja}\n（経理部の共有アドレスに届いた）`, en: m.body.en },
          })),
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as ExerciseDetail;
    expect(after.plan.timetable.find((p) => p.phaseId === 'recovery')!.startMinute).toBe(70);
    const ids = after.injects.map((i) => i.id);
    expect(ids.indexOf('more-pcs')).toBeLessThan(ids.indexOf('invoice-mail'));
    const edited = after.injects.find((i) => i.id === 'invoice-mail')!;
    expect(edited.offsetMinutes).toBe(8);
    expect(edited.title.ja).toBe('取引先を名乗る請求書メール（経理部宛て）');
    expect(edited.media[0]!.body.ja).toContain('経理部の共有アドレス');
    expect(edited.media[0]!.kind).toBe(mail.media[0]!.kind);
    // The release rows follow: once started, more-pcs is due 2 minutes after the start.
    const states = await app.ctx.database.query<{ inject_id: string; offset_minutes: number }>(
      'SELECT inject_id, offset_minutes FROM exercise_injects WHERE exercise_id = $1',
      [ex.id],
    );
    expect(states.find((s) => s.inject_id === 'more-pcs')!.offset_minutes).toBe(2);
  });

  it('refuses offsets beyond the length, negative offsets and a branch before its choice, with nothing changed', async () => {
    const before = await current();
    const beyond = await schedule({ injects: [{ id: 'core-down', offsetMinutes: 91 }] });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.code).toBe('validation_failed');
    expect(beyond.json().error.details.issues[0]).toMatchObject({
      path: ['injects', '0', 'offsetMinutes'],
      code: 'beyond_duration',
    });
    expect(beyond.json().error.details.issues[0].message).toContain('90分');

    const late = await schedule({
      timetable: before.plan.timetable.map((p) => ({ ...p, startMinute: 200 })),
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.details.issues[0]).toMatchObject({
      path: ['timetable', '0', 'startMinute'],
      code: 'beyond_duration',
    });

    const negative = await schedule({ injects: [{ id: 'core-down', offsetMinutes: -1 }] });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.code).toBe('validation_failed');

    // attacker-contact follows the ransom choice of server-encrypted (30 minutes).
    const branch = await schedule({ injects: [{ id: 'attacker-contact', offsetMinutes: 20 }] });
    expect(branch.statusCode).toBe(400);
    expect(branch.json().error.details.issues[0].code).toBe('before_condition_source');

    const unknown = await schedule({ injects: [{ id: 'no-such-inject', offsetMinutes: 1 }] });
    expect(unknown.statusCode).toBe(400);

    // The plan edit applies the same rule to the timetable.
    const patch = await admin.request('PATCH', url, {
      timetable: before.plan.timetable.map((p) => ({ ...p, startMinute: 120 })),
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.details.issues[0].code).toBe('beyond_duration');

    const after = await current();
    expect(after.injects).toEqual(before.injects);
    expect(after.plan).toEqual(before.plan);
  });

  it('refuses edits once the exercise has started', async () => {
    expect((await admin.post(`${url}/start`)).statusCode).toBe(200);
    const res = await schedule({ injects: [{ id: 'core-down', offsetMinutes: 55 }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('exercise_state_invalid');
    expect((await current()).injects.find((i) => i.id === 'core-down')!.offsetMinutes).toBe(50);
  });
});
