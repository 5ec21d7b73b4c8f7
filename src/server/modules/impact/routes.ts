import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  createProcessRequest,
  impactSummaryView,
  processView,
  updateProcessRequest,
  type ProcessView,
} from '../../../contracts/impact';
import type { Api, AppContext } from '../../app-context';
import { actorOf, iso } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import * as impactService from './service';

const tags = ['business impact analysis'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const processParams = z.strictObject({ orgId: z.uuid(), processId: z.uuid() });

export function presentProcess(p: impactService.ProcessWithDependencies): ProcessView {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    owner: p.owner,
    dependencies: p.dependencies,
    impacts: p.impacts,
    mtdHours: p.mtdHours,
    rtoHours: p.rtoHours,
    rpoHours: p.rpoHours,
    recoveryPriority: p.recoveryPriority,
    starterKey: p.starterKey,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

export function registerImpactRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const changed = (orgId: string, id: string) =>
    ctx.realtime.publish(`org:${orgId}`, 'impact.changed', { id });

  api.get(
    '/api/orgs/:orgId/business-processes',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description: 'Business processes in recovery order (priority, then RTO).',
        params: orgParams,
        response: { 200: z.object({ processes: z.array(processView) }), ...errors },
      },
    },
    async (request) => ({
      processes: (await impactService.listProcessesWithDependencies(db, request.params.orgId)).map(
        presentProcess,
      ),
    }),
  );

  api.post(
    '/api/orgs/:orgId/business-processes',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: createProcessRequest,
        response: { 201: processView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const process = await db.transaction((tx) =>
        impactService.createProcess(tx, orgId, request.body, request.locale),
      );
      await changed(orgId, process.id);
      return reply.code(201).send(presentProcess(process));
    },
  );

  api.get(
    '/api/orgs/:orgId/business-impact/summary',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: impactSummaryView, ...errors } },
    },
    async (request) => impactService.summarizeImpact(db, request.params.orgId),
  );

  api.get(
    '/api/orgs/:orgId/business-processes/:processId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: processParams, response: { 200: processView, ...errors } },
    },
    async (request) =>
      presentProcess(
        await impactService.getProcess(db, request.params.orgId, request.params.processId),
      ),
  );

  api.patch(
    '/api/orgs/:orgId/business-processes/:processId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: processParams,
        body: updateProcessRequest,
        response: { 200: processView, ...errors },
      },
    },
    async (request) => {
      const { orgId, processId } = request.params;
      const process = await db.transaction((tx) =>
        impactService.updateProcess(tx, orgId, processId, request.body, request.locale),
      );
      await changed(orgId, process.id);
      return presentProcess(process);
    },
  );

  api.delete(
    '/api/orgs/:orgId/business-processes/:processId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: processParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, processId } = request.params;
      await db.transaction(async (tx) => {
        const deleted = await impactService.deleteProcess(tx, orgId, processId);
        await recordAudit(tx, {
          action: 'process.deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'business_process',
          targetId: deleted.id,
          details: { name: deleted.name },
        });
      });
      await changed(orgId, processId);
      return { ok: true as const };
    },
  );
}
