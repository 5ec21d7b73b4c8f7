import { z } from 'zod';
import {
  addIncidentActionRequest,
  addIncidentEvidenceRequest,
  createIncidentRequest,
  incidentActionView,
  incidentAssigneesView,
  incidentEvidenceView,
  incidentReportInput,
  incidentSummaryView,
  incidentTaxonomyView,
  incidentView,
  listIncidentsQuery,
  publicReportFormView,
  publicReportReceipt,
  reportLinkView,
  setReportLinkRequest,
  updateIncidentRequest,
  type IncidentSummaryView,
  type IncidentView,
} from '../../../contracts/incidents';
import type { Api, AppContext } from '../../app-context';
import { AppError } from '../../http/errors';
import { actorOf, iso, isoOrNull, publicBaseUrl } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { registerDocumentKind } from '../documents/kinds';
import { loadIncidentContent } from './content';
import { incidentMessages } from './messages';
import { generateReportForm } from './report-form';
import * as incidentsService from './service';

const tags = ['incidents'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const publicErrors = { 400: z.unknown(), 404: z.unknown(), 413: z.unknown(), 429: z.unknown() };
const orgParams = z.strictObject({ orgId: z.uuid() });
const incidentParams = z.strictObject({ orgId: z.uuid(), incidentId: z.uuid() });
// Any string is looked up, so a malformed link answers the same not-found as a retired one.
const slugParams = z.strictObject({ slug: z.string().max(200) });

/** Bodies larger than this are refused with 413 before they are read. */
export const PUBLIC_REPORT_LIMIT_BYTES = 64 * 1024;

export function presentSummary(i: incidentsService.IncidentSummary): IncidentSummaryView {
  return {
    id: i.id,
    reference: i.reference,
    title: i.title,
    source: i.source,
    status: i.status,
    category: i.category,
    severity: i.severity,
    purpose: i.report.purpose,
    assignee:
      i.assigneeUserId && i.assigneeName
        ? { userId: i.assigneeUserId, name: i.assigneeName }
        : null,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
  };
}

const presentAction = (a: incidentsService.IncidentAction) => ({
  id: a.id,
  at: iso(a.at),
  kind: a.kind,
  actorName: a.actorName,
  text: a.text,
});

const presentEvidence = (e: incidentsService.IncidentEvidence) => ({
  id: e.id,
  description: e.description,
  location: e.location,
  hash: e.hash,
  collectedBy: e.collectedBy,
  collectedAt: iso(e.collectedAt),
  recordedBy: e.recordedByName,
  createdAt: iso(e.createdAt),
});

export function presentIncident(i: incidentsService.IncidentDetail): IncidentView {
  return {
    ...presentSummary(i),
    report: { ...i.report, seenAtInstant: isoOrNull(i.seenAt) },
    functionalImpact: i.functionalImpact,
    informationImpact: i.informationImpact,
    recoverability: i.recoverability,
    nextSteps: i.nextSteps,
    actions: i.actions.map(presentAction),
    evidence: i.evidence.map(presentEvidence),
  };
}

const presentLink = (link: incidentsService.ReportLink | null) => ({
  enabled: link?.enabled ?? false,
  slug: link?.slug ?? null,
  rotatedAt: isoOrNull(link?.rotatedAt),
});

export function registerIncidentRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  loadIncidentContent();
  registerDocumentKind({ kind: 'incident-report-form', generate: generateReportForm });
  const changed = (orgId: string, data: Record<string, unknown>) =>
    ctx.realtime.publish(`org:${orgId}`, 'incidents.changed', data);
  const actorFrom = (request: { principal: { userId: string; name: string } | null }) => ({
    userId: request.principal!.userId,
    name: request.principal!.name,
  });
  const publicLimit = { max: ctx.config.authRateLimit, timeWindow: '1 minute' };

  // ----- the public form ---------------------------------------------------------------------

  api.get(
    '/api/public/incident-reports/:slug',
    {
      config: { access: 'public', rateLimit: { ...publicLimit, max: publicLimit.max * 6 } },
      schema: {
        tags,
        description:
          'What the public report form shows: only the name of the company it reports to.',
        params: slugParams,
        response: { 200: publicReportFormView, ...publicErrors },
      },
    },
    async (request, reply) => {
      const form = await incidentsService.findOpenReportForm(db, request.params.slug);
      if (!form) throw new AppError('not_found');
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return { organizationName: form.organizationName };
    },
  );

  api.post(
    '/api/public/incident-reports/:slug',
    {
      bodyLimit: PUBLIC_REPORT_LIMIT_BYTES,
      config: { access: 'public', rateLimit: publicLimit },
      schema: {
        tags,
        description:
          'Files a report through a company’s public form; answers a confirmation number.',
        params: slugParams,
        body: incidentReportInput,
        response: { 201: publicReportReceipt, ...publicErrors },
      },
    },
    async (request, reply) => {
      const { incident, organizationName } = await db.transaction(async (tx) => {
        const result = await incidentsService.submitPublicReport(
          tx,
          request.params.slug,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'incident.reported',
          ip: request.ip,
          organizationId: result.incident.organizationId,
          targetType: 'incident',
          targetId: result.incident.id,
          details: { reference: result.incident.reference, purpose: request.body.purpose },
        });
        return result;
      });
      const orgId = incident.organizationId;
      await changed(orgId, { id: incident.id, reported: true });
      const url = `${publicBaseUrl(ctx, request)}/companies/${orgId}/incidents/${incident.id}`;
      // The report is stored by now: a mail that cannot be queued must not make the reporter send it again.
      try {
        for (const admin of await incidentsService.listReportRecipients(db, orgId)) {
          const t = incidentMessages(admin.locale);
          await ctx.sendMail({
            to: admin.email,
            subject: t.newReportMail.subject(incident.reference),
            text: t.newReportMail.body({
              organization: organizationName,
              reference: incident.reference,
              purpose: t.purposes[incident.report.purpose],
              url,
            }),
          });
        }
      } catch (err) {
        request.log.error({ err, incidentId: incident.id }, 'new-report notification not queued');
      }
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          reference: incident.reference,
          receivedAt: iso(incident.createdAt),
          organizationName,
        });
    },
  );

  // ----- the company's link ------------------------------------------------------------------

  api.get(
    '/api/orgs/:orgId/incident-report-link',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: reportLinkView, ...errors } },
    },
    async (request) => presentLink(await incidentsService.getReportLink(db, request.params.orgId)),
  );

  api.put(
    '/api/orgs/:orgId/incident-report-link',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        description: 'Enables or disables the public form; the first enabling creates its link.',
        params: orgParams,
        body: setReportLinkRequest,
        response: { 200: reportLinkView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const link = await db.transaction(async (tx) => {
        const saved = await incidentsService.setReportLinkEnabled(
          tx,
          orgId,
          request.body.enabled,
          request.principal!.userId,
        );
        await recordAudit(tx, {
          action: request.body.enabled ? 'incident_form.enabled' : 'incident_form.disabled',
          ...actorOf(request),
          organizationId: orgId,
        });
        return saved;
      });
      await changed(orgId, { link: true });
      return presentLink(link);
    },
  );

  api.post(
    '/api/orgs/:orgId/incident-report-link/rotate',
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        description: 'Replaces the public link; the old one stops working at once.',
        params: orgParams,
        response: { 200: reportLinkView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const link = await db.transaction(async (tx) => {
        const saved = await incidentsService.rotateReportLink(tx, orgId, request.principal!.userId);
        await recordAudit(tx, {
          action: 'incident_form.rotated',
          ...actorOf(request),
          organizationId: orgId,
        });
        return saved;
      });
      await changed(orgId, { link: true });
      return presentLink(link);
    },
  );

  // ----- incidents ---------------------------------------------------------------------------

  api.get(
    '/api/incidents/taxonomy',
    {
      config: { access: 'user' },
      schema: {
        tags,
        description: 'Incident categories and the NIST SP 800-61 impact scales, in both languages.',
        response: { 200: incidentTaxonomyView, ...errors },
      },
    },
    async () => loadIncidentContent().taxonomy,
  );

  api.get(
    '/api/orgs/:orgId/incidents',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        querystring: listIncidentsQuery,
        response: { 200: z.object({ incidents: z.array(incidentSummaryView) }), ...errors },
      },
    },
    async (request) => ({
      incidents: (
        await incidentsService.listIncidents(db, request.params.orgId, request.query)
      ).map(presentSummary),
    }),
  );

  api.post(
    '/api/orgs/:orgId/incidents',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Records an incident staff learnt of directly (a call, a visit, an alert).',
        params: orgParams,
        body: createIncidentRequest,
        response: { 201: incidentView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const incident = await db.transaction(async (tx) => {
        const created = await incidentsService.createIncident(
          tx,
          orgId,
          request.body,
          actorFrom(request),
          request.locale,
        );
        await recordAudit(tx, {
          action: 'incident.created',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'incident',
          targetId: created.id,
          details: { reference: created.reference },
        });
        return created;
      });
      await changed(orgId, { id: incident.id });
      return reply.code(201).send(presentIncident(incident));
    },
  );

  api.get(
    '/api/orgs/:orgId/incidents/assignees',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: incidentAssigneesView, ...errors } },
    },
    async (request) => ({
      people: await incidentsService.listAssignees(db, request.params.orgId),
    }),
  );

  api.get(
    '/api/orgs/:orgId/incidents/:incidentId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: incidentParams, response: { 200: incidentView, ...errors } },
    },
    async (request) =>
      presentIncident(
        await incidentsService.getIncident(db, request.params.orgId, request.params.incidentId),
      ),
  );

  api.patch(
    '/api/orgs/:orgId/incidents/:incidentId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Triage: status, category, impact scales, assignee, next steps.',
        params: incidentParams,
        body: updateIncidentRequest,
        response: { 200: incidentView, ...errors },
      },
    },
    async (request) => {
      const { orgId, incidentId } = request.params;
      const { incident, changed: fields } = await db.transaction(async (tx) => {
        const result = await incidentsService.updateIncident(
          tx,
          orgId,
          incidentId,
          request.body,
          actorFrom(request),
          request.locale,
        );
        if (result.changed.length > 0)
          await recordAudit(tx, {
            action: 'incident.updated',
            ...actorOf(request),
            organizationId: orgId,
            targetType: 'incident',
            targetId: incidentId,
            details: {
              reference: result.incident.reference,
              fields: result.changed,
              ...(result.changed.includes('status') ? { status: result.incident.status } : {}),
            },
          });
        return result;
      });
      if (fields.length > 0) await changed(orgId, { id: incidentId });
      return presentIncident(incident);
    },
  );

  api.post(
    '/api/orgs/:orgId/incidents/:incidentId/actions',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Adds a step to the timeline.',
        params: incidentParams,
        body: addIncidentActionRequest,
        response: { 201: incidentActionView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, incidentId } = request.params;
      const action = await db.transaction(async (tx) => {
        const added = await incidentsService.addIncidentAction(
          tx,
          orgId,
          incidentId,
          request.body,
          actorFrom(request),
        );
        await recordAudit(tx, {
          action: 'incident.action_added',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'incident',
          targetId: incidentId,
        });
        return added;
      });
      await changed(orgId, { id: incidentId });
      return reply.code(201).send(presentAction(action));
    },
  );

  api.post(
    '/api/orgs/:orgId/incidents/:incidentId/evidence',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description: 'Records an item of evidence with where it is kept and who collected it when.',
        params: incidentParams,
        body: addIncidentEvidenceRequest,
        response: { 201: incidentEvidenceView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId, incidentId } = request.params;
      const item = await db.transaction(async (tx) => {
        const added = await incidentsService.addIncidentEvidence(
          tx,
          orgId,
          incidentId,
          request.body,
          actorFrom(request),
        );
        await recordAudit(tx, {
          action: 'incident.evidence_added',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'incident',
          targetId: incidentId,
          details: { evidenceId: added.id },
        });
        return added;
      });
      await changed(orgId, { id: incidentId });
      return reply.code(201).send(presentEvidence(item));
    },
  );
}
