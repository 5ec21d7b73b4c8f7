import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  demo,
  signIn,
  TestClient,
  testDatabaseKind,
  type TestApp,
} from '../testing/harness';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('HTTP basics', () => {
  it('answers health with the database kind and version', async () => {
    const res = await new TestClient(app).get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testDatabaseKind, version: '0.1.0' });
  });

  it('serves an OpenAPI 3 document in which every route declares its access rule', async () => {
    const res = await new TestClient(app).get('/api/openapi.json');
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) expect(op['x-banso-access']).toBeTruthy();
    expect(doc.paths['/api/auth/login']?.post).toBeDefined();
  });

  it('sets security headers', async () => {
    const res = await new TestClient(app).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('answers unknown API paths with the one error shape', async () => {
    const res = await new TestClient(app).get('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: '対象が見つかりません。' } });
  });
});

describe('bad input', () => {
  it('rejects malformed JSON with a localised invalid_json error', async () => {
    const client = new TestClient(app);
    const res = await client.request('POST', '/api/auth/login', '{"email":', {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
    client.language = 'en';
    const en = await client.request('POST', '/api/auth/login', '{"email":', {});
    expect(en.json().error.message).toBe('The request body is not valid JSON.');
  });

  it('rejects wrong types and unknown fields, naming the field, in the caller language', async () => {
    const client = new TestClient(app);
    const wrongType = await client.post('/api/auth/login', { email: 42, password: 'x' });
    expect(wrongType.statusCode).toBe(400);
    const body = wrongType.json().error;
    expect(body.code).toBe('validation_failed');
    expect(body.message).toMatch(/入力内容/);
    expect(body.details.issues[0].path).toEqual(['email']);

    client.language = 'en-US,en;q=0.9';
    const unknown = await client.post('/api/auth/login', {
      email: 'a@example.jp',
      password: 'x',
      admin: true,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/not valid/);
    expect(JSON.stringify(unknown.json().error.details)).toContain('admin');
  });

  it('rejects oversize bodies with 413 and changes nothing', async () => {
    const operator = await signIn(app, demo.operator);
    const before = (await operator.get('/api/orgs')).json().organizations.length;
    const res = await operator.post('/api/orgs', {
      name: 'x'.repeat(2 * 1024 * 1024),
      industry: 'retail',
      employeeCount: 3,
      prefecture: '東京都',
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect((await operator.get('/api/orgs')).json().organizations.length).toBe(before);
  });

  it('treats a bad or unknown session cookie as an expired session and clears it', async () => {
    const client = new TestClient(app);
    client.cookie = 'banso_session=%%%garbage';
    const garbage = await client.get('/api/me');
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.code).toBe('session_expired');
    client.cookie = `banso_session=${'A'.repeat(43)}`;
    const unknown = await client.get('/api/me');
    expect(unknown.json().error.code).toBe('session_expired');
    expect(unknown.cookies.find((c) => c.name === 'banso_session')?.value).toBe('');
  });

  it('refuses an expired session even with a valid cookie value', async () => {
    const client = await signIn(app, demo.minatoStaff);
    await app.ctx.database.query(`UPDATE sessions SET expires_at = now() - interval '1 minute'`);
    const res = await client.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
  });

  it('answers an anonymous call to a protected route with unauthenticated', async () => {
    const res = await new TestClient(app).get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toEqual({
      code: 'unauthenticated',
      message: 'ログインしてください。',
    });
  });
});

describe('rate limits', () => {
  it('limits sign-in attempts per address', async () => {
    const limited = await createTestApp({ authRateLimit: 3 });
    try {
      const client = new TestClient(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (
            await client.post('/api/auth/login', {
              email: demo.operator,
              password: 'wrong-password',
            })
          ).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const last = await client.post('/api/auth/login', {
        email: demo.operator,
        password: 'wrong-password',
      });
      expect(last.json().error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
