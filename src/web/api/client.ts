import { z } from 'zod';
import i18n, { currentLocale } from '../i18n';

/** An error answered by the API (or a network failure), with the server's localised message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** A stable code from the API's errorCodes, or network_error / bad_response raised here. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

/** True when the answer means "not signed in (any more)". */
export function isUnauthenticated(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status === 401 &&
    (error.code === 'unauthenticated' || error.code === 'session_expired')
  );
}

// Lenient on purpose: an error code this build does not know must still show its message.
const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const validationDetails = z.object({
  issues: z.array(
    z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }),
  ),
});

/** Field messages of a validation_failed answer, keyed by the dotted field path. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error) || error.code !== 'validation_failed') return {};
  const parsed = validationDetails.safeParse(error.details);
  if (!parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.data.issues) {
    const key = issue.path.join('.');
    out[key] ??= issue.message;
  }
  return out;
}

let csrfToken: string | null = null;
/** Remembers the session's CSRF token (from the login answer or GET /api/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
let csrfRefresher: (() => Promise<void>) | null = null;
/** Registers how to fetch a fresh CSRF token when the server rejects the one we hold. */
export function setCsrfRefresher(refresh: () => Promise<void>): void {
  csrfRefresher = refresh;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions<S extends z.ZodType> {
  method?: Method;
  body?: unknown;
  query?: Query;
  schema: S;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: Method, url: string, body: unknown, signal?: AbortSignal) {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLocale(),
  };
  let payload: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    payload = JSON.stringify(body ?? {});
  }
  try {
    return await fetch(url, { method, headers, body: payload, credentials: 'same-origin', signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Calls the API and checks the answer against its contract schema. */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  options: RequestOptions<S>,
): Promise<z.output<S>> {
  const method = options.method ?? 'GET';
  const url = buildUrl(path, options.query);
  let response = await send(method, url, options.body, options.signal);
  let json = await readJson(response);

  // A rotated session token: fetch a fresh one once and retry.
  if (
    response.status === 403 &&
    method !== 'GET' &&
    csrfRefresher &&
    errorBody.safeParse(json).data?.error.code === 'csrf_invalid'
  ) {
    await csrfRefresher();
    response = await send(method, url, options.body, options.signal);
    json = await readJson(response);
  }

  if (!response.ok) {
    const parsed = errorBody.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(response.status, code, message, details);
    }
    throw new ApiError(response.status, 'bad_response', i18n.t('errors.unexpected'));
  }

  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    console.error(`Unexpected answer from ${method} ${path}`, parsed.error.issues);
    throw new ApiError(response.status, 'bad_response', i18n.t('errors.unexpected'));
  }
  return parsed.data;
}

export interface UploadOptions {
  /** Called with the share of the file sent so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** The body's content type; the file's own type (or application/octet-stream) by default. */
  contentType?: string;
  signal?: AbortSignal;
}

function xhrUpload(
  path: string,
  file: File,
  options: UploadOptions,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLocale());
    xhr.setRequestHeader(
      'Content-Type',
      options.contentType ?? (file.type || 'application/octet-stream'),
    );
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status: xhr.status, json });
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', i18n.t('errors.network')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/**
 * Sends a file as the raw request body (its own content type), reporting upload progress, and
 * checks the answer against its contract schema like apiRequest.
 */
export async function uploadFile<S extends z.ZodType>(
  path: string,
  file: File,
  schema: S,
  options: UploadOptions = {},
): Promise<z.output<S>> {
  let { status, json } = await xhrUpload(path, file, options);
  if (
    status === 403 &&
    csrfRefresher &&
    errorBody.safeParse(json).data?.error.code === 'csrf_invalid'
  ) {
    await csrfRefresher();
    ({ status, json } = await xhrUpload(path, file, options));
  }
  if (status < 200 || status >= 300) {
    const parsed = errorBody.safeParse(json);
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(status, code, message, details);
    }
    throw new ApiError(status, 'bad_response', i18n.t('errors.unexpected'));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error(`Unexpected answer from POST ${path}`, parsed.error.issues);
    throw new ApiError(status, 'bad_response', i18n.t('errors.unexpected'));
  }
  return parsed.data;
}
