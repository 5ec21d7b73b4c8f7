import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import * as identity from '../modules/identity/service';
import type { Principal } from './access';
import { buildPrincipalForUser } from './principal';
import type { PrincipalCache } from './principal-cache';

export const SESSION_COOKIE = 'banso_session';
// Session tokens are 43 base64url characters; anything else is not worth a database round trip.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

export interface Authentication {
  principal: Principal | null;
  problem: 'expired' | undefined;
}

/** Resolves the caller from a Bearer API token or the session cookie. */
export async function authenticateRequest(
  db: Db,
  cache: PrincipalCache,
  request: FastifyRequest,
): Promise<Authentication> {
  const authorization = request.headers.authorization;
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
  const cookie = request.cookies[SESSION_COOKIE];
  if (bearer === undefined && cookie === undefined) return { principal: null, problem: undefined };

  const candidate = bearer ?? cookie ?? '';
  const via = bearer !== undefined ? 'token' : 'session';
  const token = via === 'token' ? candidate.replace(/^banso_/, '') : candidate;
  if (!TOKEN_SHAPE.test(token)) return { principal: null, problem: 'expired' };

  const cached = cache.get(candidate);
  if (cached) return { principal: cached, problem: undefined };
  const resolved =
    via === 'token'
      ? await identity.resolveApiToken(db, candidate)
      : await identity.resolveSession(db, candidate);
  if (resolved.status !== 'ok') return { principal: null, problem: 'expired' };
  const principal: Principal = {
    ...(await buildPrincipalForUser(db, resolved.user, undefined)),
    via,
    sessionId: resolved.sessionId,
    csrfToken: resolved.csrfToken,
  };
  cache.set(candidate, principal, resolved.expiresAt);
  return { principal, problem: undefined };
}
