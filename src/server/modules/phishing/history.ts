import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { deliveredCount } from './results';
import {
  phishingCampaigns,
  phishingEvents,
  phishingLessonAssignments,
  phishingRecipients,
} from './tables';

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

// People only: the recipient's first human open, click and report; sent means the relay accepted
// it, delivered that it did not bounce afterwards. Rates are of those delivered, as in a campaign's
// own funnel (results.ts): a bounced address cannot open or click.
const peopleCounts = {
  sent: sql<number>`count(${phishingRecipients.acceptedAt})::int`,
  delivered: deliveredCount,
  opened: sql<number>`count(${phishingRecipients.openedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
  clicked: sql<number>`count(${phishingRecipients.clickedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
  submitted: sql<number>`count(${phishingRecipients.submittedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
  reported: sql<number>`count(${phishingRecipients.reportedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
};
type Counts = {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  submitted: number;
  reported: number;
};
const withRates = (c: Counts) => ({
  ...c,
  openRate: rate(c.opened, c.delivered),
  clickRate: rate(c.clicked, c.delivered),
  reportRate: rate(c.reported, c.delivered),
});

/** The company's launched campaigns, oldest first, with their people-only figures. */
export async function campaignTrend(db: DbOrTx, organizationId: string) {
  const rows = await db
    .select({
      campaignId: phishingCampaigns.id,
      name: phishingCampaigns.name,
      launchedAt: phishingCampaigns.launchedAt,
      ...peopleCounts,
    })
    .from(phishingCampaigns)
    .leftJoin(phishingRecipients, eq(phishingRecipients.campaignId, phishingCampaigns.id))
    .where(
      and(
        eq(phishingCampaigns.organizationId, organizationId),
        isNotNull(phishingCampaigns.launchedAt),
      ),
    )
    .groupBy(phishingCampaigns.id)
    .orderBy(asc(phishingCampaigns.launchedAt));
  return rows.map(({ campaignId, name, launchedAt, ...c }) => ({
    campaignId,
    name,
    launchedAt: launchedAt!,
    ...withRates(c),
  }));
}

/** Each department's people-only figures in each launched campaign. */
export async function departmentHistory(db: DbOrTx, organizationId: string) {
  const rows = await db
    .select({
      department: phishingRecipients.department,
      campaignId: phishingRecipients.campaignId,
      ...peopleCounts,
    })
    .from(phishingRecipients)
    .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
    .where(
      and(
        eq(phishingRecipients.organizationId, organizationId),
        isNotNull(phishingCampaigns.launchedAt),
      ),
    )
    .groupBy(phishingRecipients.department, phishingRecipients.campaignId)
    .orderBy(asc(phishingRecipients.department));
  type Figures = { campaignId: string } & ReturnType<typeof withRates>;
  const byDepartment = new Map<string | null, Figures[]>();
  for (const { department, campaignId, ...c } of rows) {
    const list = byDepartment.get(department) ?? [];
    list.push({ campaignId, ...withRates(c) });
    byDepartment.set(department, list);
  }
  return [...byDepartment].map(([department, campaigns]) => ({ department, campaigns }));
}

/** One address's outcome in every campaign it was part of, newest first. */
export async function personHistory(db: DbOrTx, organizationId: string, email: string) {
  return db
    .select({
      campaignId: phishingCampaigns.id,
      campaignName: phishingCampaigns.name,
      launchedAt: phishingCampaigns.launchedAt,
      name: phishingRecipients.name,
      department: phishingRecipients.department,
      sentAt: phishingRecipients.acceptedAt,
      sendError: phishingRecipients.sendError,
      openedAt: phishingRecipients.openedAt,
      clickedAt: phishingRecipients.clickedAt,
      submittedAt: phishingRecipients.submittedAt,
      reportedAt: phishingRecipients.reportedAt,
      scannerEvents: phishingRecipients.scannerEvents,
      lessonKey: phishingLessonAssignments.lessonKey,
      lessonCompletedAt: phishingLessonAssignments.completedAt,
    })
    .from(phishingRecipients)
    .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
    .leftJoin(
      phishingLessonAssignments,
      eq(phishingLessonAssignments.recipientId, phishingRecipients.id),
    )
    .where(
      and(
        eq(phishingRecipients.organizationId, organizationId),
        // Addresses are stored as imported, in lower case.
        eq(phishingRecipients.email, email.trim().toLowerCase()),
      ),
    )
    .orderBy(desc(phishingCampaigns.launchedAt));
}

/** Bucket sizes a timeline may use; the smallest giving at most MAX_BUCKETS buckets is chosen. */
const BUCKET_SECONDS = [60, 300, 900, 3600, 6 * 3600, 86_400, 7 * 86_400];
const MAX_BUCKETS = 120;

/**
 * The campaign's tracked hits over time, people (by kind) apart from scanners and forwarded
 * copies, in buckets sized to the span between the first and the last hit.
 */
export async function campaignTimeline(db: DbOrTx, organizationId: string, campaignId: string) {
  const scope = and(
    eq(phishingEvents.organizationId, organizationId),
    eq(phishingEvents.campaignId, campaignId),
  );
  const [span] = await db
    .select({
      first: sql<string | null>`min(${phishingEvents.at})`,
      last: sql<string | null>`max(${phishingEvents.at})`,
    })
    .from(phishingEvents)
    .where(scope);
  if (!span?.first || !span.last) return { bucketSeconds: BUCKET_SECONDS[0]!, buckets: [] };
  const first = new Date(span.first);
  const seconds = (new Date(span.last).getTime() - first.getTime()) / 1000;
  const bucketSeconds =
    BUCKET_SECONDS.find((s) => seconds / s < MAX_BUCKETS) ?? BUCKET_SECONDS.at(-1)!;
  const origin = new Date(
    Math.floor(first.getTime() / (bucketSeconds * 1000)) * bucketSeconds * 1000,
  );
  const bucket = sql<number>`floor(extract(epoch from (${phishingEvents.at} - ${origin.toISOString()}::timestamptz)) / ${bucketSeconds})::int`;
  const count = (where: ReturnType<typeof sql>) =>
    sql<number>`count(*) filter (where ${where})::int`;
  const rows = await db
    .select({
      bucket,
      open: count(sql`classification = 'human' and kind = 'open'`),
      click: count(sql`classification = 'human' and kind = 'click'`),
      submit: count(sql`classification = 'human' and kind = 'submit'`),
      report: count(sql`classification = 'human' and kind = 'report'`),
      scanner: count(sql`classification = 'scanner'`),
      forwarded: count(sql`classification = 'forwarded'`),
    })
    .from(phishingEvents)
    .where(scope)
    // By position: the bucket expression's parameters would not match a repeated expression.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return {
    bucketSeconds,
    buckets: rows.map(({ bucket: b, ...counts }) => ({
      at: new Date(origin.getTime() + b * bucketSeconds * 1000),
      ...counts,
    })),
  };
}
