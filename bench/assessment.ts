// npm run bench:assessment — in process, on an in-memory PGlite test database (or
// TEST_DATABASE_URL): scoring and results of one full 23-item survey assessment (p50/p99 over
// BENCH_RUNS, default 1,000), generating its Word report (p50/p99 over BENCH_REPORT_RUNS, 100) and the
// rows/s of importing a 10,000-row Shift_JIS asset inventory (the service's import, in one transaction).
import {
  companyIdByName,
  createTestApp,
  demo,
  testDatabaseKind,
} from '../src/server/testing/harness';
import { loadReportData, buildReportDocx } from '../src/server/modules/assessments/report';
import * as svc from '../src/server/modules/assessments/service';
import { importAssets } from '../src/server/modules/assets/transfer';
import { csvShiftJis, inventoryRows, ROWS } from './inventory';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 100);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(10, runs); i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const app = await createTestApp();
try {
  const db = app.ctx.db;
  const orgId = await companyIdByName(app, 'みなと');
  const [user] = await app.ctx.database.query<{ id: string }>(
    'SELECT id FROM users WHERE email = $1',
    [demo.minatoStaff],
  );
  const actor: svc.Actor = { userId: user!.id, standing: 'company_member' };
  const assessment = await db.transaction((tx) =>
    svc.createAssessment(
      tx,
      orgId,
      actor,
      { questionSetId: 'security-survey', copyBaselineAnswers: false },
      'ja',
    ),
  );
  const index = svc.questionSetOf(assessment);
  for (const [i, { item }] of index.orderedItems.entries()) {
    await db.transaction((tx) =>
      svc.saveAnswer(
        tx,
        orgId,
        assessment.id,
        item.id,
        { state: 'answered', value: i % 6 },
        actor,
        'ja',
      ),
    );
  }
  await db.transaction((tx) => svc.submitAssessment(tx, orgId, assessment.id, actor, 'ja'));

  const score = await timed(RUNS, () => svc.getAssessmentResults(db, orgId, assessment.id));
  const report = await timed(REPORT_RUNS, async () =>
    buildReportDocx(await loadReportData(db, orgId, assessment.id), 'ja'),
  );
  const inventory = csvShiftJis(inventoryRows());
  const importStarted = performance.now();
  const imported = await db.transaction((tx) =>
    importAssets(tx, orgId, inventory, { mode: 'add', locale: 'ja' }),
  );
  const importSeconds = (performance.now() - importStarted) / 1000;
  if (imported.created !== ROWS) throw new Error(`imported ${imported.created} of ${ROWS} rows`);
  console.log(
    JSON.stringify({
      bench: 'assessment',
      database: testDatabaseKind,
      score_p50_ms: score.p50,
      score_p99_ms: score.p99,
      report_p50_ms: report.p50,
      report_p99_ms: report.p99,
      import_rows_per_s: Math.round(ROWS / importSeconds),
      runs: RUNS,
      report_runs: REPORT_RUNS,
    }),
  );
} finally {
  await app.close();
}
