import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ExerciseDetail, SeatLinkView } from '../../../contracts/exercises';
import {
  companyIdByName,
  createTestApp,
  createTestDatabase,
  demo,
  signIn,
  testDatabaseKind,
  type TestApp,
  type TestClient,
  type TestDatabase,
} from '../../testing/harness';
import * as live from './live';
import { exerciseResponses, exercises } from './tables';

let testDb: TestDatabase;
let a: TestApp;
let b: TestApp;
let urlA: string;
let urlB: string;
let minato: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  a = await createTestApp({}, testDb);
  const peer = await testDb.openPeer();
  b = await createTestApp({}, { ...testDb, database: peer });
  urlA = await a.http.listen({ port: 0, host: '127.0.0.1' });
  urlB = await b.http.listen({ port: 0, host: '127.0.0.1' });
  minato = await companyIdByName(a, 'みなと');
}, 180_000);
afterAll(async () => {
  // The fault test cuts B's connections; B then stops as well as it can.
  await b.close().catch(() => undefined);
  await a.close();
  await testDb.drop();
});

type Msg = Record<string, unknown> & { data?: Record<string, unknown> };

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket, predicate: (m: Msg) => boolean, timeoutMs = 8000): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message')), timeoutMs);
    const on = (raw: WebSocket.RawData) => {
      const m = JSON.parse(String(raw)) as Msg;
      if (predicate(m)) {
        clearTimeout(timer);
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });
}

async function setUp(admin: TestClient) {
  const ex = (
    await admin.post(`/api/orgs/${minato}/exercises`, { scenarioId: 'ransomware-invoice' })
  ).json() as ExerciseDetail;
  const url = `/api/orgs/${minato}/exercises/${ex.id}`;
  const p = (
    await admin.post(`${url}/participants`, { name: '受付', role: 'helpdesk' })
  ).json() as {
    id: string;
  };
  const link = (await admin.post(`${url}/participants/${p.id}/seat-link`)).json() as SeatLinkView;
  const deviceSecret = randomBytes(24).toString('base64url');
  const claim = await fetch(`${urlA}/api/exercise-seat/claim`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.token, deviceSecret }),
  });
  expect(claim.status).toBe(200);
  return { ex, url, link, deviceSecret };
}

describe('exercise real time across two instances', () => {
  it('delivers releases to seats and answers to staff across instances, and releases on timed jobs', async () => {
    const adminB = await signIn(b, demo.minatoAdmin);
    const { ex, url, link, deviceSecret } = await setUp(adminB);

    // A seat socket on A; a staff socket on B subscribed to the exercise room.
    const seatWs = await open(
      `${urlA.replace('http', 'ws')}/api/exercise-seat/ws?token=${link.token}&device=${deviceSecret}`,
    );
    const staffWs = await open(`${urlB.replace('http', 'ws')}/api/ws`, { cookie: adminB.cookie! });
    staffWs.send(JSON.stringify({ type: 'subscribe', room: `exercise:${ex.id}` }));
    await next(staffWs, (m) => m.type === 'subscribed');

    const released = next(seatWs, (m) => m.type === 'event' && m.data?.type === 'inject.released');
    expect((await adminB.post(`${url}/start`)).statusCode).toBe(200);
    expect((await adminB.post(`${url}/injects/invoice-mail/release`)).statusCode).toBe(200);
    const msg = await released;
    expect(msg.data).toMatchObject({
      injectId: 'invoice-mail',
      roles: expect.arrayContaining(['helpdesk']),
    });

    // The seat answers through A; the facilitator's socket on B hears it.
    const heard = next(staffWs, (m) => m.type === 'event' && m.data?.type === 'response.recorded');
    const res = await fetch(`${urlA}/api/exercise-seat/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-seat-token': link.token,
        'x-seat-device': deviceSecret,
      },
      body: JSON.stringify({
        id: randomUUID(),
        injectId: 'invoice-mail',
        questionId: 'first-step',
        kind: 'answer',
        optionId: 'unplug',
      }),
    });
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { seq: number };
    expect((await heard).data).toMatchObject({ seq: ack.seq });

    // Timed release: move the start 16 minutes back, schedule; a job worker releases "more-pcs".
    await a.ctx.db
      .update(exercises)
      .set({ startedAt: sql`${exercises.startedAt} - interval '16 minutes'` })
      .where(eq(exercises.id, ex.id));
    const timed = next(
      seatWs,
      (m) =>
        m.type === 'event' && m.data?.type === 'inject.released' && m.data.injectId === 'more-pcs',
      15_000,
    );
    const [row] = await a.ctx.db.select().from(exercises).where(eq(exercises.id, ex.id));
    await live.scheduleReleases(a.ctx.db, a.ctx.jobs, row!);
    expect((await timed).data).toMatchObject({ data: { by: 'schedule' } });

    seatWs.close();
    staffWs.close();
  }, 30_000);

  it('refuses a seat socket with a bad or foreign-device token', async () => {
    const admin = await signIn(a, demo.minatoAdmin);
    const { link } = await setUp(admin);
    const ws = new WebSocket(
      `${urlA.replace('http', 'ws')}/api/exercise-seat/ws?token=${link.token}&device=${'x'.repeat(32)}`,
    );
    // Listen from the start: the refusal may arrive right after the upgrade.
    const error = next(ws, (m) => m.type === 'error');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect(await error).toMatchObject({ code: 'exercise_seat_taken' });
    expect(await closed).toBe(1008);
  });

  it.runIf(testDatabaseKind === 'postgresql')(
    'loses no acknowledged answer when one of two instances goes down mid-exercise',
    async () => {
      const admin = await signIn(a, demo.minatoAdmin);
      const { url, link, deviceSecret } = await setUp(admin);
      await admin.post(`${url}/start`);
      await admin.post(`${url}/injects/invoice-mail/release`);
      const send = (base: string) => {
        const id = randomUUID();
        return fetch(`${base}/api/exercise-seat/responses`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-seat-token': link.token,
            'x-seat-device': deviceSecret,
          },
          body: JSON.stringify({ id, injectId: 'invoice-mail', kind: 'decision', text: `d ${id}` }),
        })
          .then(async (r) => ({
            id,
            ok: r.status === 200 && ((await r.json()) as { id: string }).id === id,
          }))
          .catch(() => ({ id, ok: false }));
      };
      // Answers in flight to B while B goes down (it stops taking requests and closes its connections).
      const inflight = Array.from({ length: 15 }, () => send(urlB));
      await new Promise((r) => setTimeout(r, 5));
      await b.stop();
      const results = await Promise.all(inflight);
      const acked = results.filter((r) => r.ok).map((r) => r.id);
      const stored = await a.ctx.db
        .select({ id: exerciseResponses.id })
        .from(exerciseResponses)
        .where(
          inArray(
            exerciseResponses.id,
            results.map((r) => r.id),
          ),
        );
      const storedIds = new Set(stored.map((s) => s.id));
      for (const id of acked) expect(storedIds.has(id)).toBe(true);
      // Instance A goes on serving the exercise.
      const more = await send(urlA);
      expect(more.ok).toBe(true);
    },
    30_000,
  );
});
