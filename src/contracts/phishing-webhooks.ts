import { z } from 'zod';
import { isoDateTime, uuid } from './common';

/** What an endpoint can subscribe to: tracked hits, and a campaign starting to send. */
export const webhookEventKindSchema = z.enum([
  'open',
  'click',
  'submit',
  'report',
  'campaign_launched',
]);
export type WebhookEventKind = z.infer<typeof webhookEventKindSchema>;

export const MAX_WEBHOOKS_PER_COMPANY = 10;

const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((s) => {
    const url = new URL(s);
    return !url.username && !url.password;
  }, 'no user name or password in the address; the signature authenticates the sender');
const eventKinds = z
  .array(webhookEventKindSchema)
  .min(1)
  .max(webhookEventKindSchema.options.length)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'each event kind once');

export const webhookView = z.object({
  id: uuid,
  url: z.string(),
  events: z.array(webhookEventKindSchema),
  includeScanners: z.boolean(),
  enabled: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export const createWebhookRequest = z.strictObject({
  url: webhookUrl,
  events: eventKinds,
  includeScanners: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
/** The signing secret is in this answer only; it is never shown again. */
export const createdWebhookResponse = z.object({ webhook: webhookView, secret: z.string() });
export const updateWebhookRequest = z.strictObject({
  url: webhookUrl.optional(),
  events: eventKinds.optional(),
  includeScanners: z.boolean().optional(),
  enabled: z.boolean().optional(),
});

export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export const webhookDeliveryView = z.object({
  id: uuid,
  kind: z.string(),
  status: webhookDeliveryStatusSchema,
  attempts: z.int(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  lastAttemptAt: isoDateTime.nullable(),
  deliveredAt: isoDateTime.nullable(),
});
