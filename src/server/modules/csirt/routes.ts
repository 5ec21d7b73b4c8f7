import { z } from 'zod';
import { localeSchema, okResponse, type Locale } from '../../../contracts/common';
import {
  contactRequest,
  contactView,
  contentKey,
  csirtWorkspaceView,
  flowView,
  updateChecklistEntryRequest,
  updateContactRequest,
  updateFlowRequest,
  updateProfileRequest,
  updateRoleRequest,
  type FlowView,
} from '../../../contracts/csirt';
import type { Api, AppContext } from '../../app-context';
import type { DbOrTx } from '../../db/client';
import { actorOf } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { loadCsirtContent } from './content';
import { renderEscalationSvg, renderFlowSvg } from './diagram';
import { registerCsirtDocuments } from './documents';
import * as csirt from './service';

const tags = ['csirt'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const itemParams = z.strictObject({ orgId: z.uuid(), itemKey: contentKey });
const roleParams = z.strictObject({ orgId: z.uuid(), roleKey: contentKey });
const contactParams = z.strictObject({ orgId: z.uuid(), contactId: z.uuid() });
const flowQuery = z.strictObject({ language: localeSchema.optional() });

/** The flow as the company sees it: its steps, the diagram, the escalation tree and the flow's warnings. */
async function presentFlow(db: DbOrTx, orgId: string, locale: Locale): Promise<FlowView> {
  const state = await csirt.loadCsirtState(db, orgId);
  const steps = csirt.effectiveFlowSteps(state, locale);
  const diagram = renderFlowSvg(state, steps, locale);
  return {
    isDefault: !state.profile.flowSteps,
    steps,
    svg: diagram.svg,
    width: diagram.width,
    height: diagram.height,
    escalation: renderEscalationSvg(state, locale),
    warnings: csirt.csirtWarnings(state, locale).filter((w) => w.area === 'flow'),
  };
}

export function registerCsirtRoutes(api: Api, ctx: AppContext): void {
  loadCsirtContent();
  registerCsirtDocuments();
  const db = ctx.db;
  // Company members and the assigned expert edit together: every change tells the others what to refetch.
  const changed = (orgId: string, part: string) =>
    ctx.realtime.publish(`org:${orgId}`, 'csirt.changed', { part });

  api.get(
    '/api/orgs/:orgId/csirt',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          'The CSIRT workspace: checklist with decisions and progress per visit, service catalogue and choices, model, roles, contacts, team facts and warnings.',
        params: orgParams,
        response: { 200: csirtWorkspaceView, ...errors },
      },
    },
    async (request) => csirt.getWorkspace(db, request.params.orgId, request.locale),
  );

  api.put(
    '/api/orgs/:orgId/csirt/checklist/:itemKey',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: itemParams,
        body: updateChecklistEntryRequest,
        response: { 200: csirtWorkspaceView, ...errors },
      },
    },
    async (request) => {
      const { orgId, itemKey } = request.params;
      await db.transaction((tx) =>
        csirt.updateChecklistEntry(tx, orgId, itemKey, request.body, request.principal!.userId),
      );
      await changed(orgId, 'checklist');
      return csirt.getWorkspace(db, orgId, request.locale);
    },
  );

  api.patch(
    '/api/orgs/:orgId/csirt/profile',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Model, scope, chosen services, RFC 2350 team facts and the project charter.',
        params: orgParams,
        body: updateProfileRequest,
        response: { 200: csirtWorkspaceView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await db.transaction((tx) =>
        csirt.updateProfile(tx, orgId, request.body, request.principal!.userId, request.locale),
      );
      await changed(orgId, 'profile');
      return csirt.getWorkspace(db, orgId, request.locale);
    },
  );

  api.put(
    '/api/orgs/:orgId/csirt/roles/:roleKey',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: roleParams,
        body: updateRoleRequest,
        response: { 200: csirtWorkspaceView, ...errors },
      },
    },
    async (request) => {
      const { orgId, roleKey } = request.params;
      await db.transaction((tx) =>
        csirt.updateRole(tx, orgId, roleKey, request.body, request.locale),
      );
      await changed(orgId, 'roles');
      return csirt.getWorkspace(db, orgId, request.locale);
    },
  );

  api.post(
    '/api/orgs/:orgId/csirt/contacts',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: contactRequest,
        response: { 201: contactView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const contact = await db.transaction((tx) =>
        csirt.createContact(tx, orgId, request.body, request.locale),
      );
      await changed(orgId, 'contacts');
      return reply.code(201).send(csirt.presentContact(contact));
    },
  );

  api.patch(
    '/api/orgs/:orgId/csirt/contacts/:contactId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: contactParams,
        body: updateContactRequest,
        response: { 200: contactView, ...errors },
      },
    },
    async (request) => {
      const { orgId, contactId } = request.params;
      const contact = await db.transaction((tx) =>
        csirt.updateContact(tx, orgId, contactId, request.body, request.locale),
      );
      await changed(orgId, 'contacts');
      return csirt.presentContact(contact);
    },
  );

  api.delete(
    '/api/orgs/:orgId/csirt/contacts/:contactId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: contactParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, contactId } = request.params;
      await db.transaction(async (tx) => {
        const deleted = await csirt.deleteContact(tx, orgId, contactId);
        await recordAudit(tx, {
          action: 'csirt_contact.deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'csirt_contact',
          targetId: deleted.id,
          details: { kind: deleted.kind },
        });
      });
      await changed(orgId, 'contacts');
      return { ok: true as const };
    },
  );

  api.get(
    '/api/orgs/:orgId/csirt/flow',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          'The incident response flow steps and the server-drawn SVG diagram (swimlanes per role) with the escalation tree.',
        params: orgParams,
        querystring: flowQuery,
        response: { 200: flowView, ...errors },
      },
    },
    async (request) =>
      presentFlow(db, request.params.orgId, request.query.language ?? request.locale),
  );

  api.put(
    '/api/orgs/:orgId/csirt/flow',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description:
          'Stores the company’s own flow steps; the diagram is drawn from them from now on.',
        params: orgParams,
        querystring: flowQuery,
        body: updateFlowRequest,
        response: { 200: flowView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await db.transaction((tx) =>
        csirt.setFlowSteps(
          tx,
          orgId,
          request.body.steps,
          request.principal!.userId,
          request.locale,
        ),
      );
      await changed(orgId, 'flow');
      return presentFlow(db, orgId, request.query.language ?? request.locale);
    },
  );

  api.delete(
    '/api/orgs/:orgId/csirt/flow',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Returns the flow to the default generated from the company’s roles.',
        params: orgParams,
        querystring: flowQuery,
        response: { 200: flowView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await db.transaction(async (tx) => {
        await csirt.resetFlowSteps(tx, orgId, request.principal!.userId);
        await recordAudit(tx, {
          action: 'csirt_flow.reset',
          ...actorOf(request),
          organizationId: orgId,
        });
      });
      await changed(orgId, 'flow');
      return presentFlow(db, orgId, request.query.language ?? request.locale);
    },
  );
}
