import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { assignLessonRequest } from '../../../../contracts/phishing-followup';
import {
  completeLessonResult,
  followUpView,
  publicLessonView,
} from '../../../../contracts/phishing-followup';
import { apiRequest } from '../../../api/client';
import { phishingKeys } from './phishing';

export type FollowUp = z.infer<typeof followUpView>;
export type FollowUpPerson = FollowUp['people'][number];
export type PublicLesson = z.infer<typeof publicLessonView>;
export type LessonCheckResult = z.infer<typeof completeLessonResult>;
export type AssignLesson = z.input<typeof assignLessonRequest>;

const followUpKey = (orgId: string, id: string) =>
  [...phishingKeys.campaign(orgId, id), 'follow-up'] as const;
const followUpUrl = (orgId: string, id: string) =>
  `/api/orgs/${orgId}/phishing/campaigns/${id}/follow-up`;

export function useFollowUp(orgId: string, campaignId: string, enabled: boolean) {
  return useQuery({
    queryKey: followUpKey(orgId, campaignId),
    queryFn: ({ signal }) =>
      apiRequest(followUpUrl(orgId, campaignId), { schema: followUpView, signal }),
    enabled,
  });
}

export function useAssignLesson(orgId: string, campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignLesson) =>
      apiRequest(followUpUrl(orgId, campaignId), {
        method: 'POST',
        body,
        schema: z.object({ ok: z.literal(true) }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: followUpKey(orgId, campaignId) }),
  });
}

const lessonUrl = (token: string) => `/api/public/phishing-lessons/${encodeURIComponent(token)}`;

export function usePublicLesson(token: string) {
  return useQuery({
    queryKey: ['phishing-lesson', token],
    queryFn: ({ signal }) => apiRequest(lessonUrl(token), { schema: publicLessonView, signal }),
    retry: false,
    staleTime: Infinity,
  });
}

export function useAnswerLesson(token: string) {
  return useMutation({
    mutationFn: (answers: number[]) =>
      apiRequest(`${lessonUrl(token)}/answers`, {
        method: 'POST',
        body: { answers },
        schema: completeLessonResult,
      }),
  });
}
