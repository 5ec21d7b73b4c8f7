import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config';
import type { Api, AppContext } from './app-context';
import { openDatabase, type Database } from './db/client';
import { startJobs } from './jobs/registry';
import { RealtimeHub } from './realtime/hub';
import { registerRealtimeRoutes } from './realtime/routes';
import { buildHttpServer } from './http/server';
import { PrincipalCache } from './http/principal-cache';
import { healthResponse } from '../contracts/operations';
import { bootstrapDatabase, type BootstrapResult } from './demo/seed';
import { loadDemoContent } from './demo/content';
import { DevMailbox } from './modules/mail/service';
import { registerMailRoutes } from './modules/mail/routes';
import { registerIdentityRoutes } from './modules/identity/routes';
import { registerOrganizationRoutes } from './modules/organizations/routes';
import { registerAuditRoutes } from './modules/audit/routes';
import { registerProgramRoutes } from './modules/programs/routes';
import { registerExpertRoutes } from './modules/experts/routes';
import { registerAssetRoutes } from './modules/assets/routes';
import { loadAssetContent } from './modules/assets/content';
import { registerRiskRoutes } from './modules/risks/routes';
import { loadRiskContent } from './modules/risks/content';
import { registerImpactRoutes } from './modules/impact/routes';
import { loadImpactContent } from './modules/impact/content';
import { registerStarterRoutes } from './modules/starters/routes';
import { loadStarterContent } from './modules/starters/content';
import { loadQuestionSets, registerAssessmentRoutes } from './modules/assessments/routes';
import { registerPhishingRoutes } from './modules/phishing/routes';
import { registerExerciseRoutes } from './modules/exercises/routes';
import { loadExerciseContent } from './modules/exercises/scenario';
import { registerDocumentRoutes } from './modules/documents/routes';
import { registerBcpRoutes } from './modules/bcp/routes';
import { registerIncidentRoutes } from './modules/incidents/routes';
import { loadIncidentContent } from './modules/incidents/content';
import { registerImprovementRoutes } from './modules/improvement/routes';
import { registerCsirtRoutes } from './modules/csirt/routes';
import { loadCsirtContent } from './modules/csirt/content';
import { loadImprovementContent } from './modules/improvement/content';

const STOP_GRACE_MS = 3_000;
const packageJson = JSON.parse(
  fs.readFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'),
    'utf8',
  ),
) as { version: string };

export interface App {
  ctx: AppContext;
  http: Api;
  bootstrap: BootstrapResult;
  /** Closes in order: stop taking requests, finish jobs, close the database. */
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Share an already open database (tests run two instances on one). */
  database?: Database;
  /** Job polling interval; tests poll faster. */
  jobPollingSeconds?: number;
}

/** Opens the database, migrates, seeds an empty one, starts mail, jobs and real time, and builds the HTTP server. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await openDatabase(
      config.databaseUrl
        ? { kind: 'postgresql', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: config.dataDir },
    ));
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const demo = config.demo ? loadDemoContent() : undefined;
    loadAssetContent();
    loadRiskContent();
    loadImpactContent();
    loadStarterContent();
    loadExerciseContent();
    loadCsirtContent();
    loadIncidentContent();
    loadImprovementContent();
    if (ownsDatabase) await database.migrate();
    const bootstrap = await bootstrapDatabase(database.db, {
      adminEmail: config.adminEmail,
      adminPassword: config.adminPassword,
      demo,
    });

    const principalCache = new PrincipalCache();
    await principalCache.start(database);
    cleanups.push(() => principalCache.stop());

    const realtime = new RealtimeHub(database);
    await realtime.start();
    cleanups.push(() => realtime.stop());

    let devMailbox: DevMailbox | undefined;
    let smtpUrl = config.smtpUrl;
    if (!smtpUrl) {
      devMailbox = new DevMailbox(
        database.db,
        (id) => realtime.publish('operator', 'mailbox.received', { id }),
        { warn: (obj, msg) => console.warn(msg, obj) },
      );
      const port = await devMailbox.start(config.devSmtpPort);
      cleanups.push(() => devMailbox?.stop());
      smtpUrl = `smtp://127.0.0.1:${port}`;
    }
    const jobs = await startJobs(config, database, {
      smtpUrl,
      work: config.runJobs,
      ...(options.jobPollingSeconds ? { pollingSeconds: options.jobPollingSeconds } : {}),
    });
    cleanups.push(() => jobs.stop());

    const ctx: AppContext = {
      config,
      database,
      db: database.db,
      jobs: jobs.queue,
      realtime,
      devMailbox,
      principalCache,
      version: packageJson.version,
      sendMail: jobs.sendMail,
    };

    const http = await buildHttpServer(ctx, (api) => {
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
      registerIdentityRoutes(api, ctx);
      registerOrganizationRoutes(api, ctx);
      registerProgramRoutes(api, ctx);
      registerExpertRoutes(api, ctx);
      loadQuestionSets();
      registerAssessmentRoutes(api, ctx);
      registerAuditRoutes(api, ctx);
      registerMailRoutes(api, ctx);
      registerRealtimeRoutes(api, ctx);
      registerAssetRoutes(api, ctx);
      registerRiskRoutes(api, ctx);
      registerImpactRoutes(api, ctx);
      registerStarterRoutes(api, ctx);
      registerPhishingRoutes(api, ctx);
      registerExerciseRoutes(api, ctx);
      registerDocumentRoutes(api, ctx);
      registerBcpRoutes(api, ctx);
      registerIncidentRoutes(api, ctx);
      registerImprovementRoutes(api, ctx);
      registerCsirtRoutes(api, ctx);
    });
    await http.ready();

    let stopped = false;
    return {
      ctx,
      http,
      bootstrap,
      async stop() {
        if (stopped) return;
        stopped = true;
        // Answers under way get the grace period; a connection still open after it (a request
        // that never completes) is cut, so a stopping process cannot hang on a client.
        const cut = setTimeout(() => http.server.closeAllConnections(), STOP_GRACE_MS);
        await http.close();
        clearTimeout(cut);
        for (const cleanup of cleanups.reverse()) await cleanup();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    for (const cleanup of cleanups.reverse())
      await Promise.resolve(cleanup()).catch(() => undefined);
    if (ownsDatabase) await database.close().catch(() => undefined);
    throw err;
  }
}
