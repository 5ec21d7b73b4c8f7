import { z } from 'zod';

export const uuid = z.uuid();
export const locales = ['ja', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/** An IANA time zone the runtime knows, e.g. Asia/Tokyo. */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

export const emailSchema = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
export const passwordSchema = z.string().min(10).max(200);
export const isoDateTime = z.iso.datetime({ offset: true });

export const errorCodes = [
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'session_expired',
  'forbidden',
  'not_found',
  'conflict',
  'csrf_invalid',
  'rate_limited',
  'invalid_credentials',
  'totp_required',
  'totp_invalid',
  'invitation_invalid',
  'reset_token_invalid',
  'password_incorrect',
  'last_admin',
  'assessment_locked',
  'assessment_not_submitted',
  'smtp_failed',
  'imap_failed',
  'document_kind_unavailable',
  'document_section_not_editable',
  'document_status_invalid',
  'document_subject_invalid',
  'exercise_seat_invalid',
  'exercise_seat_taken',
  'exercise_seat_expired',
  'exercise_closed',
  'exercise_state_invalid',
  'exercise_facilitator_only',
  'exercise_evaluator_only',
  'exercise_too_many_messages',
  'exercise_inject_unavailable',
  'internal',
  'outbound_refused',
] as const;
export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The one error shape every route answers with. */
export const errorResponse = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

export const okResponse = z.object({ ok: z.literal(true) });
