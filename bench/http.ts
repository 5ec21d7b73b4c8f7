// npm run bench:http — throughput and latency of an authenticated JSON GET, and cold start.
import autocannon from 'autocannon';
import { benchDatabase, BENCH_PASSWORD, signInCookie, startServer } from './lib';

const PORT = 3901;
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

const database = await benchDatabase();
try {
  // The first start migrates and seeds; the second is the cold start of an existing installation.
  const first = await startServer({ ...database.env, BANSO_DEV_SMTP_PORT: '0' }, PORT);
  await first.stop();
  const server = await startServer({ ...database.env, BANSO_DEV_SMTP_PORT: '0' }, PORT);
  try {
    const cookie = await signInCookie(server.url, 'admin@minato-seiki.example.jp', BENCH_PASSWORD);
    const result = await autocannon({
      url: `${server.url}/api/me`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { cookie },
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`bench saw ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    }
    console.log(
      JSON.stringify({
        bench: 'http',
        database: database.kind,
        endpoint: 'GET /api/me',
        connections: CONNECTIONS,
        duration_s: DURATION_S,
        requests: result.requests.total,
        rps: Math.round(result.requests.average),
        p50_ms: result.latency.p50,
        p99_ms: result.latency.p99,
        cold_start_ms: Math.round(server.startedInMs),
        first_start_ms: Math.round(first.startedInMs),
      }),
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.drop();
}
