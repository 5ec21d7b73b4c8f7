// npm run bench:documents — in process, on an in-memory PGlite test database (or TEST_DATABASE_URL):
// p50/p99 over BENCH_RUNS (default 200) of producing the full CSIRT package (CSIRT description,
// incident report form, incident response flow with its diagram) for the CSIRT-course demo company
// and the full IT-BCP for the IT-BCP-course demo company, each as Word files. One run of a document =
// run its generator and store the result (a new version only when the content changed), load the
// effective document with the company's own texts, and render the .docx.
import type { DocumentKind } from '../src/contracts/documents';
import { renderDocx } from '../src/server/modules/documents/render/docx';
import { generateAndStore, loadRenderable } from '../src/server/modules/documents/service';
import { registeredDocumentKinds } from '../src/server/modules/documents/kinds';
import {
  companyIdByName,
  createTestApp,
  demo,
  testDatabaseKind,
} from '../src/server/testing/harness';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const CSIRT_PACKAGE: DocumentKind[] = [
  'csirt-description',
  'incident-report-form',
  'incident-response-flow',
];

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, i)]! * 100) / 100;
}

/**
 * Wall-clock percentiles, and the same for this process's own CPU time (user + system): on a shared
 * machine the second leaves out the time spent waiting for a core while other work runs.
 */
async function timed(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(10, runs); i++) await fn(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    p50: percentile(wall, 50),
    p99: percentile(wall, 99),
    cpuP50: percentile(cpu, 50),
    cpuP99: percentile(cpu, 99),
  };
}

const app = await createTestApp();
try {
  const missing = [...CSIRT_PACKAGE, 'itbcp' as const].filter(
    (k) => !registeredDocumentKinds().includes(k),
  );
  if (missing.length > 0) throw new Error(`no generator registered for ${missing.join(', ')}`);
  const userId = async (email: string) =>
    (
      await app.ctx.database.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])
    )[0]!.id;
  const minato = await companyIdByName(app, 'みなと');
  const sakura = await companyIdByName(app, 'さくら');
  const minatoAdmin = await userId(demo.minatoAdmin);
  const sakuraAdmin = await userId(demo.sakuraAdmin);
  let bytes = 0;
  const word = async (orgId: string, kind: DocumentKind, actorUserId: string) => {
    await generateAndStore(app.ctx, { orgId, kind, language: 'ja', actorUserId });
    const docx = await renderDocx(
      await loadRenderable(app.ctx.db, { orgId, kind, language: 'ja' }),
    );
    bytes = docx.length;
    return docx;
  };
  let packageBytes = 0;
  const csirt = await timed(RUNS, async () => {
    packageBytes = 0;
    for (const kind of CSIRT_PACKAGE) {
      await word(minato, kind, minatoAdmin);
      packageBytes += bytes;
    }
  });
  const itbcp = await timed(RUNS, () => word(sakura, 'itbcp', sakuraAdmin));
  console.log(
    JSON.stringify({
      database: testDatabaseKind,
      runs: RUNS,
      csirt_package_p50_ms: csirt.p50,
      csirt_package_p99_ms: csirt.p99,
      itbcp_p50_ms: itbcp.p50,
      itbcp_p99_ms: itbcp.p99,
      csirt_package_cpu_p50_ms: csirt.cpuP50,
      csirt_package_cpu_p99_ms: csirt.cpuP99,
      itbcp_cpu_p50_ms: itbcp.cpuP50,
      itbcp_cpu_p99_ms: itbcp.cpuP99,
      csirt_package_docx_bytes: packageBytes,
      itbcp_docx_bytes: bytes,
    }),
  );
} finally {
  await app.close();
}
