import type { FastifyInstance, FastifyBaseLogger, RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import type { JobQueue } from './jobs/queue';
import type { RealtimeHub } from './realtime/hub';
import type { PrincipalCache } from './http/principal-cache';
import type { DevMailbox, OutgoingMail } from './modules/mail/service';

/** What route modules are given: the shared infrastructure, never another module's tables. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  jobs: JobQueue;
  realtime: RealtimeHub;
  devMailbox: DevMailbox | undefined;
  principalCache: PrincipalCache;
  version: string;
  /** Queues a mail for sending by the job runner. */
  sendMail(mail: OutgoingMail): Promise<void>;
}

export type Api = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;
