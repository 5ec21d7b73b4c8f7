import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database } from '../db/client';

export interface JobDefinition<T> {
  /** Queue name: module.action, e.g. mail.send. */
  name: string;
  payload: z.ZodType<T>;
  handler: (payload: T) => Promise<void>;
  retryLimit?: number;
  /** Seconds before the first retry; retries back off exponentially from it. */
  retryDelaySeconds?: number;
  /** A cron expression (UTC) when the job runs on a schedule. */
  cron?: string;
}

type Logger = {
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

/**
 * The job queue, kept in PostgreSQL by pg-boss. Any process may send; a process started with
 * work=true also runs the handlers (the web process in the embedded default, or `npm run worker`).
 */
export class JobQueue {
  readonly #definitions = new Map<string, JobDefinition<unknown>>();
  readonly #boss: PgBoss;
  #started = false;

  constructor(
    database: Database,
    private readonly log: Logger,
    private readonly pollingIntervalSeconds = 1,
  ) {
    this.#boss = database.jobExecutor
      ? new PgBoss({ db: database.jobExecutor, schema: 'pgboss' })
      : new PgBoss({ connectionString: database.connectionString, schema: 'pgboss', max: 4 });
    this.#boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  define<T>(definition: JobDefinition<T>): void {
    this.#definitions.set(definition.name, definition as JobDefinition<unknown>);
  }

  async start(options: { work: boolean }): Promise<void> {
    await this.#boss.start();
    this.#started = true;
    for (const def of this.#definitions.values()) {
      await this.#boss.createQueue(def.name, {
        name: def.name,
        retryLimit: def.retryLimit ?? 5,
        ...(def.retryDelaySeconds ? { retryDelay: def.retryDelaySeconds } : {}),
        retryBackoff: true,
      });
      if (def.cron) await this.#boss.schedule(def.name, def.cron);
      if (!options.work) continue;
      await this.#boss.work(
        def.name,
        { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) {
            const parsed = def.payload.safeParse(job.data ?? {});
            if (!parsed.success) {
              // A malformed payload will never succeed: fail it for good instead of retrying.
              this.log.error({ job: job.id, queue: def.name }, 'job payload rejected');
              continue;
            }
            await def.handler(parsed.data);
          }
        },
      );
    }
  }

  /** Queues a job; the payload is validated now, so a bad one fails the caller, not the worker. */
  async enqueue<T>(
    definition: Pick<JobDefinition<T>, 'name' | 'payload'>,
    payload: T,
    options: { startAfter?: Date } = {},
  ): Promise<string | null> {
    if (!this.#started) throw new Error('job queue not started');
    return this.#boss.send(definition.name, definition.payload.parse(payload) as object, options);
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
