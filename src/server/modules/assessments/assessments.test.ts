import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  TestClient,
  type TestApp,
} from '../../testing/harness';
import * as programs from '../programs/service';

let app: TestApp;
let minato: string;
let sakura: string;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  sakura = await companyIdByName(app, 'さくら');
});
afterAll(() => app.close());

type Answer = string | number | string[] | 'dont_know' | 'not_applicable';

const base = (orgId: string) => `/api/orgs/${orgId}/assessments`;

async function create(client: TestClient, orgId: string, body: Record<string, unknown>) {
  const res = await client.post(base(orgId), body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; progress: { visible: number } };
}

function answerBody(value: Answer) {
  return value === 'dont_know' || value === 'not_applicable'
    ? { state: value }
    : { state: 'answered', value };
}

function put(client: TestClient, orgId: string, id: string, itemId: string, value: Answer) {
  return client.request('PUT', `${base(orgId)}/${id}/answers/${itemId}`, answerBody(value));
}

async function answerAll(
  client: TestClient,
  orgId: string,
  id: string,
  answers: Record<string, Answer>,
) {
  for (const [itemId, value] of Object.entries(answers)) {
    const res = await put(client, orgId, id, itemId, value);
    expect(res.statusCode, `${itemId}: ${res.body}`).toBe(200);
  }
}

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
const surveyAnswers = (score: number, overrides: Record<string, Answer> = {}) => ({
  ...Object.fromEntries(surveyItems.map((id) => [id, score])),
  ...overrides,
});

const advancedMaturity: Record<string, Answer> = {
  'management-view': 'discussed',
  'business-impact-known': 'yes',
  'staff-training': 'regular',
  utm: 'yes',
  'endpoint-protection': 'edr',
  updates: 'yes',
  backup: 'tested',
  'remote-access-mfa': 'not_applicable',
  policy: 'approved',
  'policy-review': 'yes',
  'security-action': 'two-star',
  'security-owner': 'designated',
  'ongoing-improvement': 'yes',
  'education-measured': 'dont_know',
  contacts: 'yes',
  'response-procedure': 'partial',
  exercise: 'no',
  'recovery-plan': 'no',
};

async function rowCounts(assessmentId: string) {
  const [row] = await app.ctx.database.query<{ answers: number; history: number }>(
    `SELECT (SELECT count(*)::int FROM assessment_answers WHERE assessment_id = $1) AS answers,
            (SELECT count(*)::int FROM assessment_answer_history WHERE assessment_id = $1) AS history`,
    [assessmentId],
  );
  return row!;
}

describe('question sets', () => {
  it('lists the shipped sets and serves one for rendering, old versions included', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const list = (await staff.get('/api/question-sets')).json().questionSets as {
      id: string;
      kind: string;
      versions: number[];
    }[];
    expect(list.map((s) => s.id).sort()).toEqual([
      'hearing-csirt',
      'hearing-itbcp',
      'maturity',
      'security-survey',
    ]);
    const survey = (await staff.get('/api/question-sets/security-survey')).json();
    expect(survey.sections).toHaveLength(6);
    expect(survey.sections[0].children[0].levels).toHaveLength(6);
    expect((await staff.get('/api/question-sets/maturity?version=1')).json().version).toBe(1);
    expect((await staff.get('/api/question-sets/maturity?version=99')).statusCode).toBe(404);
    expect((await staff.get('/api/question-sets/no-such-set')).statusCode).toBe(404);
    expect((await new TestClient(app).get('/api/question-sets')).statusCode).toBe(401);
  });
});

describe('filling an assessment together', () => {
  it('a company member and its expert answer the same sheet and see each other’s answers', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const expert = await signIn(app, demo.expert1);
    const publish = vi.spyOn(app.ctx.realtime, 'publish');
    const created = await create(staff, minato, { questionSetId: 'maturity', label: '初回' });
    expect(created).toMatchObject({ status: 'draft', questionSet: { id: 'maturity', version: 1 } });
    // The policy review question waits for an approved policy.
    expect(created.progress.visible).toBe(17);

    await answerAll(staff, minato, created.id, { utm: 'yes' });
    await answerAll(expert, minato, created.id, { 'endpoint-protection': 'edr' });
    expect(publish).toHaveBeenCalledWith(`org:${minato}`, 'assessment.changed', {
      assessmentId: created.id,
      itemId: 'utm',
    });
    const comment = await expert.request(
      'PUT',
      `${base(minato)}/${created.id}/answers/utm/comment`,
      { comment: '保守契約は2027年3月まで' },
    );
    expect(comment.statusCode).toBe(200);

    for (const client of [staff, expert]) {
      const detail = (await client.get(`${base(minato)}/${created.id}`)).json();
      const byItem = Object.fromEntries(
        (detail.answers as { itemId: string }[]).map((a) => [a.itemId, a]),
      );
      expect(byItem.utm).toMatchObject({
        state: 'answered',
        value: 'yes',
        comment: '保守契約は2027年3月まで',
        answeredBy: { name: '品川 由紀' },
      });
      expect(byItem['endpoint-protection']).toMatchObject({
        value: 'edr',
        answeredBy: { name: '伴走 一郎' },
      });
      expect(detail.sectionProgress).toContainEqual({
        sectionId: 'equipment',
        visible: 5,
        answered: 2,
        dontKnow: 0,
        notApplicable: 0,
      });
    }

    const approved = await put(staff, minato, created.id, 'policy', 'approved');
    expect(approved.json().visibleItemIds).toContain('policy-review');
    const history = (await expert.get(`${base(minato)}/${created.id}/history?itemId=utm`)).json()
      .entries;
    expect(history.map((e: { change: string }) => e.change)).toEqual(['comment', 'answer']);
    expect(history[1]).toMatchObject({ value: 'yes', changedBy: { name: '品川 由紀' } });
    publish.mockRestore();
  });

  it('refuses an out-of-range score, an unknown item and a hidden item, saving nothing', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const survey = await create(staff, minato, { questionSetId: 'security-survey' });
    const maturity = await create(staff, minato, { questionSetId: 'maturity' });
    await answerAll(staff, minato, survey.id, { 'security-policy': 2 });
    const before = await rowCounts(survey.id);

    const seven = await put(staff, minato, survey.id, 'security-policy', 7);
    expect(seven.statusCode).toBe(400);
    expect(seven.json().error.code).toBe('validation_failed');
    expect(seven.json().error.details.issues).toEqual([
      expect.objectContaining({
        itemId: 'security-policy',
        path: ['value'],
        code: 'too_big',
        message: '5以下の値を入力してください。',
      }),
    ]);

    const unknown = await put(staff, minato, survey.id, 'no-such-item', 3);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0]).toMatchObject({
      itemId: 'no-such-item',
      code: 'unknown_item',
    });

    const wrongType = await put(staff, minato, survey.id, 'roles', 'high');
    expect(wrongType.statusCode).toBe(400);
    const fraction = await put(staff, minato, survey.id, 'roles', 2.5);
    expect(fraction.statusCode).toBe(400);
    const noValue = await staff.request('PUT', `${base(minato)}/${survey.id}/answers/roles`, {
      state: 'answered',
    });
    expect(noValue.statusCode).toBe(400);
    expect(await rowCounts(survey.id)).toEqual(before);

    const hidden = await put(staff, minato, maturity.id, 'policy-review', 'yes');
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.details.issues[0]).toMatchObject({
      itemId: 'policy-review',
      code: 'hidden_item',
    });
    const badChoice = await put(staff, minato, maturity.id, 'policy', 'signed-in-blood');
    expect(badChoice.statusCode).toBe(400);
    expect(await rowCounts(maturity.id)).toEqual({ answers: 0, history: 0 });

    const english = new TestClient(app);
    english.language = 'en';
    await english.login('expert2@example.jp');
    const refused = await put(english, sakura, survey.id, 'roles', 9);
    // Another company's assessment through one's own company is simply not there.
    expect(refused.statusCode).toBe(404);
  });

  it('submit locks; the expert reviews per section; a reopen needs a reason; results follow', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const admin = await signIn(app, demo.minatoAdmin);
    const expert = await signIn(app, demo.expert1);
    const { id } = await create(staff, minato, { questionSetId: 'maturity' });
    const url = `${base(minato)}/${id}`;

    await answerAll(staff, minato, id, { utm: 'yes' });
    const early = await staff.post(`${url}/submit`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.issues).toHaveLength(16);
    expect(early.json().error.details.issues[0]).toMatchObject({
      itemId: 'management-view',
      code: 'unanswered',
    });

    await answerAll(staff, minato, id, advancedMaturity);
    const submitted = await staff.post(`${url}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      submittedBy: { name: '品川 由紀' },
    });

    const locked = await put(expert, minato, id, 'exercise', 'yes');
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('assessment_locked');
    expect((await staff.post(`${url}/submit`)).statusCode).toBe(409);

    const review = {
      summary: '対策機器と規程はそろっています。次は対応手順と訓練です。',
      sections: [
        { sectionId: 'response', feedback: '対応手順を文書にし、机上演習で確かめましょう。' },
        { sectionId: 'equipment', feedback: 'EDRの警告を確認する当番を決めましょう。' },
      ],
    };
    expect((await staff.post(`${url}/review`, review)).statusCode).toBe(403);
    const badSection = await expert.post(`${url}/review`, {
      sections: [{ sectionId: 'no-such-section', feedback: 'x' }],
    });
    expect(badSection.statusCode).toBe(400);
    expect(badSection.json().error.details.issues[0].sectionId).toBe('no-such-section');
    const reviewed = await expert.post(`${url}/review`, review);
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({
      status: 'reviewed',
      reviewedBy: { name: '伴走 一郎' },
      reviewSummary: review.summary,
    });
    const detail = (await admin.get(url)).json();
    expect(detail.reviews.map((r: { sectionId: string }) => r.sectionId)).toEqual([
      'equipment',
      'response',
    ]);

    const results = (await admin.get(`${url}/results`)).json();
    expect(results.outcome).toMatchObject({
      code: 'level-3-plus',
      label: { ja: '成熟度レベル3以降（インシデント対応力の強化）' },
    });
    expect(results.outcome.reasons).toHaveLength(3);
    const sections = Object.fromEntries(
      (results.sections as { sectionId: string; score: number | null }[]).map((s) => [
        s.sectionId,
        s.score,
      ]),
    );
    expect(sections).toEqual({
      awareness: 5,
      equipment: 5,
      rules: 5,
      structure: 5,
      response: 1.88,
    });
    expect(results.followUps).toEqual([{ itemId: 'education-measured', comment: null }]);
    expect(results.programComparison).toEqual({ minimumGroupSize: 5, companies: null });

    expect((await staff.post(`${url}/reopen`, { reason: '訂正' })).statusCode).toBe(403);
    expect((await admin.post(`${url}/reopen`, { reason: '' })).statusCode).toBe(400);
    const reopened = await admin.post(`${url}/reopen`, {
      reason: '訓練の実施状況を確認し直すため',
    });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({
      status: 'reopened',
      reopenReason: '訓練の実施状況を確認し直すため',
      reopenedBy: { name: '港 誠' },
    });
    expect((await put(expert, minato, id, 'exercise', 'yes')).statusCode).toBe(200);
    const audit = await app.ctx.database.query<{ action: string; details: { reason?: string } }>(
      `SELECT action, details FROM audit_log WHERE target_id = $1 ORDER BY at`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'assessment.created',
      'assessment.submitted',
      'assessment.reviewed',
      'assessment.reopened',
    ]);
    expect(audit[3]!.details.reason).toBe('訓練の実施状況を確認し直すため');
  });

  it('keeps other companies out: 403 on their company, 404 for their ids through one’s own', async () => {
    const staff = await signIn(app, demo.minatoStaff);
    const { id } = await create(staff, minato, { questionSetId: 'maturity' });
    const sakuraAdmin = await signIn(app, demo.sakuraAdmin);
    const otherExpert = await signIn(app, demo.expert2);
    for (const client of [sakuraAdmin, otherExpert]) {
      expect((await client.get(base(minato))).statusCode).toBe(403);
      expect((await client.get(`${base(minato)}/${id}`)).statusCode).toBe(403);
      expect((await client.get(`${base(minato)}/${id}/results`)).statusCode).toBe(403);
      expect((await put(client, minato, id, 'utm', 'no')).statusCode).toBe(403);
    }
    expect((await sakuraAdmin.get(`${base(sakura)}/${id}`)).statusCode).toBe(404);
    expect((await put(sakuraAdmin, sakura, id, 'utm', 'no')).statusCode).toBe(404);
    expect(
      (
        await sakuraAdmin.post(base(sakura), {
          questionSetId: 'maturity',
          baselineAssessmentId: id,
        })
      ).statusCode,
    ).toBe(404);
    expect(await rowCounts(id)).toEqual({ answers: 0, history: 0 });
  });
});

describe('year two and comparisons', () => {
  it('starts from last year’s assessment with targets and shows before and after', async () => {
    const admin = await signIn(app, demo.minatoAdmin);
    const first = await create(admin, minato, { questionSetId: 'security-survey' });
    await answerAll(admin, minato, first.id, surveyAnswers(2));

    const early = await admin.post(base(minato), {
      questionSetId: 'security-survey',
      baselineAssessmentId: first.id,
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details.issues[0].code).toBe('baseline_not_submitted');
    expect((await admin.post(`${base(minato)}/${first.id}/submit`)).statusCode).toBe(200);

    const otherSet = await admin.post(base(minato), {
      questionSetId: 'maturity',
      baselineAssessmentId: first.id,
    });
    expect(otherSet.json().error.details.issues[0].code).toBe('other_question_set');
    const badTarget = await admin.post(base(minato), {
      questionSetId: 'security-survey',
      baselineAssessmentId: first.id,
      targets: { items: { 'no-such-item': 4 }, sections: { nowhere: 3 } },
    });
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json().error.details.issues.map((i: { code: string }) => i.code)).toEqual([
      'unknown_item',
      'unknown_section',
    ]);

    const second = await create(admin, minato, {
      questionSetId: 'security-survey',
      baselineAssessmentId: first.id,
      targets: { items: { perimeter: 4 }, sections: { network: 4 } },
    });
    const carried = (await admin.get(`${base(minato)}/${second.id}`)).json();
    expect(carried.answers).toHaveLength(23);
    expect(carried.answers.every((a: { carriedOver: boolean }) => a.carriedOver)).toBe(true);

    await answerAll(admin, minato, second.id, {
      perimeter: 4,
      'remote-access': 4,
      logging: 4,
      segmentation: 'not_applicable',
    });
    const targets = await admin.request('PUT', `${base(minato)}/${second.id}/targets`, {
      items: { perimeter: 5, logging: 4 },
      sections: { network: 4.5, awareness: 3 },
    });
    expect(targets.statusCode).toBe(200);
    const results = (await admin.get(`${base(minato)}/${second.id}/results`)).json();
    const network = results.sections.find((s: { sectionId: string }) => s.sectionId === 'network');
    expect(network).toMatchObject({
      score: 4,
      baselineScore: 2,
      target: 4.5,
      band: { meaning: { en: 'Perimeter defences are well run and reviewed regularly.' } },
    });
    expect(results.items.find((i: { itemId: string }) => i.itemId === 'perimeter')).toEqual({
      itemId: 'perimeter',
      sectionId: 'network',
      score: 4,
      target: 5,
      baselineScore: 2,
    });
    expect(results.baselineTotal).toBe(2);
    expect(results.total).toBeCloseTo((2 * 5 + 4) / 6, 2);
  });

  it('shows the program average only once five companies have submitted', async () => {
    const operator = await signIn(app, demo.operator);
    const programId = (await operator.get('/api/programs')).json().programs[0].id as string;
    const companies = [minato, sakura, await companyIdByName(app, 'あおば')];
    for (const name of ['テスト工業', 'サンプル商事']) {
      const org = await operator.post('/api/orgs', {
        name,
        industry: 'manufacturing',
        employeeCount: 20,
        prefecture: '東京都',
      });
      companies.push(org.json().id);
      await programs.enrollCompany(app.ctx.db, {
        programId,
        companyId: org.json().id,
        courseCode: 'csirt',
      });
    }
    const resultsOf = async (orgId: string, id: string) =>
      (await operator.get(`${base(orgId)}/${id}/results`)).json();

    const ids: string[] = [];
    for (const [i, orgId] of companies.entries()) {
      const { id } = await create(operator, orgId, { questionSetId: 'security-survey' });
      await answerAll(
        operator,
        orgId,
        id,
        surveyAnswers(i + 1, i === 0 ? { logging: 'dont_know' } : {}),
      );
      ids.push(id);
      if (i < 4) {
        expect((await operator.post(`${base(orgId)}/${id}/submit`)).statusCode).toBe(200);
      }
    }
    // Four companies have submitted this program's survey (the year-two test used minato's
    // earlier ones, so minato's latest counts once): still too few to show an average.
    const four = await resultsOf(companies[4]!, ids[4]!);
    expect(four.programComparison.companies).toBeNull();
    expect(four.sections.every((s: { programAverage: unknown }) => s.programAverage === null)).toBe(
      true,
    );

    expect((await operator.post(`${base(companies[4]!)}/${ids[4]}/submit`)).statusCode).toBe(200);
    const five = await resultsOf(companies[4]!, ids[4]!);
    expect(five.programComparison.companies).toBe(5);
    const governance = five.sections.find(
      (s: { sectionId: string }) => s.sectionId === 'governance',
    );
    expect(governance.programAverage).toBe(3);
    expect(governance.score).toBe(5);
  });
});
