import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import { createExpertAssignmentRequest, expertAssignmentView } from '../../../contracts/operations';
import type { Api, AppContext } from '../../app-context';
import { AppError } from '../../http/errors';
import { actorOf, iso } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import * as identity from '../identity/service';
import * as organizations from '../organizations/service';
import { getProgramForOperator } from '../programs/service';
import * as experts from './service';

const tags = ['experts'];
const errors = { 400: z.unknown(), 401: z.unknown(), 403: z.unknown(), 404: z.unknown() };
const programParams = z.strictObject({ programId: z.uuid() });

export function registerExpertRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;

  async function present(list: experts.ExpertAssignment[]) {
    const companies = new Map(
      (await organizations.listOrganizations(db, { ids: list.map((a) => a.companyId) })).map(
        (o) => [o.id, o.name],
      ),
    );
    const users = new Map(
      (
        await identity.findUsersByIds(
          db,
          list.map((a) => a.expertUserId),
        )
      ).map((u) => [u.id, u.name]),
    );
    return list.map((a) => ({
      id: a.id,
      companyId: a.companyId,
      companyName: companies.get(a.companyId) ?? '',
      expertUserId: a.expertUserId,
      expertName: users.get(a.expertUserId) ?? '',
      assignedAt: iso(a.assignedAt),
    }));
  }

  api.get(
    '/api/programs/:programId/assignments',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        params: programParams,
        response: { 200: z.object({ assignments: z.array(expertAssignmentView) }), ...errors },
      },
    },
    async (request) => {
      await getProgramForOperator(db, request.principal!, request.params.programId);
      return {
        assignments: await present(await experts.listAssignments(db, request.params.programId)),
      };
    },
  );

  api.post(
    '/api/programs/:programId/assignments',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        params: programParams,
        body: createExpertAssignmentRequest,
        response: { 201: expertAssignmentView, ...errors },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const { companyId, expertUserId } = request.body;
      const { program, enrolledCompanyIds } = await getProgramForOperator(
        db,
        request.principal!,
        programId,
      );
      // Only an expert of the program's secretariat can run alongside a company enrolled in it.
      const isExpert = (await organizations.listMembershipsOfUser(db, expertUserId)).some(
        (m) => m.organizationId === program.operatorOrgId && m.role === 'expert',
      );
      if (!enrolledCompanyIds.includes(companyId) || !isExpert) {
        throw new AppError('validation_failed', {
          issues: [
            {
              in: 'body',
              path: [isExpert ? 'companyId' : 'expertUserId'],
              code: 'invalid_value',
              message: '',
            },
          ],
        });
      }
      const assignment = await db.transaction(async (tx) => {
        const created = await experts.assignExpert(tx, { programId, companyId, expertUserId });
        await recordAudit(tx, {
          action: 'expert.assigned',
          ...actorOf(request),
          organizationId: companyId,
          targetType: 'user',
          targetId: expertUserId,
          details: { programId },
        });
        return created;
      });
      const [view] = await present([assignment]);
      return reply.code(201).send(view!);
    },
  );

  api.delete(
    '/api/programs/:programId/assignments/:assignmentId',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        params: programParams.extend({ assignmentId: z.uuid() }),
        response: { 200: okResponse, ...errors },
      },
    },
    async (request) => {
      const { programId, assignmentId } = request.params;
      await getProgramForOperator(db, request.principal!, programId);
      await db.transaction(async (tx) => {
        const removed = await experts.unassignExpert(tx, programId, assignmentId);
        await recordAudit(tx, {
          action: 'expert.unassigned',
          ...actorOf(request),
          organizationId: removed.companyId,
          targetType: 'user',
          targetId: removed.expertUserId,
          details: { programId },
        });
      });
      return { ok: true as const };
    },
  );
}
