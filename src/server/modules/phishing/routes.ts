import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  campaignResults,
  campaignView,
  createCampaignRequest,
  createSmtpProfileRequest,
  putReportMailboxRequest,
  reportMailboxView,
  defaultScannerRules,
  scannerRulesSchema,
  smtpProfileView,
  smtpTestRequest,
  updateSmtpProfileRequest,
  updateTemplateRequest,
  createTargetGroupRequest,
  createTemplateRequest,
  importResult,
  libraryTemplateView,
  recipientPage,
  recipientPageQuery,
  targetGroupView,
  targetView,
  templateView,
} from '../../../contracts/phishing';
import type { Api, AppContext } from '../../app-context';
import { AppError } from '../../http/errors';
import { actorOf, iso, isoOrNull, publicBaseUrl } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { loadPhishingContent } from './content';
import { parseTargetFile } from './import';
import { campaignFunnel, exportRecipientsCsv, listRecipientResults } from './results';
import { sendCampaignMessage } from './sending';
import * as phishing from './service';
import { TrackingRecorder } from './tracking';
import { TRACKING_PREFIX, trackingEndpoints } from './tracking-endpoints';
import { SecretBox } from './secrets';
import * as smtp from './smtp';
import * as reports from './reports';
import { getScannerRules, putScannerRules, ScannerRulesCache } from './rules';
import { OutboundGuard } from '../../net/outbound-guard';
import { registerWebhookRoutes } from './webhook-routes';
import { emitCampaignLaunched, webhookNudger } from './webhooks';
import { spreadPeriod } from './spread';
import { assertCompanyAdmin } from './access';
import { registerFollowUpRoutes } from './followup-routes';
import { registerHistoryRoutes } from './history-routes';

const tags = ['phishing'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const groupParams = z.strictObject({ orgId: z.uuid(), groupId: z.uuid() });
const templateParams = z.strictObject({ orgId: z.uuid(), templateId: z.uuid() });
const campaignParams = z.strictObject({ orgId: z.uuid(), campaignId: z.uuid() });
const profileParams = z.strictObject({ orgId: z.uuid(), profileId: z.uuid() });
const base = '/api/orgs/:orgId/phishing';

const IMPORT_LIMIT_BYTES = 10 * 1024 * 1024;
const importTypes = [
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
const REALTIME_THROTTLE_MS = 1000;

const presentCampaign = (c: phishing.Campaign) => ({
  id: c.id,
  name: c.name,
  groupId: c.groupId,
  templateRef: c.templateRef,
  locale: c.locale,
  subject: c.subject,
  difficulty: c.difficulty,
  landingPage: c.landingPage,
  status: c.status,
  startAt: isoOrNull(c.startAt),
  windowStartMinute: c.windowStartMinute,
  windowEndMinute: c.windowEndMinute,
  timeZone: c.timeZone,
  sendRatePerMinute: c.sendRatePerMinute,
  smtpProfileId: c.smtpProfileId,
  relayError: c.relayError,
  launchedAt: isoOrNull(c.launchedAt),
  completedAt: isoOrNull(c.completedAt),
  createdAt: iso(c.createdAt),
  spreadOverMinutes: c.spreadOverMinutes,
  spreadUntil: isoOrNull(spreadPeriod(c)?.until ?? null),
});

const presentSmtpProfile = (p: smtp.SmtpProfile) => ({
  id: p.id,
  name: p.name,
  host: p.host,
  port: p.port,
  tlsMode: p.tlsMode,
  username: p.username,
  passwordSet: p.passwordSealed !== null,
  fromAddress: p.fromAddress,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

const presentTemplate = (t: phishing.Template) => ({
  id: t.id,
  name: t.name,
  locale: t.locale,
  senderName: t.senderName,
  subject: t.subject,
  html: t.html,
  text: t.text,
  difficulty: t.difficulty,
  redFlags: t.redFlags,
  landingPage: t.landingPage,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

export function registerPhishingRoutes(api: Api, ctx: AppContext): void {
  // Anything that changed may carry events for the company's webhooks: collect them soon.
  const nudgeWebhooks = webhookNudger(() => ctx.jobs);
  const changed = (orgId: string, campaignId: string) => {
    nudgeWebhooks();
    return ctx.realtime.publish(`org:${orgId}`, 'phishing.changed', { campaignId });
  };
  const rules = new ScannerRulesCache(ctx.db);
  api.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    registerCompanyRoutes(scope, ctx, changed);
    registerScannerRuleRoutes(scope, ctx, rules);
    registerFollowUpRoutes(scope, ctx, changed);
    registerHistoryRoutes(scope, ctx);
  });
  registerTrackingRoutes(api, ctx, changed, rules);
}

/**
 * Only the public tracking endpoints (/t/...), for `npm run tracking`: a process that can be
 * scaled apart from the web app. Saved scanner rules reach it within the cache's few seconds.
 */
export function registerPhishingTrackingRoutes(api: Api, ctx: AppContext): void {
  const changed = (orgId: string, campaignId: string) =>
    ctx.realtime.publish(`org:${orgId}`, 'phishing.changed', { campaignId });
  registerTrackingRoutes(api, ctx, changed, new ScannerRulesCache(ctx.db));
}

/** The company's rules for telling people from scanners. */
function registerScannerRuleRoutes(api: Api, ctx: AppContext, cache: ScannerRulesCache): void {
  api.get(
    `${base}/scanner-rules`,
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: {
          200: z.object({ rules: scannerRulesSchema, defaults: scannerRulesSchema }),
          ...errors,
        },
      },
    },
    async (request) => ({
      rules: await getScannerRules(ctx.db, request.params.orgId),
      defaults: defaultScannerRules,
    }),
  );

  api.put(
    `${base}/scanner-rules`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: scannerRulesSchema,
        response: { 200: z.object({ rules: scannerRulesSchema }), ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const saved = await ctx.db.transaction(async (tx) => {
        const result = await putScannerRules(tx, orgId, request.body);
        await recordAudit(tx, {
          action: 'phishing.scanner_rules_saved',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'organization',
          targetId: orgId,
        });
        return result;
      });
      cache.invalidate(orgId);
      return { rules: saved };
    },
  );
}

/** The routes a company uses to run its training, all under /api/orgs/:orgId/phishing. */
function registerCompanyRoutes(
  api: Api,
  ctx: AppContext,
  changed: (orgId: string, campaignId: string) => Promise<void>,
): void {
  const db = ctx.db;
  const secrets = new SecretBox(ctx.config.secretKey);
  const guard = new OutboundGuard(ctx.config.outboundAllow);
  registerSmtpProfileRoutes(api, ctx, secrets, guard);
  registerReportMailboxRoutes(api, ctx, secrets, guard, changed);
  registerWebhookRoutes(api, ctx, secrets, guard);

  api.get(
    `${base}/library`,
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ templates: z.array(libraryTemplateView) }), ...errors },
      },
    },
    async () => ({ templates: [...loadPhishingContent()] }),
  );

  api.get(
    `${base}/templates`,
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ templates: z.array(templateView) }), ...errors },
      },
    },
    async (request) => ({
      templates: (await phishing.listTemplates(db, request.params.orgId)).map(presentTemplate),
    }),
  );

  api.post(
    `${base}/templates`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: createTemplateRequest,
        response: { 201: templateView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const template = await db.transaction(async (tx) => {
        const created = await phishing.createTemplate(tx, orgId, request.body);
        await recordAudit(tx, {
          action: 'phishing.template_created',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'phishing_template',
          targetId: created.id,
        });
        return created;
      });
      return reply.code(201).send(presentTemplate(template));
    },
  );

  api.patch(
    `${base}/templates/:templateId`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: templateParams,
        body: updateTemplateRequest,
        response: { 200: templateView, ...errors },
      },
    },
    async (request) => {
      const { orgId, templateId } = request.params;
      const template = await db.transaction(async (tx) => {
        const updated = await phishing.updateTemplate(tx, orgId, templateId, request.body);
        await recordAudit(tx, {
          action: 'phishing.template_updated',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'phishing_template',
          targetId: templateId,
        });
        return updated;
      });
      return presentTemplate(template);
    },
  );

  api.delete(
    `${base}/templates/:templateId`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: templateParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, templateId } = request.params;
      await db.transaction(async (tx) => {
        await phishing.deleteTemplate(tx, orgId, templateId);
        await recordAudit(tx, {
          action: 'phishing.template_deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'phishing_template',
          targetId: templateId,
        });
      });
      return { ok: true as const };
    },
  );

  api.get(
    `${base}/groups`,
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ groups: z.array(targetGroupView) }), ...errors },
      },
    },
    async (request) => ({
      groups: (await phishing.listTargetGroups(db, request.params.orgId)).map((g) => ({
        id: g.id,
        name: g.name,
        targetCount: g.targetCount,
        createdAt: iso(g.createdAt),
      })),
    }),
  );

  api.post(
    `${base}/groups`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: createTargetGroupRequest,
        response: { 201: targetGroupView, ...errors },
      },
    },
    async (request, reply) => {
      const group = await phishing.createTargetGroup(db, request.params.orgId, request.body.name);
      return reply
        .code(201)
        .send({ id: group.id, name: group.name, targetCount: 0, createdAt: iso(group.createdAt) });
    },
  );

  api.get(
    `${base}/groups/:groupId/targets`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: groupParams,
        querystring: recipientPageQuery,
        response: {
          200: z.object({ targets: z.array(targetView), nextAfter: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { orgId, groupId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      await phishing.getTargetGroup(db, orgId, groupId);
      const { limit, after } = request.query;
      const rows = await phishing.listTargets(db, orgId, groupId, { after, limit: limit + 1 });
      const targets = rows.slice(0, limit);
      return {
        targets: targets.map((t) => ({
          id: t.id,
          name: t.name,
          email: t.email,
          department: t.department,
          position: t.position,
        })),
        nextAfter: rows.length > limit ? (targets.at(-1)?.email ?? null) : null,
      };
    },
  );

  // Uploads arrive as the raw file; this parser exists only inside this scope.
  api.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      importTypes,
      { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      `${base}/groups/:groupId/import`,
      {
        config: { access: 'org:admin' },
        bodyLimit: IMPORT_LIMIT_BYTES,
        schema: {
          tags,
          params: groupParams,
          response: { 200: importResult, 413: z.unknown(), 415: z.unknown(), ...errors },
        },
      },
      async (request) => {
        const { orgId, groupId } = request.params;
        if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type');
        const parsed = await parseTargetFile(request.body, request.locale);
        const written = await db.transaction(async (tx) => {
          const result = await phishing.importTargets(tx, orgId, groupId, parsed.rows);
          await recordAudit(tx, {
            action: 'phishing.targets_imported',
            ...actorOf(request),
            organizationId: orgId,
            targetType: 'phishing_target_group',
            targetId: groupId,
            details: { rows: parsed.rows.length, ...result },
          });
          return result;
        });
        return {
          imported: parsed.rows.length,
          ...written,
          duplicatesInFile: parsed.duplicatesInFile,
        };
      },
    );
  });

  api.get(
    `${base}/campaigns`,
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ campaigns: z.array(campaignView) }), ...errors },
      },
    },
    async (request) => ({
      campaigns: (await phishing.listCampaigns(db, request.params.orgId)).map(presentCampaign),
    }),
  );

  api.post(
    `${base}/campaigns`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: createCampaignRequest,
        response: { 201: campaignView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const campaign = await db.transaction(async (tx) => {
        const created = await phishing.createCampaign(tx, orgId, request.body);
        await recordAudit(tx, {
          action: 'phishing.campaign_created',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'phishing_campaign',
          targetId: created.id,
        });
        return created;
      });
      await changed(orgId, campaign.id);
      return reply.code(201).send(presentCampaign(campaign));
    },
  );

  api.get(
    `${base}/campaigns/:campaignId`,
    {
      config: { access: 'org:read' },
      schema: { tags, params: campaignParams, response: { 200: campaignView, ...errors } },
    },
    async (request) =>
      presentCampaign(
        await phishing.getCampaign(db, request.params.orgId, request.params.campaignId),
      ),
  );

  api.post(
    `${base}/campaigns/:campaignId/launch`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: campaignParams,
        response: {
          200: z.object({ campaign: campaignView, recipients: z.int() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { orgId, campaignId } = request.params;
      const draft = await phishing.getCampaign(db, orgId, campaignId);
      // A relay that refuses the connection or the login fails the launch; nothing is queued.
      if (draft.status === 'draft' && draft.smtpProfileId) {
        await smtp.verifySmtpProfile(
          await smtp.getSmtpProfile(db, orgId, draft.smtpProfileId),
          secrets,
          guard,
        );
      }
      const launched = await db.transaction(async (tx) => {
        const result = await phishing.launchCampaign(
          tx,
          orgId,
          campaignId,
          publicBaseUrl(ctx, request),
        );
        await recordAudit(tx, {
          action: 'phishing.campaign_launched',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'phishing_campaign',
          targetId: campaignId,
          details: { recipients: result.recipients },
        });
        return result;
      });
      // Queued after commit; should this process die first, the minute sweep queues it.
      await ctx.jobs.enqueue(sendCampaignMessage, { campaignId });
      await emitCampaignLaunched({ db, queue: () => ctx.jobs }, orgId, {
        id: campaignId,
        name: launched.campaign.name,
        recipients: launched.recipients,
      });
      await changed(orgId, campaignId);
      return { campaign: presentCampaign(launched.campaign), recipients: launched.recipients };
    },
  );

  api.get(
    `${base}/campaigns/:campaignId/results`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: campaignParams, response: { 200: campaignResults, ...errors } },
    },
    async (request) => {
      const { orgId, campaignId } = request.params;
      const campaign = await phishing.getCampaign(db, orgId, campaignId);
      return {
        campaignId,
        status: campaign.status,
        ...(await campaignFunnel(db, orgId, campaignId)),
      };
    },
  );

  api.get(
    `${base}/campaigns/:campaignId/recipients`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: campaignParams,
        querystring: recipientPageQuery,
        response: { 200: recipientPage, ...errors },
      },
    },
    async (request) => {
      const { orgId, campaignId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      await phishing.getCampaign(db, orgId, campaignId);
      const page = await listRecipientResults(db, orgId, campaignId, request.query);
      return {
        recipients: page.recipients.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          department: r.department,
          position: r.position,
          sentAt: isoOrNull(r.acceptedAt),
          sendError: r.sendError,
          sendFailure: r.sendFailure,
          openedAt: isoOrNull(r.openedAt),
          clickedAt: isoOrNull(r.clickedAt),
          submittedAt: isoOrNull(r.submittedAt),
          reportedAt: isoOrNull(r.reportedAt),
          scannerEvents: r.scannerEvents,
        })),
        nextAfter: page.nextAfter,
      };
    },
  );

  api.get(
    `${base}/campaigns/:campaignId/export.csv`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: campaignParams, response: errors },
    },
    async (request, reply) => {
      const { orgId, campaignId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      await phishing.getCampaign(db, orgId, campaignId);
      await recordAudit(db, {
        action: 'phishing.results_exported',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'phishing_campaign',
        targetId: campaignId,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="phishing-${campaignId}.csv"`)
        .send(Readable.from(exportRecipientsCsv(db, orgId, campaignId, request.locale)));
    },
  );
}

/** A company's SMTP relays: create, edit, delete, and a test send to an address the user gives. */
function registerSmtpProfileRoutes(
  api: Api,
  ctx: AppContext,
  secrets: SecretBox,
  guard: OutboundGuard,
): void {
  const db = ctx.db;
  const audit = (
    request: FastifyRequest,
    tx: Parameters<typeof recordAudit>[0],
    action: string,
    orgId: string,
    targetId: string,
  ) =>
    recordAudit(tx, {
      action,
      ...actorOf(request),
      organizationId: orgId,
      targetType: 'phishing_smtp_profile',
      targetId,
    });

  api.get(
    `${base}/smtp-profiles`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ profiles: z.array(smtpProfileView) }), ...errors },
      },
    },
    async (request) => ({
      profiles: (await smtp.listSmtpProfiles(db, request.params.orgId)).map(presentSmtpProfile),
    }),
  );

  api.post(
    `${base}/smtp-profiles`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: createSmtpProfileRequest,
        response: { 201: smtpProfileView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      // An internal relay address is refused before anything is saved.
      await guard.assertAllowed(request.body.host);
      const profile = await db.transaction(async (tx) => {
        const created = await smtp.createSmtpProfile(tx, secrets, orgId, request.body);
        await audit(request, tx, 'phishing.smtp_profile_created', orgId, created.id);
        return created;
      });
      return reply.code(201).send(presentSmtpProfile(profile));
    },
  );

  api.patch(
    `${base}/smtp-profiles/:profileId`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: profileParams,
        body: updateSmtpProfileRequest,
        response: { 200: smtpProfileView, ...errors },
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params;
      if (request.body.host !== undefined) await guard.assertAllowed(request.body.host);
      const profile = await db.transaction(async (tx) => {
        const updated = await smtp.updateSmtpProfile(tx, secrets, orgId, profileId, request.body);
        await audit(request, tx, 'phishing.smtp_profile_updated', orgId, profileId);
        return updated;
      });
      return presentSmtpProfile(profile);
    },
  );

  api.delete(
    `${base}/smtp-profiles/:profileId`,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: profileParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, profileId } = request.params;
      await db.transaction(async (tx) => {
        await smtp.deleteSmtpProfile(tx, orgId, profileId);
        await audit(request, tx, 'phishing.smtp_profile_deleted', orgId, profileId);
      });
      return { ok: true as const };
    },
  );

  api.post(
    `${base}/smtp-profiles/:profileId/test`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: profileParams,
        body: smtpTestRequest,
        response: { 200: okResponse, 422: z.unknown(), ...errors },
      },
    },
    async (request) => {
      const { orgId, profileId } = request.params;
      const profile = await smtp.getSmtpProfile(db, orgId, profileId);
      const ja = request.locale === 'ja';
      await smtp.testSmtpProfile(profile, secrets, guard, {
        to: request.body.to,
        subject: ja ? 'Bansō SMTP 送信テスト' : 'Bansō SMTP test message',
        text: ja
          ? `送信プロファイル「${profile.name}」からのテストメールです。届いていれば設定は正しく動作しています。`
          : `A test message from the sending profile "${profile.name}". If it arrived, the profile works.`,
      });
      await audit(request, db, 'phishing.smtp_profile_tested', orgId, profileId);
      return { ok: true as const };
    },
  );
}

const presentReportMailbox = (m: reports.ReportMailbox) => ({
  host: m.host,
  port: m.port,
  secure: m.secure,
  username: m.username,
  passwordSet: true,
  mailbox: m.mailbox,
  enabled: m.enabled,
  lastPolledAt: isoOrNull(m.lastPolledAt),
  lastError: m.lastError,
  reportsFound: m.reportsFound,
});

/** The IMAP mailbox staff forward suspicious mails to: settings, a connection test, a poll now. */
function registerReportMailboxRoutes(
  api: Api,
  ctx: AppContext,
  secrets: SecretBox,
  guard: OutboundGuard,
  changed: (orgId: string, campaignId: string) => Promise<void>,
): void {
  const db = ctx.db;
  const path = `${base}/report-mailbox`;
  const current = async (orgId: string) => {
    const mailbox = await reports.getReportMailbox(db, orgId);
    if (!mailbox) throw new AppError('not_found');
    return mailbox;
  };

  api.get(
    path,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ mailbox: reportMailboxView.nullable() }), ...errors },
      },
    },
    async (request) => {
      const mailbox = await reports.getReportMailbox(db, request.params.orgId);
      return { mailbox: mailbox ? presentReportMailbox(mailbox) : null };
    },
  );

  api.put(
    path,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        body: putReportMailboxRequest,
        response: { 200: reportMailboxView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      await guard.assertAllowed(request.body.host);
      const mailbox = await db.transaction(async (tx) => {
        const saved = await reports.putReportMailbox(tx, secrets, orgId, request.body);
        await recordAudit(tx, {
          action: 'phishing.report_mailbox_saved',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'organization',
          targetId: orgId,
        });
        return saved;
      });
      return presentReportMailbox(mailbox);
    },
  );

  api.delete(
    path,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: orgParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId } = request.params;
      await db.transaction(async (tx) => {
        await reports.deleteReportMailbox(tx, orgId);
        await recordAudit(tx, {
          action: 'phishing.report_mailbox_deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'organization',
          targetId: orgId,
        });
      });
      return { ok: true as const };
    },
  );

  api.post(
    `${path}/test`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: okResponse, 422: z.unknown(), ...errors },
      },
    },
    async (request) => {
      await reports.testReportMailbox(await current(request.params.orgId), secrets, guard);
      return { ok: true as const };
    },
  );

  api.post(
    `${path}/poll`,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: orgParams,
        response: {
          200: z.object({ messages: z.int(), reports: z.int(), bounces: z.int() }),
          422: z.unknown(),
          ...errors,
        },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      let result: reports.PollResult;
      try {
        result = await reports.pollReportMailbox(db, secrets, guard, await current(orgId));
      } catch (err) {
        throw reports.imapFailed(err);
      }
      for (const campaignId of result.campaignIds) await changed(orgId, campaignId);
      return { messages: result.messages, reports: result.reports, bounces: result.bounces };
    },
  );
}

/**
 * The endpoints the training mails point at, outside /api and without sign-in, served as raw
 * routes (see tracking-endpoints.ts). Dashboards hear of new events through the realtime hub.
 */
function registerTrackingRoutes(
  api: Api,
  ctx: AppContext,
  changed: (orgId: string, campaignId: string) => Promise<void>,
  rules: ScannerRulesCache,
): void {
  const lastPublished = new Map<string, number>();
  const recorder = new TrackingRecorder(
    ctx.database,
    (campaignIds, orgOf) => {
      const now = Date.now();
      for (const campaignId of campaignIds) {
        // Dashboards refetch on this event; once a second per campaign is plenty under load.
        if (now - (lastPublished.get(campaignId) ?? 0) < REALTIME_THROTTLE_MS) continue;
        lastPublished.set(campaignId, now);
        const orgId = orgOf.get(campaignId);
        if (orgId) void changed(orgId, campaignId).catch(() => undefined);
      }
    },
    rules,
  );
  api.rawRoutes.add(
    TRACKING_PREFIX,
    trackingEndpoints({
      db: ctx.db,
      recorder,
      securityHeaders: api.rawRoutes.securityHeaders,
      clientAddress: api.rawRoutes.clientAddress,
      log: api.log,
    }),
  );
}
