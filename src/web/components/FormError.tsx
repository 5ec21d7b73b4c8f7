import { fieldErrorsOf } from '../api/client';
import { ErrorAlert } from './ErrorAlert';

/**
 * The error of a submitted form, unless every problem is already shown next to its field.
 * `shownFields` are the paths the form displays inline.
 */
export function FormError({ error, shownFields = [] }: { error: unknown; shownFields?: string[] }) {
  if (!error) return null;
  const fields = Object.keys(fieldErrorsOf(error));
  if (fields.length > 0 && fields.every((f) => shownFields.includes(f))) return null;
  return <ErrorAlert error={error} />;
}
