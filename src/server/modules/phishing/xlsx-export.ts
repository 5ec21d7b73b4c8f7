import ExcelJS from 'exceljs';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import {
  campaignFunnel,
  FORMULA_START,
  listRecipientResults,
  recipientExportHeaders,
} from './results';
import type { Campaign } from './service';

const texts = {
  ja: {
    summary: '概要',
    recipients: '対象者ごとの結果',
    departments: '部署別',
    campaign: 'キャンペーン',
    subject: '件名',
    launched: '開始',
    timeZone: '時刻のタイムゾーン',
    peopleOnly:
      '開封・クリック・入力送信・報告は人による反応のみ（スキャナー等の自動アクセスを除く）。率は送信数に対する割合。',
    stage: '段階',
    count: '人数',
    rate: '率',
    stages: ['対象者', '送信', '開封', 'クリック', '入力送信', '報告'],
    scanner: 'スキャナー・自動アクセス（件）',
    forwarded: '転送先の人の反応（件）',
    department: '部署',
    none: '（部署なし）',
    deptHeaders: [
      '部署',
      '送信',
      '開封',
      '開封率',
      'クリック',
      'クリック率',
      '入力送信',
      '報告',
      '報告率',
    ],
  },
  en: {
    summary: 'Summary',
    recipients: 'Recipients',
    departments: 'Departments',
    campaign: 'Campaign',
    subject: 'Subject',
    launched: 'Launched',
    timeZone: 'Times are in',
    peopleOnly:
      'Opens, clicks, submissions and reports count people only (not scanners or other automated hits). Rates are of messages sent.',
    stage: 'Stage',
    count: 'People',
    rate: 'Rate',
    stages: ['Recipients', 'Sent', 'Opened', 'Clicked', 'Submitted', 'Reported'],
    scanner: 'Scanner and automated hits',
    forwarded: 'Hits from forwarded copies',
    department: 'Department',
    none: '(no department)',
    deptHeaders: [
      'Department',
      'Sent',
      'Opened',
      'Open rate',
      'Clicked',
      'Click rate',
      'Submitted',
      'Reported',
      'Report rate',
    ],
  },
} as const;

/** A text cell a spreadsheet could read as a formula gets a leading apostrophe, as in the CSV. */
export function safeText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The time as the wall clock shows it in the zone, as a date without a zone: spreadsheet dates
 * have none, so the cell shows what the user would read on their own clock.
 */
export function wallClock(d: Date | null, timeZone: string): Date | null {
  if (!d) return null;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return new Date(
    Date.UTC(
      +parts.year!,
      +parts.month! - 1,
      +parts.day!,
      +parts.hour!,
      +parts.minute!,
      +parts.second!,
    ),
  );
}

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const PERCENT_FORMAT = '0.0%';

/** The campaign's results as an Excel workbook: summary, departments and every recipient. */
export async function resultsWorkbook(
  db: DbOrTx,
  campaign: Campaign,
  locale: Locale,
  timeZone: string,
): Promise<Buffer> {
  const t = texts[locale];
  const results = await campaignFunnel(db, campaign.organizationId, campaign.id);
  const f = results.funnel;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bansō';

  const summary = workbook.addWorksheet(t.summary);
  summary.columns = [{ width: 34 }, { width: 40 }, { width: 12 }];
  summary.addRow([t.campaign, safeText(campaign.name)]);
  summary.addRow([t.subject, safeText(campaign.subject)]);
  const launched = summary.addRow([t.launched, wallClock(campaign.launchedAt, timeZone)]);
  launched.getCell(2).numFmt = DATE_FORMAT;
  summary.addRow([t.timeZone, timeZone]);
  summary.addRow([]);
  summary.addRow([t.stage, t.count, t.rate]).font = { bold: true };
  const stages = [f.recipients, f.sent, f.opened, f.clicked, f.submitted, f.reported] as const;
  stages.forEach((s, i) => {
    const row =
      typeof s === 'number'
        ? summary.addRow([t.stages[i], s, null])
        : summary.addRow([t.stages[i], s.count, s.rate]);
    row.getCell(3).numFmt = PERCENT_FORMAT;
  });
  summary.addRow([t.scanner, results.scannerEvents]);
  summary.addRow([t.forwarded, results.forwardedEvents]);
  summary.addRow([]);
  summary.addRow([t.peopleOnly]);

  const departments = workbook.addWorksheet(t.departments);
  departments.addRow([...t.deptHeaders]).font = { bold: true };
  for (const d of results.byDepartment) {
    const row = departments.addRow([
      safeText(d.department) ?? t.none,
      d.sent,
      d.opened.count,
      d.opened.rate,
      d.clicked.count,
      d.clicked.rate,
      d.submitted.count,
      d.reported.count,
      d.reported.rate,
    ]);
    for (const c of [4, 6, 9]) row.getCell(c).numFmt = PERCENT_FORMAT;
  }
  departments.columns.forEach((c, i) => (c.width = i === 0 ? 24 : 12));

  const recipients = workbook.addWorksheet(t.recipients);
  recipients.addRow([...recipientExportHeaders[locale]]).font = { bold: true };
  recipients.views = [{ state: 'frozen', ySplit: 1 }];
  let after: string | undefined;
  for (;;) {
    const page = await listRecipientResults(db, campaign.organizationId, campaign.id, {
      after,
      limit: 2000,
    });
    for (const r of page.recipients) {
      const row = recipients.addRow([
        safeText(r.name),
        safeText(r.email),
        safeText(r.department),
        safeText(r.position),
        wallClock(r.acceptedAt, timeZone),
        safeText(r.sendError),
        r.sendFailure,
        wallClock(r.openedAt, timeZone),
        wallClock(r.clickedAt, timeZone),
        wallClock(r.submittedAt, timeZone),
        wallClock(r.reportedAt, timeZone),
        r.scannerEvents,
      ]);
      for (const c of [5, 8, 9, 10, 11]) row.getCell(c).numFmt = DATE_FORMAT;
    }
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  recipients.columns.forEach((c, i) => (c.width = [16, 32, 14, 12][i] ?? 20));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
