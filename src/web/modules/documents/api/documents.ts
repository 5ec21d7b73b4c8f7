import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  documentDetailView,
  documentDiffView,
  documentRefView,
  documentSummaryView,
  type DocumentFormat,
  type DocumentKind,
  type EditSectionRequest,
} from '../../../../contracts/documents';
import { apiRequest } from '../../../api/client';

export type DocumentLanguage = 'ja' | 'en';

export const documentKeys = {
  all: (orgId: string) => ['documents', orgId] as const,
  list: (orgId: string) => ['documents', orgId, 'list'] as const,
  detail: (
    orgId: string,
    kind: string,
    language: string,
    version: number | null,
    subject: string | null = null,
  ) => ['documents', orgId, 'detail', kind, language, version, subject] as const,
  diff: (
    orgId: string,
    kind: string,
    language: string,
    from: number,
    to: number,
    subject: string | null = null,
  ) => ['documents', orgId, 'diff', kind, language, from, to, subject] as const,
};

/**
 * The exercise an exercise document belongs to (see subjectDocumentKinds); null for the company's own
 * documents. Sent as the `subject` query parameter on every call about the document.
 */
export type DocumentSubject = string | null;

const base = (orgId: string, kind: DocumentKind, language: DocumentLanguage) =>
  `/api/orgs/${orgId}/documents/${kind}/${language}`;
const subjectQuery = (subject: DocumentSubject) => (subject ? { subject } : undefined);
const withSubject = (url: string, subject: DocumentSubject) =>
  subject ? `${url}?subject=${encodeURIComponent(subject)}` : url;

export function useDocumentList(orgId: string) {
  return useQuery({
    queryKey: documentKeys.list(orgId),
    queryFn: ({ signal }) =>
      apiRequest(`/api/orgs/${orgId}/documents`, {
        schema: z.object({ documents: z.array(documentSummaryView) }),
        signal,
      }),
    select: (d) => d.documents,
  });
}

export function useDocument(
  orgId: string,
  kind: DocumentKind,
  language: DocumentLanguage,
  version: number | null,
  subject: DocumentSubject = null,
) {
  return useQuery({
    queryKey: documentKeys.detail(orgId, kind, language, version, subject),
    queryFn: ({ signal }) =>
      apiRequest(base(orgId, kind, language), {
        schema: documentDetailView,
        query: { version, ...subjectQuery(subject) },
        signal,
      }),
    // "Not generated yet" is an answer, not a failure to retry.
    retry: false,
  });
}

export function useDocumentDiff(
  orgId: string,
  kind: DocumentKind,
  language: DocumentLanguage,
  range: { from: number; to: number } | null,
  subject: DocumentSubject = null,
) {
  return useQuery({
    queryKey: documentKeys.diff(orgId, kind, language, range?.from ?? 0, range?.to ?? 0, subject),
    queryFn: ({ signal }) =>
      apiRequest(`${base(orgId, kind, language)}/diff`, {
        schema: documentDiffView,
        query: { from: range?.from, to: range?.to, ...subjectQuery(subject) },
        signal,
      }),
    enabled: range !== null,
  });
}

export const downloadUrl = (
  orgId: string,
  kind: DocumentKind,
  language: DocumentLanguage,
  format: DocumentFormat,
  version: number,
  subject: DocumentSubject = null,
) =>
  `${base(orgId, kind, language)}/download?format=${format}&version=${String(version)}${
    subject ? `&subject=${encodeURIComponent(subject)}` : ''
  }`;

type Action =
  | { type: 'generate' }
  | { type: 'edit'; body: EditSectionRequest }
  | { type: 'submit' | 'return' | 'approve'; version: number };

/** Every change that makes or moves a version, refreshing what the pages show afterwards. */
export function useDocumentAction(
  orgId: string,
  kind: DocumentKind,
  language: DocumentLanguage,
  subject: DocumentSubject = null,
) {
  const queryClient = useQueryClient();
  const url = base(orgId, kind, language);
  return useMutation({
    mutationFn: (action: Action) => {
      switch (action.type) {
        case 'generate':
          return apiRequest(withSubject(`${url}/generate`, subject), {
            method: 'POST',
            schema: documentRefView,
          });
        case 'edit':
          return apiRequest(withSubject(`${url}/edits`, subject), {
            method: 'POST',
            body: action.body,
            schema: documentRefView,
          });
        default:
          return apiRequest(withSubject(`${url}/${action.type}`, subject), {
            method: 'POST',
            body: { version: action.version },
            schema: documentRefView,
          });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: documentKeys.all(orgId) }),
  });
}

/** A review comment on one section of one version. */
export function useDocumentComment(
  orgId: string,
  kind: DocumentKind,
  language: DocumentLanguage,
  subject: DocumentSubject = null,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; sectionKey: string; body: string }) =>
      apiRequest(withSubject(`${base(orgId, kind, language)}/comments`, subject), {
        method: 'POST',
        body: input,
        schema: z.object({ id: z.string() }),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: documentKeys.all(orgId) }),
  });
}
