import { and, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { deliveredCount } from './results';
import { CLICK_RATE_TARGET } from '../../../contracts/phishing-history';
import { phishingCampaigns, phishingRecipients } from './tables';

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

/**
 * Phishing figures over a program's companies, for the programs module's summary: campaigns
 * launched in the program's period (Japanese dates), people-only rates pooled over every message
 * delivered, and the share of companies whose own click rate is under the target. Figures over fewer
 * than `minimumCompanies` contributing companies are withheld (null), so no company stands out.
 */
export async function programPhishingFigures(
  db: DbOrTx,
  input: { companyIds: string[]; startsOn: string; endsOn: string; minimumCompanies: number },
) {
  const perCompany =
    input.companyIds.length === 0
      ? []
      : await db
          .select({
            companyId: phishingCampaigns.organizationId,
            campaigns: sql<number>`count(distinct ${phishingCampaigns.id})::int`,
            // Rates are of the messages delivered (accepted, not bounced), as in each funnel.
            delivered: deliveredCount,
            opened: sql<number>`count(${phishingRecipients.openedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
            clicked: sql<number>`count(${phishingRecipients.clickedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
            reported: sql<number>`count(${phishingRecipients.reportedAt}) filter (where ${phishingRecipients.acceptedAt} is not null)::int`,
          })
          .from(phishingCampaigns)
          .innerJoin(
            phishingRecipients,
            sql`${phishingRecipients.campaignId} = ${phishingCampaigns.id}`,
          )
          .where(
            and(
              inArray(phishingCampaigns.organizationId, input.companyIds),
              isNotNull(phishingCampaigns.launchedAt),
              sql`(${phishingCampaigns.launchedAt} at time zone 'Asia/Tokyo')::date between ${input.startsOn}::date and ${input.endsOn}::date`,
            ),
          )
          .groupBy(phishingCampaigns.organizationId);
  const contributing = perCompany.filter((c) => c.delivered > 0);
  const total = (k: 'campaigns' | 'delivered' | 'opened' | 'clicked' | 'reported') =>
    contributing.reduce((n, c) => n + c[k], 0);
  if (contributing.length < input.minimumCompanies) {
    return {
      companies: null,
      campaigns: null,
      openRate: null,
      clickRate: null,
      reportRate: null,
      companiesUnderTarget: null,
      clickRateTarget: CLICK_RATE_TARGET,
    };
  }
  const delivered = total('delivered');
  return {
    companies: contributing.length,
    campaigns: total('campaigns'),
    openRate: rate(total('opened'), delivered),
    clickRate: rate(total('clicked'), delivered),
    reportRate: rate(total('reported'), delivered),
    companiesUnderTarget: rate(
      contributing.filter((c) => c.clicked / c.delivered < CLICK_RATE_TARGET).length,
      contributing.length,
    ),
    clickRateTarget: CLICK_RATE_TARGET,
  };
}
