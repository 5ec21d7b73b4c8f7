import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  demo,
  signIn,
  TestClient,
  TEST_PASSWORD,
  waitForMail,
  type TestApp,
} from '../../testing/harness';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function auditActions(): Promise<string[]> {
  const rows = await app.ctx.database.query<{ action: string }>(
    'SELECT action FROM audit_log ORDER BY at',
  );
  return rows.map((r) => r.action);
}

describe('sign-in and sessions', () => {
  it('signs in with e-mail and password, sets an HttpOnly SameSite cookie, and signs out', async () => {
    const client = new TestClient(app);
    const res = await client.post('/api/auth/login', {
      email: 'Operator@Example.jp',
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'banso_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = res.json();
    expect(me.user.email).toBe(demo.operator);
    expect(me.memberships[0].role).toBe('operator');
    expect(me.companies).toHaveLength(3);
    client.csrf = me.csrfToken;

    expect((await client.get('/api/me')).statusCode).toBe(200);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/me')).statusCode).toBe(401);
    expect(await auditActions()).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it('stores passwords as argon2id hashes', async () => {
    const [row] = await app.ctx.database.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = $1',
      [demo.operator],
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password the same way as an unknown address, and audits the failure', async () => {
    const client = new TestClient(app);
    const wrong = await client.post('/api/auth/login', {
      email: demo.operator,
      password: 'not-the-password',
    });
    const unknown = await client.post('/api/auth/login', {
      email: 'nobody@example.jp',
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(await auditActions()).toContain('auth.login_failed');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const client = await signIn(app, demo.minatoStaff);
    const token = client.csrf;
    client.csrf = undefined;
    const without = await client.patch('/api/me', { name: '変更されない' });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_invalid');
    client.csrf = 'x'.repeat(43);
    expect((await client.patch('/api/me', { name: '変更されない' })).statusCode).toBe(403);
    client.csrf = token;
    expect((await client.get('/api/me')).json().user.name).not.toBe('変更されない');
  });

  it('saves language and time zone, and answers errors in the saved language', async () => {
    const client = await signIn(app, demo.expert2);
    const res = await client.patch('/api/me', { locale: 'en', timeZone: 'Europe/London' });
    expect(res.json().user).toMatchObject({ locale: 'en', timeZone: 'Europe/London' });
    client.language = 'ja';
    const bad = await client.patch('/api/me', { timeZone: 'Mars/Olympus' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe(
      'Some of the input is not valid. Please check the fields.',
    );
  });
});

describe('TOTP second factor', () => {
  it('enrols with a confirmed code, then requires a code at sign-in', async () => {
    const client = await signIn(app, demo.aobaAdmin);
    const setup = (await client.post('/api/me/totp/setup')).json();
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(setup.qrSvg).toContain('<svg');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret) });
    expect(
      (
        await client.post('/api/me/totp/enable', {
          code: '000000' === totp.generate() ? '111111' : '000000',
        })
      ).statusCode,
    ).toBe(401);
    expect((await client.post('/api/me/totp/enable', { code: totp.generate() })).statusCode).toBe(
      200,
    );

    const fresh = new TestClient(app);
    const noCode = await fresh.post('/api/auth/login', {
      email: demo.aobaAdmin,
      password: TEST_PASSWORD,
    });
    expect(noCode.json().error.code).toBe('totp_required');
    const withCode = await fresh.post('/api/auth/login', {
      email: demo.aobaAdmin,
      password: TEST_PASSWORD,
      totpCode: totp.generate(),
    });
    expect(withCode.statusCode).toBe(200);

    expect(
      (await client.post('/api/me/totp/disable', { password: 'wrong-password!' })).statusCode,
    ).toBe(400);
    expect(
      (await client.post('/api/me/totp/disable', { password: TEST_PASSWORD })).statusCode,
    ).toBe(200);
    expect(
      (
        await new TestClient(app).post('/api/auth/login', {
          email: demo.aobaAdmin,
          password: TEST_PASSWORD,
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('API tokens', () => {
  it('authenticates automation by bearer token without CSRF, until revoked', async () => {
    const client = await signIn(app, demo.sakuraAdmin);
    const created = await client.post('/api/me/tokens', { name: 'CI export', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^banso_/);
    const [row] = await app.ctx.database.query<{ token_hash: string }>(
      'SELECT token_hash FROM api_tokens WHERE id = $1',
      [id],
    );
    expect(row?.token_hash).not.toContain(token);

    const bot = new TestClient(app);
    bot.bearer = token;
    expect((await bot.get('/api/me')).json().user.email).toBe(demo.sakuraAdmin);
    expect((await bot.patch('/api/me', { name: '桜井 翔' })).statusCode).toBe(200);
    expect((await client.get('/api/me/tokens')).json().tokens[0].lastUsedAt).not.toBeNull();

    expect((await client.delete(`/api/me/tokens/${id}`)).statusCode).toBe(200);
    expect((await bot.get('/api/me')).json().error.code).toBe('session_expired');
  });
});

describe('password reset by e-mail link', () => {
  it('mails a one-time link, sets the new password, and signs out other sessions', async () => {
    const other = await signIn(app, demo.minatoAdmin);
    const anon = new TestClient(app);
    expect(
      (await anon.post('/api/auth/password-reset/request', { email: 'nobody@example.jp' }))
        .statusCode,
    ).toBe(202);
    expect(
      (await anon.post('/api/auth/password-reset/request', { email: demo.minatoAdmin })).statusCode,
    ).toBe(202);
    const mail = await waitForMail(app, demo.minatoAdmin);
    expect(mail.subject).toContain('パスワード再設定');
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();

    const confirm = await anon.post('/api/auth/password-reset/confirm', {
      token,
      password: 'a-brand-new-password',
    });
    expect(confirm.statusCode).toBe(200);
    const again = await anon.post('/api/auth/password-reset/confirm', {
      token,
      password: 'another-new-password',
    });
    expect(again.json().error.code).toBe('reset_token_invalid');

    expect((await other.get('/api/me')).statusCode).toBe(401);
    await signIn(app, demo.minatoAdmin, 'a-brand-new-password');
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']),
    );
  });
});
