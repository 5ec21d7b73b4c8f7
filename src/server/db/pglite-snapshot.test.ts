import { describe, expect, it } from 'vitest';
import { migratedPgliteSnapshot, openDatabase } from './client';

describe('PGlite started from a migrated snapshot', () => {
  it('has the schema, and databases started from one snapshot do not share data', async () => {
    const snapshot = await migratedPgliteSnapshot();
    const first = await openDatabase({ kind: 'pglite', dataDir: undefined, snapshot });
    const second = await openDatabase({ kind: 'pglite', dataDir: undefined, snapshot });
    try {
      const tables = await first.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_name = 'phishing_events'",
      );
      expect(tables[0]!.n).toBe(1);
      await first.query('create table only_in_first (id int)');
      const inSecond = await second.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_name = 'only_in_first'",
      );
      expect(inSecond[0]!.n).toBe(0);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
