import { z } from 'zod';
import { okResponse } from '../../../contracts/common';
import {
  apiTokenView,
  changePasswordRequest,
  createApiTokenRequest,
  createdApiToken,
  loginRequest,
  meResponse,
  passwordResetConfirm,
  passwordResetRequest,
  totpDisableRequest,
  totpEnableRequest,
  totpSetupResponse,
  updateMeRequest,
} from '../../../contracts/identity';
import type { Api, AppContext } from '../../app-context';
import { buildPrincipalForUser } from '../../http/principal';
import {
  actorOf,
  iso,
  isoOrNull,
  presentMe,
  publicBaseUrl,
  setSessionCookie,
} from '../../http/presenters';
import { SESSION_COOKIE } from '../../http/authenticate';
import { AppError } from '../../http/errors';
import { mailTexts } from '../../i18n/messages';
import { formatForUser } from '../../i18n/format';
import { recordAudit } from '../audit/service';
import * as identity from './service';

const tags = ['identity'];
const errors = { 400: z.unknown(), 401: z.unknown(), 403: z.unknown(), 429: z.unknown() };

export function registerIdentityRoutes(api: Api, ctx: AppContext): void {
  const authLimit = { max: ctx.config.authRateLimit, timeWindow: '1 minute' };
  const db = ctx.db;

  api.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags, body: loginRequest, response: { 200: meResponse, ...errors } },
    },
    async (request, reply) => {
      const { email, password, totpCode } = request.body;
      let user;
      try {
        user = await identity.authenticateUser(db, email, password, totpCode);
      } catch (err) {
        if (err instanceof AppError && err.code !== 'totp_required') {
          await recordAudit(db, {
            action: 'auth.login_failed',
            actorEmail: email,
            ip: request.ip,
            details: { reason: err.code },
          });
        }
        throw err;
      }
      const session = await identity.createSession(db, user.id, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      await identity.recordSignIn(db, user.id);
      await recordAudit(db, {
        action: 'auth.login',
        actorUserId: user.id,
        actorEmail: user.email,
        ip: request.ip,
      });
      setSessionCookie(ctx, reply, session.token);
      const principal = await buildPrincipalForUser(db, user, session);
      return presentMe(db, principal);
    },
  );

  api.post(
    '/api/auth/logout',
    { config: { access: 'user' }, schema: { tags, response: { 200: okResponse } } },
    async (request, reply) => {
      const principal = request.principal!;
      if (principal.sessionId) await identity.deleteSession(db, principal.sessionId);
      await recordAudit(db, { action: 'auth.logout', ...actorOf(request) });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.post(
    '/api/auth/password-reset/request',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags, body: passwordResetRequest, response: { 202: okResponse, ...errors } },
    },
    async (request, reply) => {
      const issued = await identity.issuePasswordReset(db, request.body.email);
      // The answer is the same whether or not the address exists: no account enumeration.
      if (issued) {
        const texts = mailTexts[issued.user.locale].passwordReset;
        const link = `${publicBaseUrl(ctx, request)}/reset-password?token=${issued.token}`;
        await ctx.sendMail({
          to: issued.user.email,
          subject: texts.subject,
          text: texts.body({ link, expires: formatForUser(issued.expiresAt, issued.user) }),
        });
        await recordAudit(db, {
          action: 'auth.password_reset_requested',
          actorUserId: issued.user.id,
          actorEmail: issued.user.email,
          ip: request.ip,
        });
      }
      return reply.code(202).send({ ok: true as const });
    },
  );

  api.post(
    '/api/auth/password-reset/confirm',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags, body: passwordResetConfirm, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const userId = await db.transaction((tx) =>
        identity.confirmPasswordReset(tx, request.body.token, request.body.password),
      );
      await recordAudit(db, { action: 'auth.password_reset', actorUserId: userId, ip: request.ip });
      return { ok: true as const };
    },
  );

  api.get(
    '/api/me',
    {
      config: { access: 'user' },
      schema: { tags, response: { 200: meResponse, 401: z.unknown() } },
    },
    async (request) => presentMe(db, request.principal!),
  );

  api.patch(
    '/api/me',
    {
      config: { access: 'user' },
      schema: { tags, body: updateMeRequest, response: { 200: meResponse, ...errors } },
    },
    async (request) => {
      const principal = request.principal!;
      await identity.updateProfile(db, principal.userId, request.body);
      return presentMe(db, { ...principal, ...definedOnly(request.body) });
    },
  );

  api.post(
    '/api/me/password',
    {
      config: { access: 'user', rateLimit: authLimit },
      schema: { tags, body: changePasswordRequest, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      const principal = request.principal!;
      await db.transaction((tx) =>
        identity.changePassword(
          tx,
          principal.userId,
          request.body.currentPassword,
          request.body.newPassword,
          principal.sessionId,
        ),
      );
      await recordAudit(db, { action: 'auth.password_changed', ...actorOf(request) });
      return { ok: true as const };
    },
  );

  api.post(
    '/api/me/totp/setup',
    {
      config: { access: 'user' },
      schema: { tags, response: { 200: totpSetupResponse, ...errors } },
    },
    async (request) => identity.beginTotpSetup(db, request.principal!.userId),
  );

  api.post(
    '/api/me/totp/enable',
    {
      config: { access: 'user', rateLimit: authLimit },
      schema: { tags, body: totpEnableRequest, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      await identity.enableTotp(db, request.principal!.userId, request.body.code);
      await recordAudit(db, { action: 'auth.totp_enabled', ...actorOf(request) });
      return { ok: true as const };
    },
  );

  api.post(
    '/api/me/totp/disable',
    {
      config: { access: 'user', rateLimit: authLimit },
      schema: { tags, body: totpDisableRequest, response: { 200: okResponse, ...errors } },
    },
    async (request) => {
      await identity.disableTotp(db, request.principal!.userId, request.body.password);
      await recordAudit(db, { action: 'auth.totp_disabled', ...actorOf(request) });
      return { ok: true as const };
    },
  );

  const presentToken = (t: identity.ApiToken) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: iso(t.createdAt),
    lastUsedAt: isoOrNull(t.lastUsedAt),
    expiresAt: isoOrNull(t.expiresAt),
  });

  api.get(
    '/api/me/tokens',
    {
      config: { access: 'user' },
      schema: { tags, response: { 200: z.object({ tokens: z.array(apiTokenView) }) } },
    },
    async (request) => ({
      tokens: (await identity.listApiTokens(db, request.principal!.userId)).map(presentToken),
    }),
  );

  api.post(
    '/api/me/tokens',
    {
      config: { access: 'user' },
      schema: { tags, body: createApiTokenRequest, response: { 201: createdApiToken, ...errors } },
    },
    async (request, reply) => {
      const { row, token } = await identity.createApiToken(
        db,
        request.principal!.userId,
        request.body.name,
        request.body.expiresInDays,
      );
      await recordAudit(db, {
        action: 'auth.token_created',
        ...actorOf(request),
        targetType: 'api_token',
        targetId: row.id,
      });
      return reply.code(201).send({ ...presentToken(row), token });
    },
  );

  api.delete(
    '/api/me/tokens/:tokenId',
    {
      config: { access: 'user' },
      schema: {
        tags,
        params: z.strictObject({ tokenId: z.uuid() }),
        response: { 200: okResponse, ...errors, 404: z.unknown() },
      },
    },
    async (request) => {
      await identity.revokeApiToken(db, request.principal!.userId, request.params.tokenId);
      await recordAudit(db, {
        action: 'auth.token_revoked',
        ...actorOf(request),
        targetType: 'api_token',
        targetId: request.params.tokenId,
      });
      return { ok: true as const };
    },
  );
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
