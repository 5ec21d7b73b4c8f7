// npm run bench:assessment — in process, on an in-memory PGlite test database (or
// TEST_DATABASE_URL): scoring and results of one full 23-item survey assessment (p50/p99 over
// BENCH_RUNS, default 1,000), generating its Word report (p50/p99 over BENCH_REPORT_RUNS, 100) and the
// rows/s of importing a 10,000-row Shift_JIS asset inventory (the service's import, in one transaction).
// Then the API time of each chart page on the seeded demo company (さくら物流: two reviewed surveys, risks,
// BIA, improvement plan): the page's calls sent at once through the HTTP stack as the browser does, signed
// in, timed until the last answer (p50/p99 over BENCH_CHART_RUNS, default 200); chart_api_p99_ms is the
// slowest page's p99 (and chart_api_cpu_p99_ms the same in the process's CPU time).
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  testDatabaseKind,
} from '../src/server/testing/harness';
import { loadReportData, buildReportDocx } from '../src/server/modules/assessments/report';
import * as svc from '../src/server/modules/assessments/service';
import { importAssets } from '../src/server/modules/assets/transfer';
import { csvShiftJis, inventoryRows, ROWS } from './inventory';

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 100);
const CHART_RUNS = Number(process.env.BENCH_CHART_RUNS ?? 200);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(10, runs); i++) await fn(); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(startCpu);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    // The process's own CPU time leaves out time spent waiting for a core on a busy machine.
    cpuP50: percentile(cpu, 50),
    cpuP99: percentile(cpu, 99),
  };
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

  // The chart pages of the seeded demo company, each page's calls as the web app sends them.
  const sakura = await companyIdByName(app, 'さくら');
  const client = await signIn(app, demo.sakuraAdmin);
  const get = async (url: string) => {
    const res = await client.get(url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  };
  const list = (await client.get(`/api/orgs/${sakura}/assessments`)).json() as {
    assessments: { id: string; questionSet: { id: string; version: number } }[];
  };
  const survey = list.assessments.find((a) => a.questionSet.id === 'security-survey');
  if (!survey) throw new Error('the demo company has no survey: is the demo diagnosis seeded?');
  const org = `/api/orgs/${sakura}`;
  const pages: Record<string, string[]> = {
    results: [
      `${org}/assessments/${survey.id}`,
      `${org}/assessments/${survey.id}/results`,
      `/api/question-sets/security-survey?version=${survey.questionSet.version}`,
    ],
    risks: [`${org}/risks`, `${org}/risks/heat-map`, `${org}/risk-matrix`],
    bia: [`${org}/business-processes`, `${org}/business-impact/summary`],
    improvement: [
      `${org}/improvement`,
      `${org}/improvement/movement`,
      `${org}/improvement/proposals`,
      `${org}/improvement/goals`,
      `${org}/security-action`,
    ],
  };
  const charts: Record<string, Awaited<ReturnType<typeof timed>>> = {};
  for (const [page, urls] of Object.entries(pages)) {
    charts[page] = await timed(CHART_RUNS, () => Promise.all(urls.map(get)));
  }
  const chartApiP99 = Math.max(...Object.values(charts).map((c) => c.p99));
  const chartApiCpuP99 = Math.max(...Object.values(charts).map((c) => c.cpuP99));

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
      chart_api_p99_ms: chartApiP99,
      chart_api_cpu_p99_ms: chartApiCpuP99,
      ...Object.fromEntries(
        Object.entries(charts).flatMap(([page, t]) => [
          [`${page}_api_p50_ms`, t.p50],
          [`${page}_api_p99_ms`, t.p99],
          [`${page}_api_cpu_p99_ms`, t.cpuP99],
        ]),
      ),
      runs: RUNS,
      report_runs: REPORT_RUNS,
      chart_runs: CHART_RUNS,
    }),
  );
} finally {
  await app.close();
}
