import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { createApp, type App } from '../app';
import { PGLITE_SNAPSHOT_VARIABLE } from './pglite-snapshot';

export const TEST_PASSWORD = 'correct-horse-battery';
/** Set by the PostgreSQL pass of the suite; without it tests run on in-memory PGlite. */
const serverUrl = process.env.TEST_DATABASE_URL;
export const testDatabaseKind = serverUrl ? 'postgresql' : 'pglite';

// Read once per test process from the file vitest's global setup wrote; outside vitest (the
// benches) there is none and each database runs initdb itself.
let snapshot: Promise<Blob | undefined> | undefined;
const pgliteSnapshot = () =>
  (snapshot ??= (async () => {
    const file = process.env[PGLITE_SNAPSHOT_VARIABLE];
    return file ? new Blob([await fs.promises.readFile(file)]) : undefined;
  })());

export interface TestDatabase {
  database: Database;
  /** A second connection to the same database, for a second server instance. */
  openPeer(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a new database on the test PostgreSQL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) {
    const database = await openDatabase({
      kind: 'pglite',
      dataDir: undefined,
      snapshot: await pgliteSnapshot(),
    });
    await database.migrate();
    return { database, openPeer: async () => database, drop: () => database.close() };
  }
  const name = `banso_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const peers: Database[] = [];
  const database = await openDatabase({ kind: 'postgresql', url: url.toString(), poolSize: 5 });
  await database.migrate();
  return {
    database,
    async openPeer() {
      const peer = await openDatabase({ kind: 'postgresql', url: url.toString(), poolSize: 5 });
      peers.push(peer);
      return peer;
    },
    async drop() {
      for (const p of peers) await p.close();
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      BANSO_ADMIN_PASSWORD: TEST_PASSWORD,
      BANSO_DEV_SMTP_PORT: '0',
      BANSO_AUTH_RATE_LIMIT: '1000',
      LOG_LEVEL: 'silent',
    }),
    ...overrides,
  };
}

export interface TestApp extends App {
  testDb: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  testDb?: TestDatabase,
): Promise<TestApp> {
  const db = testDb ?? (await createTestDatabase());
  const app = await createApp(testConfig(overrides), {
    database: db.database,
    jobPollingSeconds: 0.5,
  });
  return {
    ...app,
    testDb: db,
    async close() {
      await app.stop();
      if (!testDb) await db.drop();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A signed-in (or anonymous) API caller that keeps its cookie and CSRF token like a browser. */
export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;
  language = 'ja';

  constructor(private readonly app: App) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.http.inject({
      method,
      url,
      headers: {
        'accept-language': this.language,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    const setCookie = response.cookies.find((c) => c.name === 'banso_session');
    if (setCookie) this.cookie = setCookie.value ? `banso_session=${setCookie.value}` : undefined;
    return response;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}) => this.request('POST', url, body);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url, {});

  async login(email: string, password = TEST_PASSWORD): Promise<this> {
    const response = await this.post('/api/auth/login', { email, password });
    if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.body}`);
    this.csrf = (response.json() as { csrfToken: string }).csrfToken;
    return this;
  }
}

export async function signIn(
  app: App,
  email: string,
  password = TEST_PASSWORD,
): Promise<TestClient> {
  return new TestClient(app).login(email, password);
}

/** Waits for a message to a recipient to arrive in the development mailbox. */
export async function waitForMail(
  app: App,
  to: string,
  timeoutMs = 15_000,
): Promise<{ subject: string; text: string }> {
  const { getMailboxMessage, listMailboxMessages } = await import('../modules/mail/service');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await listMailboxMessages(app.ctx.db)).find((m) => m.to.includes(to));
    if (found) return getMailboxMessage(app.ctx.db, found.id);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

export const demo = {
  operator: 'operator@example.jp',
  secretariat: 'secretariat@example.jp',
  observer: 'observer@example.jp',
  expert1: 'expert1@example.jp',
  expert2: 'expert2@example.jp',
  minatoAdmin: 'admin@minato-seiki.example.jp',
  minatoStaff: 'staff@minato-seiki.example.jp',
  sakuraAdmin: 'admin@sakura-logi.example.jp',
  aobaAdmin: 'admin@aoba-kaikei.example.jp',
};

export async function companyIdByName(app: App, fragment: string): Promise<string> {
  const { listOrganizations } = await import('../modules/organizations/service');
  const org = (await listOrganizations(app.ctx.db, { kind: 'company' })).find((o) =>
    o.name.includes(fragment),
  );
  if (!org) throw new Error(`no company named like ${fragment}`);
  return org.id;
}
