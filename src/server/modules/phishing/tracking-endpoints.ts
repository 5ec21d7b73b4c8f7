import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { ErrorCode, Locale } from '../../../contracts/common';
import type { Db } from '../../db/client';
import { AddressRateLimit } from '../../http/address-rate-limit';
import { AppError } from '../../http/errors';
import type { RawHandler } from '../../http/raw-routes';
import { errorMessage, localeFromAcceptLanguage } from '../../i18n/messages';
import { confirmClick } from './confirmation';
import {
  CONFIRMATION_SCRIPT,
  CONFIRMATION_SCRIPT_PATH,
  credentialFormPage,
  reportThanksPage,
  trainingPage,
} from './pages';
import { isPrefetchRequest, type TrackingKind } from './scanners';
import { ResponseTimeMask } from './timing';
import type { TrackedMessage, TrackingRecorder } from './tracking';

export const TRACKING_PREFIX = '/t/';
// Per address: a whole office behind one NAT opening and clicking stays well below it.
export const TRACKING_RATE_LIMIT_PER_MINUTE = 3000;
// Whatever a form posts is read only to be thrown away, and no more than this.
const BODY_LIMIT_BYTES = 64 * 1024;
// Longer tokens are not looked up (as Fastify's router capped its parameters).
const MAX_TOKEN_LENGTH = 100;
// The same transparent 1×1 PNG for every open, known token or not.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const SCRIPT = Buffer.from(CONFIRMATION_SCRIPT);

/** The part of a tracking path after its letter: anything, the handler decides what it is worth. */
const trackingPath = z.object({
  letter: z.enum(['o', 'c', 'b', 'l', 's', 'r']),
  rest: z.string(),
});
const PATH_SHAPE = /^\/t\/([a-z])\/(.*)$/s;
const GET_LETTERS = new Set(['o', 'c', 'l', 'r']);
const POST_LETTERS = new Set(['b', 's']);

export interface TrackingEndpointsDeps {
  db: Db;
  recorder: TrackingRecorder;
  securityHeaders: Readonly<Record<string, string>>;
  clientAddress: (request: IncomingMessage) => string | undefined;
  log: FastifyBaseLogger;
}

interface Answer {
  status: number;
  type?: string;
  cacheControl: string;
  body?: Buffer | string;
  /** Loaded by pages of other origins: a webmail shows the open pixel from its own. */
  crossOrigin?: true;
}

/**
 * The endpoints the training mails point at (open pixel, click, hidden link, confirmation beacon,
 * submission, report), without sign-in and outside Fastify's pipeline: at campaign scale its
 * per-request work cost more than recording the event. Every answer is the same for a known,
 * unknown or malformed token, none redirects anywhere, and a request that is none of these is
 * left to Fastify (its 404 or the web app).
 */
export function trackingEndpoints(deps: TrackingEndpointsDeps): RawHandler {
  const mask = new ResponseTimeMask();
  const limit = new AddressRateLimit(TRACKING_RATE_LIMIT_PER_MINUTE, 60_000);

  const record = async (
    request: IncomingMessage,
    ip: string | undefined,
    token: string,
    kind: TrackingKind,
    trap = false,
  ): Promise<TrackedMessage | null> => {
    const startedAt = performance.now();
    const message =
      token.length > MAX_TOKEN_LENGTH
        ? null
        : await deps.recorder.record(token, {
            kind,
            method: request.method ?? 'GET',
            at: new Date(),
            ip: ip ?? null,
            userAgent: request.headers['user-agent'] ?? null,
            ...(trap ? { trap } : {}),
            ...(isPrefetchRequest(request.headers) ? { prefetch: true } : {}),
          });
    // An unknown token costs no write: it waits as long as a known one would have.
    if (message) mask.observe(performance.now() - startedAt);
    else await mask.pad(startedAt);
    return message;
  };

  const html = (body: string): Answer => ({
    status: 200,
    type: 'text/html; charset=utf-8',
    cacheControl: 'no-store',
    body,
  });

  /** What the path asks for, once the request (and its body, for a POST) has arrived. */
  const answer = async (
    request: IncomingMessage,
    ip: string | undefined,
    letter: string,
    token: string,
    locale: Locale,
  ): Promise<Answer> => {
    switch (letter) {
      case 'o': {
        // Only /t/o/<token>.png is an open; anything else under /t/o/ just gets the pixel.
        if (token.endsWith('.png')) await record(request, ip, token.slice(0, -4), 'open');
        else await mask.pad(performance.now());
        return {
          status: 200,
          type: 'image/png',
          cacheControl: 'no-store',
          body: PIXEL,
          crossOrigin: true,
        };
      }
      case 'c': {
        const message = await record(request, ip, token, 'click');
        return html(
          message?.landingPage === 'credential_form'
            ? credentialFormPage(message.locale, token)
            : trainingPage(message?.locale ?? locale, message, token),
        );
      }
      // The invisible link of the HTML part: answered like a click, recorded as a trap hit.
      case 'l': {
        const message = await record(request, ip, token, 'click', true);
        return html(trainingPage(message?.locale ?? locale, message));
      }
      case 's': {
        const message = await record(request, ip, token, 'submit');
        return html(trainingPage(message?.locale ?? locale, message));
      }
      case 'r': {
        const message = await record(request, ip, token, 'report');
        return html(reportThanksPage(message?.locale ?? locale));
      }
      default: {
        // 'b': the landing page's script — the click behind this token was shown in a browser.
        await confirmClick(deps.db, token);
        return { status: 204, cacheControl: 'no-store' };
      }
    }
  };

  const send = (
    response: ServerResponse,
    headers: OutgoingHttpHeaders,
    { status, type, cacheControl, body, crossOrigin }: Answer,
  ) => {
    if (response.destroyed) return;
    const out: OutgoingHttpHeaders = { ...deps.securityHeaders, ...headers };
    // Helmet's same-origin policy would keep the pixel from loading in any mail client's page.
    if (crossOrigin) out['cross-origin-resource-policy'] = 'cross-origin';
    if (type) out['content-type'] = type;
    out['cache-control'] = cacheControl;
    if (body !== undefined) out['content-length'] = Buffer.byteLength(body);
    response.writeHead(status, out);
    // Node leaves the body out of the answer to a HEAD request itself.
    response.end(body);
  };

  const failure = (code: ErrorCode, locale: Locale): Answer => ({
    status: new AppError(code).status,
    type: 'application/json; charset=utf-8',
    cacheControl: 'no-store',
    body: JSON.stringify({ error: { code, message: errorMessage(code, locale) } }),
  });

  return (request, response) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const method = request.method ?? 'GET';
    const readsOnly = method === 'GET' || method === 'HEAD';

    let letter: string;
    let rest = '';
    if (path === CONFIRMATION_SCRIPT_PATH) {
      if (!readsOnly) return false;
      letter = 'script';
    } else {
      const match = PATH_SHAPE.exec(path);
      const parsed = trackingPath.safeParse(match ? { letter: match[1], rest: match[2] } : null);
      if (!parsed.success) return false;
      letter = parsed.data.letter;
      if (readsOnly ? !GET_LETTERS.has(letter) : method !== 'POST' || !POST_LETTERS.has(letter)) {
        return false;
      }
      rest = parsed.data.rest;
    }

    const locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'ja';
    const ip = deps.clientAddress(request);
    const decision = limit.hit(ip ?? '');
    const headers: OutgoingHttpHeaders = {
      'x-ratelimit-limit': decision.limit,
      'x-ratelimit-remaining': decision.remaining,
      'x-ratelimit-reset': decision.resetSeconds,
    };
    if (!decision.allowed) {
      headers['retry-after'] = String(decision.resetSeconds);
      send(response, headers, failure('rate_limited', locale));
      request.resume();
      return true;
    }

    const respond = () => {
      const pending: Promise<Answer> =
        letter === 'script'
          ? Promise.resolve({
              status: 200,
              type: 'text/javascript; charset=utf-8',
              cacheControl: 'public, max-age=3600',
              body: SCRIPT,
            })
          : answer(request, ip, letter, decodePathPart(rest), locale);
      pending.then(
        (result) => send(response, headers, result),
        (err: unknown) => {
          // The endpoint, not the path: a token lets anyone act as its recipient.
          deps.log.error({ err, endpoint: letter }, 'tracking request failed');
          send(response, headers, failure('internal', locale));
        },
      );
    };

    if (readsOnly) {
      respond();
      return true;
    }
    // A POST is answered once its body has arrived, unread; one beyond the limit is refused.
    const declared = Number(request.headers['content-length'] ?? 0);
    let received = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      send(response, { ...headers, connection: 'close' }, failure('payload_too_large', locale));
    };
    if (declared > BODY_LIMIT_BYTES) refuse();
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (!refused && received > BODY_LIMIT_BYTES) refuse();
    });
    request.on('end', () => {
      if (!refused) respond();
    });
    request.on('error', () => undefined);
    return true;
  };
}

/** As a router decodes a path parameter; a broken escape is kept as it came (it matches nothing). */
function decodePathPart(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
