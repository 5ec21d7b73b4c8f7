import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/service';
import { loadImprovementContent } from './content';
import { addActionItems, progressByVisit, type ActionDetail } from './service';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../../testing/harness';

let app: TestApp;
let minato: string;
let sakura: string;
let aoba: string;

beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
  aoba = await companyIdByName(app, 'あおば');
});
afterAll(() => app.close());

const surveyItems = [
  'security-policy',
  'roles',
  'risk-assessment',
  'third-parties',
  'asset-inventory',
  'data-handling',
  'access-control',
  'perimeter',
  'remote-access',
  'logging',
  'segmentation',
  'patching',
  'malware-protection',
  'admin-rights',
  'mobile-devices',
  'education-plan',
  'phishing-training',
  'rules-awareness',
  'reporting-culture',
  'response-structure',
  'backup',
  'continuity-plan',
  'exercises',
];

/** Creates, fills and submits a survey; returns its id. */
async function submitSurvey(
  client: TestClient,
  orgId: string,
  scores: Record<string, number>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const created = await client.post(`/api/orgs/${orgId}/assessments`, {
    questionSetId: 'security-survey',
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  for (const itemId of surveyItems) {
    const res = await client.request(
      'PUT',
      `/api/orgs/${orgId}/assessments/${id}/answers/${itemId}`,
      {
        state: 'answered',
        value: scores[itemId] ?? 4,
      },
    );
    expect(res.statusCode, `${itemId}: ${res.body}`).toBe(200);
  }
  const submitted = await client.post(`/api/orgs/${orgId}/assessments/${id}/submit`);
  expect(submitted.statusCode, submitted.body).toBe(200);
  return id;
}

describe('improvement content', () => {
  it('loads the proposal rules', () => {
    const rules = loadImprovementContent();
    expect(rules.assessment.lowScoreAtMost).toBe(2);
    expect(rules.proposalTitle.assessment.ja).toContain('{item}');
  });
});

describe('addActionItems (called by other modules)', () => {
  it('adds items in order, reuses an open action for the same source, and refuses bad input whole', async () => {
    const ids = await addActionItems(app.ctx, {
      orgId: aoba,
      actorUserId: null,
      items: [
        {
          title: '連絡網を更新する',
          detail: '演習で古い番号が見つかった',
          source: { kind: 'exercise', refId: 'finding-1', label: 'ランサムウェア演習' },
          ownerName: '総務 田中',
          dueDate: '2026-12-15',
          effort: 'small',
        },
        { title: '手順書に保存場所を書く', source: { kind: 'manual', label: '' } },
      ],
    });
    expect(ids).toHaveLength(2);
    const again = await addActionItems(app.ctx, {
      orgId: aoba,
      actorUserId: null,
      items: [{ title: '同じ指摘', source: { kind: 'exercise', refId: 'finding-1', label: '' } }],
    });
    expect(again).toEqual([ids[0]]);

    await expect(
      addActionItems(app.ctx, {
        orgId: aoba,
        actorUserId: null,
        items: [
          { title: '有効', source: { kind: 'exercise', refId: 'finding-2', label: '' } },
          { title: '', source: { kind: 'manual' }, dueDate: '2026-13-40' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });

    const admin = await signIn(app, demo.aobaAdmin);
    const plan = (await admin.get(`/api/orgs/${aoba}/improvement`)).json();
    expect(plan.actions.map((a: { title: string }) => a.title)).toEqual([
      '連絡網を更新する',
      '手順書に保存場所を書く',
    ]);
    expect(plan.actions[0]).toMatchObject({
      source: { kind: 'exercise', refId: 'finding-1', label: 'ランサムウェア演習' },
      ownerName: '総務 田中',
      dueOn: '2026-12-15',
      effort: 'small',
      status: 'planned',
    });
  });
});

describe('improvement plan', () => {
  it('proposes low-scoring survey items and risks above tolerance, and accepting them never duplicates', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const admin = await signIn(app, demo.minatoAdmin);
    const url = `/api/orgs/${minato}/improvement`;
    const before = (await admin.get(`${url}/proposals`)).json().proposals as { key: string }[];
    expect(before.filter((p) => p.key.startsWith('assessment:'))).toEqual([]);

    await submitSurvey(
      staff,
      minato,
      { backup: 1, patching: 2, exercises: 3 },
      {
        targets: { items: { exercises: 4 }, sections: {} },
      },
    );
    const risk = await admin.post(`/api/orgs/${minato}/risks`, {
      title: 'VPN機器の未更新',
      likelihood: 4,
      impact: 5,
    });
    expect(risk.statusCode, risk.body).toBe(201);
    await admin.post(`/api/orgs/${minato}/risks`, {
      title: '小さなリスク',
      likelihood: 1,
      impact: 2,
    });

    const proposals = (await admin.get(`${url}/proposals`)).json().proposals as {
      key: string;
      title: string;
      reason: string;
      source: { kind: string; label: string };
    }[];
    const keys = proposals.map((p) => p.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'assessment:backup',
        'assessment:patching',
        'assessment:exercises',
        `risk:${risk.json().id}`,
      ]),
    );
    expect(keys.filter((k) => k.startsWith('assessment:'))).toHaveLength(3);
    expect(proposals.some((p) => p.source.label === '小さなリスク')).toBe(false);
    const exercises = proposals.find((p) => p.key === 'assessment:exercises')!;
    expect(exercises.reason).toContain('目標 4');

    // Nothing was created by looking.
    expect((await admin.get(url)).json().actions).toEqual([]);

    const unknown = await admin.post(`${url}/proposals/accept`, {
      keys: ['assessment:backup', 'assessment:nope'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0]).toMatchObject({
      path: ['keys', '1'],
      code: 'unknown_proposal',
    });
    expect((await admin.get(url)).json().actions).toEqual([]);

    const accepted = await admin.post(`${url}/proposals/accept`, {
      keys: ['assessment:backup', `risk:${risk.json().id}`],
      agreedVisit: 2,
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json().actions).toHaveLength(2);
    expect(accepted.json().actions[0]).toMatchObject({
      source: { kind: 'assessment', refId: 'backup' },
      agreedVisit: 2,
      status: 'planned',
    });
    const twice = await admin.post(`${url}/proposals/accept`, { keys: ['assessment:backup'] });
    expect(twice.statusCode).toBe(400);
    const left = (await admin.get(`${url}/proposals`))
      .json()
      .proposals.map((p: { key: string }) => p.key);
    expect(left).not.toContain('assessment:backup');
    expect(left).toContain('assessment:patching');
    expect((await admin.get(url)).json().actions).toHaveLength(2);

    const audit = await listAudit(app.ctx.db, {
      organizationId: minato,
      action: 'improvement.proposals_accepted',
      limit: 5,
    });
    expect(audit.entries).toHaveLength(1);
  });

  it('tracks progress per visit and draws done against open', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const expert = await signIn(app, demo.expert1);
    const url = `/api/orgs/${minato}/improvement`;
    const created = await expert.post(`${url}/actions`, {
      title: '管理者パスワードを個人別にする',
      effort: 'medium',
      dueOn: '2027-01-31',
      agreedVisit: 1,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json().source).toEqual({ kind: 'manual', refId: null, label: '' });

    const members = (await admin.get(`/api/orgs/${minato}/members`)).json();
    const staffId = (members.members ?? members).find(
      (m: { email: string }) => m.email === demo.minatoStaff,
    ).userId;
    const owned = await admin.patch(`${url}/actions/${id}`, { ownerUserId: staffId });
    expect(owned.statusCode, owned.body).toBe(200);
    expect(owned.json().ownerUserId).toBe(staffId);
    const stranger = await admin.patch(`${url}/actions/${id}`, {
      ownerUserId: '00000000-0000-4000-8000-000000000000',
    });
    expect(stranger.statusCode).toBe(400);

    const p2 = await admin.request('PUT', `${url}/actions/${id}/progress`, {
      visit: 2,
      status: 'in_progress',
      note: '半分の端末で完了',
    });
    expect(p2.statusCode, p2.body).toBe(200);
    expect(p2.json().status).toBe('in_progress');
    const p4 = await admin.request('PUT', `${url}/actions/${id}/progress`, {
      visit: 4,
      status: 'done',
    });
    expect(p4.json()).toMatchObject({ status: 'done', checkedVisit: 4 });
    expect(p4.json().progress.map((p: { visit: number }) => p.visit)).toEqual([2, 4]);

    const badVisit = await admin.request('PUT', `${url}/actions/${id}/progress`, {
      visit: 7,
      status: 'done',
    });
    expect(badVisit.statusCode).toBe(400);
    const checkedEarly = await admin.patch(`${url}/actions/${id}`, { agreedVisit: 5 });
    expect(checkedEarly.statusCode).toBe(400);
    expect(checkedEarly.json().error.details.issues[0].code).toBe('checked_before_agreed');

    const overview = (await admin.get(url)).json();
    const visits = overview.progress.visits as { visit: number; done: number; open: number }[];
    expect(visits).toHaveLength(6);
    const mine = progressByVisit([
      {
        ...(overview.actions as ActionDetail[]).find((a) => a.id === id)!,
        agreedVisit: 1,
        checkedVisit: 4,
        status: 'done',
        progress: p4.json().progress,
      } as ActionDetail,
    ]);
    expect(mine.map((v) => [v.done, v.open])).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(visits[3]!.done).toBeGreaterThanOrEqual(1);
    expect(overview.counts.done).toBeGreaterThanOrEqual(1);

    const reopened = await admin.patch(`${url}/actions/${id}`, { status: 'in_progress' });
    expect(reopened.statusCode).toBe(200);
    const removed = await admin.delete(`${url}/actions/${id}`);
    expect(removed.statusCode).toBe(200);
    expect((await admin.get(url)).json().actions.some((a: { id: string }) => a.id === id)).toBe(
      false,
    );
  });

  it('keeps members of other companies out', async () => {
    const other = await signIn(app, demo.sakuraAdmin);
    const url = `/api/orgs/${minato}/improvement`;
    expect((await other.get(url)).statusCode).toBe(403);
    expect((await other.post(`${url}/actions`, { title: 'x' })).statusCode).toBe(403);
  });
});

describe('re-assessment, goals and SECURITY ACTION', () => {
  it('shows per-section movement from the baseline to the latest survey', async () => {
    const admin = await signIn(app, demo.aobaAdmin);
    const url = `/api/orgs/${aoba}/improvement/movement`;
    expect((await admin.get(url)).json()).toMatchObject({ latest: null, sections: [] });
    const first = await submitSurvey(admin, aoba, { 'security-policy': 1, roles: 1, backup: 5 });
    const single = (await admin.get(url)).json();
    expect(single.previous).toBeNull();
    expect(single.sections.every((s: { change: string }) => s.change === 'new')).toBe(true);
    await submitSurvey(
      admin,
      aoba,
      { 'security-policy': 4, roles: 4, backup: 2, 'continuity-plan': 2, exercises: 2 },
      { baselineAssessmentId: first, copyBaselineAnswers: false },
    );
    const moved = (await admin.get(url)).json();
    expect(moved.previous.id).toBe(first);
    const bySection = Object.fromEntries(
      moved.sections.map((s: { sectionId: string; change: string }) => [s.sectionId, s.change]),
    );
    expect(bySection.governance).toBe('up');
    expect(Object.values(bySection)).toContain('down');
    expect(moved.sections).toHaveLength(6);
    // Item by item, under their section.
    const byItem = Object.fromEntries(moved.items.map((i: { itemId: string }) => [i.itemId, i]));
    expect(byItem['security-policy']).toMatchObject({
      sectionId: 'governance',
      previous: 1,
      latest: 4,
      change: 'up',
      title: { ja: '情報セキュリティの方針と規程' },
    });
    expect(byItem.backup).toMatchObject({ previous: 5, latest: 2, change: 'down' });
    expect(byItem.patching).toMatchObject({ sectionId: 'endpoint', previous: 4, change: 'same' });
    expect(moved.items).toHaveLength(23);
  });

  it('stores next year goals per section and as free text, refusing unknown sections', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const url = `/api/orgs/${sakura}/improvement/goals`;
    const empty = (await admin.get(url)).json();
    expect(empty.sections).toHaveLength(6);
    expect(empty.sections[0].targetScore).toBeNull();
    const sectionId = empty.sections[0].sectionId as string;
    const bad = await admin.request('PUT', url, {
      sections: [{ sectionId: 'nowhere', targetScore: 3 }],
      free: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].message).toBe('このセクションは診断票にありません。');
    const badScore = await admin.request('PUT', url, {
      sections: [{ sectionId, targetScore: 6 }],
      free: [],
    });
    expect(badScore.statusCode).toBe(400);
    const saved = await admin.request('PUT', url, {
      sections: [{ sectionId, targetScore: 3.5 }],
      free: [{ title: 'SECURITY ACTION 二つ星を宣言する' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().sections[0].targetScore).toBe(3.5);
    expect(saved.json().free).toEqual([
      expect.objectContaining({ title: 'SECURITY ACTION 二つ星を宣言する', detail: '' }),
    ]);
  });

  it('records SECURITY ACTION dates, needs both steps for two stars, and counts them per program only in aggregate', async () => {
    const admin = await signIn(app, demo.sakuraAdmin);
    const url = `/api/orgs/${sakura}/security-action`;
    expect((await admin.get(url)).json()).toMatchObject({ stars: 0, updatedAt: null });
    const early = await admin.request('PUT', url, {
      oneStarDeclaredOn: '2026-06-01',
      selfCheckDoneOn: '2026-07-01',
      policyPublishedOn: null,
      twoStarDeclaredOn: '2026-08-01',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.issues[0].code).toBe('two_stars_need_steps');
    expect((await admin.get(url)).json().stars).toBe(0);
    const two = await admin.request('PUT', url, {
      oneStarDeclaredOn: '2026-06-01',
      selfCheckDoneOn: '2026-07-01',
      policyPublishedOn: '2026-07-20',
      twoStarDeclaredOn: '2026-08-01',
    });
    expect(two.statusCode, two.body).toBe(200);
    expect(two.json()).toMatchObject({ stars: 2, policyPublishedOn: '2026-07-20' });

    const operator = await signIn(app, demo.operator);
    const programs = (await operator.get('/api/programs')).json().programs as { id: string }[];
    expect(programs.length).toBeGreaterThan(0);
    const summary = await operator.get(`/api/programs/${programs[0]!.id}/improvement-summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    const body = summary.json();
    expect(body.minimumGroupSize).toBe(5);
    if (body.companies >= body.minimumGroupSize) expect(body.twoStars).toBeGreaterThanOrEqual(1);
    else expect(body.twoStars).toBeNull();
    expect(JSON.stringify(body)).not.toContain(sakura);

    const company = await signIn(app, demo.minatoAdmin);
    expect(
      (await company.get(`/api/programs/${programs[0]!.id}/improvement-summary`)).statusCode,
    ).toBe(403);
  });
});
