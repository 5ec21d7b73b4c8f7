import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, ne, or } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Locale } from '../../../contracts/common';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { hashSecret, newSecret } from '../../lib/tokens';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords';
import { apiTokens, passwordResets, sessions, users } from './tables';

export type User = typeof users.$inferSelect;

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const SESSION_TOUCH_MS = 5 * 60 * 1000;
const RESET_TTL_MS = 60 * 60 * 1000;
const TOTP_ISSUER = 'Bansō';

export async function findUserById(db: DbOrTx, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return user;
}

/** Creates a user with a hashed password. */
export async function createUser(
  db: DbOrTx,
  input: { email: string; name: string; password: string; locale?: Locale; timeZone?: string },
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      passwordHash: await hashPassword(input.password),
      locale: input.locale ?? 'ja',
      timeZone: input.timeZone ?? 'Asia/Tokyo',
    })
    .returning();
  if (!user) throw new Error('user insert returned nothing');
  return user;
}

function totpFor(user: Pick<User, 'email'>, secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label: user.email,
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
  });
}

function totpMatches(user: User, secret: string, code: string): boolean {
  return totpFor(user, secret).validate({ token: code, window: 1 }) !== null;
}

/** Checks e-mail, password and (when enabled) the TOTP code; throws a stable error otherwise. */
export async function authenticateUser(
  db: DbOrTx,
  email: string,
  password: string,
  totpCode: string | undefined,
): Promise<User> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await burnPasswordCheck(password);
    throw new AppError('invalid_credentials');
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('invalid_credentials');
  }
  if (user.totpEnabled && user.totpSecret) {
    if (!totpCode) throw new AppError('totp_required');
    if (!totpMatches(user, user.totpSecret, totpCode)) throw new AppError('totp_invalid');
  }
  return user;
}

export async function recordSignIn(db: DbOrTx, userId: string): Promise<void> {
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId));
}

/** Opens a session; the returned token goes into the cookie and is stored only hashed. */
export async function createSession(
  db: DbOrTx,
  userId: string,
  meta: { ip: string | undefined; userAgent: string | undefined },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({
    id: hashSecret(token),
    userId,
    csrfToken,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export type ResolvedCredential =
  | {
      status: 'ok';
      user: User;
      sessionId: string | undefined;
      csrfToken: string | undefined;
      expiresAt: Date | null;
    }
  | { status: 'expired' };

/** Finds the user behind a session cookie; slides the session's idle time at most every few minutes. */
export async function resolveSession(db: DbOrTx, token: string): Promise<ResolvedCredential> {
  const id = hashSecret(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row || row.session.expiresAt.getTime() <= Date.now()) return { status: 'expired' };
  if (Date.now() - row.session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
  }
  return {
    status: 'ok',
    user: row.user,
    sessionId: id,
    csrfToken: row.session.csrfToken,
    expiresAt: row.session.expiresAt,
  };
}

export async function resolveApiToken(db: DbOrTx, token: string): Promise<ResolvedCredential> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt)));
  if (!row || (row.token.expiresAt && row.token.expiresAt.getTime() <= Date.now())) {
    return { status: 'expired' };
  }
  const lastUsed = row.token.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsed > SESSION_TOUCH_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(eq(apiTokens.id, row.token.id));
  }
  return {
    status: 'ok',
    user: row.user,
    sessionId: undefined,
    csrfToken: undefined,
    expiresAt: row.token.expiresAt,
  };
}

export async function deleteSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Drops expired sessions and used or stale reset links; run by a periodic job. */
export async function purgeExpiredCredentials(db: DbOrTx): Promise<void> {
  const now = new Date();
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db
    .delete(passwordResets)
    .where(or(lt(passwordResets.expiresAt, now), isNotNull(passwordResets.usedAt)));
}

export async function updateProfile(
  db: DbOrTx,
  userId: string,
  changes: {
    name?: string | undefined;
    locale?: Locale | undefined;
    timeZone?: string | undefined;
  },
): Promise<void> {
  if (Object.values(changes).every((v) => v === undefined)) return;
  await db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/** Changes the password and signs out every other session of the user. */
export async function changePassword(
  db: DbOrTx,
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string | undefined,
): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError('password_incorrect');
  }
  await setPassword(db, userId, newPassword, keepSessionId);
}

async function setPassword(
  db: DbOrTx,
  userId: string,
  password: string,
  keepSessionId: string | undefined,
): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), updatedAt: new Date() })
    .where(eq(users.id, userId));
  const others = keepSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
    : eq(sessions.userId, userId);
  await db.delete(sessions).where(others);
}

/** Issues a one-hour reset link token for an existing user; undefined when the address is unknown. */
export async function issuePasswordReset(
  db: DbOrTx,
  email: string,
): Promise<{ user: User; token: string; expiresAt: Date } | undefined> {
  const user = await findUserByEmail(db, email);
  if (!user) return undefined;
  const token = newSecret();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  await db
    .insert(passwordResets)
    .values({ tokenHash: hashSecret(token), userId: user.id, expiresAt });
  return { user, token, expiresAt };
}

/** Sets a new password from a reset link; the link works once. Returns the user's id. */
export async function confirmPasswordReset(
  db: DbOrTx,
  token: string,
  password: string,
): Promise<string> {
  const [reset] = await db
    .update(passwordResets)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(passwordResets.tokenHash, hashSecret(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!reset) throw new AppError('reset_token_invalid');
  await setPassword(db, reset.userId, password, undefined);
  return reset.userId;
}

/** Starts TOTP enrolment: a new secret is kept pending until a code from it is confirmed. */
export async function beginTotpSetup(
  db: DbOrTx,
  userId: string,
): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('not_found');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, userId));
  const otpauthUrl = totpFor(user, secret).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 });
  return { secret, otpauthUrl, qrSvg };
}

export async function enableTotp(db: DbOrTx, userId: string, code: string): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user?.totpPendingSecret || !totpMatches(user, user.totpPendingSecret, code)) {
    throw new AppError('totp_invalid');
  }
  await db
    .update(users)
    .set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabled: true })
    .where(eq(users.id, userId));
}

export async function disableTotp(db: DbOrTx, userId: string, password: string): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('password_incorrect');
  }
  await db
    .update(users)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnabled: false })
    .where(eq(users.id, userId));
}

export type ApiToken = typeof apiTokens.$inferSelect;

export async function listApiTokens(db: DbOrTx, userId: string): Promise<ApiToken[]> {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

/** Creates an API token for automation; the secret is returned once and stored hashed. */
export async function createApiToken(
  db: DbOrTx,
  userId: string,
  name: string,
  expiresInDays: number | undefined,
): Promise<{ row: ApiToken; token: string }> {
  const token = `banso_${newSecret()}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId,
      name,
      prefix: token.slice(0, 12),
      tokenHash: hashSecret(token),
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
    })
    .returning();
  if (!row) throw new Error('token insert returned nothing');
  return { row, token };
}

export async function revokeApiToken(db: DbOrTx, userId: string, tokenId: string): Promise<void> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw new AppError('not_found');
}

export async function findUsersByIds(db: DbOrTx, ids: string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, ids));
}
