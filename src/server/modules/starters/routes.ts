import { z } from 'zod';
import {
  adoptStartersRequest,
  adoptStartersResult,
  starterDismissalsResult,
  starterKeysRequest,
  starterSuggestionsQuery,
  starterSuggestionsView,
} from '../../../contracts/starters';
import type { Api, AppContext } from '../../app-context';
import { actorOf } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import * as startersService from './service';

const tags = ['starter suggestions'];
const errors = { 400: z.unknown(), 401: z.unknown(), 403: z.unknown(), 404: z.unknown() };
const orgParams = z.strictObject({ orgId: z.uuid() });

export function registerStarterRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;

  api.get(
    '/api/orgs/:orgId/starter-suggestions',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          "Starter risks, assets and business processes for the company's industry, size and course " +
          '(scope=all: the whole catalogue, each marked whether it fits).',
        params: orgParams,
        querystring: starterSuggestionsQuery,
        response: { 200: starterSuggestionsView, ...errors },
      },
    },
    async (request) =>
      startersService.suggestStarters(db, request.params.orgId, request.query.scope),
  );

  api.post(
    '/api/orgs/:orgId/starter-suggestions/adopt',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: adoptStartersRequest,
        response: { 200: adoptStartersResult, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const result = await db.transaction(async (tx) => {
        const adopted = await startersService.adoptStarters(
          tx,
          orgId,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'starters.adopted',
          ...actorOf(request),
          organizationId: orgId,
          details: { created: adopted.created, skipped: adopted.skipped.length },
        });
        return adopted;
      });
      const publish = (module: string) =>
        ctx.realtime.publish(`org:${orgId}`, `${module}.changed`, { starters: true });
      if (result.created.assets > 0) await publish('assets');
      if (result.created.risks > 0) await publish('risks');
      if (result.created.processes > 0) await publish('impact');
      return result;
    },
  );

  api.post(
    '/api/orgs/:orgId/starter-suggestions/dismiss',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Drops suggestions for the company; they stay out of the list until restored.',
        params: orgParams,
        body: starterKeysRequest,
        response: { 200: starterDismissalsResult, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const changed = await db.transaction(async (tx) => {
        const n = await startersService.dismissStarters(
          tx,
          orgId,
          request.body,
          request.principal!.userId,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'starters.dismissed',
          ...actorOf(request),
          organizationId: orgId,
          details: { dismissed: n },
        });
        return n;
      });
      return { changed };
    },
  );

  api.post(
    '/api/orgs/:orgId/starter-suggestions/restore',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Brings dropped suggestions back into the list.',
        params: orgParams,
        body: starterKeysRequest,
        response: { 200: starterDismissalsResult, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const changed = await db.transaction(async (tx) => {
        const n = await startersService.restoreStarters(tx, orgId, request.body, request.locale);
        await recordAudit(tx, {
          action: 'starters.restored',
          ...actorOf(request),
          organizationId: orgId,
          details: { restored: n },
        });
        return n;
      });
      return { changed };
    },
  );
}
