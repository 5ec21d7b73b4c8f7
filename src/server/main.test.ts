import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

/** A port nobody listens on right now, so parallel runs of this file do not collide. */
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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-main-'));
const PASSWORD = 'process-test-password';
const children: ChildProcess[] = [];
afterAll(() => {
  // A failed assertion must not leave a server holding the port for the next run.
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startServer(port: number) {
  // This test is about the embedded database, whatever the caller's environment says.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      BANSO_DATA_DIR: dataDir,
      BANSO_ADMIN_PASSWORD: PASSWORD,
      BANSO_DEV_SMTP_PORT: '0',
      BANSO_DEMO: '0',
      LOG_LEVEL: 'warn',
    },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

async function waitHealthy(port: number, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not healthy in time');
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the server process on the embedded database', () => {
  it('refuses a second process on the same data folder, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const first = startServer(port);
    await waitHealthy(port, first.child);
    expect(first.output()).toContain(`http://localhost:${port}/`);

    const second = startServer(await freePort());
    expect(await exited(second.child)).toBe(1);
    expect(second.output()).toMatch(/in use by another Bansō process \(pid \d+\)/);

    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'operator@example.jp', password: PASSWORD }),
    });
    expect(login.status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'banso.lock'))).toBe(false);
  }, 120_000);

  it('starts again on the same folder with the data kept', async () => {
    const port = await freePort();
    const again = startServer(port);
    await waitHealthy(port, again.child);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'operator@example.jp', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(again.output()).not.toContain('password:');
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
  }, 120_000);
});
