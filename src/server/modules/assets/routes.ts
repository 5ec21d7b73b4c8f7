import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okResponse } from '../../../contracts/common';
import {
  assetCategoryOf,
  assetListView,
  assetView,
  createAssetRequest,
  exportAssetsQuery,
  importAssetsQuery,
  importAssetsResult,
  listAssetsQuery,
  updateAssetRequest,
  type AssetRiskRef,
  type AssetView,
} from '../../../contracts/assets';
import type { Api, AppContext } from '../../app-context';
import { AppError } from '../../http/errors';
import { actorOf, iso } from '../../http/presenters';
import { recordAudit } from '../audit/service';
import * as risksService from '../risks/service';
import * as assetsService from './service';
import { exportAssets, importAssets } from './transfer';

const tags = ['assets'];
const errors = {
  400: z.unknown(),
  401: z.unknown(),
  403: z.unknown(),
  404: z.unknown(),
  409: z.unknown(),
};
const orgParams = z.strictObject({ orgId: z.uuid() });
const assetParams = z.strictObject({ orgId: z.uuid(), assetId: z.uuid() });

/** Spreadsheet uploads arrive as the raw file; browsers label CSV variously. */
const uploadContentTypes = [
  'text/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** An asset with the risks that name it (through the risk register's service). */
export function presentAsset(
  a: assetsService.AssetDetail,
  risksByAsset: ReadonlyMap<string, AssetRiskRef[]> = new Map(),
): AssetView {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    category: assetCategoryOf(a.type),
    owner: a.owner,
    location: a.location,
    confidentiality: a.confidentiality,
    integrity: a.integrity,
    availability: a.availability,
    rtoHours: a.rtoHours,
    rpoHours: a.rpoHours,
    notes: a.notes,
    linkedAssets: a.linkedAssets,
    risks: risksByAsset.get(a.id) ?? [],
    starterKey: a.starterKey,
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}

/** An attachment name that survives any browser: an ASCII fallback and the UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]+/g, '').replace(/^_+/, '') || 'download';
  return `attachment; filename="${ascii.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function registerAssetRoutes(api: Api, ctx: AppContext): void {
  const db = ctx.db;
  const changed = (orgId: string, data: Record<string, unknown>) =>
    ctx.realtime.publish(`org:${orgId}`, 'assets.changed', data);
  const withRisks = async (a: assetsService.AssetDetail) =>
    presentAsset(a, await risksService.listRisksByAsset(db, a.organizationId, [a.id]));

  api.get(
    '/api/orgs/:orgId/assets',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        params: orgParams,
        querystring: listAssetsQuery,
        response: { 200: assetListView, ...errors },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const page = await assetsService.listAssets(db, orgId, request.query);
      const risksByAsset = await risksService.listRisksByAsset(
        db,
        orgId,
        page.assets.map((a) => a.id),
      );
      return { assets: page.assets.map((a) => presentAsset(a, risksByAsset)), total: page.total };
    },
  );

  api.post(
    '/api/orgs/:orgId/assets',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: orgParams,
        body: createAssetRequest,
        response: { 201: assetView, ...errors },
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const asset = await db.transaction((tx) =>
        assetsService.createAsset(tx, orgId, request.body, request.locale),
      );
      await changed(orgId, { id: asset.id });
      return reply.code(201).send(presentAsset(asset));
    },
  );

  api.get(
    '/api/orgs/:orgId/assets/export',
    {
      config: { access: 'org:read' },
      schema: {
        tags,
        description: 'The whole inventory as CSV (UTF-8 with BOM) or Excel, as a download.',
        params: orgParams,
        querystring: exportAssetsQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: errors,
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const file = await db.transaction(async (tx) => {
        const exported = await exportAssets(tx, orgId, request.query.format, request.locale);
        await recordAudit(tx, {
          action: 'asset.exported',
          ...actorOf(request),
          organizationId: orgId,
          details: { format: request.query.format, rows: exported.rows },
        });
        return exported;
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  // The raw-file parser lives in this scope only; every other route keeps JSON.
  api.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      uploadContentTypes,
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/orgs/:orgId/assets/import',
      {
        config: { access: 'org:write' },
        bodyLimit: UPLOAD_LIMIT_BYTES,
        schema: {
          tags,
          description:
            'Send the file itself as the body: CSV (UTF-8 with or without BOM, or Shift_JIS) or .xlsx. ' +
            'All or nothing; problems come back as validation_failed issues naming row and column.',
          params: orgParams,
          querystring: importAssetsQuery,
          consumes: uploadContentTypes,
          response: { 200: importAssetsResult, ...errors, 413: z.unknown(), 415: z.unknown() },
        },
      },
      async (request) => {
        const { orgId } = request.params;
        const file = request.body;
        if (!Buffer.isBuffer(file)) throw new AppError('unsupported_media_type');
        const result = await db.transaction(async (tx) => {
          const imported = await importAssets(tx, orgId, file, {
            mode: request.query.mode,
            locale: request.locale,
          });
          await recordAudit(tx, {
            action: 'asset.imported',
            ...actorOf(request),
            organizationId: orgId,
            details: { mode: request.query.mode, bytes: file.length, ...imported },
          });
          return imported;
        });
        await changed(orgId, { imported: result.created + result.updated });
        return result;
      },
    );
  });

  api.get(
    '/api/orgs/:orgId/assets/:assetId',
    {
      config: { access: 'org:read' },
      schema: { tags, params: assetParams, response: { 200: assetView, ...errors } },
    },
    async (request) =>
      withRisks(await assetsService.getAsset(db, request.params.orgId, request.params.assetId)),
  );

  api.patch(
    '/api/orgs/:orgId/assets/:assetId',
    {
      config: { access: 'org:write' },
      schema: {
        tags,
        params: assetParams,
        body: updateAssetRequest,
        response: { 200: assetView, ...errors },
      },
    },
    async (request) => {
      const { orgId, assetId } = request.params;
      const asset = await db.transaction((tx) =>
        assetsService.updateAsset(tx, orgId, assetId, request.body, request.locale),
      );
      await changed(orgId, { id: asset.id });
      return withRisks(asset);
    },
  );

  api.delete(
    '/api/orgs/:orgId/assets/:assetId',
    {
      config: { access: 'org:write' },
      schema: { tags, params: assetParams, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const { orgId, assetId } = request.params;
      await db.transaction(async (tx) => {
        const deleted = await assetsService.deleteAsset(tx, orgId, assetId);
        await recordAudit(tx, {
          action: 'asset.deleted',
          ...actorOf(request),
          organizationId: orgId,
          targetType: 'asset',
          targetId: deleted.id,
          details: { name: deleted.name, type: deleted.type },
        });
      });
      await changed(orgId, { id: assetId });
      return { ok: true as const };
    },
  );
}
