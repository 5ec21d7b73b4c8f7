import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type {
  createCampaignRequest,
  createSmtpProfileRequest,
  createTargetGroupRequest,
  createTemplateRequest,
  putReportMailboxRequest,
  updateSmtpProfileRequest,
} from '../../../../contracts/phishing';
import {
  campaignResults,
  campaignView,
  importResult,
  libraryTemplateView,
  recipientPage,
  reportMailboxView,
  scannerRulesSchema,
  smtpProfileView,
  targetGroupView,
  templateView,
} from '../../../../contracts/phishing';
import { apiRequest, isApiError, uploadFile } from '../../../api/client';

export type LibraryTemplate = z.infer<typeof libraryTemplateView>;
export type CompanyTemplate = z.infer<typeof templateView>;
export type TargetGroup = z.infer<typeof targetGroupView>;
export type Campaign = z.infer<typeof campaignView>;
export type CampaignResults = z.infer<typeof campaignResults>;
export type RecipientPage = z.infer<typeof recipientPage>;
export type ImportResult = z.infer<typeof importResult>;
export type CreateCampaign = z.input<typeof createCampaignRequest>;
export type CreateTargetGroup = z.input<typeof createTargetGroupRequest>;
export type SmtpProfile = z.infer<typeof smtpProfileView>;
export type CreateSmtpProfile = z.input<typeof createSmtpProfileRequest>;
export type UpdateSmtpProfile = z.input<typeof updateSmtpProfileRequest>;
export type ReportMailbox = z.infer<typeof reportMailboxView>;
export type PutReportMailbox = z.input<typeof putReportMailboxRequest>;
export type ScannerRules = z.infer<typeof scannerRulesSchema>;

export const phishingKeys = {
  all: (orgId: string) => ['phishing', orgId] as const,
  library: (orgId: string) => ['phishing', orgId, 'library'] as const,
  templates: (orgId: string) => ['phishing', orgId, 'templates'] as const,
  groups: (orgId: string) => ['phishing', orgId, 'groups'] as const,
  campaigns: (orgId: string) => ['phishing', orgId, 'campaigns'] as const,
  smtpProfiles: (orgId: string) => ['phishing', orgId, 'smtp-profiles'] as const,
  reportMailbox: (orgId: string) => ['phishing', orgId, 'report-mailbox'] as const,
  scannerRules: (orgId: string) => ['phishing', orgId, 'scanner-rules'] as const,
  campaign: (orgId: string, id: string) => ['phishing', orgId, 'campaigns', id] as const,
  results: (orgId: string, id: string) => ['phishing', orgId, 'campaigns', id, 'results'] as const,
  recipients: (orgId: string, id: string, after: string | null) =>
    ['phishing', orgId, 'campaigns', id, 'recipients', after] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/phishing`;

export const listLibrary = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/library`, {
    schema: z.object({ templates: z.array(libraryTemplateView) }),
    signal,
  });

export function useLibrary(orgId: string) {
  return useQuery({
    queryKey: phishingKeys.library(orgId),
    queryFn: ({ signal }) => listLibrary(orgId, signal),
    select: (d) => d.templates,
    staleTime: Infinity,
  });
}

export const listTemplates = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/templates`, {
    schema: z.object({ templates: z.array(templateView) }),
    signal,
  });

export function useCompanyTemplates(orgId: string) {
  return useQuery({
    queryKey: phishingKeys.templates(orgId),
    queryFn: ({ signal }) => listTemplates(orgId, signal),
    select: (d) => d.templates,
  });
}

export const listGroups = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/groups`, {
    schema: z.object({ groups: z.array(targetGroupView) }),
    signal,
  });

export function useTargetGroups(orgId: string) {
  return useQuery({
    queryKey: phishingKeys.groups(orgId),
    queryFn: ({ signal }) => listGroups(orgId, signal),
    select: (d) => d.groups,
  });
}

export const createGroup = (orgId: string, body: CreateTargetGroup) =>
  apiRequest(`${base(orgId)}/groups`, { method: 'POST', body, schema: targetGroupView });

export function useCreateGroup(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTargetGroup) => createGroup(orgId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.groups(orgId) }),
  });
}

/** The content type the import endpoint accepts for a file, by its name when the browser has none. */
export function importContentType(file: File): string {
  if (/\.xlsx$/i.test(file.name))
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return 'application/octet-stream';
}

export const importTargets = (
  orgId: string,
  groupId: string,
  file: File,
  onProgress?: (fraction: number) => void,
) =>
  uploadFile(`${base(orgId)}/groups/${groupId}/import`, file, importResult, {
    onProgress,
    contentType: importContentType(file),
  });

export function useImportTargets(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { groupId: string; file: File; onProgress?: (fraction: number) => void }) =>
      importTargets(orgId, input.groupId, input.file, input.onProgress),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.groups(orgId) }),
  });
}

export const listCampaigns = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/campaigns`, {
    schema: z.object({ campaigns: z.array(campaignView) }),
    signal,
  });

export function useCampaigns(orgId: string) {
  return useQuery({
    queryKey: phishingKeys.campaigns(orgId),
    queryFn: ({ signal }) => listCampaigns(orgId, signal),
    select: (d) => d.campaigns,
  });
}

export const getCampaign = (orgId: string, id: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/campaigns/${id}`, { schema: campaignView, signal });

export function useCampaign(orgId: string, id: string) {
  return useQuery({
    queryKey: phishingKeys.campaign(orgId, id),
    queryFn: ({ signal }) => getCampaign(orgId, id, signal),
  });
}

export const createCampaign = (orgId: string, body: CreateCampaign) =>
  apiRequest(`${base(orgId)}/campaigns`, { method: 'POST', body, schema: campaignView });

export function useCreateCampaign(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCampaign) => createCampaign(orgId, body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.campaigns(orgId) }),
  });
}

export const launchCampaign = (orgId: string, id: string) =>
  apiRequest(`${base(orgId)}/campaigns/${id}/launch`, {
    method: 'POST',
    body: {},
    schema: z.object({ campaign: campaignView, recipients: z.int() }),
  });

export function useLaunchCampaign(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => launchCampaign(orgId, id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.campaigns(orgId) }),
  });
}

export const getResults = (orgId: string, id: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/campaigns/${id}/results`, { schema: campaignResults, signal });

export function useCampaignResults(orgId: string, id: string) {
  return useQuery({
    queryKey: phishingKeys.results(orgId, id),
    queryFn: ({ signal }) => getResults(orgId, id, signal),
  });
}

export const RECIPIENTS_PER_PAGE = 50;

export const listRecipients = (
  orgId: string,
  id: string,
  after: string | null,
  signal?: AbortSignal,
) =>
  apiRequest(`${base(orgId)}/campaigns/${id}/recipients`, {
    query: { after, limit: RECIPIENTS_PER_PAGE },
    schema: recipientPage,
    signal,
  });

export function useRecipients(orgId: string, id: string, after: string | null, enabled: boolean) {
  return useQuery({
    queryKey: phishingKeys.recipients(orgId, id, after),
    queryFn: ({ signal }) => listRecipients(orgId, id, after, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const exportCsvUrl = (orgId: string, id: string) =>
  `${base(orgId)}/campaigns/${id}/export.csv`;

/** The mail server's own reply carried by an smtp_failed or imap_failed error, if any. */
export function serverReplyOf(error: unknown): string | null {
  if (!isApiError(error)) return null;
  const parsed = z.object({ reply: z.string() }).safeParse(error.details);
  return parsed.success ? parsed.data.reply : null;
}

export const listSmtpProfiles = (orgId: string, signal?: AbortSignal) =>
  apiRequest(`${base(orgId)}/smtp-profiles`, {
    schema: z.object({ profiles: z.array(smtpProfileView) }),
    signal,
  });

export function useSmtpProfiles(orgId: string, enabled = true) {
  return useQuery({
    queryKey: phishingKeys.smtpProfiles(orgId),
    queryFn: ({ signal }) => listSmtpProfiles(orgId, signal),
    select: (d) => d.profiles,
    enabled,
  });
}

export function useSaveSmtpProfile(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; body: CreateSmtpProfile | UpdateSmtpProfile }) =>
      input.id
        ? apiRequest(`${base(orgId)}/smtp-profiles/${input.id}`, {
            method: 'PATCH',
            body: input.body,
            schema: smtpProfileView,
          })
        : apiRequest(`${base(orgId)}/smtp-profiles`, {
            method: 'POST',
            body: input.body,
            schema: smtpProfileView,
          }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.smtpProfiles(orgId) }),
  });
}

export function useDeleteSmtpProfile(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`${base(orgId)}/smtp-profiles/${id}`, {
        method: 'DELETE',
        body: {},
        schema: z.object({ ok: z.literal(true) }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.smtpProfiles(orgId) }),
  });
}

export function useTestSmtpProfile(orgId: string) {
  return useMutation({
    mutationFn: (input: { id: string; to: string }) =>
      apiRequest(`${base(orgId)}/smtp-profiles/${input.id}/test`, {
        method: 'POST',
        body: { to: input.to },
        schema: z.object({ ok: z.literal(true) }),
      }),
  });
}

export function useReportMailbox(orgId: string) {
  return useQuery({
    queryKey: phishingKeys.reportMailbox(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/report-mailbox`, {
        schema: z.object({ mailbox: reportMailboxView.nullable() }),
        signal,
      }),
    select: (d) => d.mailbox,
  });
}

export function useSaveReportMailbox(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutReportMailbox) =>
      apiRequest(`${base(orgId)}/report-mailbox`, {
        method: 'PUT',
        body,
        schema: reportMailboxView,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.reportMailbox(orgId) }),
  });
}

export function useDeleteReportMailbox(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiRequest(`${base(orgId)}/report-mailbox`, {
        method: 'DELETE',
        body: {},
        schema: z.object({ ok: z.literal(true) }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.reportMailbox(orgId) }),
  });
}

export function useTestReportMailbox(orgId: string) {
  return useMutation({
    mutationFn: () =>
      apiRequest(`${base(orgId)}/report-mailbox/test`, {
        method: 'POST',
        body: {},
        schema: z.object({ ok: z.literal(true) }),
      }),
  });
}

export function usePollReportMailbox(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiRequest(`${base(orgId)}/report-mailbox/poll`, {
        method: 'POST',
        body: {},
        schema: z.object({ messages: z.int(), reports: z.int(), bounces: z.int() }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.all(orgId) }),
  });
}

export function useScannerRules(orgId: string) {
  return useQuery({
    queryKey: phishingKeys.scannerRules(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/scanner-rules`, {
        schema: z.object({ rules: scannerRulesSchema, defaults: scannerRulesSchema }),
        signal,
      }),
  });
}

export function useSaveScannerRules(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: ScannerRules) =>
      apiRequest(`${base(orgId)}/scanner-rules`, {
        method: 'PUT',
        body: rules,
        schema: z.object({ rules: scannerRulesSchema }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.scannerRules(orgId) }),
  });
}

export type SaveTemplate = z.input<typeof createTemplateRequest>;

/** Creates the company's own template, or changes it when an id is given. */
export function useSaveTemplate(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; body: SaveTemplate }) =>
      input.id
        ? apiRequest(`${base(orgId)}/templates/${input.id}`, {
            method: 'PATCH',
            body: input.body,
            schema: templateView,
          })
        : apiRequest(`${base(orgId)}/templates`, {
            method: 'POST',
            body: input.body,
            schema: templateView,
          }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.templates(orgId) }),
  });
}

export function useDeleteTemplate(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`${base(orgId)}/templates/${id}`, {
        method: 'DELETE',
        body: {},
        schema: z.object({ ok: z.literal(true) }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: phishingKeys.templates(orgId) }),
  });
}
