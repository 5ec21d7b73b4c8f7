import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema';
import { acquireDataDirLock } from './data-dir-lock';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A service function takes either the database or a transaction it is part of. */
export type DbOrTx = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgresql';

/** What pg-boss needs to run its SQL on a connection we own. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Runs raw SQL with positional parameters; for the few places the query builder does not reach. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /**
   * As query, for a hot path's constant statement: PostgreSQL parses and plans it once per
   * connection under `name` instead of on every call (PGlite runs it as query does).
   */
  prepared<T = Record<string, unknown>>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<T[]>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** For pg-boss on PGlite; undefined on PostgreSQL, where pg-boss keeps its own pool. */
  jobExecutor: SqlExecutor | undefined;
  connectionString: string | undefined;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../drizzle',
);

export type DatabaseOptions =
  | { kind: 'postgresql'; url: string; poolSize?: number }
  | {
      kind: 'pglite';
      dataDir: string | undefined;
      /** An in-memory database starts as this dumped data directory (no initdb: ~1 s, not ~3.5 s). */
      snapshot?: Blob;
    };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgresql'
    ? openPostgres(options.url, options.poolSize ?? 10)
    : openPglite(options.dataDir, options.snapshot);
}

/** A migrated, empty in-memory database as a data-directory dump, for `snapshot` above. */
export async function migratedPgliteSnapshot(): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

async function openPglite(dataDir: string | undefined, snapshot?: Blob): Promise<Database> {
  const release = dataDir ? acquireDataDirLock(dataDir) : () => undefined;
  let client: PGlite;
  try {
    client = dataDir
      ? await PGlite.create(path.join(dataDir, 'pgdata'))
      : await PGlite.create(snapshot ? { loadDataDir: snapshot } : undefined);
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  let closed = false;
  const query = async <T>(text: string, values?: unknown[]) =>
    (await client.query<T>(text, values)).rows;
  return {
    kind: 'pglite',
    db,
    connectionString: undefined,
    query,
    prepared: (_name, text, values) => query(text, values),
    async listen(channel, onPayload) {
      const unlisten = await client.listen(channel, onPayload);
      return async () => {
        if (!closed) await unlisten();
      };
    },
    async notify(channel, payload) {
      await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    jobExecutor: {
      // pg-boss sends multi-statement scripts without parameters; PGlite runs those through exec.
      async executeSql(text, values) {
        if (values && values.length > 0) return client.query(text, values);
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
    async migrate() {
      await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // A checkpoint writes everything to the data files so the next start needs no recovery.
        if (dataDir) await client.exec('CHECKPOINT');
        await client.close();
      } finally {
        release();
      }
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Surface connection problems at start-up rather than on the first request.
  await pool.query('SELECT 1');
  pool.on('error', (err) => console.error('PostgreSQL pool error', err.message));
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;

  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.Client | undefined;
  let closed = false;

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    client.on('notification', (msg) => {
      for (const cb of listeners.get(msg.channel) ?? []) cb(msg.payload ?? '');
    });
    client.on('error', () => {
      // Reconnect and listen again; events sent while disconnected are lost, which clients tolerate by refetching.
      listenClient = undefined;
      if (!closed) setTimeout(() => void ensureListener().catch(() => undefined), 1000);
    });
    for (const channel of listeners.keys()) await client.query(`LISTEN "${channel}"`);
    return client;
  }
  async function ensureListener(): Promise<pg.Client> {
    listenClient ??= await connectListener();
    return listenClient;
  }

  return {
    kind: 'postgresql',
    db,
    connectionString: url,
    async query<T>(text: string, values?: unknown[]) {
      const result = await pool.query(text, values);
      return result.rows as T[];
    },
    async prepared<T>(name: string, text: string, values: unknown[]) {
      const result = await pool.query({ name, text, values });
      return result.rows as T[];
    },
    async listen(channel, onPayload) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      const client = await ensureListener();
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
        await client.query(`LISTEN "${channel}"`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    jobExecutor: undefined,
    async migrate() {
      // Several instances may start at once: one migrates, the others wait for it.
      const lockClient = await pool.connect();
      try {
        await lockClient.query('SELECT pg_advisory_lock(727274001)');
        await migratePg(drizzlePg({ client: pool }), { migrationsFolder });
      } finally {
        await lockClient.query('SELECT pg_advisory_unlock(727274001)').catch(() => undefined);
        lockClient.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await listenClient?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
