// npm run bench:phishing — tracking events recorded per second (and p99) at 200 connections, every
// acknowledged event checked in the database afterwards; and messages per second sending 10,000
// personalised training mails to a local SMTP sink. BENCH_DURATION_S shortens the tracking run.
import { simpleParser } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabase, BENCH_PASSWORD, signInCookie, startServer } from './lib';
import { closedLoopLoad, type LoadResult } from './load';

// Overridable so a bench can run beside other servers on the same machine.
const PORT = Number(process.env.BENCH_PORT ?? 3902);
const CONNECTIONS = 200;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 30);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
/**
 * On PostgreSQL the tracking load goes to `npm run tracking` (the deployment for scale) beside the
 * web process, unless BENCH_TRACKING=web; on PGlite the web process serves it (one process a folder).
 */
const TRACKING_PORT = Number(process.env.BENCH_TRACKING_PORT ?? PORT + 1);
/** Tokens taken from the delivered mails to hit during the tracking run. */
const TOKENS_USED = 2_000;
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** An SMTP sink in this process: counts the messages and keeps the first few to read links from. */
function startSink(): Promise<{
  port: number;
  count: () => number;
  kept: Buffer[];
  close(): Promise<void>;
}> {
  let received = 0;
  const kept: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // A lookup per connection would make the sink, not the server, the bottleneck.
    disableReverseLookup: true,
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received++;
        if (kept.length < TOKENS_USED) kept.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        count: () => received,
        kept,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

async function api<T>(
  url: string,
  cookie: string,
  csrf: string,
  method: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The number of tracking events and the addresses they came from, read after the server stopped. */
async function recordedEvents(env: Record<string, string>): Promise<string[]> {
  const query = 'select ip from phishing_events';
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ ip: string }>(query);
    await client.end();
    return rows.map((r) => r.ip);
  }
  const db = await PGlite.create(path.join(env.BANSO_DATA_DIR!, 'pgdata'));
  const { rows } = await db.query<{ ip: string }>(query);
  await db.close();
  return rows.map((r) => r.ip);
}

/** CPU seconds a process has used (user + system), from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving the bench database and the CPU they have used so far. */
async function backendCpu(url: string | undefined): Promise<Map<number, number>> {
  if (!url) return new Map();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  await client.end();
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

/** CPU used from now on by a server process, the database's backends and this process. */
async function cpuMeter(pid: number, databaseUrl: string | undefined) {
  const server = cpuSeconds(pid);
  const backends = await backendCpu(databaseUrl);
  const bench = process.cpuUsage();
  return async () => {
    const after = await backendCpu(databaseUrl);
    const used = process.cpuUsage(bench);
    return {
      server: cpuSeconds(pid) - server,
      database: [...after].reduce((sum, [p, t]) => sum + t - (backends.get(p) ?? 0), 0),
      bench: (used.user + used.system) / 1e6,
    };
  };
}

const database = await benchDatabase();
const sink = await startSink();
try {
  const env = {
    ...database.env,
    BANSO_DEV_SMTP_PORT: '0',
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    // The load comes from many simulated client addresses through this trusted "proxy".
    BANSO_TRUST_PROXY: '127.0.0.1',
  };
  const server = await startServer(env, PORT);
  let tracking: LoadResult;
  let sendMessagesPerS: number;
  let sendCpu = { server: 0, database: 0, bench: 0 };
  const trackingServer =
    database.kind === 'postgresql' && process.env.BENCH_TRACKING !== 'web'
      ? 'tracking process'
      : 'web process';
  const acknowledged = new Set<string>();
  let cpu = { server: 0, database: 0, bench: 0 };
  try {
    const cookie = await signInCookie(server.url, 'admin@minato-seiki.example.jp', BENCH_PASSWORD);
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json()) as {
      csrfToken: string;
      memberships: { organizationId: string; role: string }[];
    };
    const orgId = me.memberships.find((m) => m.role === 'company_admin')!.organizationId;
    const base = `${server.url}/api/orgs/${orgId}/phishing`;
    const call = <T>(method: string, p: string, body?: unknown, type?: string) =>
      api<T>(`${base}${p}`, cookie, me.csrfToken, method, body, type);

    // 10,000 people, imported as one CSV.
    const group = await call<{ id: string }>('POST', '/groups', { name: 'bench' });
    const csv = [
      'name,email,department,position',
      ...Array.from(
        { length: MESSAGES },
        (_, i) => `社員 ${i},bench${i}@minato-seiki.example.jp,部署${i % 12},`,
      ),
    ].join('\n');
    await call('POST', `/groups/${group.id}/import`, csv, 'text/csv');
    const campaign = await call<{ id: string }>('POST', '/campaigns', {
      name: 'bench',
      groupId: group.id,
      template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
      windowStartMinute: 0,
      windowEndMinute: 1440,
      sendRatePerMinute: 10_000,
    });

    const sendCpuUsed = await cpuMeter(server.child.pid!, database.env.DATABASE_URL);
    const launched = performance.now();
    await call('POST', `/campaigns/${campaign.id}/launch`, {});
    const deadline = Date.now() + 15 * 60_000;
    while (sink.count() < MESSAGES) {
      if (Date.now() > deadline) throw new Error(`only ${sink.count()} messages arrived`);
      await new Promise((r) => setTimeout(r, 20));
    }
    sendMessagesPerS = MESSAGES / ((performance.now() - launched) / 1000);
    sendCpu = await sendCpuUsed();

    const tokens: string[] = [];
    for (const raw of sink.kept) {
      const mail = await simpleParser(raw);
      const token = /\/t\/c\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
      if (token) tokens.push(token);
    }
    if (tokens.length === 0) throw new Error('no tracking link found in the delivered mails');

    // Every request from its own address (10.x.y.z), so each acknowledgement can be checked later.
    let next = 0;
    const addressOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    const target =
      trackingServer === 'tracking process'
        ? await startServer(env, TRACKING_PORT, {
            script: 'src/server/tracking.ts',
            portVariable: 'BANSO_TRACKING_PORT',
          })
        : server;
    const trackingCpuUsed = await cpuMeter(target.child.pid!, database.env.DATABASE_URL);
    tracking = await closedLoopLoad({
      port: Number(new URL(target.url).port),
      connections: CONNECTIONS,
      durationS: DURATION_S,
      next: () => {
        const n = next++;
        const token = tokens[n % tokens.length]!;
        const address = addressOf(n);
        return {
          request: {
            path: n % 2 === 0 ? `/t/o/${token}.png` : `/t/c/${token}`,
            headers: { 'user-agent': CHROME, 'x-forwarded-for': address },
          },
          onAnswer: (status) => {
            if (status === 200) acknowledged.add(address);
          },
        };
      },
    });
    cpu = await trackingCpuUsed();
    if (target !== server) await target.stop();
  } finally {
    await server.stop();
  }

  const recorded = await recordedEvents(database.env);
  const recordedSet = new Set(recorded);
  const lost = [...acknowledged].filter((a) => !recordedSet.has(a)).length;
  // Requests still in flight when the run stopped may be recorded without an acknowledgement.
  const unacknowledged = recorded.length - (acknowledged.size - lost);
  if (lost > 0 || tracking.non2xx > 0 || recorded.length !== recordedSet.size) {
    throw new Error(
      `tracking: ${lost} acknowledged events missing, ${tracking.non2xx} non-2xx answers`,
    );
  }
  if (unacknowledged > CONNECTIONS) {
    throw new Error(`tracking: ${unacknowledged} events recorded that were never acknowledged`);
  }
  console.log(
    JSON.stringify({
      bench: 'phishing',
      database: database.kind,
      tracking_server: trackingServer,
      tracking_events_per_s: Math.round(acknowledged.size / DURATION_S),
      tracking_p99_ms: tracking.latencyMs.p99,
      tracking_p50_ms: tracking.latencyMs.p50,
      tracking_acknowledged: acknowledged.size,
      tracking_recorded: recorded.length,
      tracking_in_flight_at_stop: unacknowledged,
      tracking_errors: tracking.errors,
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      // CPU time per 1,000 acknowledged events: what the figure costs whatever else the machine runs.
      tracking_cpu_ms_per_1000: {
        server: Math.round((cpu.server * 1e6) / acknowledged.size),
        database: Math.round((cpu.database * 1e6) / acknowledged.size),
        load_generator: Math.round((cpu.bench * 1e6) / acknowledged.size),
      },
      load_average: os.loadavg().map((l) => Math.round(l * 10) / 10),
      send_messages_per_s: Math.round(sendMessagesPerS),
      // CPU time per 1,000 messages; the SMTP sink runs in the bench's own process.
      send_cpu_ms_per_1000: {
        server: Math.round((sendCpu.server * 1e6) / MESSAGES),
        database: Math.round((sendCpu.database * 1e6) / MESSAGES),
        sink: Math.round((sendCpu.bench * 1e6) / MESSAGES),
      },
      messages: MESSAGES,
    }),
  );
} finally {
  await sink.close();
  await database.drop();
}
