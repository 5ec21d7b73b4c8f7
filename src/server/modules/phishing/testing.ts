import { eq } from 'drizzle-orm';
import type { TestApp } from '../../testing/harness';
import * as phishing from './service';
import { phishingRecipients } from './tables';

export interface LaunchedRecipient {
  id: string;
  email: string;
  token: string;
}

/**
 * For tests: a company's campaign to the given addresses, launched round the clock from a library
 * template; its recipients come back in the order of `emails`.
 */
export async function launchTestCampaign(
  app: TestApp,
  orgId: string,
  name: string,
  emails: string[],
  templateKey = 'invoice-overdue',
  sendRatePerMinute = 60,
): Promise<{ campaignId: string; recipients: LaunchedRecipient[] }> {
  const group = await phishing.createTargetGroup(app.ctx.db, orgId, name);
  await phishing.importTargets(
    app.ctx.db,
    orgId,
    group.id,
    emails.map((email) => ({ name: email, email, department: null, position: null })),
  );
  const campaign = await phishing.createCampaign(app.ctx.db, orgId, {
    name,
    groupId: group.id,
    template: { source: 'library', key: templateKey, locale: 'ja' },
    windowStartMinute: 0,
    windowEndMinute: 1440,
    timeZone: 'Asia/Tokyo',
    sendRatePerMinute,
  });
  await phishing.launchCampaign(app.ctx.db, orgId, campaign.id, 'http://localhost');
  const rows = await app.ctx.db
    .select({
      id: phishingRecipients.id,
      email: phishingRecipients.email,
      token: phishingRecipients.token,
    })
    .from(phishingRecipients)
    .where(eq(phishingRecipients.campaignId, campaign.id));
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  return { campaignId: campaign.id, recipients: emails.map((e) => byEmail.get(e)!) };
}
