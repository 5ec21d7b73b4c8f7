import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_PASSWORD = 'bench-password-123';

export interface ServerHandle {
  url: string;
  child: ChildProcess;
  startedInMs: number;
  stop(): Promise<void>;
}

/** Starts `src/server/main.ts` in its own process and times it from spawn to a healthy /api/health. */
export async function startServer(
  env: Record<string, string>,
  port: number,
  // `npm run tracking` listens on BANSO_TRACKING_PORT.
  entry: { script: string; portVariable: string } = {
    script: 'src/server/main.ts',
    portVariable: 'PORT',
  },
): Promise<ServerHandle> {
  const started = performance.now();
  // BENCH_NODE_ARGS, e.g. --cpu-prof, goes to the server's node.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry.script], {
    env: {
      ...process.env,
      [entry.portVariable]: String(port),
      HOST: '127.0.0.1',
      BANSO_ADMIN_PASSWORD: BENCH_PASSWORD,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startedInMs = performance.now() - started;
  return {
    url,
    child,
    startedInMs,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A throwaway data folder (PGlite) or database (PostgreSQL, when DATABASE_URL is set). */
export async function benchDatabase(): Promise<{
  env: Record<string, string>;
  kind: string;
  drop(): Promise<void>;
}> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-'));
    return {
      env: { BANSO_DATA_DIR: dir },
      kind: 'pglite',
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `banso_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    kind: 'postgresql',
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('banso_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}
