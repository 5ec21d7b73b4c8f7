import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  aarView,
  checkpointIdSchema,
  claimSeatRequest,
  createExerciseRequest,
  deviceSecretSchema,
  evaluationView,
  eventListView,
  eventsQuery,
  evidenceRequest,
  evidenceView,
  exerciseContentView,
  exerciseDetail,
  exerciseListView,
  exerciseRoles,
  feedbackFormView,
  feedbackRequest,
  feedbackSummaryView,
  isOutsideRole,
  participantRequest,
  participantView,
  ratingRequest,
  ratingView,
  responseAck,
  responseView,
  retestProposalListView,
  scenarioView,
  scheduleRequest,
  seatLinkView,
  seatResponseRequest,
  seatTokenSchema,
  seatView,
  sendToImprovementRequest,
  sendToImprovementResult,
  setEvaluatorsRequest,
  slugId,
  staffResponseRequest,
  trendView,
  updateAarRequest,
  updateExerciseRequest,
  userRef,
  type ScenarioView,
} from '../../../contracts/exercises';
import type { Api, AppContext } from '../../app-context';
import { canAccessOrg } from '../../http/access';
import { AppError } from '../../http/errors';
import { actorOf } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { adaptScenario, resolvePlaceholders } from './adapt';
import * as aar from './aar';
import { listEvents, publishEvents, seatRoom, type StoredEvent } from './events';
import * as live from './live';
import { findScenario, loadExerciseContent, type ScenarioContent } from './scenario';
import { openRetestProposals } from './retests';
import { updateSchedule } from './schedule';
import * as service from './service';
import { registerExerciseDocuments } from './documents';

const tags = ['exercises'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
  410: z.unknown(),
  429: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const exParams = z.strictObject({ orgId: z.uuid(), exerciseId: z.uuid() });
const participantParams = exParams.extend({ participantId: z.uuid() });
const injectParams = exParams.extend({ injectId: slugId });
const checkpointParams = exParams.extend({ checkpointId: checkpointIdSchema });
const scenarioParams = z.strictObject({ scenarioId: slugId });
const orgScenarioParams = z.strictObject({ orgId: z.uuid(), scenarioId: slugId });
const seatHeaderSchema = z.object({
  'x-seat-token': seatTokenSchema,
  'x-seat-device': deviceSecretSchema,
});

function scenarioViewOf(
  s: Omit<ScenarioContent, 'injects'> & { injects: ScenarioContent['injects'] },
): ScenarioView {
  return {
    id: s.id,
    course: s.course,
    title: s.title,
    summary: s.summary,
    durationMinutes: s.durationMinutes,
    roles: s.roles,
    injectCount: s.injects.length,
    objectives: s.objectives,
    phases: s.phases,
    attackerSteps: s.attackerSteps,
    injects: s.injects,
  };
}

/** Shared instance state of the module: the per-seat flood guard. */
const seatLimiter = new live.SeatRateLimiter();

export function registerExerciseRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const content = loadExerciseContent();
  registerExerciseDocuments();
  const publish = (events: readonly StoredEvent[]) => publishEvents(ctx.realtime, events);
  const userId = (request: FastifyRequest) => request.principal!.userId;
  const viewer = (request: FastifyRequest, orgId: string): service.Viewer => ({
    userId: userId(request),
    canWrite: canAccessOrg(request.principal!, orgId, 'write'),
  });
  const detail = (request: FastifyRequest, orgId: string, exerciseId: string) =>
    service.getExerciseDetail(db, orgId, exerciseId, viewer(request, orgId));

  // Staff join exercise:<id> through the foundation's socket; seats get their own socket below.
  ctx.realtime.registerRoom('exercise', async (principal, id) => {
    if (!z.uuid().safeParse(id).success) return false;
    const orgs = await live.exerciseIdsOf(db, [id]);
    const orgId = orgs.get(id);
    return orgId !== undefined && canAccessOrg(principal, orgId, 'read');
  });

  // ---------- content ----------

  api.get(
    '/api/exercise-content',
    {
      config: { access: 'user' },
      schema: { tags, response: { 200: exerciseContentView, ...errors } },
    },
    async () => ({
      checkpoints: content.checkpoints,
      scenarios: content.scenarios.map((s) => {
        const {
          objectives: _o,
          phases: _p,
          attackerSteps: _a,
          injects: _i,
          ...rest
        } = scenarioViewOf(s);
        return rest;
      }),
      roles: exerciseRoles.map((id) => ({ id, outside: isOutsideRole(id) })),
    }),
  );

  api.get(
    '/api/exercise-content/scenarios/:scenarioId',
    {
      config: { access: 'user' },
      schema: { tags, params: scenarioParams, response: { 200: scenarioView, ...errors } },
    },
    async (request) => {
      const s = findScenario(request.params.scenarioId);
      if (!s) throw new AppError('not_found');
      return scenarioViewOf(s);
    },
  );

  api.get(
    '/api/orgs/:orgId/exercise-scenarios/:scenarioId/preview',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgScenarioParams, response: { 200: scenarioView, ...errors } },
    },
    async (request) => {
      const s = findScenario(request.params.scenarioId);
      if (!s) throw new AppError('not_found');
      const adapted = adaptScenario(s, await resolvePlaceholders(db, request.params.orgId));
      return scenarioViewOf(adapted);
    },
  );

  // ---------- planning ----------

  api.get(
    '/api/orgs/:orgId/exercises',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: exerciseListView, ...errors } },
    },
    async (request) => ({ exercises: await service.listExercises(db, request.params.orgId) }),
  );

  api.post(
    '/api/orgs/:orgId/exercises',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: createExerciseRequest,
        response: { 201: exerciseDetail, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const { value, events } = await service.createExercise(db, {
        organizationId: orgId,
        actorUserId: userId(request),
        locale: request.locale,
        request: request.body,
      });
      await recordAudit(db, {
        action: 'exercise.created',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'exercise',
        targetId: value.id,
        details: { scenarioId: value.scenarioId, retests: request.body.retests?.length ?? 0 },
      });
      await publish(events);
      return reply.code(201).send(await detail(request, orgId, value.id));
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: exParams, response: { 200: exerciseDetail, ...errors } },
    },
    async (request) => detail(request, request.params.orgId, request.params.exerciseId),
  );

  api.patch(
    '/api/orgs/:orgId/exercises/:exerciseId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: exParams,
        body: updateExerciseRequest,
        response: { 200: exerciseDetail, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { events } = await service.updateExercise(db, {
        organizationId: orgId,
        exerciseId,
        request: request.body,
        locale: request.locale,
      });
      await publish(events);
      return detail(request, orgId, exerciseId);
    },
  );

  api.put(
    '/api/orgs/:orgId/exercises/:exerciseId/schedule',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description:
          'Edits the timetable and the injects’ offsets and texts before the start; offsets lie within the exercise’s length and a branch after the choice it follows.',
        params: exParams,
        body: scheduleRequest,
        response: { 200: exerciseDetail, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { events } = await updateSchedule(db, {
        organizationId: orgId,
        exerciseId,
        request: request.body,
        locale: request.locale,
      });
      await publish(events);
      return detail(request, orgId, exerciseId);
    },
  );

  api.delete(
    '/api/orgs/:orgId/exercises/:exerciseId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: exParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const row = await service.deleteExercise(db, orgId, exerciseId);
      await recordAudit(db, {
        action: 'exercise.deleted',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'exercise',
        targetId: exerciseId,
        details: { title: row.plan.title },
      });
      await ctx.realtime.publish(`org:${orgId}`, 'exercises.changed', { id: exerciseId });
      return { ok: true as const };
    },
  );

  api.post(
    '/api/orgs/:orgId/exercises/:exerciseId/participants',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: exParams,
        body: participantRequest,
        response: { 201: participantView, ...errors },
      },
    },
    async (request, reply) => {
      const { value, events } = await service.addParticipant(db, {
        organizationId: request.params.orgId,
        exerciseId: request.params.exerciseId,
        request: request.body,
      });
      await publish(events);
      return reply.code(201).send(value);
    },
  );

  api.patch(
    '/api/orgs/:orgId/exercises/:exerciseId/participants/:participantId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: participantParams,
        body: participantRequest,
        response: { 200: participantView, ...errors },
      },
    },
    async (request) => {
      const { value, events } = await service.updateParticipant(db, {
        organizationId: request.params.orgId,
        exerciseId: request.params.exerciseId,
        participantId: request.params.participantId,
        request: request.body,
      });
      await publish(events);
      return value;
    },
  );

  api.delete(
    '/api/orgs/:orgId/exercises/:exerciseId/participants/:participantId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: participantParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { events } = await service.deleteParticipant(db, {
        organizationId: request.params.orgId,
        exerciseId: request.params.exerciseId,
        participantId: request.params.participantId,
      });
      await publish(events);
      return { ok: true as const };
    },
  );

  api.post(
    '/api/orgs/:orgId/exercises/:exerciseId/participants/:participantId/seat-link',
    {
      config: { access: 'org:read' },
      schema: { tags, params: participantParams, response: { 200: seatLinkView, ...errors } },
    },
    async (request) => {
      const { orgId, exerciseId, participantId } = request.params;
      const { value, events } = await live.issueSeatLink(db, {
        organizationId: orgId,
        exerciseId,
        participantId,
        actorUserId: userId(request),
      });
      await recordAudit(db, {
        action: 'exercise.seat_link_issued',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'exercise_participant',
        targetId: participantId,
        details: { exerciseId },
      });
      await publish(events);
      const path = `/seat/${value.token}`;
      const origin = `${request.protocol}://${request.host}`;
      const url = `${origin}${path}`;
      return {
        participantId,
        path,
        token: value.token,
        url,
        qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
        expiresAt: value.participant.expiresAt!.toISOString(),
      };
    },
  );

  api.put(
    '/api/orgs/:orgId/exercises/:exerciseId/evaluators',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: exParams,
        body: setEvaluatorsRequest,
        response: { 200: exerciseDetail, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { events } = await service.setEvaluators(db, {
        organizationId: orgId,
        exerciseId,
        userIds: request.body.userIds,
      });
      await publish(events);
      return detail(request, orgId, exerciseId);
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/evaluator-candidates',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: exParams,
        response: { 200: z.object({ candidates: z.array(userRef) }), ...errors },
      },
    },
    async (request) => {
      await service.getExerciseRow(db, request.params.orgId, request.params.exerciseId);
      return { candidates: await service.listStaffCandidates(db, request.params.orgId) };
    },
  );

  // ---------- live run ----------

  for (const action of ['start', 'pause', 'resume', 'close'] as const) {
    api.post(
      `/api/orgs/:orgId/exercises/:exerciseId/${action}`,
      {
        config: { access: 'org:read' },
        schema: { tags, params: exParams, response: { 200: exerciseDetail, ...errors } },
      },
      async (request) => {
        const { orgId, exerciseId } = request.params;
        const { value, events } = await live.changeClock(db, {
          organizationId: orgId,
          exerciseId,
          actorUserId: userId(request),
          action,
        });
        if (action === 'start' || action === 'close')
          await recordAudit(db, {
            action: `exercise.${action === 'start' ? 'started' : 'closed'}`,
            ...actorOf(request),
            organizationId: orgId,
            targetType: 'exercise',
            targetId: exerciseId,
          });
        await publish(events);
        if (action === 'start' || action === 'resume') {
          // Offsets already due (e.g. minute 0) go out now; the rest on their timed jobs.
          await publish(await live.releaseDueInjects(db, orgId, exerciseId));
          await live.scheduleReleases(db, ctx.jobs, value);
        }
        return detail(request, orgId, exerciseId);
      },
    );
  }

  for (const [action, outcome] of [
    ['release', 'released'],
    ['skip', 'skipped'],
  ] as const) {
    api.post(
      `/api/orgs/:orgId/exercises/:exerciseId/injects/:injectId/${action}`,
      {
        config: { access: 'org:read' },
        schema: { tags, params: injectParams, response: { 200: exerciseDetail, ...errors } },
      },
      async (request) => {
        const { orgId, exerciseId, injectId } = request.params;
        const { events } = await live.settleInjectByHand(db, {
          organizationId: orgId,
          exerciseId,
          injectId,
          actorUserId: userId(request),
          outcome,
        });
        await publish(events);
        return detail(request, orgId, exerciseId);
      },
    );
  }

  api.post(
    '/api/orgs/:orgId/exercises/:exerciseId/responses',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: exParams,
        body: staffResponseRequest,
        response: { 200: responseAck, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const row = await service.getExerciseRow(db, orgId, exerciseId);
      service.assertFacilitator(row, userId(request));
      const { role, ...rest } = request.body;
      const { value, events } = await live.recordResponse(db, {
        organizationId: orgId,
        exerciseId,
        role,
        participantId: null,
        recordedBy: userId(request),
        request: rest,
      });
      await publish(events);
      return value;
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/responses',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: exParams,
        response: { 200: z.object({ responses: z.array(responseView) }), ...errors },
      },
    },
    async (request) => {
      const row = await service.getExerciseRow(db, request.params.orgId, request.params.exerciseId);
      return { responses: await live.listResponses(db, row.id) };
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/events',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: exParams,
        querystring: eventsQuery,
        response: { 200: eventListView, ...errors },
      },
    },
    async (request) => {
      const row = await service.getExerciseRow(db, request.params.orgId, request.params.exerciseId);
      const { events, more } = await listEvents(db, row.id, request.query);
      return { events, more, lastSeq: row.lastSeq };
    },
  );

  // ---------- evaluation ----------

  api.put(
    '/api/orgs/:orgId/exercises/:exerciseId/ratings/:checkpointId',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: checkpointParams,
        body: ratingRequest,
        response: { 200: ratingView, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId, checkpointId } = request.params;
      const { value, events } = await aar.rateCheckpoint(db, {
        organizationId: orgId,
        exerciseId,
        checkpointId,
        actorUserId: userId(request),
        rating: request.body.rating,
        note: request.body.note,
      });
      await publish(events);
      return value;
    },
  );

  api.post(
    '/api/orgs/:orgId/exercises/:exerciseId/evidence',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: exParams,
        body: evidenceRequest,
        response: { 200: evidenceView, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { value, events } = await aar.addEvidence(db, {
        organizationId: orgId,
        exerciseId,
        actorUserId: userId(request),
        ...request.body,
      });
      await publish(events);
      return value;
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/evaluation',
    {
      config: { access: 'org:read' },
      schema: { tags, params: exParams, response: { 200: evaluationView, ...errors } },
    },
    async (request) => aar.getEvaluation(db, request.params.orgId, request.params.exerciseId),
  );

  // ---------- after-action ----------

  api.post(
    '/api/orgs/:orgId/exercises/:exerciseId/aar/generate',
    {
      config: { access: 'org:write' },
      schema: { tags, params: exParams, response: { 200: aarView, ...errors } },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { events } = await aar.generateReport(db, {
        organizationId: orgId,
        exerciseId,
        locale: request.locale,
      });
      await publish(events);
      return aar.getAfterActionReport(db, orgId, exerciseId, request.locale);
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/aar',
    {
      config: { access: 'org:read' },
      schema: { tags, params: exParams, response: { 200: aarView, ...errors } },
    },
    async (request) =>
      aar.getAfterActionReport(db, request.params.orgId, request.params.exerciseId, request.locale),
  );

  api.patch(
    '/api/orgs/:orgId/exercises/:exerciseId/aar',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: exParams,
        body: updateAarRequest,
        response: { 200: aarView, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { events } = await aar.updateReport(db, {
        organizationId: orgId,
        exerciseId,
        request: request.body,
      });
      await publish(events);
      return aar.getAfterActionReport(db, orgId, exerciseId, request.locale);
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/aar/chart.svg',
    {
      config: { access: 'org:read' },
      schema: { tags, params: exParams, response: { 200: z.string(), ...errors } },
    },
    async (request, reply) => {
      const svg = await aar.getScoreChart(
        db,
        request.params.orgId,
        request.params.exerciseId,
        request.locale,
      );
      return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(svg);
    },
  );

  api.post(
    '/api/orgs/:orgId/exercises/:exerciseId/aar/send-to-improvement',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: exParams,
        body: sendToImprovementRequest,
        response: { 200: sendToImprovementResult, ...errors },
      },
    },
    async (request) => {
      const { orgId, exerciseId } = request.params;
      const { value, events } = await aar.sendToImprovement(db, ctx.realtime, {
        organizationId: orgId,
        exerciseId,
        actorUserId: userId(request),
        actionIds: request.body.actionIds,
        locale: request.locale,
      });
      await recordAudit(db, {
        action: 'exercise.actions_sent',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'exercise',
        targetId: exerciseId,
        details: { sent: value.sent },
      });
      await publish(events);
      return value;
    },
  );

  api.get(
    '/api/orgs/:orgId/exercises/:exerciseId/feedback',
    {
      config: { access: 'org:read' },
      schema: { tags, params: exParams, response: { 200: feedbackSummaryView, ...errors } },
    },
    async (request) => {
      const row = await service.getExerciseRow(db, request.params.orgId, request.params.exerciseId);
      return aar.feedbackSummary(db, row.id);
    },
  );

  api.get(
    '/api/orgs/:orgId/exercise-trend',
    {
      config: { access: 'org:read' },
      schema: { tags, params: orgParams, response: { 200: trendView, ...errors } },
    },
    async (request) => aar.checkpointTrend(db, request.params.orgId),
  );

  api.get(
    '/api/orgs/:orgId/exercise-retests',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          'Retest injects proposed by the after-action reports of closed exercises and not yet carried into a later exercise; choose them when planning the next one.',
        params: orgParams,
        response: { 200: retestProposalListView, ...errors },
      },
    },
    async (request) => ({ proposals: await openRetestProposals(db, request.params.orgId) }),
  );

  // ---------- seats (no account) ----------

  const seatOf = async (request: FastifyRequest) => {
    const headers = seatHeaderSchema.safeParse(request.headers);
    if (!headers.success) throw new AppError('exercise_seat_invalid');
    return live.authenticateSeat(db, headers.data['x-seat-token'], headers.data['x-seat-device']);
  };

  api.post(
    '/api/exercise-seat/claim',
    {
      config: { access: 'public' },
      schema: { tags, body: claimSeatRequest, response: { 200: seatView, ...errors } },
    },
    async (request) => {
      const { value, events } = await live.claimSeat(db, request.body);
      await publish(events);
      return live.seatView(db, value);
    },
  );

  api.get(
    '/api/exercise-seat',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: seatView, ...errors } },
    },
    async (request) => live.seatView(db, await seatOf(request)),
  );

  api.get(
    '/api/exercise-seat/events',
    {
      config: { access: 'public' },
      schema: { tags, querystring: eventsQuery, response: { 200: eventListView, ...errors } },
    },
    async (request) => {
      const seat = await seatOf(request);
      const { events, more } = await listEvents(db, seat.exercise.id, {
        ...request.query,
        seatRole: seat.participant.role,
      });
      return { events, more, lastSeq: seat.exercise.lastSeq };
    },
  );

  api.post(
    '/api/exercise-seat/responses',
    {
      config: { access: 'public' },
      schema: { tags, body: seatResponseRequest, response: { 200: responseAck, ...errors } },
    },
    async (request) => {
      const seat = await seatOf(request);
      seatLimiter.check(seat.participant.id);
      const { value, events } = await live.recordResponse(db, {
        organizationId: seat.exercise.organizationId,
        exerciseId: seat.exercise.id,
        role: seat.participant.role,
        participantId: seat.participant.id,
        recordedBy: null,
        request: request.body,
        row: seat.exercise,
      });
      await publish(events);
      return value;
    },
  );

  api.get(
    '/api/exercise-seat/feedback',
    {
      config: { access: 'public' },
      schema: { tags, response: { 200: feedbackFormView, ...errors } },
    },
    async (request) => {
      const seat = await seatOf(request);
      const view = await live.seatView(db, seat);
      return aar.feedbackForm(view.feedbackSubmitted, seat.exercise.status);
    },
  );

  api.post(
    '/api/exercise-seat/feedback',
    {
      config: { access: 'public' },
      schema: { tags, body: feedbackRequest, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const seat = await seatOf(request);
      seatLimiter.check(seat.participant.id);
      const { events } = await aar.submitFeedback(db, seat, request.body);
      await publish(events);
      return { ok: true as const };
    },
  );

  api.get(
    '/api/exercise-seat/ws',
    {
      websocket: true,
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: z.object({ token: seatTokenSchema, device: deviceSecretSchema }),
      },
      // The token proves the seat; a foreign page must not open it with a visitor's link either.
      preValidation: async (request) => {
        const origin = request.headers.origin;
        if (origin && new URL(origin).host !== request.host) throw new AppError('forbidden');
      },
    },
    async (socket, request) => {
      const { token, device } = request.query as { token: string; device: string };
      try {
        const seat = await live.authenticateSeat(db, token, device);
        ctx.realtime.attachToRooms(socket, [seatRoom(seat.exercise.id)]);
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'internal';
        socket.send(JSON.stringify({ type: 'error', code, message: code }));
        socket.close(1008, code);
      }
    },
  );
}
