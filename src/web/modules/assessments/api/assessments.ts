import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  assessmentDetail,
  assessmentResults,
  assessmentView,
  answerHistoryEntry,
  answerView,
  questionSetShape,
  questionSetSummary,
  saveAnswerResponse,
  type createAssessmentRequest,
  type reviewRequest,
  type SaveAnswerRequest,
  type Targets,
} from '../../../../contracts/assessments';
import { apiRequest } from '../../../api/client';

export type AssessmentDetail = z.infer<typeof assessmentDetail>;
export type AnswerView = z.infer<typeof answerView>;
export type QuestionSetSummary = z.infer<typeof questionSetSummary>;
export type CreateAssessmentInput = z.input<typeof createAssessmentRequest>;
export type ReviewInput = z.input<typeof reviewRequest>;
export type AnswerHistoryEntry = z.infer<typeof answerHistoryEntry>;

export const assessmentKeys = {
  questionSets: ['question-sets'] as const,
  questionSet: (setId: string, version: number) => ['question-sets', setId, version] as const,
  list: (orgId: string) => ['orgs', orgId, 'assessments'] as const,
  one: (orgId: string, id: string) => ['orgs', orgId, 'assessments', id] as const,
  saving: (id: string) => ['assessment-save', id] as const,
  results: (orgId: string, id: string) => ['orgs', orgId, 'assessments', id, 'results'] as const,
  history: (orgId: string, id: string, itemId: string) =>
    ['orgs', orgId, 'assessments', id, 'history', itemId] as const,
};

const base = (orgId: string) => `/api/orgs/${orgId}/assessments`;

export function useQuestionSets() {
  return useQuery({
    queryKey: assessmentKeys.questionSets,
    queryFn: ({ signal }) =>
      apiRequest('/api/question-sets', {
        schema: z.object({ questionSets: z.array(questionSetSummary) }),
        signal,
      }),
    select: (d) => d.questionSets,
    staleTime: Infinity,
  });
}

/** One version of a question set; versions never change, so it is fetched once. */
export function useQuestionSet(setId: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: assessmentKeys.questionSet(setId ?? '', version ?? 0),
    queryFn: ({ signal }) =>
      apiRequest(`/api/question-sets/${setId}`, {
        schema: questionSetShape,
        query: { version },
        signal,
      }),
    enabled: setId !== undefined && version !== undefined,
    staleTime: Infinity,
  });
}

export function useAssessments(orgId: string) {
  return useQuery({
    queryKey: assessmentKeys.list(orgId),
    queryFn: ({ signal }) =>
      apiRequest(base(orgId), {
        schema: z.object({ assessments: z.array(assessmentView) }),
        signal,
      }),
    select: (d) => d.assessments,
  });
}

export function useAssessment(orgId: string, id: string) {
  return useQuery({
    queryKey: assessmentKeys.one(orgId, id),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/${id}`, { schema: assessmentDetail, signal }),
  });
}

export function useAssessmentResults(orgId: string, id: string) {
  return useQuery({
    queryKey: assessmentKeys.results(orgId, id),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/${id}/results`, { schema: assessmentResults, signal }),
  });
}

export function useCreateAssessment(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAssessmentInput) =>
      apiRequest(base(orgId), { method: 'POST', body, schema: assessmentView }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assessmentKeys.list(orgId) }),
  });
}

/** Saves one answer and merges the answer, visible items and progress into the cached detail. */
export function useSaveAnswer(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: assessmentKeys.saving(id),
    mutationFn: ({ itemId, body }: { itemId: string; body: SaveAnswerRequest }) =>
      apiRequest(`${base(orgId)}/${id}/answers/${itemId}`, {
        method: 'PUT',
        body,
        schema: saveAnswerResponse,
      }),
    // Shows the choice at once; the server's answer (or a refetch after an error) replaces it.
    onMutate: async ({ itemId, body }) => {
      await queryClient.cancelQueries({ queryKey: assessmentKeys.one(orgId, id), exact: true });
      queryClient.setQueryData<AssessmentDetail>(assessmentKeys.one(orgId, id), (old) => {
        if (!old) return old;
        const previous = old.answers.find((a) => a.itemId === itemId);
        const optimistic: AnswerView = {
          itemId,
          comment: previous?.comment ?? null,
          carriedOver: false,
          answeredBy: previous?.answeredBy ?? null,
          answeredAt: previous?.answeredAt ?? null,
          state: body.state === 'unanswered' ? null : body.state,
          value: body.state === 'answered' ? (body.value as AnswerView['value']) : null,
        };
        return {
          ...old,
          answers: [...old.answers.filter((a) => a.itemId !== itemId), optimistic],
        };
      });
    },
    onError: () => queryClient.invalidateQueries({ queryKey: assessmentKeys.one(orgId, id) }),
    onSuccess: (saved) => {
      queryClient.setQueryData<AssessmentDetail>(assessmentKeys.one(orgId, id), (old) =>
        old
          ? {
              ...old,
              answers: [
                ...old.answers.filter((a) => a.itemId !== saved.answer.itemId),
                saved.answer,
              ],
              visibleItemIds: saved.visibleItemIds,
              sectionProgress: saved.sectionProgress,
            }
          : old,
      );
    },
  });
}

export function useSaveComment(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: assessmentKeys.saving(id),
    mutationFn: ({ itemId, comment }: { itemId: string; comment: string | null }) =>
      apiRequest(`${base(orgId)}/${id}/answers/${itemId}/comment`, {
        method: 'PUT',
        body: { comment },
        schema: answerView,
      }),
    onSuccess: (answer) => {
      queryClient.setQueryData<AssessmentDetail>(assessmentKeys.one(orgId, id), (old) =>
        old
          ? {
              ...old,
              answers: [...old.answers.filter((a) => a.itemId !== answer.itemId), answer],
            }
          : old,
      );
    },
  });
}

function useAssessmentAction<B>(orgId: string, id: string, action: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: B) =>
      apiRequest(`${base(orgId)}/${id}/${action}`, {
        method: 'POST',
        body,
        schema: assessmentView,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: assessmentKeys.list(orgId) });
    },
  });
}

export const useSubmitAssessment = (orgId: string, id: string) =>
  useAssessmentAction<Record<string, never>>(orgId, id, 'submit');
export const useReviewAssessment = (orgId: string, id: string) =>
  useAssessmentAction<ReviewInput>(orgId, id, 'review');
export const useReopenAssessment = (orgId: string, id: string) =>
  useAssessmentAction<{ reason: string }>(orgId, id, 'reopen');

/** Who changed an item's answer or comment, and when (newest first); fetched when shown. */
export function useItemHistory(orgId: string, id: string, itemId: string, enabled: boolean) {
  return useQuery({
    queryKey: assessmentKeys.history(orgId, id, itemId),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId)}/${id}/history`, {
        schema: z.object({ entries: z.array(answerHistoryEntry) }),
        query: { itemId },
        signal,
      }),
    enabled,
  });
}

export function useSetTargets(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targets: Targets) =>
      apiRequest(`${base(orgId)}/${id}/targets`, {
        method: 'PUT',
        body: targets,
        schema: assessmentView,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: assessmentKeys.one(orgId, id) });
    },
  });
}
