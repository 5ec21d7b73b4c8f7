import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { okResponse } from '../../../../contracts/common';
import { documentRefView } from '../../../../contracts/documents';
import type { feedbackSummaryView } from '../../../../contracts/exercises';
import {
  aarView,
  evaluationView,
  eventListView,
  evidenceView,
  exerciseContentView,
  exerciseDetail,
  exerciseListView,
  participantView,
  ratingView,
  responseAck,
  responseView,
  retestProposalListView,
  scenarioView,
  seatLinkView,
  sendToImprovementResult,
  trendView,
  userRef,
  type CreateExerciseRequest,
  type ExerciseDetail,
  type HseepRating,
  type ParticipantRequest,
  type ScheduleRequest,
  type StaffResponseRequest,
  type UpdateAarRequest,
  type UpdateExerciseRequest,
} from '../../../../contracts/exercises';
import { apiRequest } from '../../../api/client';

export type ExerciseContent = z.infer<typeof exerciseContentView>;
export type Scenario = z.infer<typeof scenarioView>;
export type Evaluation = z.infer<typeof evaluationView>;
export type Aar = z.infer<typeof aarView>;
export type Trend = z.infer<typeof trendView>;
export type ResponseItem = z.infer<typeof responseView>;
export type SeatLink = z.infer<typeof seatLinkView>;
export type FeedbackSummary = z.infer<typeof feedbackSummaryView>;
export type UserRef = z.infer<typeof userRef>;

export const exerciseKeys = {
  all: (orgId: string) => ['exercises', orgId] as const,
  content: () => ['exercise-content'] as const,
  preview: (orgId: string, scenarioId: string) =>
    ['exercises', orgId, 'preview', scenarioId] as const,
  list: (orgId: string) => ['exercises', orgId, 'list'] as const,
  trend: (orgId: string) => ['exercises', orgId, 'trend'] as const,
  retests: (orgId: string) => ['exercises', orgId, 'retests'] as const,
  exercise: (orgId: string, id: string) => ['exercises', orgId, 'exercise', id] as const,
  detail: (orgId: string, id: string) => ['exercises', orgId, 'exercise', id, 'detail'] as const,
  responses: (orgId: string, id: string) =>
    ['exercises', orgId, 'exercise', id, 'responses'] as const,
  evaluation: (orgId: string, id: string) =>
    ['exercises', orgId, 'exercise', id, 'evaluation'] as const,
  candidates: (orgId: string, id: string) =>
    ['exercises', orgId, 'exercise', id, 'candidates'] as const,
  aar: (orgId: string, id: string) => ['exercises', orgId, 'exercise', id, 'aar'] as const,
};

const orgBase = (orgId: string) => `/api/orgs/${orgId}`;
const exBase = (orgId: string, id: string) => `${orgBase(orgId)}/exercises/${id}`;

export function useExerciseContent() {
  return useQuery({
    queryKey: exerciseKeys.content(),
    queryFn: ({ signal }) =>
      apiRequest('/api/exercise-content', { schema: exerciseContentView, signal }),
    staleTime: Infinity,
  });
}

/** A scenario as it would be adapted to the company (its own system and process names). */
export function useScenarioPreview(orgId: string, scenarioId: string | null) {
  return useQuery({
    queryKey: exerciseKeys.preview(orgId, scenarioId ?? ''),
    queryFn: ({ signal }) =>
      apiRequest(`${orgBase(orgId)}/exercise-scenarios/${scenarioId}/preview`, {
        schema: scenarioView,
        signal,
      }),
    enabled: scenarioId !== null,
  });
}

export function useExercises(orgId: string) {
  return useQuery({
    queryKey: exerciseKeys.list(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${orgBase(orgId)}/exercises`, { schema: exerciseListView, signal }),
    select: (d) => d.exercises,
  });
}

export function useTrend(orgId: string) {
  return useQuery({
    queryKey: exerciseKeys.trend(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${orgBase(orgId)}/exercise-trend`, { schema: trendView, signal }),
  });
}

/** Retests proposed by earlier exercises' reports that no exercise carries yet. */
export function useRetestProposals(orgId: string) {
  return useQuery({
    queryKey: exerciseKeys.retests(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`${orgBase(orgId)}/exercise-retests`, { schema: retestProposalListView, signal }),
    select: (d) => d.proposals,
  });
}

export function useCreateExercise(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateExerciseRequest> & { scenarioId: string }) =>
      apiRequest(`${orgBase(orgId)}/exercises`, { method: 'POST', body, schema: exerciseDetail }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: exerciseKeys.list(orgId) });
      await queryClient.invalidateQueries({ queryKey: exerciseKeys.retests(orgId) });
    },
  });
}

export function useExercise(orgId: string, id: string) {
  return useQuery({
    queryKey: exerciseKeys.detail(orgId, id),
    queryFn: ({ signal }) => apiRequest(exBase(orgId, id), { schema: exerciseDetail, signal }),
  });
}

/** Mutations that answer with the whole exercise put it straight into the cache. */
function useDetailMutation<V>(
  orgId: string,
  id: string,
  request: (vars: V) => Promise<ExerciseDetail>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (detail) => queryClient.setQueryData(exerciseKeys.detail(orgId, id), detail),
    onSettled: () => queryClient.invalidateQueries({ queryKey: exerciseKeys.list(orgId) }),
  });
}

export function useUpdateExercise(orgId: string, id: string) {
  return useDetailMutation(orgId, id, (body: UpdateExerciseRequest) =>
    apiRequest(exBase(orgId, id), { method: 'PATCH', body, schema: exerciseDetail }),
  );
}

/** Phase timings, inject offsets and inject texts, before the start. */
export function useUpdateSchedule(orgId: string, id: string) {
  return useDetailMutation(orgId, id, (body: ScheduleRequest) =>
    apiRequest(`${exBase(orgId, id)}/schedule`, { method: 'PUT', body, schema: exerciseDetail }),
  );
}

export function useDeleteExercise(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(exBase(orgId, id), { method: 'DELETE', body: {}, schema: okResponse }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: exerciseKeys.list(orgId) }),
  });
}

export type ClockAction = 'start' | 'pause' | 'resume' | 'close';
export function useClockAction(orgId: string, id: string) {
  return useDetailMutation(orgId, id, (action: ClockAction) =>
    apiRequest(`${exBase(orgId, id)}/${action}`, {
      method: 'POST',
      body: {},
      schema: exerciseDetail,
    }),
  );
}

export function useInjectAction(orgId: string, id: string) {
  return useDetailMutation(orgId, id, (v: { injectId: string; action: 'release' | 'skip' }) =>
    apiRequest(`${exBase(orgId, id)}/injects/${v.injectId}/${v.action}`, {
      method: 'POST',
      body: {},
      schema: exerciseDetail,
    }),
  );
}

export function useSetEvaluators(orgId: string, id: string) {
  return useDetailMutation(orgId, id, (userIds: string[]) =>
    apiRequest(`${exBase(orgId, id)}/evaluators`, {
      method: 'PUT',
      body: { userIds },
      schema: exerciseDetail,
    }),
  );
}

export function useEvaluatorCandidates(orgId: string, id: string) {
  return useQuery({
    queryKey: exerciseKeys.candidates(orgId, id),
    queryFn: ({ signal }) =>
      apiRequest(`${exBase(orgId, id)}/evaluator-candidates`, {
        schema: z.object({ candidates: z.array(userRef) }),
        signal,
      }),
    select: (d) => d.candidates,
  });
}

export function useParticipantMutations(orgId: string, id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: exerciseKeys.detail(orgId, id) });
  const add = useMutation({
    mutationFn: (body: ParticipantRequest) =>
      apiRequest(`${exBase(orgId, id)}/participants`, {
        method: 'POST',
        body,
        schema: participantView,
      }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (participantId: string) =>
      apiRequest(`${exBase(orgId, id)}/participants/${participantId}`, {
        method: 'DELETE',
        body: {},
        schema: okResponse,
      }),
    onSettled: refresh,
  });
  const seatLink = useMutation({
    mutationFn: (participantId: string) =>
      apiRequest(`${exBase(orgId, id)}/participants/${participantId}/seat-link`, {
        method: 'POST',
        body: {},
        schema: seatLinkView,
      }),
    onSettled: refresh,
  });
  return { add, remove, seatLink };
}

export function useResponses(orgId: string, id: string) {
  return useQuery({
    queryKey: exerciseKeys.responses(orgId, id),
    queryFn: ({ signal }) =>
      apiRequest(`${exBase(orgId, id)}/responses`, {
        schema: z.object({ responses: z.array(responseView) }),
        signal,
      }),
    select: (d) => d.responses,
  });
}

/** In-room mode: the facilitator records what a role said. */
export function useStaffResponse(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StaffResponseRequest) =>
      apiRequest(`${exBase(orgId, id)}/responses`, {
        method: 'POST',
        body,
        schema: responseAck,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: exerciseKeys.responses(orgId, id) }),
  });
}

export const fetchEvents = (orgId: string, id: string, after: number) =>
  apiRequest(`${exBase(orgId, id)}/events`, { query: { after }, schema: eventListView });

export function useEvaluation(orgId: string, id: string) {
  return useQuery({
    queryKey: exerciseKeys.evaluation(orgId, id),
    queryFn: ({ signal }) =>
      apiRequest(`${exBase(orgId, id)}/evaluation`, { schema: evaluationView, signal }),
  });
}

export function useRate(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { checkpointId: string; rating: HseepRating; note: string }) =>
      apiRequest(`${exBase(orgId, id)}/ratings/${v.checkpointId}`, {
        method: 'PUT',
        body: { rating: v.rating, note: v.note },
        schema: ratingView,
      }),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: exerciseKeys.evaluation(orgId, id) }),
  });
}

export function useAddEvidence(orgId: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      id: string;
      checkpointId: string;
      injectId: string | null;
      note: string;
    }) =>
      apiRequest(`${exBase(orgId, id)}/evidence`, {
        method: 'POST',
        body,
        schema: evidenceView,
      }),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: exerciseKeys.evaluation(orgId, id) }),
  });
}

export function useAar(orgId: string, id: string, enabled = true) {
  return useQuery({
    queryKey: exerciseKeys.aar(orgId, id),
    queryFn: ({ signal }) => apiRequest(`${exBase(orgId, id)}/aar`, { schema: aarView, signal }),
    enabled,
    retry: false,
  });
}

export function useAarMutations(orgId: string, id: string) {
  const queryClient = useQueryClient();
  const put = (aar: Aar) => {
    queryClient.setQueryData(exerciseKeys.aar(orgId, id), aar);
    // The report's actions are the retests offered when planning the next exercise.
    void queryClient.invalidateQueries({ queryKey: exerciseKeys.retests(orgId) });
  };
  const generate = useMutation({
    mutationFn: () =>
      apiRequest(`${exBase(orgId, id)}/aar/generate`, {
        method: 'POST',
        body: {},
        schema: aarView,
      }),
    onSuccess: put,
  });
  const update = useMutation({
    mutationFn: (body: UpdateAarRequest) =>
      apiRequest(`${exBase(orgId, id)}/aar`, { method: 'PATCH', body, schema: aarView }),
    onSuccess: put,
  });
  const send = useMutation({
    mutationFn: (actionIds?: string[]) =>
      apiRequest(`${exBase(orgId, id)}/aar/send-to-improvement`, {
        method: 'POST',
        body: actionIds ? { actionIds } : {},
        schema: sendToImprovementResult,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: exerciseKeys.aar(orgId, id) }),
  });
  return { generate, update, send };
}

/** The documents module's page for one document of an exercise. */
export const documentPagePath = (
  orgId: string,
  exerciseId: string,
  kind: string,
  language: string,
) => `/companies/${orgId}/documents/${kind}?language=${language}&subject=${exerciseId}`;

/** Where the documents module serves a document of an exercise as Word. */
export const documentDownloadUrl = (
  orgId: string,
  exerciseId: string,
  kind: string,
  language: string,
) => `/api/orgs/${orgId}/documents/${kind}/${language}/download?format=docx&subject=${exerciseId}`;

/** Regenerates a document from the exercise's current data (a new version only when it changed). */
export function useGenerateDocument(orgId: string, exerciseId: string) {
  return useMutation({
    mutationFn: (v: { kind: string; language: string }) =>
      apiRequest(`/api/orgs/${orgId}/documents/${v.kind}/${v.language}/generate`, {
        method: 'POST',
        query: { subject: exerciseId },
        body: {},
        schema: documentRefView,
      }),
  });
}
