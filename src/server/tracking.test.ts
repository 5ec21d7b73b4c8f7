import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  testDatabaseKind,
  type TestApp,
} from './testing/harness';
import { phishingEvents, phishingRecipients } from './modules/phishing/tables';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

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

const children: ChildProcess[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-tracking-'));
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startTracking(env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/tracking.ts'], {
    env: { ...inherited, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm run tracking', () => {
  it('refuses the embedded database, which belongs to the web process', async () => {
    const { child, output } = startTracking({
      BANSO_DATA_DIR: dataDir,
      BANSO_TRACKING_PORT: String(await freePort()),
    });
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('npm run tracking needs DATABASE_URL');
    // It did not touch the folder the web process owns.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);

  // A second process on one database needs PostgreSQL: this runs in the suite's PostgreSQL pass.
  describe.runIf(testDatabaseKind === 'postgresql')('on PostgreSQL', () => {
    let app: TestApp;
    afterAll(() => app?.close());

    it('records a hit on a valid token in the shared database and answers it like the web app', async () => {
      app = await createTestApp();
      const orgId = await companyIdByName(app, 'みなと');
      const admin = await signIn(app, demo.minatoAdmin);
      const base = `/api/orgs/${orgId}/phishing`;
      const group = (await admin.post(`${base}/groups`, { name: '別プロセス' })).json();
      const imported = await app.http.inject({
        method: 'POST',
        url: `${base}/groups/${group.id}/import`,
        headers: {
          'content-type': 'text/csv',
          cookie: admin.cookie!,
          'x-csrf-token': admin.csrf!,
        },
        payload: 'name,email\n山田 太郎,taro@minato-seiki.example.jp\n',
      });
      expect(imported.statusCode).toBe(200);
      const campaign = (
        await admin.post(`${base}/campaigns`, {
          name: '別プロセス',
          groupId: group.id,
          template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
          windowStartMinute: 0,
          windowEndMinute: 1440,
        })
      ).json();
      expect((await admin.post(`${base}/campaigns/${campaign.id}/launch`)).statusCode).toBe(200);
      const [recipient] = await app.ctx.db
        .select()
        .from(phishingRecipients)
        .where(eq(phishingRecipients.campaignId, campaign.id));

      const port = await freePort();
      const tracking = startTracking({
        DATABASE_URL: app.ctx.database.connectionString!,
        BANSO_TRACKING_PORT: String(port),
      });
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if (tracking.child.exitCode !== null) throw new Error(tracking.output());
        if (i > 600) throw new Error('the tracking process did not start');
        const ok = await fetch(`${url}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }

      const pixel = await fetch(`${url}/t/o/${recipient!.token}.png`, {
        headers: { 'user-agent': CHROME },
      });
      expect(pixel.status).toBe(200);
      expect(pixel.headers.get('content-type')).toBe('image/png');
      const page = await fetch(`${url}/t/c/${recipient!.token}`, {
        headers: { 'user-agent': CHROME },
      });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      // An unknown token gets the same page, and nothing is recorded for it.
      const unknown = await fetch(`${url}/t/c/${'A'.repeat(43)}`, {
        headers: { 'user-agent': CHROME },
      });
      expect(unknown.status).toBe(200);
      // Only the tracking routes are there.
      expect((await fetch(`${url}/api/me`)).status).toBe(404);

      // Acknowledged means committed: the web app's connection sees both events at once.
      const events = await app.ctx.db
        .select()
        .from(phishingEvents)
        .where(eq(phishingEvents.recipientId, recipient!.id));
      expect(events.map((e) => e.kind).sort()).toEqual(['click', 'open']);
      expect(events.every((e) => e.userAgent === CHROME)).toBe(true);
      const [after] = await app.ctx.db
        .select()
        .from(phishingRecipients)
        .where(eq(phishingRecipients.id, recipient!.id));
      expect(after!.openedAt).not.toBeNull();

      tracking.child.kill('SIGTERM');
      expect(await exited(tracking.child)).toBe(0);
    }, 120_000);
  });
});
