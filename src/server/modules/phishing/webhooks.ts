import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  MAX_WEBHOOKS_PER_COMPANY,
  type createWebhookRequest,
  type updateWebhookRequest,
  type WebhookEventKind,
} from '../../../contracts/phishing-webhooks';
import type { Db, DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import type { JobDefinition, JobQueue } from '../../jobs/queue';
import {
  OutboundRefusedError,
  type OutboundGuard,
  type PinnedAddress,
} from '../../net/outbound-guard';
import { getScannerRules } from './rules';
import type { SecretBox } from './secrets';
import { phishingEvents, phishingWebhookDeliveries, phishingWebhooks } from './tables';

export type Webhook = typeof phishingWebhooks.$inferSelect;
export type WebhookDelivery = typeof phishingWebhookDeliveries.$inferSelect;

/** Attempts per delivery: the first and pg-boss's retries, backing off from 30 s (15–30 min in all). */
export const MAX_ATTEMPTS = 6;
const RETRY_DELAY_SECONDS = 30;
const TIMEOUT_MS = 10_000;
/** Events this recent may still have siblings with lower ids committing; they wait a moment. */
const SETTLE_MS = 10_000;
/** The minute sweep that reclassifies unconfirmed clicks runs after their window; wait for it. */
const CLICK_SETTLE_EXTRA_MS = 90_000;
const EVENTS_PER_COLLECT = 500;
/** A delivery never tried this long after it was made lost its job; the sweep queues it again. */
const LOST_AFTER_MS = 5 * 60 * 1000;

export const deliverWebhookMessage = {
  name: 'phishing.webhook-deliver',
  payload: z.object({ deliveryId: z.uuid() }),
};

export interface WebhookDeps {
  db: Db;
  secrets: SecretBox;
  guard: OutboundGuard;
  queue: () => JobQueue;
}

/** The headers a receiver checks: `sha256=` HMAC-SHA256 of "timestamp.body" with the secret. */
export function signatureHeaders(
  secret: string,
  body: string,
  at: Date,
): { 'x-banso-timestamp': string; 'x-banso-signature': string } {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'x-banso-timestamp': timestamp, 'x-banso-signature': `sha256=${mac}` };
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export async function listWebhooks(db: DbOrTx, organizationId: string): Promise<Webhook[]> {
  return db
    .select()
    .from(phishingWebhooks)
    .where(eq(phishingWebhooks.organizationId, organizationId))
    .orderBy(phishingWebhooks.createdAt);
}

export async function getWebhook(
  db: DbOrTx,
  organizationId: string,
  webhookId: string,
): Promise<Webhook> {
  const [row] = await db
    .select()
    .from(phishingWebhooks)
    .where(
      and(eq(phishingWebhooks.id, webhookId), eq(phishingWebhooks.organizationId, organizationId)),
    );
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * Adds an endpoint with a fresh secret, returned here once and kept sealed. It receives the
 * events from now on, not the company's history.
 */
export async function createWebhook(
  db: DbOrTx,
  secrets: SecretBox,
  organizationId: string,
  input: z.output<typeof createWebhookRequest>,
): Promise<{ webhook: Webhook; secret: string }> {
  const [existing] = await db
    .select({ n: count() })
    .from(phishingWebhooks)
    .where(eq(phishingWebhooks.organizationId, organizationId));
  if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_COMPANY) {
    throw new AppError('conflict', { reason: `at most ${MAX_WEBHOOKS_PER_COMPANY} webhooks` });
  }
  const secret = newSecret();
  const [webhook] = await db
    .insert(phishingWebhooks)
    .values({
      organizationId,
      ...input,
      secretSealed: secrets.seal(secret),
      lastEventId: sql`(select coalesce(max(id), 0) from ${phishingEvents}
        where organization_id = ${organizationId})`,
    })
    .returning();
  if (!webhook) throw new Error('webhook insert returned nothing');
  return { webhook, secret };
}

export async function updateWebhook(
  db: DbOrTx,
  organizationId: string,
  webhookId: string,
  input: z.output<typeof updateWebhookRequest>,
): Promise<Webhook> {
  await getWebhook(db, organizationId, webhookId);
  const [row] = await db
    .update(phishingWebhooks)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(phishingWebhooks.id, webhookId))
    .returning();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function deleteWebhook(
  db: DbOrTx,
  organizationId: string,
  webhookId: string,
): Promise<void> {
  await getWebhook(db, organizationId, webhookId);
  await db.delete(phishingWebhooks).where(eq(phishingWebhooks.id, webhookId));
}

export async function listDeliveries(
  db: DbOrTx,
  organizationId: string,
  webhookId: string,
  limit = 50,
): Promise<WebhookDelivery[]> {
  await getWebhook(db, organizationId, webhookId);
  return db
    .select()
    .from(phishingWebhookDeliveries)
    .where(eq(phishingWebhookDeliveries.webhookId, webhookId))
    .orderBy(desc(phishingWebhookDeliveries.createdAt))
    .limit(limit);
}

type NewDelivery = {
  id: string;
  organizationId: string;
  webhookId: string;
  kind: string;
  body: string;
};

function delivery(
  webhook: Pick<Webhook, 'id' | 'organizationId'>,
  kind: WebhookEventKind | 'test',
  data: Record<string, unknown>,
  occurredAt: Date,
): NewDelivery {
  const id = randomUUID();
  const body = JSON.stringify({
    id,
    type: kind,
    occurredAt: occurredAt.toISOString(),
    organizationId: webhook.organizationId,
    data,
  });
  return { id, organizationId: webhook.organizationId, webhookId: webhook.id, kind, body };
}

async function enqueueAll(deps: Pick<WebhookDeps, 'queue'>, ids: readonly string[]) {
  for (const deliveryId of ids) await deps.queue().enqueue(deliverWebhookMessage, { deliveryId });
}

/** Queues a campaign's launch for the company's endpoints that asked for it. */
export async function emitCampaignLaunched(
  deps: Pick<WebhookDeps, 'db' | 'queue'>,
  organizationId: string,
  campaign: { id: string; name: string; recipients: number },
): Promise<void> {
  const hooks = (await listWebhooks(deps.db, organizationId)).filter(
    (w) => w.enabled && w.events.includes('campaign_launched'),
  );
  if (hooks.length === 0) return;
  const rows = hooks.map((w) =>
    delivery(
      w,
      'campaign_launched',
      { campaignId: campaign.id, name: campaign.name, recipients: campaign.recipients },
      new Date(),
    ),
  );
  await deps.db.insert(phishingWebhookDeliveries).values(rows);
  await enqueueAll(
    deps,
    rows.map((r) => r.id),
  );
}

type EventRow = {
  id: string | number;
  kind: WebhookEventKind;
  at: string | Date;
  classification: 'human' | 'scanner' | 'forwarded';
  reason: string | null;
  confirmed_at: string | Date | null;
  campaign_id: string;
  campaign_name: string;
  recipient_id: string;
  email: string;
  name: string;
  department: string | null;
};

/**
 * Turns the tracked events past each endpoint's cursor into deliveries, once: the endpoint's row
 * is locked while its cursor moves, so two workers never make the same delivery. An event waits
 * until it is settled — a few seconds old, and for a click not yet confirmed by its landing page,
 * until the company's confirmation window has decided whether a person made it.
 */
export async function collectWebhookEvents(deps: WebhookDeps, now = new Date()): Promise<number> {
  const hooks = await deps.db
    .select({ id: phishingWebhooks.id })
    .from(phishingWebhooks)
    .where(eq(phishingWebhooks.enabled, true));
  let made = 0;
  for (const { id } of hooks) {
    const ids = await deps.db.transaction(async (tx) => {
      const locked = (await tx.execute(sql`
        select id from ${phishingWebhooks} where id = ${id} and enabled for update skip locked`)) as unknown as {
        rows: unknown[];
      };
      if (locked.rows.length === 0) return [];
      const [hook] = await tx.select().from(phishingWebhooks).where(eq(phishingWebhooks.id, id));
      if (!hook) return [];
      const rules = await getScannerRules(tx, hook.organizationId);
      const clickWindowMs = rules.unconfirmedClick.enabled
        ? rules.unconfirmedClick.seconds * 1000 + CLICK_SETTLE_EXTRA_MS
        : 0;
      const events = (await tx.execute(sql`
        select e.id, e.kind, e.at, e.classification, e.reason, e.confirmed_at,
          e.campaign_id, c.name as campaign_name, e.recipient_id, r.email, r.name, r.department
        from ${phishingEvents} e
        join phishing_recipients r on r.id = e.recipient_id
        join phishing_campaigns c on c.id = e.campaign_id
        where e.organization_id = ${hook.organizationId} and e.id > ${hook.lastEventId}
        order by e.id limit ${EVENTS_PER_COLLECT}`)) as unknown as { rows: EventRow[] };
      const rows: NewDelivery[] = [];
      let cursor = hook.lastEventId;
      for (const e of events.rows) {
        const at = new Date(e.at);
        const age = now.getTime() - at.getTime();
        if (age < SETTLE_MS) break;
        if (
          e.kind === 'click' &&
          e.classification === 'human' &&
          e.confirmed_at === null &&
          age < clickWindowMs
        )
          break;
        cursor = Number(e.id);
        if (!hook.events.includes(e.kind)) continue;
        if (e.classification !== 'human' && !hook.includeScanners) continue;
        rows.push(
          delivery(
            hook,
            e.kind,
            {
              campaignId: e.campaign_id,
              campaignName: e.campaign_name,
              recipientId: e.recipient_id,
              email: e.email,
              name: e.name,
              department: e.department,
              at: at.toISOString(),
              classification: e.classification,
              reason: e.reason,
            },
            at,
          ),
        );
      }
      if (rows.length > 0) await tx.insert(phishingWebhookDeliveries).values(rows);
      if (cursor !== hook.lastEventId) {
        await tx
          .update(phishingWebhooks)
          .set({ lastEventId: cursor })
          .where(eq(phishingWebhooks.id, id));
      }
      return rows.map((r) => r.id);
    });
    // Queued after commit; a delivery whose job was lost is queued again by the sweep.
    await enqueueAll(deps, ids);
    made += ids.length;
  }
  return made;
}

/** POSTs the body to the pinned address, following no redirect; resolves with the status. */
function post(
  url: URL,
  pinned: PinnedAddress,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  // The connection goes to the address the guard checked, whatever the name resolves to now.
  const lookup = ((
    _host: string,
    options: { all?: boolean },
    callback: (...a: unknown[]) => void,
  ) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        agent: false,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 1000) text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/**
 * One attempt at a delivery, recorded in its log. A refused address or the last attempt fails it
 * for good; any other failure answers 'retry' (the job then throws so pg-boss retries later).
 */
export async function attemptDelivery(
  deps: Pick<WebhookDeps, 'db' | 'secrets' | 'guard'>,
  deliveryId: string,
): Promise<AttemptOutcome> {
  const [row] = await deps.db
    .select({ delivery: phishingWebhookDeliveries, webhook: phishingWebhooks })
    .from(phishingWebhookDeliveries)
    .innerJoin(phishingWebhooks, eq(phishingWebhooks.id, phishingWebhookDeliveries.webhookId))
    .where(eq(phishingWebhookDeliveries.id, deliveryId));
  if (!row || row.delivery.status !== 'pending') return 'skipped';
  const { delivery: d, webhook } = row;
  const attempts = d.attempts + 1;
  const at = new Date();
  let outcome: AttemptOutcome;
  let lastStatusCode: number | null = null;
  let lastError: string | null = null;
  try {
    const url = new URL(webhook.url);
    const pinned = await deps.guard.resolve(url.hostname);
    const response = await post(
      url,
      pinned,
      {
        'content-type': 'application/json',
        'user-agent': 'Banso-Webhook/1',
        'x-banso-event': d.kind,
        'x-banso-delivery': d.id,
        ...signatureHeaders(deps.secrets.open(webhook.secretSealed), d.body, at),
      },
      d.body,
    );
    lastStatusCode = response.status;
    if (response.status >= 200 && response.status < 300) outcome = 'delivered';
    else {
      lastError = `HTTP ${response.status}${response.text ? `: ${response.text.slice(0, 200)}` : ''}`;
      outcome = attempts >= MAX_ATTEMPTS ? 'failed' : 'retry';
    }
  } catch (err) {
    lastError = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    outcome = err instanceof OutboundRefusedError || attempts >= MAX_ATTEMPTS ? 'failed' : 'retry';
  }
  await deps.db
    .update(phishingWebhookDeliveries)
    .set({
      attempts,
      lastAttemptAt: at,
      lastStatusCode,
      lastError,
      status: outcome === 'retry' ? 'pending' : outcome,
      ...(outcome === 'delivered' ? { deliveredAt: at } : {}),
    })
    .where(eq(phishingWebhookDeliveries.id, deliveryId));
  return outcome;
}

/** A test event, delivered once now so the person sees the endpoint's answer at once. */
export async function sendTestEvent(
  deps: Pick<WebhookDeps, 'db' | 'secrets' | 'guard'>,
  organizationId: string,
  webhookId: string,
): Promise<WebhookDelivery> {
  const webhook = await getWebhook(deps.db, organizationId, webhookId);
  const row = delivery(webhook, 'test', { message: 'Bansō webhook test event' }, new Date());
  await deps.db.insert(phishingWebhookDeliveries).values(row);
  const outcome = await attemptDelivery(deps, row.id);
  if (outcome === 'retry') {
    // A test is not retried: its log entry says how the one attempt went.
    await deps.db
      .update(phishingWebhookDeliveries)
      .set({ status: 'failed' })
      .where(eq(phishingWebhookDeliveries.id, row.id));
  }
  const [saved] = await deps.db
    .select()
    .from(phishingWebhookDeliveries)
    .where(eq(phishingWebhookDeliveries.id, row.id));
  if (!saved) throw new Error('test delivery vanished');
  return saved;
}

export function deliverWebhookJob(deps: WebhookDeps): JobDefinition<{ deliveryId: string }> {
  return {
    ...deliverWebhookMessage,
    retryLimit: MAX_ATTEMPTS - 1,
    retryDelaySeconds: RETRY_DELAY_SECONDS,
    handler: async ({ deliveryId }) => {
      const outcome = await attemptDelivery(deps, deliveryId);
      if (outcome === 'retry') throw new Error(`webhook delivery ${deliveryId} will be retried`);
    },
  };
}

/** Every minute: events into deliveries, and deliveries whose job was lost queued again. */
export function sweepWebhooksJob(deps: WebhookDeps): JobDefinition<Record<string, never>> {
  return {
    name: 'phishing.webhooks-sweep',
    payload: z.object({}) as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    handler: async () => {
      await collectWebhookEvents(deps);
      const lost = await deps.db
        .select({ id: phishingWebhookDeliveries.id })
        .from(phishingWebhookDeliveries)
        .where(
          and(
            eq(phishingWebhookDeliveries.status, 'pending'),
            eq(phishingWebhookDeliveries.attempts, 0),
            lt(phishingWebhookDeliveries.createdAt, new Date(Date.now() - LOST_AFTER_MS)),
          ),
        )
        .limit(1000);
      await enqueueAll(
        deps,
        lost.map((l) => l.id),
      );
    },
  };
}

/** Asks a worker to collect soon, at most every few seconds per process. */
export function webhookNudger(queue: () => JobQueue, everyMs = 5000): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    void queue()
      .enqueue(collectWebhooksMessage, {}, { startAfter: new Date(now + SETTLE_MS) })
      .catch(() => undefined);
  };
}

export const collectWebhooksMessage = {
  name: 'phishing.webhooks-collect',
  payload: z.object({}) as z.ZodType<Record<string, never>>,
};

export function collectWebhooksJob(deps: WebhookDeps): JobDefinition<Record<string, never>> {
  return {
    ...collectWebhooksMessage,
    retryLimit: 1,
    handler: async () => {
      await collectWebhookEvents(deps);
    },
  };
}
