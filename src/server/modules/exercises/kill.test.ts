import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ExerciseDetail, SeatLinkView, SeatView } from '../../../contracts/exercises';
import { testDatabaseKind } from '../../testing/harness';

// A real crash: two server processes on one PostgreSQL database, seats answering on both, and one
// process killed with SIGKILL mid-stream (no shutdown hook runs). Every answer a seat had an
// acknowledgement for must be in the database, and the other process must go on running the exercise.
// PGlite is one database inside one process, so two processes cannot share it: PostgreSQL only.

const PASSWORD = 'kill-test-password-123';
const serverUrl = process.env.TEST_DATABASE_URL;
const dbName = `banso_kill_${randomBytes(5).toString('hex')}`;
const children: ChildProcess[] = [];
let dbUrl = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      BANSO_ADMIN_PASSWORD: PASSWORD,
      BANSO_DEV_SMTP_PORT: '0',
      BANSO_AUTH_RATE_LIMIT: '1000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${errors}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server not healthy in time');
}

interface Staff {
  cookie: string;
  csrf: string;
}

async function signIn(url: string, email: string): Promise<Staff> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('banso_session='))!;
  return {
    cookie: cookie.split(';')[0]!,
    csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
  };
}

async function call<T>(url: string, s: Staff, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe.skipIf(testDatabaseKind !== 'postgresql')(
  'SIGKILL of one of two server processes (PostgreSQL only: two processes cannot share one PGlite database)',
  () => {
    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const url = new URL(serverUrl!);
      url.pathname = `/${dbName}`;
      dbUrl = url.toString();
    });
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all(
        children.map((c) =>
          c.exitCode !== null || c.signalCode !== null
            ? undefined
            : new Promise((r) => c.once('exit', r)),
        ),
      );
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    });

    it('keeps every acknowledged answer and the surviving process keeps serving the exercise', async () => {
      // One after the other: the first migrates and seeds the demo data, the second finds it done.
      const a = await startServer();
      const b = await startServer();
      const staff = await signIn(a.url, 'admin@minato-seiki.example.jp');
      const me = await call<{ companies: { id: string; name: string }[] }>(
        `${a.url}/api/me`,
        staff,
        'GET',
      );
      const orgId = me.companies.find((c) => c.name.includes('みなと'))!.id;
      const ex = await call<ExerciseDetail>(`${a.url}/api/orgs/${orgId}/exercises`, staff, 'POST', {
        scenarioId: 'ransomware-invoice',
      });
      const exUrl = (base: string) => `${base}/api/orgs/${orgId}/exercises/${ex.id}`;

      // Eight seats, half claimed through each process.
      const seats: { token: string; device: string; home: string; participantId: string }[] = [];
      for (let i = 0; i < 8; i++) {
        const p = await call<{ id: string }>(`${exUrl(a.url)}/participants`, staff, 'POST', {
          name: `参加者 ${i + 1}`,
          role: i % 2 === 0 ? 'helpdesk' : 'it',
        });
        const link = await call<SeatLinkView>(
          `${exUrl(a.url)}/participants/${p.id}/seat-link`,
          staff,
          'POST',
        );
        const home = i % 2 === 0 ? a.url : b.url;
        const device = randomBytes(24).toString('base64url');
        const claim = await fetch(`${home}/api/exercise-seat/claim`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: link.token, deviceSecret: device }),
        });
        expect(claim.status).toBe(200);
        seats.push({ token: link.token, device, home, participantId: p.id });
      }
      await call(`${exUrl(b.url)}/start`, staff, 'POST', {});
      await call(`${exUrl(b.url)}/injects/invoice-mail/release`, staff, 'POST', {});

      // A seat socket on the survivor, to see it keep delivering after the crash.
      const ws = new WebSocket(
        `${a.url.replace('http', 'ws')}/api/exercise-seat/ws?token=${seats[0]!.token}&device=${seats[0]!.device}`,
      );
      const messages: { type?: string; data?: { type?: string; injectId?: string } }[] = [];
      ws.on('message', (raw) =>
        messages.push(JSON.parse(String(raw)) as (typeof messages)[number]),
      );
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });

      // Each seat answers every 500 ms on its own process; when that process is gone it moves to
      // the other one, like a participant's page reconnecting, and sends the unacknowledged answer
      // again with the same id.
      const acked = new Set<string>();
      const sent = new Set<string>();
      let killed = false;
      const deadline = Date.now() + 6000;
      const answerLoop = async (seat: (typeof seats)[number], n: number) => {
        let base = seat.home;
        let pending: string | null = null;
        while (Date.now() < deadline) {
          const id: string = pending ?? randomUUID();
          sent.add(id);
          try {
            const res = await fetch(`${base}/api/exercise-seat/responses`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-seat-token': seat.token,
                'x-seat-device': seat.device,
              },
              body: JSON.stringify({
                id,
                injectId: 'invoice-mail',
                kind: 'decision',
                text: `${n}`,
              }),
            });
            if (res.status === 200 && ((await res.json()) as { id: string }).id === id) {
              acked.add(id);
              pending = null;
            } else pending = id;
          } catch {
            pending = id;
            if (killed) base = a.url;
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      };
      const loops = seats.map((s, n) => answerLoop(s, n));
      await new Promise((r) => setTimeout(r, 2200));
      const beforeKill = acked.size;
      b.child.kill('SIGKILL');
      killed = true;
      await new Promise((r) => b.child.once('exit', r));
      await Promise.all(loops);

      expect(beforeKill).toBeGreaterThan(8);
      // Answers kept coming after the crash, also from the seats that had been on the killed process.
      expect(acked.size).toBeGreaterThan(beforeKill + 8);
      const check = new pg.Client({ connectionString: dbUrl });
      await check.connect();
      try {
        const stored = await check.query<{ id: string }>(
          'SELECT id FROM exercise_responses WHERE exercise_id = $1',
          [ex.id],
        );
        const ids = new Set(stored.rows.map((r) => r.id));
        const lost = [...acked].filter((id) => !ids.has(id));
        expect(lost).toEqual([]);
        // Nothing appears that no seat sent.
        expect([...ids].filter((id) => !sent.has(id))).toEqual([]);
      } finally {
        await check.end();
      }

      // The survivor runs the exercise on: a seat of the dead process sees all its answers, a new
      // inject reaches a seat socket, and the facilitator closes the exercise.
      const movedSeat = seats[1]!;
      const view = await fetch(`${a.url}/api/exercise-seat`, {
        headers: { 'x-seat-token': movedSeat.token, 'x-seat-device': movedSeat.device },
      });
      expect(view.status).toBe(200);
      const seatView = (await view.json()) as SeatView;
      expect(seatView.responses.length).toBeGreaterThan(0);
      for (const r of seatView.responses) expect(sent.has(r.id)).toBe(true);
      await call(`${exUrl(a.url)}/injects/more-pcs/release`, staff, 'POST', {});
      for (let i = 0; i < 100; i++) {
        if (
          messages.some((m) => m.data?.type === 'inject.released' && m.data.injectId === 'more-pcs')
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(
        messages.some((m) => m.data?.type === 'inject.released' && m.data.injectId === 'more-pcs'),
      ).toBe(true);
      const closed = await call<ExerciseDetail>(`${exUrl(a.url)}/close`, staff, 'POST', {});
      expect(closed.status).toBe('closed');
      ws.close();
      a.child.kill('SIGTERM');
      await new Promise((r) => a.child.once('exit', r));
    }, 180_000);
  },
);
