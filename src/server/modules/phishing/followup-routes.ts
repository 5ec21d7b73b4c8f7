import { z } from 'zod';
import type { followUpAssignmentView } from '../../../contracts/phishing-followup';
import {
  assignLessonRequest,
  completeLessonRequest,
  completeLessonResult,
  followUpView,
  lessonTokenParams,
  publicLessonView,
} from '../../../contracts/phishing-followup';
import type { Api, AppContext } from '../../app-context';
import { actorOf, isoOrNull } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { assertCompanyAdmin } from './access';
import {
  answerLessonCheck,
  assignLesson,
  campaignFollowUp,
  issueLessonLinks,
  openLesson,
  type LessonAssignment,
} from './followup';
import { lessonForTemplate, loadLessonContent } from './lessons';
import * as phishing from './service';

const tags = ['phishing'];
const errors = { 400: z.unknown(), 401: z.unknown(), 403: z.unknown(), 404: z.unknown() };
const publicErrors = { 400: z.unknown(), 404: z.unknown(), 429: z.unknown() };
const campaignParams = z.strictObject({ orgId: z.uuid(), campaignId: z.uuid() });
const base = '/api/orgs/:orgId/phishing/campaigns/:campaignId/follow-up';

type Person = Awaited<ReturnType<typeof campaignFollowUp>>['people'][number];

const presentPerson = (p: Person): z.infer<typeof followUpAssignmentView> => {
  const a: LessonAssignment | null = p.assignment;
  return {
    recipientId: p.recipientId,
    name: p.name,
    email: p.email,
    department: p.department,
    clickedAt: isoOrNull(p.clickedAt),
    submittedAt: isoOrNull(p.submittedAt),
    lessonKey: a?.lessonKey ?? null,
    status: p.status,
    assignedBy: a?.assignedBy ?? null,
    assignedAt: isoOrNull(a?.assignedAt),
    mailQueuedAt: isoOrNull(a?.mailQueuedAt),
    openedAt: isoOrNull(a?.openedAt),
    completedAt: isoOrNull(a?.completedAt),
    attempts: a?.attempts ?? 0,
  };
};

/**
 * Follow-up lessons: the company admin's view and assignment per campaign, and the lesson page
 * the person opens from their mail without an account (the link's token is the only key).
 */
export function registerFollowUpRoutes(
  api: Api,
  ctx: AppContext,
  changed: (orgId: string, campaignId: string) => Promise<void>,
): void {
  const db = ctx.db;
  loadLessonContent();
  const deps = {
    db,
    sendMail: (mail: Parameters<AppContext['sendMail']>[0]) => ctx.sendMail(mail),
    onChanged: changed,
  };
  const lessons = () =>
    loadLessonContent().map((l) => ({
      key: l.key,
      title: { ja: l.ja.title, en: l.en.title },
      categories: l.categories,
    }));

  api.get(
    base,
    {
      config: { access: 'org:admin' },
      schema: { tags, params: campaignParams, response: { 200: followUpView, ...errors } },
    },
    async (request) => {
      const { orgId, campaignId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      const campaign = await phishing.getCampaign(db, orgId, campaignId);
      const followUp = await campaignFollowUp(db, orgId, campaignId);
      return {
        counts: followUp.counts,
        defaultLessonKey: lessonForTemplate(campaign.templateRef).key,
        lessons: lessons(),
        people: followUp.people.map(presentPerson),
      };
    },
  );

  api.post(
    base,
    {
      config: { access: 'org:admin' },
      schema: {
        tags,
        params: campaignParams,
        body: assignLessonRequest,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const { orgId, campaignId } = request.params;
      assertCompanyAdmin(request.principal, orgId);
      await phishing.getCampaign(db, orgId, campaignId);
      const assignment = await db.transaction(async (tx) => {
        const saved = await assignLesson(tx, orgId, campaignId, {
          ...request.body,
          userId: request.principal!.userId,
        });
        await recordAudit(tx, {
          action: 'phishing.lesson_assigned',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'phishing_campaign',
          targetId: campaignId,
          details: { recipientId: saved.recipientId, lessonKey: saved.lessonKey },
        });
        return saved;
      });
      // The mail goes out now; should this fail, the minute sweep issues the link again.
      await issueLessonLinks(deps, { assignmentId: assignment.id });
      await changed(orgId, campaignId);
      return { ok: true as const };
    },
  );

  const publicLimit = { max: ctx.config.authRateLimit * 6, timeWindow: '1 minute' };
  const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

  api.get(
    '/api/public/phishing-lessons/:token',
    {
      config: { access: 'public', rateLimit: publicLimit },
      schema: {
        tags,
        description:
          'The follow-up lesson behind a link from a training mail; opening it is recorded.',
        params: lessonTokenParams,
        response: { 200: publicLessonView, ...publicErrors },
      },
    },
    async (request, reply) => {
      const { assignment, view } = await openLesson(db, request.params.token);
      reply.headers(noStore);
      await changed(assignment.organizationId, assignment.campaignId);
      return view;
    },
  );

  api.post(
    '/api/public/phishing-lessons/:token/answers',
    {
      config: { access: 'public', rateLimit: publicLimit },
      schema: {
        tags,
        description: "Checks the lesson's questions; all right completes the lesson.",
        params: lessonTokenParams,
        body: completeLessonRequest,
        response: { 200: completeLessonResult, ...publicErrors },
      },
    },
    async (request, reply) => {
      const { assignment, result } = await answerLessonCheck(
        db,
        request.params.token,
        request.body.answers,
      );
      reply.headers(noStore);
      await changed(assignment.organizationId, assignment.campaignId);
      return result;
    },
  );
}
