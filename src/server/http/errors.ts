import type { ErrorCode, Locale } from '../../contracts/common';

const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  session_expired: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  csrf_invalid: 403,
  rate_limited: 429,
  invalid_credentials: 401,
  totp_required: 401,
  totp_invalid: 401,
  invitation_invalid: 404,
  reset_token_invalid: 400,
  password_incorrect: 400,
  last_admin: 409,
  assessment_locked: 409,
  assessment_not_submitted: 409,
  smtp_failed: 422,
  imap_failed: 422,
  document_kind_unavailable: 404,
  document_section_not_editable: 409,
  document_status_invalid: 409,
  document_subject_invalid: 400,
  exercise_seat_invalid: 404,
  exercise_seat_taken: 409,
  exercise_seat_expired: 410,
  exercise_closed: 409,
  exercise_state_invalid: 409,
  exercise_facilitator_only: 403,
  exercise_evaluator_only: 403,
  exercise_too_many_messages: 429,
  exercise_inject_unavailable: 409,
  internal: 500,
  outbound_refused: 422,
};

/** An error with a stable code; the HTTP status and the localised message both come from the code. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(code);
    this.status = statusByCode[code];
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');

/**
 * An error's details with each issue's message in the caller's language: a service that finds a
 * problem with a field words it in both (`message: { ja, en }`).
 */
export function localisedDetails(details: unknown, locale: Locale): unknown {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return details;
  return {
    ...(details as object),
    issues: issues.map((issue: { message?: unknown }) =>
      typeof issue.message === 'object' && issue.message !== null
        ? { ...issue, message: (issue.message as Record<Locale, string>)[locale] }
        : issue,
    ),
  };
}
