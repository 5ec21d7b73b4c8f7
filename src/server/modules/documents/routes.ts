import { z } from 'zod';
import {
  commentRequest,
  diffQuery,
  documentDetailView,
  documentDiffView,
  documentKindSchema,
  documentLanguageSchema,
  documentRefView,
  documentSummaryView,
  downloadQuery,
  editSectionRequest,
  subjectQuery,
  versionActionRequest,
  versionQuery,
  type DocumentFormat,
} from '../../../contracts/documents';
import type { Api, AppContext } from '../../app-context';
import { AppError } from '../../http/errors';
import { actorOf } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import { renderDocx } from './render/docx';
import { documentFilename } from './render/labels';
import { renderMarkdown } from './render/markdown';
import { renderPdf } from './render/pdf';
import { renderXlsx } from './render/xlsx';
import * as documentsService from './service';
import type { RenderableDocument } from './service';

const tags = ['documents'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const documentParams = z.strictObject({
  orgId: z.uuid(),
  kind: documentKindSchema,
  language: documentLanguageSchema,
});

const contentTypes: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]+/g, '').replace(/^_+/, '') || 'document';
  return `attachment; filename="${ascii.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The effective document in one of the export formats. */
export async function renderDocument(
  doc: RenderableDocument,
  format: DocumentFormat,
): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderDocx(doc);
    case 'pdf':
      return renderPdf(doc);
    case 'md':
      return Buffer.from(renderMarkdown(doc));
    case 'xlsx':
      return renderXlsx(doc);
  }
}

export function registerDocumentRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;

  api.get(
    '/api/orgs/:orgId/documents',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description: 'Every document kind with a generator (or a stored document), per language.',
        params: orgParams,
        response: { 200: z.object({ documents: z.array(documentSummaryView) }), ...errors },
      },
    },
    async (request) => ({
      documents: await documentsService.listDocuments(db, request.params.orgId),
    }),
  );

  api.post(
    '/api/orgs/:orgId/documents/:kind/:language/generate',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description:
          'Generates the document from the company’s current data; a new draft version keeps the company’s own section texts.',
        params: documentParams,
        querystring: subjectQuery,
        response: { 200: documentRefView, ...errors },
      },
    },
    async (request) =>
      documentsService.generateAndStore(ctx, {
        ...request.params,
        subjectId: request.query.subject,
        ...actorOf(request),
      }),
  );

  api.get(
    '/api/orgs/:orgId/documents/:kind/:language',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: documentParams,
        querystring: versionQuery,
        response: { 200: documentDetailView, ...errors },
      },
    },
    async (request) =>
      documentsService.getDocument(
        db,
        { ...request.params, subjectId: request.query.subject },
        request.query.version,
      ),
  );

  api.post(
    '/api/orgs/:orgId/documents/:kind/:language/edits',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        description:
          'Replaces one section’s text with the company’s own (null goes back to the generated text); makes a new draft version.',
        params: documentParams,
        querystring: subjectQuery,
        body: editSectionRequest,
        response: { 200: documentRefView, ...errors },
      },
    },
    async (request) =>
      documentsService.editSection(ctx, {
        ...request.params,
        subjectId: request.query.subject,
        ...actorOf(request),
        ...request.body,
      }),
  );

  const transitions = [
    { path: 'submit', transition: 'submit', access: 'org:write' },
    { path: 'return', transition: 'return', access: 'org:write' },
    { path: 'approve', transition: 'approve', access: 'org:admin' },
  ] as const;
  for (const t of transitions) {
    api.post(
      `/api/orgs/:orgId/documents/:kind/:language/${t.path}`,
      {
        config: { access: t.access },
        schema: {
          tags,
          params: documentParams,
          querystring: subjectQuery,
          body: versionActionRequest,
          response: { 200: documentRefView, ...errors },
        },
      },
      async (request) => {
        // The document is the company's: its own admin approves it, not the secretariat on its behalf.
        if (
          t.transition === 'approve' &&
          !request.principal?.memberships.some(
            (m) => m.organizationId === request.params.orgId && m.role === 'company_admin',
          )
        ) {
          throw new AppError('forbidden');
        }
        return documentsService.changeStatus(ctx, {
          ...request.params,
          subjectId: request.query.subject,
          ...actorOf(request),
          version: request.body.version,
          transition: t.transition,
        });
      },
    );
  }

  api.post(
    '/api/orgs/:orgId/documents/:kind/:language/comments',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: documentParams,
        querystring: subjectQuery,
        body: commentRequest,
        response: { 201: z.object({ id: z.uuid() }), ...errors },
      },
    },
    async (request, reply) => {
      const created = await documentsService.addComment(ctx, {
        ...request.params,
        subjectId: request.query.subject,
        ...actorOf(request),
        ...request.body,
      });
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/api/orgs/:orgId/documents/:kind/:language/diff',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: documentParams,
        querystring: diffQuery,
        response: { 200: documentDiffView, ...errors },
      },
    },
    async (request) =>
      documentsService.diffVersions(
        db,
        { ...request.params, subjectId: request.query.subject },
        request.query.from,
        request.query.to,
      ),
  );

  api.get(
    '/api/orgs/:orgId/documents/:kind/:language/download',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description: 'The effective document as Word, PDF, Markdown or Excel (its tables).',
        params: documentParams,
        querystring: downloadQuery,
        produces: Object.values(contentTypes),
        response: errors,
      },
    },
    async (request, reply) => {
      const { format, version, subject } = request.query;
      const doc = await documentsService.loadRenderable(
        db,
        { ...request.params, subjectId: subject },
        version,
      );
      const body = await renderDocument(doc, format);
      await recordAudit(db, {
        action: 'document.exported',
        ...actorOf(request),
        organizationId: request.params.orgId,
        targetType: 'document',
        details: {
          kind: doc.kind,
          language: doc.language,
          ...(subject ? { subjectId: subject } : {}),
          version: doc.version,
          format,
        },
      });
      return reply
        .header('content-type', contentTypes[format])
        .header('content-disposition', contentDisposition(documentFilename(doc, format)))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
