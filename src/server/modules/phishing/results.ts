import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { phishingEvents, phishingRecipients } from './tables';

type StageRow = {
  recipients: number;
  sent: number;
  delivered: number;
  failed: number;
  bounced: number;
  opened: number;
  clicked: number;
  submitted: number;
  reported: number;
};

/**
 * Messages delivered: accepted and not bounced afterwards (a DSN marks an accepted message
 * bounced). Every rate of people is of these.
 */
export const deliveredCount = sql<number>`count(${phishingRecipients.acceptedAt}) filter (where ${phishingRecipients.sendFailure} is distinct from 'bounced')::int`;

const stageColumns = {
  recipients: sql<number>`count(*)::int`,
  // Sent means the relay accepted it; a failed or unconfirmed message did not reach anyone.
  sent: sql<number>`count(${phishingRecipients.acceptedAt})::int`,
  delivered: deliveredCount,
  failed: sql<number>`count(${phishingRecipients.sendError})::int`,
  bounced: sql<number>`count(*) filter (where ${phishingRecipients.sendFailure} = 'bounced')::int`,
  opened: sql<number>`count(${phishingRecipients.openedAt})::int`,
  clicked: sql<number>`count(${phishingRecipients.clickedAt})::int`,
  submitted: sql<number>`count(${phishingRecipients.submittedAt})::int`,
  reported: sql<number>`count(${phishingRecipients.reportedAt})::int`,
};

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

function funnel(row: StageRow) {
  // Rates are of the messages that reached someone: a bounced address cannot open or click.
  const stage = (n: number) => ({ count: n, rate: rate(n, row.delivered) });
  return {
    recipients: row.recipients,
    sent: row.sent,
    delivered: row.delivered,
    failed: row.failed,
    bounced: row.bounced,
    opened: stage(row.opened),
    clicked: stage(row.clicked),
    submitted: stage(row.submitted),
    reported: stage(row.reported),
  };
}

/** The campaign's funnel counting people only (first human event per stage), overall and by department. */
export async function campaignFunnel(db: DbOrTx, organizationId: string, campaignId: string) {
  const scope = and(
    eq(phishingRecipients.organizationId, organizationId),
    eq(phishingRecipients.campaignId, campaignId),
  );
  const [overall] = await db.select(stageColumns).from(phishingRecipients).where(scope);
  const departments = await db
    .select({ department: phishingRecipients.department, ...stageColumns })
    .from(phishingRecipients)
    .where(scope)
    .groupBy(phishingRecipients.department)
    .orderBy(asc(phishingRecipients.department));
  const reasons = await db
    .select({ reason: sql<string>`coalesce(${phishingEvents.reason}, '')`, count: count() })
    .from(phishingEvents)
    .where(
      and(
        eq(phishingEvents.organizationId, organizationId),
        eq(phishingEvents.campaignId, campaignId),
        eq(phishingEvents.classification, 'scanner'),
      ),
    )
    .groupBy(phishingEvents.reason)
    .orderBy(asc(phishingEvents.reason));
  const [forwarded] = await db
    .select({ n: count() })
    .from(phishingEvents)
    .where(
      and(
        eq(phishingEvents.organizationId, organizationId),
        eq(phishingEvents.campaignId, campaignId),
        eq(phishingEvents.classification, 'forwarded'),
      ),
    );
  return {
    forwardedEvents: forwarded?.n ?? 0,
    funnel: funnel(
      overall ?? {
        recipients: 0,
        sent: 0,
        delivered: 0,
        failed: 0,
        bounced: 0,
        opened: 0,
        clicked: 0,
        submitted: 0,
        reported: 0,
      },
    ),
    scannerEvents: reasons.reduce((sum, r) => sum + r.count, 0),
    scannerReasons: reasons,
    byDepartment: departments.map(({ department, ...row }) => ({ department, ...funnel(row) })),
  };
}

export type RecipientResult = typeof phishingRecipients.$inferSelect;

/** One page of recipients by address; keyset pagination stays fast at 50,000 recipients. */
export async function listRecipientResults(
  db: DbOrTx,
  organizationId: string,
  campaignId: string,
  page: { after?: string | undefined; limit: number },
): Promise<{ recipients: RecipientResult[]; nextAfter: string | null }> {
  const rows = await db
    .select()
    .from(phishingRecipients)
    .where(
      and(
        eq(phishingRecipients.organizationId, organizationId),
        eq(phishingRecipients.campaignId, campaignId),
        page.after ? gt(phishingRecipients.email, page.after) : undefined,
      ),
    )
    .orderBy(asc(phishingRecipients.email))
    .limit(page.limit + 1);
  const recipients = rows.slice(0, page.limit);
  return {
    recipients,
    nextAfter: rows.length > page.limit ? (recipients.at(-1)?.email ?? null) : null,
  };
}

/** A spreadsheet would run a cell starting with one of these as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes a CSV cell and defuses anything a spreadsheet would evaluate. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Column headers of a recipient row, shared by the CSV and the Excel export. */
export const recipientExportHeaders = {
  ja: [
    '氏名',
    'メールアドレス',
    '部署',
    '役職',
    '送信',
    '送信エラー',
    '送信失敗の種類',
    '開封',
    'クリック',
    '入力送信',
    '報告',
    'スキャナー検出数',
  ],
  en: [
    'Name',
    'Email',
    'Department',
    'Position',
    'Sent',
    'Send error',
    'Failure kind',
    'Opened',
    'Clicked',
    'Submitted',
    'Reported',
    'Scanner events',
  ],
} as const;

/** The recipients as CSV (UTF-8 with BOM so Excel reads Japanese), read page by page. */
export async function* exportRecipientsCsv(
  db: DbOrTx,
  organizationId: string,
  campaignId: string,
  locale: 'ja' | 'en',
): AsyncGenerator<string> {
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  yield '\uFEFF' + recipientExportHeaders[locale].map(csvCell).join(',') + '\r\n';
  let after: string | undefined;
  for (;;) {
    const page = await listRecipientResults(db, organizationId, campaignId, { after, limit: 2000 });
    yield page.recipients
      .map(
        (r) =>
          [
            r.name,
            r.email,
            r.department,
            r.position,
            iso(r.acceptedAt),
            r.sendError,
            r.sendFailure,
            iso(r.openedAt),
            iso(r.clickedAt),
            iso(r.submittedAt),
            iso(r.reportedAt),
            r.scannerEvents,
          ]
            .map(csvCell)
            .join(',') + '\r\n',
      )
      .join('');
    if (!page.nextAfter) return;
    after = page.nextAfter;
  }
}
