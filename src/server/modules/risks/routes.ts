import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  createRiskRequest,
  heatMapView,
  listRisksQuery,
  riskMatrixConfig,
  riskMatrixView,
  riskView,
  updateRiskRequest,
  type RiskView,
} from '../../../contracts/risks';
import type { Api, AppContext } from '../../app-context';
import { actorOf, iso, isoOrNull } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import type { RiskLevel } from './matrix';
import * as risksService from './service';

const tags = ['risks'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const riskParams = z.strictObject({ orgId: z.uuid(), riskId: z.uuid() });

const presentLevel = (l: RiskLevel) => ({ key: l.key, label: l.label, color: l.color });

export function presentRisk(r: risksService.RiskDetail): RiskView {
  return {
    id: r.id,
    title: r.title,
    threat: r.threat,
    vulnerability: r.vulnerability,
    assets: r.assets,
    likelihood: r.likelihood,
    impact: r.impact,
    score: r.score,
    level: presentLevel(r.level),
    residualLikelihood: r.residualLikelihood,
    residualImpact: r.residualImpact,
    residualScore: r.residualScore,
    residualLevel: r.residualLevel ? presentLevel(r.residualLevel) : null,
    treatment: r.treatment,
    treatmentPlan: r.treatmentPlan,
    ownerUserId: r.ownerUserId,
    ownerName: r.ownerDisplayName,
    dueOn: r.dueOn,
    status: r.status,
    starterKey: r.starterKey,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

const presentMatrix = (m: risksService.CompanyMatrix) => ({
  ...m.config,
  isDefault: m.isDefault,
  updatedAt: isoOrNull(m.updatedAt),
});

export function registerRiskRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const changed = (orgId: string, data: Record<string, unknown>) =>
    ctx.realtime.publish(`org:${orgId}`, 'risks.changed', data);

  api.get(
    '/api/orgs/:orgId/risks',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        querystring: listRisksQuery,
        response: { 200: z.object({ risks: z.array(riskView) }), ...errors },
      },
    },
    async (request) => ({
      risks: (await risksService.listRisks(db, request.params.orgId, request.query)).map(
        presentRisk,
      ),
    }),
  );

  api.post(
    '/api/orgs/:orgId/risks',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: createRiskRequest,
        response: { 201: riskView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const risk = await db.transaction((tx) =>
        risksService.createRisk(tx, orgId, request.body, request.locale),
      );
      await changed(orgId, { id: risk.id });
      return reply.code(201).send(presentRisk(risk));
    },
  );

  api.get(
    '/api/orgs/:orgId/risks/heat-map',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: heatMapView, ...errors } },
    },
    async (request) => risksService.buildHeatMap(db, request.params.orgId),
  );

  api.get(
    '/api/orgs/:orgId/risks/:riskId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: riskParams, response: { 200: riskView, ...errors } },
    },
    async (request) =>
      presentRisk(await risksService.getRisk(db, request.params.orgId, request.params.riskId)),
  );

  api.patch(
    '/api/orgs/:orgId/risks/:riskId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: riskParams,
        body: updateRiskRequest,
        response: { 200: riskView, ...errors },
      },
    },
    async (request) => {
      const { orgId, riskId } = request.params;
      const risk = await db.transaction((tx) =>
        risksService.updateRisk(tx, orgId, riskId, request.body, request.locale),
      );
      await changed(orgId, { id: risk.id });
      return presentRisk(risk);
    },
  );

  api.delete(
    '/api/orgs/:orgId/risks/:riskId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: riskParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, riskId } = request.params;
      await db.transaction(async (tx) => {
        const deleted = await risksService.deleteRisk(tx, orgId, riskId);
        await recordAudit(tx, {
          action: 'risk.deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'risk',
          targetId: deleted.id,
          details: { title: deleted.title },
        });
      });
      await changed(orgId, { id: riskId });
      return { ok: true as const };
    },
  );

  api.get(
    '/api/orgs/:orgId/risk-matrix',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: riskMatrixView, ...errors } },
    },
    async (request) => presentMatrix(await risksService.getRiskMatrix(db, request.params.orgId)),
  );

  api.put(
    '/api/orgs/:orgId/risk-matrix',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: riskMatrixConfig,
        response: { 200: riskMatrixView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const matrix = await db.transaction(async (tx) => {
        const saved = await risksService.setRiskMatrix(
          tx,
          orgId,
          request.body,
          request.principal!.userId,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'risk_matrix.updated',
          ...actorOf(request),
          organizationId: orgId,
          details: {
            likelihoodSteps: request.body.likelihood.length,
            impactSteps: request.body.impact.length,
            levels: request.body.levels.map((l) => l.key),
          },
        });
        return saved;
      });
      await changed(orgId, { matrix: true });
      return presentMatrix(matrix);
    },
  );

  api.delete(
    '/api/orgs/:orgId/risk-matrix',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        description: "Returns the company to the program's default matrix.",
        params: orgParams,
        response: { 200: riskMatrixView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const matrix = await db.transaction(async (tx) => {
        const reset = await risksService.resetRiskMatrix(tx, orgId, request.locale);
        await recordAudit(tx, {
          action: 'risk_matrix.reset',
          ...actorOf(request),
          organizationId: orgId,
        });
        return reset;
      });
      await changed(orgId, { matrix: true });
      return presentMatrix(matrix);
    },
  );
}
