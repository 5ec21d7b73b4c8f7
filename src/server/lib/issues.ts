import { AppError } from '../http/errors';

/** One problem with the input, in the shape every validation_failed answer carries. */
export interface Issue {
  /** Where the input came from: body, query, file. */
  in: string;
  path: string[];
  code: string;
  message: string;
  [extra: string]: unknown;
}

/** An issue about a field of the request body. */
export function bodyIssue(
  path: (string | number)[],
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Issue {
  return { in: 'body', path: path.map(String), code, message, ...extra };
}

/** Throws validation_failed when there is anything to report; changes nothing otherwise. */
export function throwIfIssues(issues: Issue[], extra: Record<string, unknown> = {}): void {
  if (issues.length > 0) throw new AppError('validation_failed', { issues, ...extra });
}
