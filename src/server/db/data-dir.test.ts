import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-data-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the embedded data folder', () => {
  it('refuses a second process while the first holds the folder, and takes over once it has died', async () => {
    const dir = tempDir();
    const lockModule = path.resolve('src/server/db/data-dir-lock.ts');
    const script = `
      const { acquireDataDirLock } = await import(${JSON.stringify(lockModule)});
      acquireDataDirLock(${JSON.stringify(dir)});
      console.log('locked');
      setInterval(() => {}, 1000);
    `;
    const holder = spawn(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/in use by another Bansō process \(pid \d+\)/);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('close', r));
    const release = acquireDataDirLock(dir);
    release();
  }, 30_000);

  it('takes over a lock left behind by a process that died', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'banso.lock'), '999999999');
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'banso.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'banso.lock'))).toBe(false);
  });

  it('survives a process killed mid-write: committed rows are kept and the folder opens again', async () => {
    const dir = tempDir();
    const setup = await openDatabase({ kind: 'pglite', dataDir: dir });
    await setup.query('CREATE TABLE ticks (n int primary key)');
    await setup.close();

    // A child process inserts rows as fast as it can and reports each commit; we SIGKILL it mid-stream.
    const script = `
      import { PGlite } from '@electric-sql/pglite';
      const db = await PGlite.create(${JSON.stringify(path.join(dir, 'pgdata'))});
      for (let n = 1; ; n++) { await db.query('INSERT INTO ticks VALUES ($1)', [n]); process.stdout.write(n + '\\n'); }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: process.cwd(),
    });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString().trim().split('\n');
        committed = Number(lines.at(-1));
        if (committed >= 200) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    await new Promise((r) => child.once('close', r));
    expect(committed).toBeGreaterThanOrEqual(200);

    const reopened = await openDatabase({ kind: 'pglite', dataDir: dir });
    const [row] = await reopened.query<{ n: number; max: number }>(
      'SELECT count(*)::int AS n, max(n) AS max FROM ticks',
    );
    expect(row!.n).toBe(row!.max);
    expect(row!.n).toBeGreaterThanOrEqual(committed);
    await reopened.query('INSERT INTO ticks VALUES (-1)');
    await reopened.close();
  }, 60_000);
});
