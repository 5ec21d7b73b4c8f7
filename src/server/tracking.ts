import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from './app-context';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { buildHttpServer } from './http/server';
import { PrincipalCache } from './http/principal-cache';
import type { JobQueue } from './jobs/queue';
import { registerPhishingTrackingRoutes } from './modules/phishing/routes';
import { RealtimeHub } from './realtime/hub';
import { healthResponse } from '../contracts/operations';

const packageJson = JSON.parse(
  fs.readFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'),
    'utf8',
  ),
) as { version: string };

/**
 * `npm run tracking`: only the public tracking endpoints of phishing training (open pixel, click,
 * landing page, confirmation beacon, submission, report) on the shared PostgreSQL database, so
 * the load of a large campaign can be given its own processes. Listens on BANSO_TRACKING_PORT.
 */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'npm run tracking needs DATABASE_URL: the embedded PGlite database belongs to one process, where `npm start` already serves the tracking endpoints.',
    );
  }
  const database = await openDatabase({ kind: 'postgresql', url: config.databaseUrl });
  await database.migrate();
  // Publishing only needs NOTIFY; the web instances deliver the events to the dashboards.
  const realtime = new RealtimeHub(database);
  const principalCache = new PrincipalCache();
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    // The tracking endpoints queue no jobs and send no mail.
    jobs: undefined as unknown as JobQueue,
    realtime,
    devMailbox: undefined,
    principalCache,
    version: packageJson.version,
    sendMail: () => Promise.reject(new Error('the tracking process sends no mail')),
  };
  const http = await buildHttpServer(
    ctx,
    (api) => {
      api.get(
        '/api/health',
        {
          config: { access: 'public' },
          schema: { tags: ['system'], response: { 200: healthResponse } },
        },
        async () => {
          await database.query('SELECT 1');
          return { status: 'ok' as const, database: database.kind, version: packageJson.version };
        },
      );
      registerPhishingTrackingRoutes(api, ctx);
    },
    { webApp: false },
  );
  await http.listen({ port: config.trackingPort, host: config.host });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.trackingPort;
  console.log(`Bansō tracking endpoints are running at http://localhost:${port}/t/`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // Answers already being written are committed before the pool closes.
    await http.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
