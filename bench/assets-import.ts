// npx tsx bench/assets-import.ts — rows/s of a 10,000-row information-asset import over HTTP (CSV in
// Shift_JIS, and .xlsx), each into a fresh company, median of RUNS. DATABASE_URL=… runs it on PostgreSQL.
import ExcelJS from 'exceljs';
import { csvShiftJis, HEADER, inventoryRows, ROWS } from './inventory';
import { benchDatabase, BENCH_PASSWORD, startServer } from './lib';

const PORT = 3902;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('情報資産台帳');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(url: string, email: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('banso_session='));
  if (!cookie) throw new Error('no session cookie');
  return {
    cookie: cookie.split(';')[0]!,
    csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
  };
}

async function post(url: string, session: Session, body: BodyInit, contentType: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': contentType },
    body,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok)
    throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

async function newCompany(url: string, session: Session, n: number): Promise<string> {
  const org = await post(
    `${url}/api/orgs`,
    session,
    JSON.stringify({
      name: `ベンチ株式会社${n}`,
      industry: 'manufacturing',
      employeeCount: 50,
      prefecture: '東京都',
    }),
    'application/json',
  );
  return org.id as string;
}

/** Imports the file into a fresh company RUNS times and returns the median rows/s. */
async function measure(
  url: string,
  session: Session,
  file: Buffer,
  contentType: string,
  offset: number,
) {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const orgId = await newCompany(url, session, offset + run);
    const started = performance.now();
    const result = await post(
      `${url}/api/orgs/${orgId}/assets/import`,
      session,
      new Uint8Array(file),
      contentType,
    );
    const seconds = (performance.now() - started) / 1000;
    if (result.created !== ROWS)
      throw new Error(`imported ${String(result.created)} of ${ROWS} rows`);
    rates.push(ROWS / seconds);
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(rates.length / 2)]!);
}

const database = await benchDatabase();
try {
  const server = await startServer({ ...database.env, BANSO_DEV_SMTP_PORT: '0' }, PORT);
  try {
    const operator = await signIn(server.url, 'operator@example.jp');
    const rows = inventoryRows();
    const csvRate = await measure(server.url, operator, csvShiftJis(rows), 'text/csv', 0);
    const xlsxRate = await measure(
      server.url,
      operator,
      await xlsx(rows),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      RUNS,
    );
    console.log(
      JSON.stringify({
        bench: 'assets-import',
        rows: ROWS,
        import_rows_per_s: csvRate,
        xlsx_import_rows_per_s: xlsxRate,
        format: 'csv-shift_jis',
        runs: RUNS,
        database: database.kind,
      }),
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.drop();
}
