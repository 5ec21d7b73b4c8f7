import { useState } from 'react';
import { emptyReportDraft, type ReportDraft } from './report-draft';

// Editing either way of contact answers the "give one of them" message on both.
const linked: Partial<Record<keyof ReportDraft, (keyof ReportDraft)[]>> = {
  email: ['email', 'phone'],
  phone: ['email', 'phone'],
};

/**
 * The report form's state, and its field errors with those of fields edited since the last
 * submission hidden: a message stays only while it still describes what is in the field.
 */
export function useReportDraft() {
  const [draft, setDraftState] = useState<ReportDraft>(emptyReportDraft);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());

  const setDraft = (next: ReportDraft) => {
    const changed = (Object.keys(next) as (keyof ReportDraft)[])
      .filter((k) => next[k] !== draft[k])
      .flatMap((k) => linked[k] ?? [k]);
    if (changed.length > 0) setEdited((s) => new Set([...s, ...changed]));
    setDraftState(next);
  };
  return {
    draft,
    setDraft,
    /** Call on submit: every error shown afterwards is about what was just sent. */
    submitted: () => setEdited(new Set()),
    reset: () => {
      setDraftState(emptyReportDraft());
      setEdited(new Set());
    },
    visible: (errors: Record<string, string>) =>
      Object.fromEntries(Object.entries(errors).filter(([k]) => !edited.has(k))),
  };
}
