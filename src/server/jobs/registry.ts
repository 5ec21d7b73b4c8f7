import { z } from 'zod';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { Mailer, mailJob, type OutgoingMail } from '../modules/mail/service';
import { purgeExpiredCredentials } from '../modules/identity/service';
import { JobQueue } from './queue';
import { RealtimeHub } from '../realtime/hub';
import { sendCampaignJob, sweepCampaignsJob, type SendingDeps } from '../modules/phishing/sending';
import { SecretBox } from '../modules/phishing/secrets';
import { ProfileMailers } from '../modules/phishing/smtp';
import { releaseDueJob, sweepDueJob } from '../modules/exercises/live';
import { pollReportMailboxesJob } from '../modules/phishing/reports';
import { OutboundGuard } from '../net/outbound-guard';
import {
  collectWebhooksJob,
  deliverWebhookJob,
  sweepWebhooksJob,
} from '../modules/phishing/webhooks';
import { sweepFollowUpsJob } from '../modules/phishing/followup';

export interface Jobs {
  queue: JobQueue;
  sendMail(mail: OutgoingMail): Promise<void>;
  stop(): Promise<void>;
}

const log = {
  warn: (obj: object, msg: string) => console.warn(msg, obj),
  error: (obj: object, msg: string) => console.error(msg, obj),
};

/**
 * Declares every module's jobs on one queue and starts it. The web process and `npm run worker`
 * both call this, so a job sent by one is understood by the other.
 */
export async function startJobs(
  config: Config,
  database: Database,
  options: { smtpUrl: string; work: boolean; pollingSeconds?: number },
): Promise<Jobs> {
  const mailer = new Mailer(options.smtpUrl, config.mailFrom);
  const queue = new JobQueue(database, log, options.pollingSeconds ?? 1);
  const sendMail = mailJob(() => mailer);
  queue.define(sendMail);
  queue.define({
    name: 'identity.purge-expired',
    payload: z.object({}),
    cron: '17 * * * *',
    handler: () => purgeExpiredCredentials(database.db),
  });

  // Phishing training: sending campaigns at their rate and window, and the minute sweep.
  // Publishing only needs NOTIFY, which any process can send, so no hub is started here.
  const events = new RealtimeHub(database);
  const secrets = new SecretBox(config.secretKey);
  const guard = new OutboundGuard(config.outboundAllow);
  const profileMailers = new ProfileMailers(secrets, guard);
  const phishing: SendingDeps = {
    db: database.db,
    mailer: () => mailer,
    profileMailer: (profile) => profileMailers.get(profile),
    queue: () => queue,
    onChanged: (orgId, campaignId) =>
      events.publish(`org:${orgId}`, 'phishing.changed', { campaignId }),
  };
  queue.define(sendCampaignJob(phishing));
  queue.define(sweepCampaignsJob(phishing));
  queue.define(
    pollReportMailboxesJob({ db: database.db, secrets, guard, onChanged: phishing.onChanged }),
  );
  // Signed webhooks: tracked events into deliveries, each delivered with retries and backoff.
  const webhookDeps = { db: database.db, secrets, guard, queue: () => queue };
  queue.define(deliverWebhookJob(webhookDeps));
  queue.define(collectWebhooksJob(webhookDeps));
  queue.define(sweepWebhooksJob(webhookDeps));
  // Follow-up lessons for people who clicked, mailed through the platform mailer.
  queue.define(
    sweepFollowUpsJob({
      db: database.db,
      sendMail: async (mail) => void (await queue.enqueue(sendMail, mail)),
      onChanged: phishing.onChanged,
    }),
  );

  // Exercises: injects released on the shared clock; the sweep catches any timed job that was lost.
  queue.define(releaseDueJob({ db: database.db, realtime: events }));
  queue.define(sweepDueJob({ db: database.db, realtime: events }));

  await queue.start({ work: options.work });
  return {
    queue,
    async sendMail(mail) {
      await queue.enqueue(sendMail, mail);
    },
    async stop() {
      await queue.stop();
      mailer.close();
      profileMailers.close();
    },
  };
}
