import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export const E2E_PASSWORD = 'e2e-operator-password';
// Overridable so that two checkouts (or two runs) on one machine do not share a server.
const PORT = Number(process.env.BANSO_E2E_PORT ?? 3950);
const SMTP_PORT = Number(process.env.BANSO_E2E_SMTP_PORT ?? 2596);

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Starts the real server (`npm start`'s entry) on a fresh data folder with the demo data. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-e2e-'));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      BANSO_DATA_DIR: dataDir,
      BANSO_ADMIN_PASSWORD: E2E_PASSWORD,
      BANSO_DEV_SMTP_PORT: String(SMTP_PORT),
      // The journey's SMTP profile points at the development mailbox on this machine.
      BANSO_OUTBOUND_ALLOW: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      // No teardown runs when setup throws: stop the server here, or it outlives the run.
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error('server did not become healthy');
    }
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide('baseUrl', baseUrl);
  return async () => {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
