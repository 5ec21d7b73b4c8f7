import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  createdWebhookResponse,
  createWebhookRequest,
  updateWebhookRequest,
  webhookDeliveryView,
  webhookView,
} from '../../../contracts/phishing-webhooks';
import type { Api, AppContext } from '../../app-context';
import type { Principal } from '../../http/access';
import { AppError } from '../../http/errors';
import { actorOf, iso, isoOrNull } from '../../http/presenters';
import type { OutboundGuard } from '../../net/outbound-guard';
import { recordAudit } from '../audit/service';
import type { SecretBox } from './secrets';
import * as webhooks from './webhooks';

const tags = ['phishing'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
  422: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const webhookParams = z.strictObject({ orgId: z.uuid(), webhookId: z.uuid() });
const base = '/api/orgs/:orgId/phishing/webhooks';

const presentWebhook = (w: webhooks.Webhook) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  includeScanners: w.includeScanners,
  enabled: w.enabled,
  createdAt: iso(w.createdAt),
  updatedAt: iso(w.updatedAt),
});

const presentDelivery = (d: webhooks.WebhookDelivery) => ({
  id: d.id,
  kind: d.kind,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: iso(d.createdAt),
  lastAttemptAt: isoOrNull(d.lastAttemptAt),
  deliveredAt: isoOrNull(d.deliveredAt),
});

/** The events carry named people's results: only the company's own admins manage endpoints. */
function assertCompanyAdmin(principal: Principal | null, orgId: string): void {
  const own = principal?.memberships.find((m) => m.organizationId === orgId);
  if (own?.role !== 'company_admin') throw new AppError('forbidden');
}

/** A company's signed webhook endpoints for phishing events, with their delivery log. */
export function registerWebhookRoutes(
  api: Api,
  ctx: AppContext,
  secrets: SecretBox,
  guard: OutboundGuard,
): void {
  const db = ctx.db;
  const deps = { db, secrets, guard };
  const audit = (
    request: FastifyRequest,
    tx: Parameters<typeof recordAudit>[0],
    action: string,
    orgId: string,
    targetId: string,
  ) =>
    recordAudit(tx, {
      action,
      ...actorOf(request),
      organizationId: orgId,
      targetType: 'phishing_webhook',
      targetId,
    });
  const guardUrl = (url: string) => guard.assertAllowed(new URL(url).hostname);

  api.get(
    base,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ webhooks: z.array(webhookView) }), ...errors },
      },
    },
    async (request) => {
      assertCompanyAdmin(request.principal, request.params.orgId);
      return {
        webhooks: (await webhooks.listWebhooks(db, request.params.orgId)).map(presentWebhook),
      };
    },
  );

  api.post(
    base,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: createWebhookRequest,
        response: { 201: createdWebhookResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      // An internal address is refused before anything is saved.
      await guardUrl(request.body.url);
      const created = await db.transaction(async (tx) => {
        const result = await webhooks.createWebhook(tx, secrets, orgId, request.body);
        await audit(request, tx, 'phishing.webhook_created', orgId, result.webhook.id);
        return result;
      });
      return reply
        .code(201)
        .send({ webhook: presentWebhook(created.webhook), secret: created.secret });
    },
  );

  api.patch(
    `${base}/:webhookId`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: webhookParams,
        body: updateWebhookRequest,
        response: { 200: webhookView, ...errors },
      },
    },
    async (request) => {
      const { orgId, webhookId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      await webhooks.getWebhook(db, orgId, webhookId);
      if (request.body.url !== undefined) await guardUrl(request.body.url);
      const updated = await db.transaction(async (tx) => {
        const row = await webhooks.updateWebhook(tx, orgId, webhookId, request.body);
        await audit(request, tx, 'phishing.webhook_updated', orgId, webhookId);
        return row;
      });
      return presentWebhook(updated);
    },
  );

  api.delete(
    `${base}/:webhookId`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: webhookParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, webhookId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      await db.transaction(async (tx) => {
        await webhooks.deleteWebhook(tx, orgId, webhookId);
        await audit(request, tx, 'phishing.webhook_deleted', orgId, webhookId);
      });
      return { ok: true as const };
    },
  );

  api.post(
    `${base}/:webhookId/test`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: webhookParams, response: { 200: webhookDeliveryView, ...errors } },
    },
    async (request) => {
      const { orgId, webhookId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      const delivery = await webhooks.sendTestEvent(deps, orgId, webhookId);
      await audit(request, db, 'phishing.webhook_tested', orgId, webhookId);
      return presentDelivery(delivery);
    },
  );

  api.get(
    `${base}/:webhookId/deliveries`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: webhookParams,
        response: { 200: z.object({ deliveries: z.array(webhookDeliveryView) }), ...errors },
      },
    },
    async (request) => {
      const { orgId, webhookId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      return {
        deliveries: (await webhooks.listDeliveries(db, orgId, webhookId)).map(presentDelivery),
      };
    },
  );
}
