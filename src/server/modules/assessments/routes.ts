import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  answerHistoryEntry,
  answerHistoryQuery,
  answerView,
  assessmentDetail,
  assessmentResults,
  assessmentView,
  createAssessmentRequest,
  evidenceFileList,
  nodeId,
  questionSetQuery,
  questionSetShape,
  questionSetSummary,
  reopenRequest,
  reviewRequest,
  saveAnswerRequest,
  saveAnswerResponse,
  saveCommentRequest,
  sheetImportResult,
  targetsSchema,
} from '../../../contracts/assessments';
import type { Api, AppContext } from '../../app-context';
import type { DbOrTx } from '../../db/client';
import { isOperator, type Principal } from '../../http/access';
import { AppError } from '../../http/errors';
import { actorOf, iso, isoOrNull } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import * as identity from '../identity/service';
import { loadQuestionSets } from './catalog';
import { buildAnswersWorkbook } from './export';
import {
  addEvidenceFile,
  deleteEvidenceFile,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MEDIA_TYPES,
  getEvidenceFile,
  listAssessmentFiles,
  listEvidenceFiles,
  type EvidenceFile,
} from './evidence';
import { buildAnswerSheet, importAnswerSheet } from './sheet';
import type { IndexedQuestionSet } from './question-set';
import { buildReportDocx, L, loadReportData, reportFilename } from './report';
import * as svc from './service';

export { loadQuestionSets } from './catalog';

const tags = ['assessments'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const assessmentParams = z.strictObject({ orgId: z.uuid(), assessmentId: z.uuid() });
const itemParams = assessmentParams.extend({ itemId: nodeId });
const setParams = z.strictObject({ setId: nodeId });
const exportQuery = z.strictObject({ lang: z.enum(['ja', 'en']).optional() });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET_LIMIT_BYTES = 5 * 1024 * 1024;
const answersTitle = { ja: 'ヒアリングシート回答', en: 'Hearing answers' };

/** An attachment with an ASCII fallback name and the real one in UTF-8 (RFC 5987). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]+/g, '').replace(/^_+/, '') || 'download';
  return `attachment; filename="${ascii.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The caller's standing in the company; the access rule has already admitted them. */
export function standingIn(principal: Principal, orgId: string): svc.Standing {
  if (isOperator(principal)) return 'operator';
  const membership = principal.memberships.find((m) => m.organizationId === orgId);
  if (membership?.role === 'company_admin' || membership?.role === 'company_member') {
    return membership.role;
  }
  if (principal.assignedCompanyIds.includes(orgId)) return 'expert';
  throw new AppError('forbidden');
}

function actorFrom(request: FastifyRequest, orgId: string): svc.Actor {
  const principal = request.principal!;
  return { userId: principal.userId, standing: standingIn(principal, orgId) };
}

type Names = Map<string, string>;

async function namesOf(db: DbOrTx, ids: (string | null)[]): Promise<Names> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map((await identity.findUsersByIds(db, wanted)).map((u) => [u.id, u.name]));
}

const userRef = (names: Names, id: string | null) =>
  id ? { id, name: names.get(id) ?? '' } : null;

const assessmentUserIds = (a: svc.Assessment) => [
  a.createdBy,
  a.submittedBy,
  a.reviewedBy,
  a.reopenedBy,
];

function presentQuestionSetSummary(index: IndexedQuestionSet) {
  const { set } = index;
  return {
    id: set.id,
    version: set.version,
    kind: set.kind,
    course: set.course ?? null,
    title: set.title,
    description: set.description ?? null,
    versions: loadQuestionSets().versions(set.id),
  };
}

function presentAssessment(summary: svc.AssessmentSummary, names: Names) {
  const a = summary.assessment;
  const { set } = svc.questionSetOf(a);
  return {
    id: a.id,
    organizationId: a.organizationId,
    programId: a.programId,
    questionSet: { id: set.id, version: set.version, kind: set.kind, title: set.title },
    label: a.label,
    status: a.status,
    baselineAssessmentId: a.baselineAssessmentId,
    targets: a.targets,
    progress: summary.progress,
    createdBy: userRef(names, a.createdBy),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    submittedBy: userRef(names, a.submittedBy),
    submittedAt: isoOrNull(a.submittedAt),
    reviewedBy: userRef(names, a.reviewedBy),
    reviewedAt: isoOrNull(a.reviewedAt),
    reviewSummary: a.reviewSummary,
    reopenedBy: userRef(names, a.reopenedBy),
    reopenedAt: isoOrNull(a.reopenedAt),
    reopenReason: a.reopenReason,
  };
}

function presentAnswer(row: svc.AssessmentAnswer, names: Names) {
  return {
    itemId: row.itemId,
    state: row.state,
    value: row.value,
    comment: row.comment,
    carriedOver: row.carriedOver,
    answeredBy: userRef(names, row.answeredBy),
    answeredAt: isoOrNull(row.answeredAt),
  };
}

async function presentSummary(db: DbOrTx, summary: svc.AssessmentSummary) {
  return presentAssessment(summary, await namesOf(db, assessmentUserIds(summary.assessment)));
}

function presentFile(f: EvidenceFile) {
  return {
    id: f.id,
    name: f.name,
    mediaType: f.mediaType,
    sizeBytes: f.sizeBytes,
    uploadedAt: iso(f.uploadedAt),
  };
}

async function presentDetail(db: DbOrTx, detail: svc.AssessmentDetail) {
  const names = await namesOf(db, [
    ...assessmentUserIds(detail.assessment),
    ...detail.answers.map((a) => a.answeredBy),
    ...detail.reviews.map((r) => r.reviewerId),
  ]);
  return {
    ...presentAssessment(detail, names),
    answers: detail.answers.map((a) => presentAnswer(a, names)),
    visibleItemIds: detail.visibleItemIds,
    sectionProgress: detail.sectionProgress,
    reviews: detail.reviews.map((r) => ({
      sectionId: r.sectionId,
      feedback: r.feedback,
      reviewer: userRef(names, r.reviewerId),
      updatedAt: iso(r.updatedAt),
    })),
    files: (await listAssessmentFiles(db, detail.assessment.id)).map((f) => ({
      itemId: f.itemId,
      ...presentFile(f),
    })),
  };
}

export function registerAssessmentRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const questionSets = loadQuestionSets();
  /** Collaborators' browsers refetch on this; it carries ids only. */
  const changed = (orgId: string, assessmentId: string, itemId: string | null = null) =>
    ctx.realtime.publish(`org:${orgId}`, 'assessment.changed', { assessmentId, itemId });

  api.get(
    '/api/question-sets',
    {
      config: { access: 'user' },
      schema: {
        tags,
        response: { 200: z.object({ questionSets: z.array(questionSetSummary) }), ...errors },
      },
    },
    async () => ({
      questionSets: questionSets.latestVersions().map(presentQuestionSetSummary),
    }),
  );

  api.get(
    '/api/question-sets/:setId',
    {
      config: { access: 'user' },
      schema: {
        tags,
        params: setParams,
        querystring: questionSetQuery,
        response: { 200: questionSetShape, ...errors },
      },
    },
    async (request) => {
      const { setId } = request.params;
      const { version } = request.query;
      const index =
        version === undefined ? questionSets.latest(setId) : questionSets.get(setId, version);
      if (!index) throw new AppError('not_found');
      return index.set;
    },
  );

  api.get(
    '/api/orgs/:orgId/assessments',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        response: { 200: z.object({ assessments: z.array(assessmentView) }), ...errors },
      },
    },
    async (request) => {
      const list = await svc.listAssessments(db, request.params.orgId);
      const names = await namesOf(
        db,
        list.flatMap((s) => assessmentUserIds(s.assessment)),
      );
      return { assessments: list.map((s) => presentAssessment(s, names)) };
    },
  );

  api.post(
    '/api/orgs/:orgId/assessments',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: createAssessmentRequest,
        response: { 201: assessmentView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const actor = actorFrom(request, orgId);
      const created = await db.transaction(async (tx) => {
        const assessment = await svc.createAssessment(
          tx,
          orgId,
          actor,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'assessment.created',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'assessment',
          targetId: assessment.id,
          details: {
            questionSetId: assessment.questionSetId,
            version: assessment.questionSetVersion,
            baselineAssessmentId: assessment.baselineAssessmentId,
          },
        });
        return assessment;
      });
      await changed(orgId, created.id);
      return reply
        .code(201)
        .send(await presentSummary(db, await svc.summarizeAssessment(db, created)));
    },
  );

  api.get(
    '/api/orgs/:orgId/assessments/:assessmentId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: assessmentParams, response: { 200: assessmentDetail, ...errors } },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      return presentDetail(db, await svc.getAssessmentDetail(db, orgId, assessmentId));
    },
  );

  api.put(
    '/api/orgs/:orgId/assessments/:assessmentId/answers/:itemId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: itemParams,
        body: saveAnswerRequest,
        response: { 200: saveAnswerResponse, ...errors },
      },
    },
    async (request) => {
      const { orgId, assessmentId, itemId } = request.params;
      const actor = actorFrom(request, orgId);
      const saved = await db.transaction((tx) =>
        svc.saveAnswer(tx, orgId, assessmentId, itemId, request.body, actor, request.locale),
      );
      await changed(orgId, assessmentId, itemId);
      return {
        answer: presentAnswer(saved.answer, await namesOf(db, [saved.answer.answeredBy])),
        visibleItemIds: saved.visibleItemIds,
        sectionProgress: saved.sectionProgress,
      };
    },
  );

  api.put(
    '/api/orgs/:orgId/assessments/:assessmentId/answers/:itemId/comment',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: itemParams,
        body: saveCommentRequest,
        response: { 200: answerView, ...errors },
      },
    },
    async (request) => {
      const { orgId, assessmentId, itemId } = request.params;
      const actor = actorFrom(request, orgId);
      const row = await db.transaction((tx) =>
        svc.saveComment(
          tx,
          orgId,
          assessmentId,
          itemId,
          request.body.comment,
          actor,
          request.locale,
        ),
      );
      await changed(orgId, assessmentId, itemId);
      return presentAnswer(row, await namesOf(db, [row.answeredBy]));
    },
  );

  api.get(
    '/api/orgs/:orgId/assessments/:assessmentId/history',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: assessmentParams,
        querystring: answerHistoryQuery,
        response: { 200: z.object({ entries: z.array(answerHistoryEntry) }), ...errors },
      },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      const entries = await svc.listAnswerHistory(db, orgId, assessmentId, request.query);
      const names = await namesOf(
        db,
        entries.map((e) => e.changedBy),
      );
      return {
        entries: entries.map((e) => ({
          itemId: e.itemId,
          change: e.change,
          state: e.state,
          value: e.value,
          comment: e.comment,
          changedBy: userRef(names, e.changedBy),
          changedAt: iso(e.changedAt),
        })),
      };
    },
  );

  api.put(
    '/api/orgs/:orgId/assessments/:assessmentId/targets',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: assessmentParams,
        body: targetsSchema,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      const updated = await svc.setTargets(db, orgId, assessmentId, request.body, request.locale);
      await changed(orgId, assessmentId);
      return presentSummary(db, await svc.summarizeAssessment(db, updated));
    },
  );

  api.post(
    '/api/orgs/:orgId/assessments/:assessmentId/submit',
    {
      config: { access: 'org:write' },
      schema: { tags, params: assessmentParams, response: { 200: assessmentView, ...errors } },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      const actor = actorFrom(request, orgId);
      const updated = await db.transaction(async (tx) => {
        const submitted = await svc.submitAssessment(
          tx,
          orgId,
          assessmentId,
          actor,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'assessment.submitted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'assessment',
          targetId: assessmentId,
        });
        return submitted;
      });
      await changed(orgId, assessmentId);
      return presentSummary(db, await svc.summarizeAssessment(db, updated));
    },
  );

  api.post(
    '/api/orgs/:orgId/assessments/:assessmentId/review',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: assessmentParams,
        body: reviewRequest,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      const actor = actorFrom(request, orgId);
      const updated = await db.transaction(async (tx) => {
        const reviewed = await svc.reviewAssessment(
          tx,
          orgId,
          assessmentId,
          actor,
          request.body,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'assessment.reviewed',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'assessment',
          targetId: assessmentId,
          details: { sections: request.body.sections.map((s) => s.sectionId) },
        });
        return reviewed;
      });
      await changed(orgId, assessmentId);
      return presentSummary(db, await svc.summarizeAssessment(db, updated));
    },
  );

  api.post(
    '/api/orgs/:orgId/assessments/:assessmentId/reopen',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: assessmentParams,
        body: reopenRequest,
        response: { 200: assessmentView, ...errors },
      },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      const actor = actorFrom(request, orgId);
      const updated = await db.transaction(async (tx) => {
        const reopened = await svc.reopenAssessment(
          tx,
          orgId,
          assessmentId,
          actor,
          request.body.reason,
        );
        await recordAudit(tx, {
          action: 'assessment.reopened',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'assessment',
          targetId: assessmentId,
          details: { reason: request.body.reason },
        });
        return reopened;
      });
      await changed(orgId, assessmentId);
      return presentSummary(db, await svc.summarizeAssessment(db, updated));
    },
  );

  api.get(
    '/api/orgs/:orgId/assessments/:assessmentId/results',
    {
      config: { access: 'org:read' },
      schema: { tags, params: assessmentParams, response: { 200: assessmentResults, ...errors } },
    },
    async (request) => {
      const { orgId, assessmentId } = request.params;
      return svc.getAssessmentResults(db, orgId, assessmentId);
    },
  );

  for (const format of ['docx', 'xlsx'] as const) {
    api.get(
      format === 'docx'
        ? '/api/orgs/:orgId/assessments/:assessmentId/report.docx'
        : '/api/orgs/:orgId/assessments/:assessmentId/answers.xlsx',
      {
        config: { access: 'org:read' },
        schema: {
          tags,
          description:
            format === 'docx'
              ? 'The hearing result report (ヒアリングシート結果報告書) as an editable Word document.'
              : 'Every visible item with its answer, and the section scores, as an Excel workbook.',
          params: assessmentParams,
          querystring: exportQuery,
          produces: [format === 'docx' ? DOCX : XLSX],
          response: errors,
        },
      },
      async (request, reply) => {
        const { orgId, assessmentId } = request.params;
        const lang = request.query.lang ?? request.locale;
        const data = await loadReportData(db, orgId, assessmentId);
        const body =
          format === 'docx'
            ? await buildReportDocx(data, lang)
            : await buildAnswersWorkbook(data, lang);
        await recordAudit(db, {
          action: 'assessment.exported',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'assessment',
          targetId: assessmentId,
          details: { format, lang },
        });
        const filename = reportFilename(
          data,
          lang,
          format,
          format === 'docx' ? L.reportTitle : answersTitle,
        );
        return reply
          .header('content-type', format === 'docx' ? DOCX : XLSX)
          .header('content-disposition', contentDisposition(filename))
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  }

  api.get(
    '/api/orgs/:orgId/assessments/:assessmentId/sheet.xlsx',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description:
          'The answer sheet for filling offline: every item with its answer type, allowed values ' +
          '(drop-down lists where fixed) and current answers. Import it back with POST …/sheet.',
        params: assessmentParams,
        querystring: exportQuery,
        produces: [XLSX],
        response: errors,
      },
    },
    async (request, reply) => {
      const { orgId, assessmentId } = request.params;
      const lang = request.query.lang ?? request.locale;
      const { body, assessment, index } = await buildAnswerSheet(db, orgId, assessmentId, lang);
      await recordAudit(db, {
        action: 'assessment.exported',
        ...actorOf(request),
        organizationId: orgId,
        targetType: 'assessment',
        targetId: assessmentId,
        details: { format: 'sheet', lang },
      });
      const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(
        assessment.createdAt,
      );
      const filename = `${index.set.title[lang].replace(/[\\/:*?"<>|\r\n\t]+/g, '_')}_${day}.xlsx`;
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  // The raw-file parser lives in this scope only; every other route keeps JSON.
  api.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      [XLSX, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: SHEET_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/orgs/:orgId/assessments/:assessmentId/sheet',
      {
        config: { access: 'org:write' },
        bodyLimit: SHEET_LIMIT_BYTES,
        schema: {
          tags,
          description:
            'Send the filled .xlsx itself as the body. All or nothing; problems come back as ' +
            'validation_failed issues naming row and column.',
          params: assessmentParams,
          consumes: [XLSX, 'application/octet-stream'],
          response: { 200: sheetImportResult, ...errors, 413: z.unknown(), 415: z.unknown() },
        },
      },
      async (request) => {
        const { orgId, assessmentId } = request.params;
        const file = request.body;
        if (!Buffer.isBuffer(file)) throw new AppError('unsupported_media_type');
        const actor = actorFrom(request, orgId);
        const result = await db.transaction(async (tx) => {
          const imported = await importAnswerSheet(
            tx,
            orgId,
            assessmentId,
            file,
            actor,
            request.locale,
          );
          await recordAudit(tx, {
            action: 'assessment.sheet_imported',
            ...actorOf(request),
            organizationId: orgId,
            targetType: 'assessment',
            targetId: assessmentId,
            details: { bytes: file.length, ...imported },
          });
          return imported;
        });
        await changed(orgId, assessmentId);
        return result;
      },
    );
  });

  const fileParams = itemParams.extend({ fileId: z.uuid() });

  api.get(
    '/api/orgs/:orgId/assessments/:assessmentId/answers/:itemId/files',
    {
      config: { access: 'org:read' },
      schema: { tags, params: itemParams, response: { 200: evidenceFileList, ...errors } },
    },
    async (request) => {
      const { orgId, assessmentId, itemId } = request.params;
      return {
        files: (await listEvidenceFiles(db, orgId, assessmentId, itemId)).map(presentFile),
      };
    },
  );

  api.get(
    '/api/orgs/:orgId/assessments/:assessmentId/answers/:itemId/files/:fileId',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description: 'The stored file itself, as an attachment with its own content type.',
        params: fileParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const { orgId, assessmentId, itemId, fileId } = request.params;
      const file = await getEvidenceFile(db, orgId, assessmentId, itemId, fileId);
      return (
        reply
          .header('content-type', file.mediaType)
          .header('content-disposition', contentDisposition(file.name))
          // Uploaded content is never rendered as part of the app.
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(file.content)
      );
    },
  );

  api.delete(
    '/api/orgs/:orgId/assessments/:assessmentId/answers/:itemId/files/:fileId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: fileParams, response: { 200: evidenceFileList, ...errors } },
    },
    async (request) => {
      const { orgId, assessmentId, itemId, fileId } = request.params;
      const actor = actorFrom(request, orgId);
      const files = await db.transaction(async (tx) => {
        const result = await deleteEvidenceFile(
          tx,
          orgId,
          assessmentId,
          itemId,
          fileId,
          actor,
          request.locale,
        );
        await recordAudit(tx, {
          action: 'assessment.evidence_deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'assessment',
          targetId: assessmentId,
          details: { itemId, fileId, sha256: result.deleted.sha256 },
        });
        return result.files;
      });
      await changed(orgId, assessmentId, itemId);
      return { files: files.map(presentFile) };
    },
  );

  api.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Every accepted kind arrives as raw bytes here, plain text included.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/orgs/:orgId/assessments/:assessmentId/answers/:itemId/files',
      {
        config: { access: 'org:write' },
        bodyLimit: EVIDENCE_MAX_BYTES,
        schema: {
          tags,
          description:
            'Send the file itself as the body with its content type (PDF, PNG, JPEG, DOCX, XLSX or ' +
            'plain text, up to 10 MB) and its name in the query.',
          params: itemParams,
          querystring: z.strictObject({ name: z.string().min(1).max(255) }),
          consumes: EVIDENCE_MEDIA_TYPES,
          response: { 201: evidenceFileList, ...errors, 413: z.unknown(), 415: z.unknown() },
        },
      },
      async (request, reply) => {
        const { orgId, assessmentId, itemId } = request.params;
        const content = request.body;
        if (!Buffer.isBuffer(content)) throw new AppError('unsupported_media_type');
        const actor = actorFrom(request, orgId);
        const files = await db.transaction(async (tx) => {
          const list = await addEvidenceFile(
            tx,
            orgId,
            assessmentId,
            itemId,
            {
              name: request.query.name,
              mediaType: request.headers['content-type'] ?? '',
              content,
            },
            actor,
            request.locale,
          );
          await recordAudit(tx, {
            action: 'assessment.evidence_uploaded',
            ...actorOf(request),
            organizationId: orgId,
            targetType: 'assessment',
            targetId: assessmentId,
            details: { itemId, bytes: content.length, sha256: list.at(-1)?.sha256 },
          });
          return list;
        });
        await changed(orgId, assessmentId, itemId);
        return reply.code(201).send({ files: files.map(presentFile) });
      },
    );
  });
}
