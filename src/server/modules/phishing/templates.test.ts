import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { auditLog } from '../audit/tables';

let app: TestApp;
let minato: string;
let sakura: string;
let admin: TestClient;
let base: string;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
  admin = await signIn(app, demo.minatoAdmin);
  base = `/api/orgs/${minato}/phishing`;
});
afterAll(() => app.close());

const template = {
  name: '健康診断の予約',
  locale: 'ja',
  senderName: '総務部',
  subject: '{{name}} 様 健康診断のお知らせ',
  html: '<p>{{name}} 様</p><p><a href="{{link}}">予約</a></p>',
  text: '{{name}} 様 {{link}}',
  difficulty: 2,
  redFlags: [{ ja: '予約を急がせる', en: 'It rushes you to book' }],
};

describe('company-written templates', () => {
  it('creates, updates and deletes its own template, each change audited', async () => {
    const created = await admin.post(`${base}/templates`, template);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ landingPage: 'training', difficulty: 2 });
    const id = created.json().id as string;

    const updated = await admin.patch(`${base}/templates/${id}`, {
      subject: '【至急】{{name}} 様 健康診断の再予約',
      html: '<p><a href="{{ link }}">再予約</a> <a href="{{report_url}}">報告</a></p>',
      difficulty: 3,
      landingPage: 'credential_form',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      name: '健康診断の予約',
      subject: '【至急】{{name}} 様 健康診断の再予約',
      difficulty: 3,
      landingPage: 'credential_form',
      text: template.text,
    });
    expect(Date.parse(updated.json().updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(created.json().updatedAt),
    );

    // A campaign from it starts with the template's landing page unless it names another.
    const group = (await admin.post(`${base}/groups`, { name: 'テンプレ用' })).json().id as string;
    const campaign = await admin.post(`${base}/campaigns`, {
      name: '自社テンプレート訓練',
      groupId: group,
      template: { source: 'company', id },
    });
    expect(campaign.json()).toMatchObject({ landingPage: 'credential_form', difficulty: 3 });
    const chosen = await admin.post(`${base}/campaigns`, {
      name: '自社テンプレート訓練 2',
      groupId: group,
      template: { source: 'company', id },
      landingPage: 'training',
    });
    expect(chosen.json().landingPage).toBe('training');

    expect((await admin.delete(`${base}/templates/${id}`)).statusCode).toBe(200);
    expect((await admin.get(`${base}/templates`)).json().templates).toEqual([]);
    const actions = (
      await app.ctx.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, 'phishing_template'), eq(auditLog.targetId, id)))
    ).map((a) => a.action);
    expect(actions.sort()).toEqual([
      'phishing.template_created',
      'phishing.template_deleted',
      'phishing.template_updated',
    ]);
  });

  it('refuses unknown variables and a missing link with localised errors, changing nothing', async () => {
    const id = (await admin.post(`${base}/templates`, template)).json().id as string;
    const bad = await admin.patch(`${base}/templates/${id}`, {
      subject: '{{company}} からのお知らせ',
      text: 'リンクなし',
    });
    expect(bad.statusCode).toBe(400);
    const issues = bad.json().error.details.issues as { path: string[]; message: string }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['subject'],
          message: expect.stringContaining('使えない変数があります'),
        }),
        expect.objectContaining({
          path: ['text'],
          message: 'テキスト本文には {{link}}（訓練用リンク）が必要です。',
        }),
      ]),
    );
    // The signed-in user's language decides; switched for one request.
    await admin.patch('/api/me', { locale: 'en' });
    const english = await admin.patch(`${base}/templates/${id}`, { html: '<p>{{ Link }}</p>' });
    await admin.patch('/api/me', { locale: 'ja' });
    expect(english.json().error.details.issues.map((i: { message: string }) => i.message)).toEqual(
      expect.arrayContaining([
        'unknown variable; use {{name}}, {{department}}, {{link}} or {{report_url}}',
        'the HTML part needs {{link}}',
      ]),
    );
    const unchanged = (await admin.get(`${base}/templates`)).json().templates[0];
    expect(unchanged).toMatchObject({ subject: template.subject, text: template.text });
  });

  it('keeps a company’s templates out of reach of another company', async () => {
    const id = (await admin.post(`${base}/templates`, { ...template, name: '他社不可' })).json()
      .id as string;
    const outsider = await signIn(app, demo.sakuraAdmin);
    expect((await outsider.patch(`${base}/templates/${id}`, { name: '乗っ取り' })).statusCode).toBe(
      403,
    );
    // Through its own company's routes the id is simply not there.
    const own = `/api/orgs/${sakura}/phishing`;
    expect((await outsider.patch(`${own}/templates/${id}`, { name: '乗っ取り' })).statusCode).toBe(
      404,
    );
    const staff = await signIn(app, demo.minatoStaff);
    expect((await staff.patch(`${base}/templates/${id}`, { name: '社員' })).statusCode).toBe(403);
    const names = (await admin.get(`${base}/templates`))
      .json()
      .templates.map((t: { name: string }) => t.name);
    expect(names).toContain('他社不可');
    expect(names).not.toContain('乗っ取り');
  });
});
