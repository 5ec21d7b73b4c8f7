import { and, count, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { JobDefinition, JobQueue } from '../../jobs/queue';
import { classifyUnconfirmedClicks } from './confirmation';
import { renderTrainingMail } from './render';
import { failureKind, smtpReply, type MailSender, type SmtpProfile } from './smtp';
import {
  phishingCampaigns,
  phishingRecipients,
  phishingSmtpProfiles,
  type RedFlag,
} from './tables';
import type { Campaign } from './service';
import { spreadTarget } from './spread';
import { trainingMessageId } from './dsn';

export const sendCampaignPayload = z.object({ campaignId: z.uuid() });
export type SendCampaignPayload = z.infer<typeof sendCampaignPayload>;

/** What a caller needs to queue a send; the worker's definition below adds the handler. */
export const sendCampaignMessage = { name: 'phishing.send', payload: sendCampaignPayload };
/** At most this many messages per job run; the next minute's sweep sends the rest. */
const MAX_PER_RUN = 500;
// At least the platform mailer's pooled connections (10), so every connection is kept busy.
const PARALLEL_SENDS = 20;
const ACCEPTED_FLUSH = 50;
/** A job keeps sending full runs for up to this long before handing over to a new job. */
const RUN_BUDGET_MS = 30_000;
/** A claim older than this without the relay's acceptance was interrupted by a dying worker. */
const INTERRUPTED_AFTER_MS = 10 * 60 * 1000;

export interface SendingDeps {
  db: Db;
  /** The platform mailer, for campaigns without an SMTP profile. */
  mailer: () => MailSender;
  /** A company's relay; checked before any message is claimed so a bad profile sends nothing. */
  profileMailer: (profile: SmtpProfile) => MailSender & { verify(): Promise<void> };
  queue: () => JobQueue;
  onChanged: (organizationId: string, campaignId: string) => Promise<void>;
}

/** Whether now falls in the campaign's daily window, in the campaign's time zone. */
export function inSendWindow(
  campaign: Pick<Campaign, 'windowStartMinute' | 'windowEndMinute' | 'timeZone' | 'startAt'>,
  now: Date,
): boolean {
  if (campaign.startAt && now < campaign.startAt) return false;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: campaign.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  const minuteOfDay = hour * 60 + minute;
  return minuteOfDay >= campaign.windowStartMinute && minuteOfDay < campaign.windowEndMinute;
}

export const trackingUrls = (baseUrl: string, token: string) => ({
  click: `${baseUrl}/t/c/${token}`,
  open: `${baseUrl}/t/o/${token}.png`,
  report: `${baseUrl}/t/r/${token}`,
  trap: `${baseUrl}/t/l/${token}`,
});

/**
 * Sends what the campaign's rate allows right now. Each recipient is claimed by a conditional
 * UPDATE (sent_at IS NULL) before its message goes out, so no message is ever sent twice, however
 * many workers run or die; a claim the relay never confirmed is later marked as interrupted.
 */
export async function sendCampaignBatch(
  deps: SendingDeps,
  campaignId: string,
  now = new Date(),
): Promise<number> {
  const { db } = deps;
  const [campaign] = await db
    .select()
    .from(phishingCampaigns)
    .where(eq(phishingCampaigns.id, campaignId));
  if (!campaign || campaign.status !== 'sending' || !campaign.baseUrl) return 0;
  if (!inSendWindow(campaign, now)) return 0;

  let via: { mailer: MailSender; from: string | undefined } | undefined;
  if (campaign.smtpProfileId) {
    const [profile] = await db
      .select()
      .from(phishingSmtpProfiles)
      .where(eq(phishingSmtpProfiles.id, campaign.smtpProfileId));
    if (!profile) return 0;
    const relay = deps.profileMailer(profile);
    try {
      await relay.verify();
    } catch (err) {
      // Nothing is claimed: the minute sweep tries again, and the results page shows why.
      const { reply } = smtpReply(err);
      await db
        .update(phishingCampaigns)
        .set({ relayError: reply })
        .where(eq(phishingCampaigns.id, campaignId));
      await deps.onChanged(campaign.organizationId, campaignId);
      return 0;
    }
    via = {
      mailer: relay,
      from: `"${campaign.senderName.replace(/["\\\r\n]/g, '')}" <${profile.fromAddress}>`,
    };
  }
  if (campaign.relayError) {
    await db
      .update(phishingCampaigns)
      .set({ relayError: null })
      .where(eq(phishingCampaigns.id, campaignId));
  }

  // One batch per campaign at a time: a second worker waits on the campaign's row, then sees
  // this batch's claims, so the rate and the spreading hold however many workers run.
  const claimed = await db.transaction(async (tx) => {
    await tx
      .select({ id: phishingCampaigns.id })
      .from(phishingCampaigns)
      .where(eq(phishingCampaigns.id, campaignId))
      .for('update');
    const [recent] = await tx
      .select({ n: count() })
      .from(phishingRecipients)
      .where(
        and(
          eq(phishingRecipients.campaignId, campaignId),
          gt(phishingRecipients.sentAt, new Date(now.getTime() - 60_000)),
        ),
      );
    let allowance = Math.min(MAX_PER_RUN, campaign.sendRatePerMinute - (recent?.n ?? 0));
    if (campaign.spreadOverMinutes) {
      // Spread evenly: only what the elapsed share of the period's window time calls for.
      const [progress] = await tx
        .select({ total: count(), claimed: count(phishingRecipients.sentAt) })
        .from(phishingRecipients)
        .where(eq(phishingRecipients.campaignId, campaignId));
      const due = spreadTarget(campaign, progress?.total ?? 0, now) - (progress?.claimed ?? 0);
      allowance = Math.min(allowance, due);
    }
    if (allowance <= 0) return [];
    // Picked first, then claimed: in one UPDATE ... IN (SELECT ... LIMIT n FOR UPDATE SKIP
    // LOCKED) the planner may rescan the subquery, which then skips the rows just claimed and
    // returns more, so a batch could exceed its allowance.
    const picked = await tx
      .select({ id: phishingRecipients.id })
      .from(phishingRecipients)
      .where(and(eq(phishingRecipients.campaignId, campaignId), isNull(phishingRecipients.sentAt)))
      .orderBy(phishingRecipients.id)
      .limit(allowance)
      .for('update', { skipLocked: true });
    if (picked.length === 0) return [];
    return tx
      .update(phishingRecipients)
      .set({ sentAt: now })
      .where(
        and(
          isNull(phishingRecipients.sentAt),
          inArray(
            phishingRecipients.id,
            picked.map((p) => p.id),
          ),
        ),
      )
      .returning();
  });
  let sent = 0;
  if (claimed.length > 0) {
    sent = await deliver(
      deps,
      via ?? { mailer: deps.mailer(), from: undefined },
      campaign,
      campaign.baseUrl,
      claimed,
    );
  }

  const [remaining] = await db
    .select({ n: count() })
    .from(phishingRecipients)
    .where(and(eq(phishingRecipients.campaignId, campaignId), isNull(phishingRecipients.sentAt)));
  if ((remaining?.n ?? 0) === 0) {
    await db
      .update(phishingCampaigns)
      .set({ status: 'sent', completedAt: new Date() })
      .where(and(eq(phishingCampaigns.id, campaignId), eq(phishingCampaigns.status, 'sending')));
  }
  if (sent > 0 || (remaining?.n ?? 0) === 0)
    await deps.onChanged(campaign.organizationId, campaignId);
  return sent;
}

type Claimed = typeof phishingRecipients.$inferSelect;

async function deliver(
  deps: SendingDeps,
  via: { mailer: MailSender; from: string | undefined },
  campaign: Campaign & { redFlags: RedFlag[] },
  baseUrl: string,
  claimed: Claimed[],
): Promise<number> {
  // Recorded every ACCEPTED_FLUSH messages, not once at the end of the batch: a worker that dies
  // mid-batch leaves at most that many delivered messages marked interrupted.
  const accepted: string[] = [];
  let acceptedCount = 0;
  const recordAccepted = async () => {
    const ids = accepted.splice(0);
    if (ids.length === 0) return;
    await deps.db
      .update(phishingRecipients)
      .set({ acceptedAt: new Date() })
      .where(
        sql`${phishingRecipients.id} in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid)`,
      );
  };
  const failed: { id: string; error: string; kind: 'bounced' | 'failed' }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const recipient = claimed[next++]!;
      const urls = trackingUrls(baseUrl, recipient.token);
      const mail = renderTrainingMail(
        campaign,
        {
          name: recipient.name,
          department: recipient.department,
          link: urls.click,
          reportUrl: urls.report,
        },
        urls.open,
        urls.trap,
      );
      try {
        await via.mailer.send({
          to: recipient.email,
          ...mail,
          messageId: trainingMessageId(recipient.id, baseUrl),
          ...(via.from ? { from: via.from } : {}),
        });
        accepted.push(recipient.id);
        acceptedCount++;
      } catch (err) {
        failed.push({ id: recipient.id, error: smtpReply(err).reply, kind: failureKind(err) });
        continue;
      }
      if (accepted.length >= ACCEPTED_FLUSH) await recordAccepted();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, claimed.length) }, worker));
  await recordAccepted();
  if (failed.length > 0) {
    await deps.db.execute(sql`
      update ${phishingRecipients} r set send_error = f.error, send_failure = f.kind
      from jsonb_to_recordset(${JSON.stringify(failed)}::jsonb) as f(id uuid, error text, kind text)
      where r.id = f.id`);
  }
  return acceptedCount;
}

/** Every minute: continues sending campaigns (rate and window) and marks interrupted claims. */
export async function sweepCampaigns(deps: SendingDeps): Promise<void> {
  await deps.db
    .update(phishingRecipients)
    .set({
      sendError: 'interrupted: the relay never confirmed this message',
      sendFailure: 'failed',
    })
    .where(
      and(
        isNotNull(phishingRecipients.sentAt),
        isNull(phishingRecipients.acceptedAt),
        isNull(phishingRecipients.sendError),
        lt(phishingRecipients.sentAt, new Date(Date.now() - INTERRUPTED_AFTER_MS)),
      ),
    );
  // Clicks whose landing page never confirmed them turn into scanner events.
  for (const key of await classifyUnconfirmedClicks(deps.db)) {
    const [orgId, campaignId] = key.split(':');
    if (orgId && campaignId) await deps.onChanged(orgId, campaignId);
  }
  const sending = await deps.db
    .select({ id: phishingCampaigns.id })
    .from(phishingCampaigns)
    .where(eq(phishingCampaigns.status, 'sending'));
  for (const { id } of sending) await deps.queue().enqueue(sendCampaignMessage, { campaignId: id });
}

export function sendCampaignJob(deps: SendingDeps): JobDefinition<SendCampaignPayload> {
  return {
    ...sendCampaignMessage,
    retryLimit: 3,
    handler: async ({ campaignId }) => {
      const started = Date.now();
      let sent = await sendCampaignBatch(deps, campaignId);
      // Another run at once rather than through the queue, whose polling adds up to a second.
      while (sent >= MAX_PER_RUN && Date.now() - started < RUN_BUDGET_MS) {
        sent = await sendCampaignBatch(deps, campaignId);
      }
      // A full run may leave more of this minute's allowance: continue now rather than at the
      // next minute's sweep, or a campaign would never send faster than MAX_PER_RUN a minute.
      if (sent >= MAX_PER_RUN) await deps.queue().enqueue(sendCampaignMessage, { campaignId });
    },
  };
}

export function sweepCampaignsJob(deps: SendingDeps): JobDefinition<Record<string, never>> {
  return {
    name: 'phishing.sweep',
    payload: z.object({}) as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    handler: () => sweepCampaigns(deps),
  };
}
