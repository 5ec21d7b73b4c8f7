import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  campaignTimelineView,
  campaignTrendView,
  departmentHistoryView,
  personHistoryView,
} from '../../../../contracts/phishing-history';
import { apiRequest } from '../../../api/client';
import { phishingKeys } from './phishing';

export type CampaignTrend = z.infer<typeof campaignTrendView>;
export type DepartmentHistory = z.infer<typeof departmentHistoryView>;
export type PersonHistory = z.infer<typeof personHistoryView>;
export type CampaignTimeline = z.infer<typeof campaignTimelineView>;

const base = (orgId: string) => `/api/orgs/${orgId}/phishing`;

export function useCampaignTrend(orgId: string) {
  return useQuery({
    queryKey: [...phishingKeys.all(orgId), 'history', 'trend'],
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/history/trend`, { schema: campaignTrendView, signal }),
  });
}

export function useDepartmentHistory(orgId: string) {
  return useQuery({
    queryKey: [...phishingKeys.all(orgId), 'history', 'departments'],
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/history/departments`, { schema: departmentHistoryView, signal }),
  });
}

export function usePersonHistory(orgId: string, email: string | null) {
  return useQuery({
    queryKey: [...phishingKeys.all(orgId), 'history', 'person', email],
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/history/person`, {
        query: { email },
        schema: personHistoryView,
        signal,
      }),
    enabled: email !== null,
    placeholderData: keepPreviousData,
  });
}

export function useCampaignTimeline(orgId: string, campaignId: string) {
  return useQuery({
    queryKey: [...phishingKeys.campaign(orgId, campaignId), 'timeline'],
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/campaigns/${campaignId}/timeline`, {
        schema: campaignTimelineView,
        signal,
      }),
  });
}

export const exportXlsxUrl = (orgId: string, id: string) =>
  `${base(orgId)}/campaigns/${id}/export.xlsx`;
