import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  incidentActionView,
  incidentAssigneesView,
  incidentEvidenceView,
  incidentSummaryView,
  incidentTaxonomyView,
  incidentView,
  publicReportFormView,
  publicReportReceipt,
  reportLinkView,
  type AddIncidentEvidenceRequest,
  type CreateIncidentRequest,
  type IncidentReportInput,
  type IncidentSeverity,
  type IncidentStatus,
  type UpdateIncidentRequest,
} from '../../../../contracts/incidents';
import { apiRequest } from '../../../api/client';

export type IncidentSummary = z.infer<typeof incidentSummaryView>;
export type Incident = z.infer<typeof incidentView>;
export type IncidentTaxonomy = z.infer<typeof incidentTaxonomyView>;
export type ReportLink = z.infer<typeof reportLinkView>;
export interface IncidentFilters {
  status?: IncidentStatus | undefined;
  category?: string | undefined;
  severity?: IncidentSeverity | undefined;
}

export const incidentKeys = {
  all: (orgId: string) => ['incidents', orgId] as const,
  list: (orgId: string, filters: IncidentFilters) => ['incidents', orgId, 'list', filters] as const,
  detail: (orgId: string, id: string) => ['incidents', orgId, 'detail', id] as const,
  link: (orgId: string) => ['incidents', orgId, 'link'] as const,
  assignees: (orgId: string) => ['incidents', orgId, 'assignees'] as const,
  taxonomy: ['incidents', 'taxonomy'] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/incidents`;

// ----- public form ---------------------------------------------------------------------------

const publicBase = (slug: string) => `/api/public/incident-reports/${encodeURIComponent(slug)}`;

export function usePublicReportForm(slug: string) {
  return useQuery({
    queryKey: ['public-report-form', slug],
    queryFn: ({ signal }) => apiRequest(publicBase(slug), { schema: publicReportFormView, signal }),
    retry: false,
  });
}

export function useSubmitPublicReport(slug: string) {
  return useMutation({
    mutationFn: (body: IncidentReportInput) =>
      apiRequest(publicBase(slug), { method: 'POST', body, schema: publicReportReceipt }),
  });
}

// ----- the company's link --------------------------------------------------------------------

export function useReportLink(orgId: string) {
  return useQuery({
    queryKey: incidentKeys.link(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/orgs/${orgId}/incident-report-link`, { schema: reportLinkView, signal }),
  });
}

export function useChangeReportLink(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { enabled: boolean } | 'rotate') =>
      change === 'rotate'
        ? apiRequest(`/api/orgs/${orgId}/incident-report-link/rotate`, {
            method: 'POST',
            schema: reportLinkView,
          })
        : apiRequest(`/api/orgs/${orgId}/incident-report-link`, {
            method: 'PUT',
            body: change,
            schema: reportLinkView,
          }),
    onSuccess: (link) => queryClient.setQueryData(incidentKeys.link(orgId), link),
  });
}

// ----- incidents -----------------------------------------------------------------------------

export function useIncidentTaxonomy() {
  return useQuery({
    queryKey: incidentKeys.taxonomy,
    queryFn: ({ signal }) =>
      apiRequest('/api/incidents/taxonomy', { schema: incidentTaxonomyView, signal }),
    staleTime: Infinity,
  });
}

export function useIncidents(orgId: string, filters: IncidentFilters) {
  return useQuery({
    queryKey: incidentKeys.list(orgId, filters),
    queryFn: ({ signal }) =>
      apiRequest(base(orgId), {
        query: { ...filters },
        schema: z.object({ incidents: z.array(incidentSummaryView) }),
        signal,
      }),
    select: (d) => d.incidents,
  });
}

export function useIncident(orgId: string, id: string) {
  return useQuery({
    queryKey: incidentKeys.detail(orgId, id),
    queryFn: ({ signal }) => apiRequest(`${base(orgId)}/${id}`, { schema: incidentView, signal }),
  });
}

export function useAssignees(orgId: string) {
  return useQuery({
    queryKey: incidentKeys.assignees(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/assignees`, { schema: incidentAssigneesView, signal }),
    select: (d) => d.people,
  });
}

export function useCreateIncident(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateIncidentRequest) =>
      apiRequest(base(orgId), { method: 'POST', body, schema: incidentView }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.all(orgId) }),
  });
}

export function useUpdateIncident(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateIncidentRequest) =>
      apiRequest(`${base(orgId)}/${id}`, { method: 'PATCH', body, schema: incidentView }),
    onSuccess: (incident) => queryClient.setQueryData(incidentKeys.detail(orgId, id), incident),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.all(orgId) }),
  });
}

export function useAddIncidentAction(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { text: string; at?: string }) =>
      apiRequest(`${base(orgId)}/${id}/actions`, {
        method: 'POST',
        body,
        schema: incidentActionView,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(orgId, id) }),
  });
}

export function useAddIncidentEvidence(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddIncidentEvidenceRequest) =>
      apiRequest(`${base(orgId)}/${id}/evidence`, {
        method: 'POST',
        body,
        schema: incidentEvidenceView,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.detail(orgId, id) }),
  });
}
