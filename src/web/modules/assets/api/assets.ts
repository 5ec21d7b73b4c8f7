import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  assetListView,
  assetView,
  importAssetsResult,
  type AssetType,
  type CreateAssetRequest,
  type UpdateAssetRequest,
} from '../../../../contracts/assets';
import { okResponse } from '../../../../contracts/common';
import { apiRequest, uploadFile } from '../../../api/client';

export type Asset = z.infer<typeof assetView>;
export type AssetPage = z.infer<typeof assetListView>;
export type AssetFilter = {
  type?: AssetType;
  category?: 'primary' | 'supporting';
  q?: string;
  limit: number;
  offset: number;
};

export const assetKeys = {
  all: (orgId: string) => ['assets', orgId] as const,
  list: (orgId: string, filter: AssetFilter) => ['assets', orgId, 'list', filter] as const,
  options: (orgId: string) => ['assets', orgId, 'options'] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/assets`;

export const listAssets = (orgId: string, filter: AssetFilter, signal?: AbortSignal) =>
  apiRequest(base(orgId), { query: { ...filter }, schema: assetListView, signal });

export function useAssets(orgId: string, filter: AssetFilter) {
  return useQuery({
    queryKey: assetKeys.list(orgId, filter),
    queryFn: ({ signal }) => listAssets(orgId, filter, signal),
    placeholderData: keepPreviousData,
  });
}

/** Every asset's id, name and type (up to 1,000), for choosing links. */
export function useAssetOptions(orgId: string) {
  return useQuery({
    queryKey: assetKeys.options(orgId),
    queryFn: ({ signal }) => listAssets(orgId, { limit: 1000, offset: 0 }, signal),
    select: (d) => d.assets.map((a) => ({ id: a.id, name: a.name, type: a.type })),
  });
}

export const createAsset = (orgId: string, body: CreateAssetRequest) =>
  apiRequest(base(orgId), { method: 'POST', body, schema: assetView });

export const updateAsset = (orgId: string, id: string, body: UpdateAssetRequest) =>
  apiRequest(`${base(orgId)}/${id}`, { method: 'PATCH', body, schema: assetView });

export const deleteAsset = (orgId: string, id: string) =>
  apiRequest(`${base(orgId)}/${id}`, { method: 'DELETE', schema: okResponse });

export function useSaveAsset(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; body: CreateAssetRequest }) =>
      input.id ? updateAsset(orgId, input.id, input.body) : createAsset(orgId, input.body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: assetKeys.all(orgId) }),
  });
}

export function useDeleteAsset(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteAsset(orgId, id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: assetKeys.all(orgId) }),
  });
}

/** Where the browser downloads the inventory as a file. */
export const exportUrl = (orgId: string, format: 'csv' | 'xlsx') =>
  `${base(orgId)}/export?format=${format}`;

/** The content type the import endpoint needs, by the file's name when the browser has none. */
export function importContentType(file: File): string {
  if (/\.xlsx$/i.test(file.name))
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return file.type || 'application/octet-stream';
}

export function useImportAssets(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      file: File;
      mode: 'add' | 'update';
      onProgress?: (fraction: number) => void;
    }) =>
      uploadFile(`${base(orgId)}/import?mode=${input.mode}`, input.file, importAssetsResult, {
        contentType: importContentType(input.file),
        onProgress: input.onProgress,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: assetKeys.all(orgId) }),
  });
}
