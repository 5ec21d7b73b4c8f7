import type { AppContext } from '../../app-context';
import type { DocumentKind, GeneratedDocument } from '../../../contracts/documents';

export type DocumentLanguage = 'ja' | 'en';

/**
 * Builds a document from the data the owning module holds for one organisation; for a subject-bound
 * kind (see isSubjectDocumentKind) from the one record named by subjectId, which must belong to orgId.
 */
export type DocumentGenerator = (
  ctx: AppContext,
  orgId: string,
  language: DocumentLanguage,
  subjectId?: string | null,
) => Promise<GeneratedDocument>;

export interface DocumentKindRegistration {
  kind: DocumentKind;
  generate: DocumentGenerator;
}

// One registry per process: the owning modules register their generator when their routes are
// registered. Several apps may be created in one process (tests), and each registers the same
// function again, so a later registration simply replaces the earlier one.
const generators = new Map<DocumentKind, DocumentGenerator>();

export function registerDocumentKind(registration: DocumentKindRegistration): void {
  generators.set(registration.kind, registration.generate);
}

export function documentGenerator(kind: DocumentKind): DocumentGenerator | undefined {
  return generators.get(kind);
}

/** Kinds that have a generator in this process, in registration order. */
export function registeredDocumentKinds(): DocumentKind[] {
  return [...generators.keys()];
}

/** Test-only: forget a kind a test registered for itself. */
export function unregisterDocumentKind(kind: DocumentKind): void {
  generators.delete(kind);
}
