import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  companyIdByName,
  createTestApp,
  createTestDatabase,
  demo,
  signIn,
  type TestApp,
  type TestDatabase,
} from '../testing/harness';

let testDb: TestDatabase;
let a: TestApp;
let b: TestApp;
let urlA: string;
let urlB: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  a = await createTestApp({}, testDb);
  // The second instance has its own connections to the same database (on PGlite, the same in-process one).
  const peer = await testDb.openPeer();
  b = await createTestApp({}, { ...testDb, database: peer });
  urlA = await a.http.listen({ port: 0, host: '127.0.0.1' });
  urlB = await b.http.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await b.close();
  await a.close();
  await testDb.drop();
});

function connect(baseUrl: string, cookie: string | undefined, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/ws`, {
      headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
    ws.once('error', reject);
  });
}

function nextMessage(
  ws: WebSocket,
  predicate: (m: Record<string, unknown>) => boolean,
  timeoutMs = 5000,
) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message')), timeoutMs);
    const onMessage = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(String(raw)) as Record<string, unknown>;
      if (predicate(msg)) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('real time across two server instances', () => {
  it('an event caused on instance B reaches a socket on instance A through LISTEN/NOTIFY', async () => {
    const minato = await companyIdByName(a, 'みなと');
    const watcher = await signIn(a, demo.minatoStaff);
    const ws = await connect(urlA, watcher.cookie);
    ws.send(JSON.stringify({ type: 'subscribe', room: `org:${minato}` }));
    await nextMessage(ws, (m) => m.type === 'subscribed');

    const admin = await signIn(b, demo.minatoAdmin);
    const received = nextMessage(ws, (m) => m.type === 'event');
    const res = await admin.post(`/api/orgs/${minato}/invitations`, {
      email: 'live@minato-seiki.example.jp',
      role: 'company_member',
    });
    expect(res.statusCode).toBe(201);
    expect(await received).toMatchObject({
      type: 'event',
      room: `org:${minato}`,
      event: 'members.changed',
    });
    ws.close();
  });

  it('refuses anonymous sockets, foreign origins, and rooms of other companies', async () => {
    await expect(connect(urlA, undefined)).rejects.toThrow(/401/);
    const staff = await signIn(a, demo.minatoStaff);
    await expect(connect(urlA, staff.cookie, 'https://evil.example')).rejects.toThrow(/403/);

    const sakura = await companyIdByName(a, 'さくら');
    const ws = await connect(urlB, staff.cookie);
    ws.send(JSON.stringify({ type: 'subscribe', room: `org:${sakura}` }));
    expect(await nextMessage(ws, (m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });
    ws.send(JSON.stringify({ type: 'subscribe', room: 'operator' }));
    expect(await nextMessage(ws, (m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });
    ws.send('not json');
    expect(await nextMessage(ws, (m) => m.type === 'error')).toMatchObject({
      code: 'validation_failed',
    });
    ws.close();
  });

  it('closes a socket that floods messages', async () => {
    const staff = await signIn(a, demo.minatoStaff);
    const ws = await connect(urlA, staff.cookie);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    for (let i = 0; i < 40; i++) ws.send(JSON.stringify({ type: 'ping' }));
    expect(await closed).toBe(1008);
  });

  it('a role taken away on instance B stops a cached session on instance A', async () => {
    const aoba = await companyIdByName(a, 'あおば');
    const operatorB = await signIn(b, demo.operator);
    const invited = await operatorB.post(`/api/orgs/${aoba}/invitations`, {
      email: 'temp@aoba-kaikei.example.jp',
      role: 'company_member',
    });
    expect(invited.statusCode).toBe(201);
    const { waitForMail, TestClient } = await import('../testing/harness');
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(
      (await waitForMail(a, 'temp@aoba-kaikei.example.jp')).text,
    )![1];
    const member = new TestClient(a);
    const me = (
      await member.post(`/api/invitations/${token}/accept`, {
        name: '一時 利用者',
        password: 'temporary-password',
      })
    ).json();
    member.csrf = me.csrfToken;
    // Two reads on A: the second is served from A's cache.
    expect((await member.get(`/api/orgs/${aoba}`)).statusCode).toBe(200);
    expect((await member.get(`/api/orgs/${aoba}`)).statusCode).toBe(200);

    expect((await operatorB.delete(`/api/orgs/${aoba}/members/${me.user.id}`)).statusCode).toBe(
      200,
    );
    let status = 0;
    for (let i = 0; i < 50 && status !== 403; i++) {
      status = (await member.get(`/api/orgs/${aoba}`)).statusCode;
      if (status !== 403) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(403);
  });
});
