import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, signIn, type TestApp } from '../../testing/harness';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('audit log pages', () => {
  it('lose and repeat nothing when many entries share one timestamp at a page edge', async () => {
    // One statement, one now(): 25 entries with the very same (microsecond) timestamp.
    await app.ctx.database.query(
      `INSERT INTO audit_log (action, details)
       SELECT 'test.same_instant', jsonb_build_object('n', n) FROM generate_series(1, 25) AS n`,
    );
    const operator = await signIn(app, demo.operator);
    const seen: number[] = [];
    let before: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = before ? `&before=${before}` : '';
      const res = await operator.get(`/api/audit?action=test.same_instant&limit=10${query}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        entries: { details: { n: number } }[];
        nextBefore: string | null;
      };
      seen.push(...body.entries.map((e) => e.details.n));
      before = body.nextBefore;
      if (!before) break;
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('refuses a cursor that is not an entry id', async () => {
    const operator = await signIn(app, demo.operator);
    const res = await operator.get('/api/audit?before=yesterday');
    expect(res.statusCode).toBe(400);
  });
});
