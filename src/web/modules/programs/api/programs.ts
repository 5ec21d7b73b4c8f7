import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { programSummary, programView } from '../../../../contracts/operations';
import { apiRequest } from '../../../api/client';

export type Program = z.infer<typeof programView>;
export type ProgramSummary = z.infer<typeof programSummary>;
const programList = z.object({ programs: z.array(programView) });

/** Programs an operator runs or an expert works in. */
export const listPrograms = (signal?: AbortSignal) =>
  apiRequest('/api/programs', { schema: programList, signal });

/** Programs whose aggregates an observer (municipality) may see. */
export const listObservedPrograms = (signal?: AbortSignal) =>
  apiRequest('/api/programs/observed', { schema: programList, signal });

/** Observers read the observed list; operators and experts the programs they work in. */
export function usePrograms(scope: 'working' | 'observed', enabled = true) {
  return useQuery({
    queryKey: ['programs', scope],
    queryFn: ({ signal }) =>
      scope === 'observed' ? listObservedPrograms(signal) : listPrograms(signal),
    select: (d) => d.programs,
    enabled,
  });
}

export const getProgramSummary = (programId: string, signal?: AbortSignal) =>
  apiRequest(`/api/programs/${programId}/summary`, { schema: programSummary, signal });

export function useProgramSummary(programId: string) {
  return useQuery({
    queryKey: ['programs', programId, 'summary'],
    queryFn: ({ signal }) => getProgramSummary(programId, signal),
  });
}
