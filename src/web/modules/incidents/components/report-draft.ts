import type { TFunction } from 'i18next';
import {
  DEFAULT_REPORT_TIME_ZONE,
  type IncidentReportInput,
  type hostingKinds,
  type personalDataAnswers,
  type reportPurposes,
  type reporterAffiliations,
} from '../../../../contracts/incidents';

/** The report form's state: what the inputs hold, before it becomes a request. */
export interface ReportDraft {
  reporterName: string;
  affiliation: (typeof reporterAffiliations)[number];
  organisation: string;
  email: string;
  phone: string;
  purpose: (typeof reportPurposes)[number] | null;
  whatWasSeen: string;
  seenAt: string;
  seenTimeZone: string;
  affectedSystems: string;
  hosting: (typeof hostingKinds)[number][];
  howFound: string;
  personalData: (typeof personalDataAnswers)[number];
  personalDataCount: string;
  notes: string;
}

export const emptyReportDraft = (): ReportDraft => ({
  reporterName: '',
  affiliation: 'employee',
  organisation: '',
  email: '',
  phone: '',
  purpose: null,
  whatWasSeen: '',
  seenAt: '',
  seenTimeZone: DEFAULT_REPORT_TIME_ZONE,
  affectedSystems: '',
  hosting: [],
  howFound: '',
  personalData: 'unknown',
  personalDataCount: '',
  notes: '',
});

/** Problems the browser can see before sending; the server checks again and has the last word. */
export function reportDraftErrors(
  draft: ReportDraft,
  t: TFunction,
  options: { requireContact: boolean },
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.reporterName.trim()) errors.reporterName = t('validation.required');
  if (!draft.purpose) errors.purpose = t('validation.required');
  if (!draft.whatWasSeen.trim()) errors.whatWasSeen = t('validation.required');
  if (draft.email.trim() && !/^\S+@\S+\.\S+$/.test(draft.email.trim()))
    errors.email = t('validation.email');
  if (options.requireContact && !draft.email.trim() && !draft.phone.trim()) {
    errors.email = t('incidents.contactRequired');
    errors.phone = t('incidents.contactRequired');
  }
  if (draft.personalDataCount.trim() && !/^\d+$/.test(draft.personalDataCount.trim()))
    errors.personalDataCount = t('validation.nonNegative');
  return errors;
}

export function reportInputOf(draft: ReportDraft): IncidentReportInput {
  return {
    reporterName: draft.reporterName.trim(),
    affiliation: draft.affiliation,
    organisation: draft.organisation.trim(),
    email: draft.email.trim(),
    phone: draft.phone.trim(),
    purpose: draft.purpose ?? 'other',
    whatWasSeen: draft.whatWasSeen.trim(),
    // datetime-local may carry seconds; the contract takes minutes.
    seenAt: draft.seenAt ? draft.seenAt.slice(0, 16) : null,
    seenTimeZone: draft.seenTimeZone,
    affectedSystems: draft.affectedSystems.trim(),
    hosting: draft.hosting,
    howFound: draft.howFound.trim(),
    personalData: draft.personalData,
    personalDataCount:
      draft.personalData !== 'no' && draft.personalDataCount.trim()
        ? Number(draft.personalDataCount)
        : null,
    notes: draft.notes.trim(),
  };
}
