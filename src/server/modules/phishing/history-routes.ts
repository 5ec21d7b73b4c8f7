import { z } from 'zod';
import {
  CLICK_RATE_TARGET,
  campaignTimelineView,
  campaignTrendView,
  departmentHistoryView,
  personHistoryQuery,
  personHistoryView,
} from '../../../contracts/phishing-history';
import type { Api, AppContext } from '../../app-context';
import { iso, isoOrNull } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { actorOf } from '../../http/presenters';
import { assertCompanyAdmin } from './access';
import { followUpCountsByCampaign } from './followup';
import { campaignTimeline, campaignTrend, departmentHistory, personHistory } from './history';
import * as phishing from './service';
import { resultsWorkbook } from './xlsx-export';

const tags = ['phishing'];
const errors = { 400: z.unknown(), 401: z.unknown(), 403: z.unknown(), 404: z.unknown() };
const orgParams = z.strictObject({ orgId: z.uuid() });
const campaignParams = z.strictObject({ orgId: z.uuid(), campaignId: z.uuid() });
const base = '/api/orgs/:orgId/phishing';

/**
 * Results across campaigns: the company's trend and its departments are aggregates for whoever
 * administers the company; one person's history names an employee, so only the company's own
 * admins see it.
 */
export function registerHistoryRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;

  api.get(
    `${base}/history/trend`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: orgParams, response: { 200: campaignTrendView, ...errors } },
    },
    async (request) => {
      const trend = await campaignTrend(db, request.params.orgId);
      const lessons = await followUpCountsByCampaign(
        db,
        trend.map((c) => c.campaignId),
      );
      return {
        clickRateTarget: CLICK_RATE_TARGET,
        campaigns: trend.map((c) => ({
          ...c,
          launchedAt: iso(c.launchedAt),
          lessonsAssigned: lessons.get(c.campaignId)?.assigned ?? 0,
          lessonsCompleted: lessons.get(c.campaignId)?.completed ?? 0,
        })),
      };
    },
  );

  api.get(
    `${base}/history/departments`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: orgParams, response: { 200: departmentHistoryView, ...errors } },
    },
    async (request) => ({ departments: await departmentHistory(db, request.params.orgId) }),
  );

  api.get(
    `${base}/history/person`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        querystring: personHistoryQuery,
        response: { 200: personHistoryView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      const email = request.query.email.toLowerCase();
      const rows = await personHistory(db, orgId, email);
      await recordAudit(db, {
        action: 'phishing.person_history_viewed',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'organization',
        targetId: orgId,
      });
      return {
        email,
        campaigns: rows.map((r) => ({
          ...r,
          launchedAt: isoOrNull(r.launchedAt),
          sentAt: isoOrNull(r.sentAt),
          openedAt: isoOrNull(r.openedAt),
          clickedAt: isoOrNull(r.clickedAt),
          submittedAt: isoOrNull(r.submittedAt),
          reportedAt: isoOrNull(r.reportedAt),
          lessonCompletedAt: isoOrNull(r.lessonCompletedAt),
        })),
      };
    },
  );

  api.get(
    `${base}/campaigns/:campaignId/timeline`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: campaignParams, response: { 200: campaignTimelineView, ...errors } },
    },
    async (request) => {
      const { orgId, campaignId } = request.params;
      await phishing.getCampaign(db, orgId, campaignId);
      const timeline = await campaignTimeline(db, orgId, campaignId);
      return {
        bucketSeconds: timeline.bucketSeconds,
        buckets: timeline.buckets.map((b) => ({ ...b, at: iso(b.at) })),
      };
    },
  );

  // Names every recipient, like the CSV export: the company's own admins only.
  api.get(
    `${base}/campaigns/:campaignId/export.xlsx`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: campaignParams, response: errors },
    },
    async (request, reply) => {
      const { orgId, campaignId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      const campaign = await phishing.getCampaign(db, orgId, campaignId);
      const file = await resultsWorkbook(
        db,
        campaign,
        request.locale,
        request.principal?.timeZone || 'Asia/Tokyo',
      );
      await recordAudit(db, {
        action: 'phishing.results_exported',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'phishing_campaign',
        targetId: campaignId,
        details: { format: 'xlsx' },
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="phishing-${campaignId}.xlsx"`)
        .send(file);
    },
  );
}
