import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  activationFlowQuery,
  bcpLanguageQuery,
  bcpOverviewView,
  systemFacts,
  updateBcpPlanRequest,
} from '../../../contracts/bcp';
import { generatedDocumentSchema } from '../../../contracts/documents';
import type { Api, AppContext } from '../../app-context';
import { actorOf } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { registerDocumentKind } from '../documents/kinds';
import { loadBcpContent } from './content';
import { buildActivationFlow } from './flow';
import { generateItBcp, itBcpGenerator } from './generator';
import * as bcpService from './service';

const tags = ['it-bcp'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const systemParams = z.strictObject({ orgId: z.uuid(), assetId: z.uuid() });

export function registerBcpRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  loadBcpContent();
  registerDocumentKind({ kind: 'itbcp', generate: itBcpGenerator });
  const changed = (orgId: string) => ctx.realtime.publish(`org:${orgId}`, 'bcp.changed', {});

  api.get(
    '/api/orgs/:orgId/bcp',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          'The IT-BCP facts, the systems the BIA depends on with their recovery facts, the gaps where facts contradict the targets, and the facts still missing.',
        params: orgParams,
        response: { 200: bcpOverviewView, ...errors },
      },
    },
    async (request) => bcpService.getBcpOverview(db, request.params.orgId, request.locale),
  );

  api.patch(
    '/api/orgs/:orgId/bcp/plan',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Replaces the plan sections given; the others are kept.',
        params: orgParams,
        body: updateBcpPlanRequest,
        response: { 200: bcpOverviewView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await db.transaction(async (tx) => {
        await bcpService.updatePlan(tx, orgId, request.body, request.locale);
        await recordAudit(tx, {
          action: 'bcp.plan_updated',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'bcp_plan',
          targetId: orgId,
          details: { sections: Object.keys(request.body) },
        });
      });
      await changed(orgId);
      return bcpService.getBcpOverview(db, orgId, request.locale);
    },
  );

  api.put(
    '/api/orgs/:orgId/bcp/systems/:assetId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Backup, alternates and recovery facts of one system of the inventory.',
        params: systemParams,
        body: systemFacts,
        response: { 200: bcpOverviewView, ...errors },
      },
    },
    async (request) => {
      const { orgId, assetId } = request.params;
      await db.transaction(async (tx) => {
        const asset = await bcpService.setSystemFacts(tx, orgId, assetId, request.body);
        await recordAudit(tx, {
          action: 'bcp.system_updated',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'asset',
          targetId: asset.id,
          details: { name: asset.name },
        });
      });
      await changed(orgId);
      return bcpService.getBcpOverview(db, orgId, request.locale);
    },
  );

  api.delete(
    '/api/orgs/:orgId/bcp/systems/:assetId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: systemParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, assetId } = request.params;
      await db.transaction(async (tx) => {
        const asset = await bcpService.deleteSystemFacts(tx, orgId, assetId);
        await recordAudit(tx, {
          action: 'bcp.system_cleared',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'asset',
          targetId: asset.id,
          details: { name: asset.name },
        });
      });
      await changed(orgId);
      return { ok: true as const };
    },
  );

  api.get(
    '/api/orgs/:orgId/bcp/activation-flow.svg',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description: 'The activation flow as an SVG image, with the decision maker and deputy.',
        params: orgParams,
        querystring: activationFlowQuery,
        produces: ['image/svg+xml'],
        response: errors,
      },
    },
    async (request, reply) => {
      const { facts } = await bcpService.getPlanFacts(db, request.params.orgId);
      const flow = buildActivationFlow(
        facts,
        loadBcpContent(),
        request.query.language ?? request.locale,
      );
      // Served as an image; the policy keeps it inert even if opened on its own.
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(flow.svg);
    },
  );

  api.get(
    '/api/orgs/:orgId/bcp/preview',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          'The IT-BCP as the document model, generated now and not stored (the documents module stores versions).',
        params: orgParams,
        querystring: bcpLanguageQuery,
        response: { 200: generatedDocumentSchema, ...errors },
      },
    },
    async (request) =>
      generateItBcp(db, request.params.orgId, request.query.language ?? request.locale),
  );
}
