import { z } from 'zod';
import { auditPage, auditQuery } from '../../../contracts/operations';
import type { Api, AppContext } from '../../app-context';
import { iso } from '../../http/presenters';
import * as organizations from '../organizations/service';
import { listAudit } from './service';

export function registerAuditRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/api/audit',
    {
      config: { access: 'operator' },
      schema: {
        tags: ['audit'],
        querystring: auditQuery,
        response: { 200: auditPage, 400: z.unknown(), 401: z.unknown(), 403: z.unknown() },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listAudit(ctx.db, q);
      const orgIds = [
        ...new Set(page.entries.flatMap((e) => (e.organizationId ? [e.organizationId] : []))),
      ];
      const names = new Map(
        (await organizations.listOrganizations(ctx.db, { ids: orgIds })).map((o) => [o.id, o.name]),
      );
      return {
        entries: page.entries.map((e) => ({
          id: e.id,
          at: iso(e.at),
          action: e.action,
          actorUserId: e.actorUserId,
          actorEmail: e.actorEmail,
          organizationId: e.organizationId,
          organizationName: e.organizationId ? (names.get(e.organizationId) ?? null) : null,
          targetType: e.targetType,
          targetId: e.targetId,
          ip: e.ip,
          details: e.details,
        })),
        nextBefore: page.nextBefore,
      };
    },
  );
}
