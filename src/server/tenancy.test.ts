import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  TestClient,
  waitForMail,
  type TestApp,
} from './testing/harness';

/**
 * Walks every route in the OpenAPI document as users of other tenants, pointed at one victim company's
 * resources, and proves that none of them can read or change that company's data.
 */

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  minLength?: number;
  minimum?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};
type Operation = {
  'x-banso-access': string;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
};

/** A value that passes the schema, so that the request reaches the access check rather than failing validation. */
function sample(schema: JsonSchema): unknown {
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return sample(variant);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((k) => [k, sample(schema.properties?.[k] ?? {})]),
      );
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'email') return 'someone@example.jp';
      if (schema.format === 'uuid') return randomUUID();
      if (schema.pattern === '^\\d{6}$') return '123456';
      return 'x'.repeat(Math.max(schema.minLength ?? 0, 12));
  }
}

let app: TestApp;
let victim: string;
const ids: Record<string, string> = {};

async function victimSnapshot(): Promise<string> {
  const q = (sql: string) => app.ctx.database.query(sql, [victim]);
  const parts = await Promise.all([
    q('SELECT * FROM organizations WHERE id = $1'),
    q('SELECT user_id, role FROM memberships WHERE organization_id = $1 ORDER BY user_id'),
    q(
      'SELECT id, email, role, accepted_at, revoked_at FROM invitations WHERE organization_id = $1 ORDER BY id',
    ),
    q(`SELECT u.id, u.email, u.name, u.password_hash, u.locale, u.time_zone, u.totp_enabled FROM users u
       JOIN memberships m ON m.user_id = u.id WHERE m.organization_id = $1 ORDER BY u.id`),
    q(`SELECT t.id, t.revoked_at FROM api_tokens t JOIN memberships m ON m.user_id = t.user_id
       WHERE m.organization_id = $1 ORDER BY t.id`),
    q(
      `SELECT count(*)::int AS n FROM sessions s JOIN memberships m ON m.user_id = s.user_id WHERE m.organization_id = $1`,
    ),
    q('SELECT * FROM assessments WHERE organization_id = $1 ORDER BY id'),
    q(`SELECT a.* FROM assessment_answers a JOIN assessments s ON s.id = a.assessment_id
       WHERE s.organization_id = $1 ORDER BY a.assessment_id, a.item_id`),
    q(`SELECT h.id FROM assessment_answer_history h JOIN assessments s ON s.id = h.assessment_id
       WHERE s.organization_id = $1 ORDER BY h.id`),
    q(`SELECT r.* FROM assessment_reviews r JOIN assessments s ON s.id = r.assessment_id
       WHERE s.organization_id = $1 ORDER BY r.assessment_id, r.section_id`),
    q('SELECT id, name FROM phishing_target_groups WHERE organization_id = $1 ORDER BY id'),
    q('SELECT id, name FROM phishing_templates WHERE organization_id = $1 ORDER BY id'),
    q('SELECT id, status FROM phishing_campaigns WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM phishing_smtp_profiles WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM phishing_report_mailboxes WHERE organization_id = $1'),
    q('SELECT * FROM phishing_scanner_settings WHERE organization_id = $1'),
    q('SELECT * FROM phishing_lesson_assignments WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM assets WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM risks WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM business_processes WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM risk_matrices WHERE organization_id = $1'),
    q('SELECT * FROM bcp_plans WHERE organization_id = $1'),
    q('SELECT * FROM bcp_system_facts WHERE organization_id = $1 ORDER BY asset_id'),
    q('SELECT * FROM incident_report_links WHERE organization_id = $1'),
    q('SELECT * FROM incident_counters WHERE organization_id = $1 ORDER BY year'),
    q('SELECT * FROM incidents WHERE organization_id = $1 ORDER BY id'),
    q(`SELECT a.* FROM incident_actions a JOIN incidents i ON i.id = a.incident_id
       WHERE i.organization_id = $1 ORDER BY a.id`),
    q(`SELECT e.* FROM incident_evidence e JOIN incidents i ON i.id = e.incident_id
       WHERE i.organization_id = $1 ORDER BY e.id`),
    q(`SELECT f.id, f.sha256 FROM assessment_evidence_files f JOIN assessments s ON s.id = f.assessment_id
       WHERE s.organization_id = $1 ORDER BY f.id`),
    q('SELECT * FROM improvement_actions WHERE organization_id = $1 ORDER BY id'),
    q(`SELECT p.* FROM improvement_progress p JOIN improvement_actions a ON a.id = p.action_id
       WHERE a.organization_id = $1 ORDER BY p.id`),
    q('SELECT * FROM improvement_goals WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM security_action_standings WHERE organization_id = $1'),
    q('SELECT * FROM csirt_checklist_entries WHERE organization_id = $1 ORDER BY item_key'),
    q('SELECT * FROM csirt_profiles WHERE organization_id = $1'),
    q('SELECT * FROM csirt_roles WHERE organization_id = $1 ORDER BY role_key'),
    q('SELECT * FROM csirt_contacts WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM documents WHERE organization_id = $1 ORDER BY id'),
    q(`SELECT v.id, v.version, v.status, v.generated_hash, v.overrides, v.submitted_at, v.approved_at
       FROM document_versions v JOIN documents d ON d.id = v.document_id
       WHERE d.organization_id = $1 ORDER BY v.id`),
    q(`SELECT c.* FROM document_comments c JOIN documents d ON d.id = c.document_id
       WHERE d.organization_id = $1 ORDER BY c.id`),
    q('SELECT * FROM exercises WHERE organization_id = $1 ORDER BY id'),
    q('SELECT * FROM exercise_participants WHERE organization_id = $1 ORDER BY id'),
    q(`SELECT i.* FROM exercise_injects i JOIN exercises e ON e.id = i.exercise_id
       WHERE e.organization_id = $1 ORDER BY i.exercise_id, i.inject_id`),
    q(`SELECT v.* FROM exercise_events v JOIN exercises e ON e.id = v.exercise_id
       WHERE e.organization_id = $1 ORDER BY v.exercise_id, v.seq`),
    q(`SELECT r.* FROM exercise_responses r JOIN exercises e ON e.id = r.exercise_id
       WHERE e.organization_id = $1 ORDER BY r.id`),
    q(`SELECT r.* FROM exercise_ratings r JOIN exercises e ON e.id = r.exercise_id
       WHERE e.organization_id = $1 ORDER BY r.exercise_id, r.checkpoint_id, r.evaluator_user_id`),
    q(`SELECT v.* FROM exercise_evidence v JOIN exercises e ON e.id = v.exercise_id
       WHERE e.organization_id = $1 ORDER BY v.id`),
    q(`SELECT v.* FROM exercise_evaluators v JOIN exercises e ON e.id = v.exercise_id
       WHERE e.organization_id = $1 ORDER BY v.exercise_id, v.user_id`),
    q(`SELECT r.* FROM exercise_reports r JOIN exercises e ON e.id = r.exercise_id
       WHERE e.organization_id = $1 ORDER BY r.exercise_id`),
  ]);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  app = await createTestApp();
  victim = await companyIdByName(app, 'みなと');
  const admin = await signIn(app, demo.minatoAdmin);
  const members = (await admin.get(`/api/orgs/${victim}/members`)).json().members as {
    userId: string;
    email: string;
  }[];
  ids.userId = members.find((m) => m.email === demo.minatoStaff)!.userId;
  ids.invitationId = (
    await admin.post(`/api/orgs/${victim}/invitations`, {
      email: 'pending@minato-seiki.example.jp',
      role: 'company_member',
    })
  ).json().id;
  ids.tokenId = (await admin.post('/api/me/tokens', { name: 'victim token' })).json().id;
  const mail = await waitForMail(app, 'pending@minato-seiki.example.jp');
  ids.token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  const operator = await signIn(app, demo.operator);
  ids.messageId = (await operator.get('/api/dev-mailbox')).json().messages[0].id;
  ids.programId = (await operator.get('/api/programs')).json().programs[0].id;
  const assignments = (await operator.get(`/api/programs/${ids.programId}/assignments`)).json()
    .assignments as { id: string; companyId: string }[];
  ids.assignmentId = assignments.find((a) => a.companyId === victim)!.id;
  ids.orgId = victim;
  ids.setId = 'maturity';
  ids.itemId = 'utm';
  ids.assessmentId = (
    await admin.post(`/api/orgs/${victim}/assessments`, { questionSetId: 'maturity' })
  ).json().id;
  await admin.request('PUT', `/api/orgs/${victim}/assessments/${ids.assessmentId}/answers/utm`, {
    state: 'answered',
    value: 'yes',
  });
  ids.assetId = (
    await admin.post(`/api/orgs/${victim}/assets`, { name: '設計図面', type: 'information' })
  ).json().id;
  ids.riskId = (
    await admin.post(`/api/orgs/${victim}/risks`, {
      title: '図面の持ち出し',
      likelihood: 2,
      impact: 4,
      assetIds: [ids.assetId],
    })
  ).json().id;
  ids.processId = (
    await admin.post(`/api/orgs/${victim}/business-processes`, {
      name: '設計',
      dependencyAssetIds: [ids.assetId],
    })
  ).json().id;
  // Attackers are stopped by the company check before any file lookup; the evidence tests cover
  // a real file asked for through another company's assessment.
  ids.fileId = '00000000-0000-4000-8000-00000000f11e';
  ids.actionId = (
    await admin.post(`/api/orgs/${victim}/improvement/actions`, { title: '図面の暗号化' })
  ).json().id;
  await admin.request('PUT', `/api/orgs/${victim}/improvement/actions/${ids.actionId}/progress`, {
    visit: 1,
    status: 'in_progress',
  });
  await admin.request('PUT', `/api/orgs/${victim}/security-action`, {
    oneStarDeclaredOn: '2026-05-01',
    selfCheckDoneOn: null,
    policyPublishedOn: null,
    twoStarDeclaredOn: null,
  });
  await admin.patch(`/api/orgs/${victim}/bcp/plan`, {
    scope: { scope: '本社工場', basicPolicy: '納期を守る' },
  });
  await admin.request('PUT', `/api/orgs/${victim}/bcp/systems/${ids.assetId}`, {
    backupFrequencyHours: 24,
  });
  const phishing = `/api/orgs/${victim}/phishing`;
  ids.groupId = (await admin.post(`${phishing}/groups`, { name: '全社員' })).json().id;
  ids.templateId = (
    await admin.post(`${phishing}/templates`, {
      name: '自社テンプレート',
      locale: 'ja',
      senderName: '総務部',
      subject: '健康診断のお知らせ',
      html: '<a href="{{link}}">予約</a>',
      text: '{{link}}',
      difficulty: 1,
      redFlags: [{ ja: '急がせる', en: 'It rushes you' }],
    })
  ).json().id;
  ids.profileId = (
    await admin.post(`${phishing}/smtp-profiles`, {
      name: '本社リレー',
      host: 'smtp.minato-seiki.example.jp',
      port: 587,
      tlsMode: 'starttls',
      username: 'relay',
      password: 'relay-password',
      fromAddress: 'training@minato-seiki.example.jp',
    })
  ).json().id;
  ids.webhookId = (
    await admin.post(`${phishing}/webhooks`, {
      url: 'https://hooks.minato-seiki.example.jp/banso',
      events: ['click', 'report'],
    })
  ).json().webhook.id;
  const { rules } = (await admin.get(`${phishing}/scanner-rules`)).json();
  await admin.request('PUT', `${phishing}/scanner-rules`, { ...rules, clickNeedsOpen: false });
  await admin.request('PUT', `${phishing}/report-mailbox`, {
    host: 'imap.minato-seiki.example.jp',
    username: 'report@minato-seiki.example.jp',
    password: 'imap-password',
    // Not polled: the minute job would otherwise record its connection error mid-walk.
    enabled: false,
  });
  ids.campaignId = (
    await admin.post(`${phishing}/campaigns`, {
      name: '訓練',
      groupId: ids.groupId,
      template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
    })
  ).json().id;
  ids.reportSlug = (
    await admin.request('PUT', `/api/orgs/${victim}/incident-report-link`, { enabled: true })
  ).json().slug;
  await new TestClient(app).post(`/api/public/incident-reports/${ids.reportSlug}`, {
    reporterName: '大森 健',
    affiliation: 'employee',
    email: 'omori@minato-seiki.example.jp',
    purpose: 'inform',
    whatWasSeen: '不審なメール',
  });
  ids.incidentId = (await admin.get(`/api/orgs/${victim}/incidents`)).json().incidents[0].id;
  await admin.post(`/api/orgs/${victim}/incidents/${ids.incidentId}/evidence`, {
    description: 'メール本文',
    location: '共有フォルダ',
    collectedBy: '港 誠',
    collectedAt: '2026-11-20T02:00:00.000Z',
  });
  const exercise = (
    await admin.post(`/api/orgs/${victim}/exercises`, { scenarioId: 'ransomware-invoice' })
  ).json() as { id: string };
  ids.exerciseId = exercise.id;
  ids.scenarioId = 'ransomware-invoice';
  ids.injectId = 'invoice-mail';
  ids.checkpointId = 'decision-owner';
  ids.participantId = (
    await admin.post(`/api/orgs/${victim}/exercises/${exercise.id}/participants`, {
      name: '受付 一郎',
      role: 'helpdesk',
    })
  ).json().id;
  const csirt = `/api/orgs/${victim}/csirt`;
  ids.itemKey = 'mission';
  ids.roleKey = 'commander';
  await admin.request('PUT', `${csirt}/checklist/mission`, {
    decision: '事業継続',
    status: 'decided',
    visit: 1,
  });
  await admin.request('PATCH', `${csirt}/profile`, { team: { teamName: 'みなとCSIRT' } });
  await admin.request('PUT', `${csirt}/roles/commander`, { people: [{ name: '港 誠' }] });
  ids.contactId = (
    await admin.post(`${csirt}/contacts`, {
      kind: 'internal',
      name: '港 誠',
      phone: '090-0000-0000',
    })
  ).json().id;
  ids.kind = 'csirt-description';
  ids.language = 'ja';
  const documentUrl = `/api/orgs/${victim}/documents/csirt-description/ja`;
  const generated = await admin.post(`${documentUrl}/generate`);
  if (generated.statusCode !== 200)
    throw new Error(`document generation failed: ${generated.body}`);
  await admin.post(`${documentUrl}/comments`, {
    version: 1,
    sectionKey: generatedSectionKey(await admin.get(documentUrl)),
    body: '確認します',
  });
});
afterAll(() => app.close());

/** The first section key of a generated document, for a victim comment. */
function generatedSectionKey(res: { json(): unknown }): string {
  return (res.json() as { sections: { key: string }[] }).sections[0]!.key;
}

describe('tenant isolation across every route', () => {
  it('no user of another company, another company’s expert or the observer reads or changes the victim company', async () => {
    const doc = (await new TestClient(app).get('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const before = await victimSnapshot();
    const attackers = [demo.sakuraAdmin, demo.expert2, demo.observer];
    const victimMarkers = [
      'みなと',
      demo.minatoAdmin,
      demo.minatoStaff,
      'pending@minato-seiki',
      // The public report form's capability.
      ids.reportSlug!,
    ];
    const walked: string[] = [];

    for (const email of attackers) {
      let client = await signIn(app, email);
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const access = op['x-banso-access'];
          // Public routes hold no tenant data except behind capability links; sign-in routes are tested elsewhere.
          if (access === 'public') continue;
          const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
            const value = ids[name];
            if (!value) throw new Error(`no victim value for path parameter ${name} in ${path}`);
            return value;
          });
          const schema = op.requestBody?.content['application/json'].schema;
          const body = schema ? sample(schema) : method === 'get' ? undefined : {};
          let res = await client.request(method.toUpperCase() as 'GET', url, body);
          if (res.statusCode === 401) {
            // The previous call signed the attacker out (logout); sign in again and retry.
            client = await signIn(app, email);
            res = await client.request(method.toUpperCase() as 'GET', url, body);
          }
          walked.push(`${email} ${method} ${path} ${res.statusCode}`);
          if (access.startsWith('org:') || access === 'operator') {
            expect([403, 404], `${email} ${method} ${url}`).toContain(res.statusCode);
          }
          if (path.includes('{programId}') && email !== demo.observer) {
            expect([403, 404], `${email} ${method} ${url}`).toContain(res.statusCode);
          }
          for (const marker of victimMarkers) {
            expect(res.body, `${email} ${method} ${url} leaked ${marker}`).not.toContain(marker);
          }
        }
      }
    }
    expect(await victimSnapshot()).toBe(before);
    const orgRoutes = Object.entries(doc.paths).filter(([p]) => p.includes('{orgId}'));
    expect(orgRoutes.length).toBeGreaterThanOrEqual(5);
    expect(walked.length).toBeGreaterThan(attackers.length * 20);
  });

  it('the victim company’s own admin can use those same routes (the walk is not vacuous)', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    expect((await admin.get(`/api/orgs/${victim}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/orgs/${victim}/members`)).statusCode).toBe(200);
    expect((await admin.get(`/api/orgs/${victim}/invitations`)).json().invitations).toHaveLength(1);
  });
});
