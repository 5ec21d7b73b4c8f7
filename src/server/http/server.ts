import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { ErrorResponse, Locale } from '../../contracts/common';
import type { AppContext, Api } from '../app-context';
import { errorMessage, localeFromAcceptLanguage } from '../i18n/messages';
import { safeEqual } from '../lib/tokens';
import { type Access, type Principal, accessLevels, assertAccess } from './access';
import { authenticateRequest, SESSION_COOKIE } from './authenticate';
import { clientAddressReader } from './client-address';
import { RawRoutes } from './raw-routes';
import { securityHeaders } from './security-headers';
import { AppError, localisedDetails } from './errors';
import { localiseIssues } from './validation';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api route; see http/access.ts. */
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when a credential was sent but is no longer valid. */
    credentialProblem: 'expired' | undefined;
    locale: Locale;
  }
  interface FastifyInstance {
    /** Endpoints answered before Fastify's pipeline; see raw-routes.ts. */
    rawRoutes: RawRoutes;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// BANSO_WEB_DIST: where the built web app is (default dist/web), relative to the repository.
const webRoot = path.resolve(repoRoot, process.env.BANSO_WEB_DIST ?? 'dist/web');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const BODY_LIMIT_BYTES = 1024 * 1024;

function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const body: ErrorResponse = {
    error: {
      code: error.code,
      message: errorMessage(error.code, request.locale ?? 'ja'),
      ...(error.details === undefined
        ? {}
        : { details: localisedDetails(error.details, request.locale ?? 'ja') }),
    },
  };
  if (error.code === 'session_expired') reply.clearCookie(SESSION_COOKIE, { path: '/' });
  return reply.code(error.status).type('application/json').send(body);
}

/** Maps Fastify's own errors (body parsing, limits) onto our stable codes. */
function toAppError(err: unknown, request: FastifyRequest): AppError | undefined {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    return new AppError('validation_failed', {
      issues: localiseIssues(
        err.validation.map((v) => ({
          ...(v.params as object),
          path: v.instancePath.split('/').filter(Boolean),
          code: v.keyword,
          message: v.message ?? '',
        })) as never,
        request.locale,
        where,
      ),
    });
  }
  const e = err as { code?: string; statusCode?: number; name?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type');
  if (
    e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (e.statusCode === 400 && e.name === 'SyntaxError')
  ) {
    return new AppError('invalid_json');
  }
  if (e.statusCode === 429) return new AppError('rate_limited');
  return undefined;
}

export interface HttpServerOptions {
  /**
   * false for the tracking process: no web app, OpenAPI document or WebSockets, only the routes
   * registered (same hooks, headers and error answers).
   */
  webApp?: boolean;
}

export async function buildHttpServer(
  ctx: AppContext,
  registerModules: (api: Api) => void | Promise<void>,
  { webApp = true }: HttpServerOptions = {},
): Promise<Api> {
  const headers = securityHeaders({ hsts: ctx.config.cookieSecure });
  const rawRoutes = new RawRoutes(headers, clientAddressReader(ctx.config.trustProxy));
  const app = Fastify({
    // Fastify's own server, with the raw routes offered each request first.
    serverFactory: (handler, factoryOptions) => {
      const options = factoryOptions as {
        keepAliveTimeout?: number;
        requestTimeout?: number;
        connectionTimeout?: number;
      };
      const server = http.createServer((request, response) => {
        if (!rawRoutes.dispatch(request, response)) handler(request, response);
      });
      server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
      server.requestTimeout = options.requestTimeout ?? 0;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    },
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: ctx.config.trustProxy ?? false,
    logger: {
      level: ctx.config.logLevel,
      // Credentials never reach the log.
      redact: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'req.headers["x-seat-token"]',
        'req.headers["x-seat-device"]',
        'res.headers["set-cookie"]',
      ],
    },
    // Per-request lines only when debugging; errors are always logged.
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('rawRoutes', rawRoutes);
  // `inject` (the tests) enters here rather than through the server: the same raw routes first.
  app.addHook('onRequest', (request, reply, done) => {
    if (rawRoutes.dispatch(request.raw, reply.raw)) reply.hijack();
    else done();
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  app.decorateRequest('credentialProblem', undefined);
  app.decorateRequest('locale', 'ja');

  // The tracking process reads no session, so it does not parse cookies.
  if (webApp) await app.register(cookie);
  // On the raw response, as helmet did: answers that bypass reply (hijacked, static files) carry them too.
  const headerEntries = Object.entries(headers);
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headerEntries) reply.raw.setHeader(name, value);
    done();
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('rate_limited'),
  });
  if (webApp) await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  if (webApp) await registerOpenApi(app, ctx);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access || !accessLevels.includes(access)) {
      throw new Error(`route ${route.method} ${route.url} declares no access rule`);
    }
    if (access.startsWith('org:') && !route.url.includes(':orgId')) {
      throw new Error(`route ${route.url} has ${access} access but no :orgId`);
    }
  });

  app.addHook('onRequest', async (request) => {
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'ja';
    const access = request.routeOptions.config?.access;
    // Public routes (sign-in, links in mails, tracking) act on no signed-in user: no lookup, no CSRF.
    if (!access || access === 'public') return;
    const result = await authenticateRequest(ctx.db, ctx.principalCache, request);
    request.principal = result.principal;
    request.credentialProblem = result.problem;
    if (result.principal) request.locale = result.principal.locale;
    if (!result.principal) {
      throw new AppError(result.problem ? 'session_expired' : 'unauthenticated');
    }
    // Cookie-authenticated writes must echo the session's CSRF token; bearer tokens are not sent by browsers.
    if (result.principal?.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const expected = result.principal.csrfToken ?? '';
      if (typeof header !== 'string' || !safeEqual(header, expected))
        throw new AppError('csrf_invalid');
    }
  });

  // Before the body is validated: a caller without access learns nothing from validation errors.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    assertAccess(
      access,
      request.principal,
      (request.params ?? {}) as Record<string, unknown>,
      request.credentialProblem,
    );
  });

  // A write may have changed who someone is; this instance forgets at once, the others on NOTIFY.
  app.addHook('onResponse', async (request) => {
    if (!SAFE_METHODS.has(request.method) && request.routeOptions.config?.access) {
      ctx.principalCache.clear();
    }
  });

  app.setErrorHandler((err, request, reply) => {
    const appError = toAppError(err, request);
    if (appError) return sendError(reply, request, appError);
    if (isResponseSerializationError(err)) {
      request.log.error(
        { issues: err.cause.issues, url: request.url },
        'response failed its schema',
      );
    } else {
      request.log.error({ err }, 'unhandled error');
    }
    return sendError(reply, request, new AppError('internal'));
  });

  const hasWeb = webApp && fs.existsSync(path.join(webRoot, 'index.html'));
  app.setNotFoundHandler((request, reply) => {
    request.locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'ja';
    // The single-page app owns every other path.
    const isPage = !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (hasWeb && (request.method === 'GET' || request.method === 'HEAD') && isPage) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, request, new AppError('not_found'));
  });
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      // Files are looked up per request, so a rebuild is served without a restart.
      wildcard: true,
      index: 'index.html',
      setHeaders: (staticReply, filePath) => {
        // Built assets carry a content hash in their name; index.html must always be fetched anew.
        staticReply.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  }

  await registerModules(app);

  if (webApp) {
    app.get(
      '/api/openapi.json',
      { config: { access: 'public' }, schema: { hide: true } },
      async () => app.swagger(),
    );
  }
  return app;
}

/** The OpenAPI document, with each route's access rule in it. */
async function registerOpenApi(app: Api, ctx: AppContext): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Bansō API', version: ctx.version },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: (args) => {
      const result = jsonSchemaTransform(args);
      // The access rule travels in the document, so tests and clients can read it per route.
      return {
        ...result,
        schema: { ...result.schema, 'x-banso-access': args.route.config?.access },
      };
    },
  });
}
