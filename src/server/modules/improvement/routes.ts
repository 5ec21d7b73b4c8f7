import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  acceptProposalsRequest,
  actionProposalView,
  actionView,
  createActionRequest,
  goalsView,
  improvementOverview,
  movementView,
  programImprovementSummary,
  putGoalsRequest,
  recordProgressRequest,
  securityActionRequest,
  securityActionView,
  updateActionRequest,
  type ActionView,
} from '../../../contracts/improvement';
import type { Api, AppContext } from '../../app-context';
import { actorOf, iso, isoOrNull } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { listAggregateCompanyIds } from '../programs/service';
import * as improvement from './service';

const tags = ['improvement'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const actionParams = z.strictObject({ orgId: z.uuid(), actionId: z.uuid() });

export function presentAction(a: improvement.ActionDetail): ActionView {
  return {
    id: a.id,
    title: a.title,
    detail: a.detail,
    source: { kind: a.sourceKind, refId: a.sourceRefId, label: a.sourceLabel },
    ownerUserId: a.ownerUserId,
    ownerName: a.ownerDisplayName,
    dueOn: a.dueOn,
    effort: a.effort,
    status: a.status,
    agreedVisit: a.agreedVisit,
    checkedVisit: a.checkedVisit,
    progress: a.progress.map((p) => ({
      visit: p.visit,
      status: p.status,
      note: p.note,
      recordedAt: iso(p.recordedAt),
    })),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}

const presentStanding = (s: improvement.SecurityActionStanding | undefined) => ({
  oneStarDeclaredOn: s?.oneStarDeclaredOn ?? null,
  selfCheckDoneOn: s?.selfCheckDoneOn ?? null,
  policyPublishedOn: s?.policyPublishedOn ?? null,
  twoStarDeclaredOn: s?.twoStarDeclaredOn ?? null,
  stars: improvement.starsOf(s) as 0 | 1 | 2,
  updatedAt: isoOrNull(s?.updatedAt),
});

const presentGoals = (g: improvement.Goals) => ({ ...g, updatedAt: isoOrNull(g.updatedAt) });

const presentRun = (a: { id: string; label: string | null; submittedAt: Date | null } | null) =>
  a ? { id: a.id, label: a.label, submittedAt: isoOrNull(a.submittedAt) } : null;

export function registerImprovementRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const changed = (orgId: string, data: Record<string, unknown>) =>
    ctx.realtime.publish(`org:${orgId}`, 'improvement.changed', data);

  api.get(
    '/api/orgs/:orgId/improvement',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: improvementOverview, ...errors } },
    },
    async (request) => {
      const actions = await improvement.listActions(db, request.params.orgId);
      return {
        actions: actions.map(presentAction),
        counts: improvement.countByStatus(actions),
        progress: { visits: improvement.progressByVisit(actions) },
      };
    },
  );

  api.post(
    '/api/orgs/:orgId/improvement/actions',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: createActionRequest,
        response: { 201: actionView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const action = await db.transaction(async (tx) => {
        const created = await improvement.createAction(
          { db: tx },
          orgId,
          request.principal!.userId,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'improvement.action_created',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'improvement_action',
          targetId: created.id,
          details: { source: created.sourceKind },
        });
        return created;
      });
      await changed(orgId, { id: action.id });
      return reply.code(201).send(presentAction(action));
    },
  );

  api.patch(
    '/api/orgs/:orgId/improvement/actions/:actionId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: actionParams,
        body: updateActionRequest,
        response: { 200: actionView, ...errors },
      },
    },
    async (request) => {
      const { orgId, actionId } = request.params;
      const action = await db.transaction(async (tx) => {
        const updated = await improvement.updateAction(
          tx,
          orgId,
          actionId,
          request.body,
          request.locale,
        );
        if (request.body.status) {
          await recordAudit(tx, {
            action: 'improvement.action_status_changed',
            ...actorOf(request),
            organizationId: orgId,
            targetType: 'improvement_action',
            targetId: actionId,
            details: { status: request.body.status },
          });
        }
        return updated;
      });
      await changed(orgId, { id: actionId });
      return presentAction(action);
    },
  );

  api.delete(
    '/api/orgs/:orgId/improvement/actions/:actionId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: actionParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, actionId } = request.params;
      await db.transaction(async (tx) => {
        const deleted = await improvement.deleteAction(tx, orgId, actionId);
        await recordAudit(tx, {
          action: 'improvement.action_deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'improvement_action',
          targetId: deleted.id,
          details: { title: deleted.title },
        });
      });
      await changed(orgId, { id: actionId });
      return { ok: true as const };
    },
  );

  api.put(
    '/api/orgs/:orgId/improvement/actions/:actionId/progress',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: actionParams,
        body: recordProgressRequest,
        response: { 200: actionView, ...errors },
      },
    },
    async (request) => {
      const { orgId, actionId } = request.params;
      const action = await db.transaction(async (tx) => {
        const updated = await improvement.recordProgress(
          tx,
          orgId,
          actionId,
          request.principal!.userId,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'improvement.progress_recorded',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'improvement_action',
          targetId: actionId,
          details: { visit: request.body.visit, status: request.body.status },
        });
        return updated;
      });
      await changed(orgId, { id: actionId });
      return presentAction(action);
    },
  );

  api.get(
    '/api/orgs/:orgId/improvement/proposals',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ proposals: z.array(actionProposalView) }), ...errors },
      },
    },
    async (request) => ({
      proposals: await improvement.listProposals(db, request.params.orgId, request.locale),
    }),
  );

  api.post(
    '/api/orgs/:orgId/improvement/proposals/accept',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: acceptProposalsRequest,
        response: { 201: z.object({ actions: z.array(actionView) }), ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const ids = await db.transaction(async (tx) => {
        const created = await improvement.acceptProposals(
          { db: tx },
          orgId,
          request.principal!.userId,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'improvement.proposals_accepted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'improvement_action',
          details: { keys: request.body.keys, actionIds: created },
        });
        return created;
      });
      const byId = new Map((await improvement.listActions(db, orgId)).map((a) => [a.id, a]));
      await changed(orgId, { ids });
      return reply
        .code(201)
        .send({ actions: ids.flatMap((id) => byId.get(id) ?? []).map(presentAction) });
    },
  );

  api.get(
    '/api/orgs/:orgId/improvement/movement',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: movementView, ...errors } },
    },
    async (request) => {
      const m = await improvement.getMovement(db, request.params.orgId);
      return { ...m, previous: presentRun(m.previous), latest: presentRun(m.latest) };
    },
  );

  api.get(
    '/api/orgs/:orgId/improvement/goals',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: goalsView, ...errors } },
    },
    async (request) => presentGoals(await improvement.getGoals(db, request.params.orgId)),
  );

  api.put(
    '/api/orgs/:orgId/improvement/goals',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: putGoalsRequest,
        response: { 200: goalsView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const goals = await db.transaction(async (tx) => {
        const saved = await improvement.putGoals(
          tx,
          orgId,
          request.principal!.userId,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'improvement.goals_saved',
          ...actorOf(request),
          organizationId: orgId,
          details: { sections: request.body.sections.length, free: request.body.free.length },
        });
        return saved;
      });
      await changed(orgId, { goals: true });
      return presentGoals(goals);
    },
  );

  api.get(
    '/api/orgs/:orgId/security-action',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: securityActionView, ...errors } },
    },
    async (request) =>
      presentStanding(await improvement.getSecurityAction(db, request.params.orgId)),
  );

  api.put(
    '/api/orgs/:orgId/security-action',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: securityActionRequest,
        response: { 200: securityActionView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const standing = await db.transaction(async (tx) => {
        const saved = await improvement.setSecurityAction(
          tx,
          orgId,
          request.principal!.userId,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'improvement.security_action_recorded',
          ...actorOf(request),
          organizationId: orgId,
          details: { stars: improvement.starsOf(saved) },
        });
        return saved;
      });
      await changed(orgId, { securityAction: true });
      return presentStanding(standing);
    },
  );

  api.get(
    '/api/programs/:programId/improvement-summary',
    {
      config: { access: 'user' },
      schema: {
        tags,
        params: z.strictObject({ programId: z.uuid() }),
        response: { 200: programImprovementSummary, ...errors },
      },
    },
    async (request) =>
      improvement.summarizeCompanies(
        db,
        await listAggregateCompanyIds(db, request.principal!, request.params.programId),
      ),
  );
}
