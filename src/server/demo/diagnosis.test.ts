import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  type TestApp,
  type TestClient,
} from '../testing/harness';
import { loadDiagnosisDemo } from './diagnosis';

let app: TestApp;
let sakura: string;
let admin: TestClient;

beforeAll(async () => {
  app = await createTestApp();
  sakura = await companyIdByName(app, 'さくら');
  admin = await signIn(app, demo.sakuraAdmin);
});
afterAll(() => app.close());

describe('the demo diagnosis', () => {
  it('is valid content naming one demo company', () => {
    const content = loadDiagnosisDemo();
    expect(content.company).toBe('有限会社さくら物流');
    expect(content.surveys.at(-1)!.baseline).toBe(content.surveys[0]!.ref);
  });

  it('gives the company reviewed surveys with a baseline and a maturity level on first start', async () => {
    const list = (await admin.get(`/api/orgs/${sakura}/assessments`)).json().assessments as {
      id: string;
      status: string;
      questionSet: { id: string };
      baselineAssessmentId: string | null;
      submittedAt: string;
    }[];
    const surveys = list.filter((a) => a.questionSet.id === 'security-survey');
    expect(surveys).toHaveLength(2);
    expect(list.every((a) => a.status === 'reviewed')).toBe(true);
    const latest = surveys.find((a) => a.baselineAssessmentId !== null)!;
    const last = surveys.find((a) => a.baselineAssessmentId === null)!;
    expect(latest.baselineAssessmentId).toBe(last.id);
    // Last year's survey is dated last year.
    const ageDays = (Date.now() - Date.parse(last.submittedAt)) / 86_400_000;
    expect(Math.round(ageDays)).toBe(365);

    const results = (
      await admin.get(`/api/orgs/${sakura}/assessments/${latest.id}/results`)
    ).json();
    const top = results.sections.filter((s: { parentId: string | null }) => s.parentId === null);
    expect(top).toHaveLength(6);
    for (const s of top) {
      expect(s.score).not.toBeNull();
      expect(s.baselineScore).not.toBeNull();
      expect(s.target).not.toBeNull();
    }
    expect(results.total).toBeGreaterThan(results.baselineTotal);
    const detail = (await admin.get(`/api/orgs/${sakura}/assessments/${latest.id}`)).json();
    expect(detail.answers.find((a: { itemId: string }) => a.itemId === 'logging').state).toBe(
      'dont_know',
    );
    expect(detail.reviews.length).toBeGreaterThan(0);

    const maturity = list.find((a) => a.questionSet.id === 'maturity')!;
    const level = (
      await admin.get(`/api/orgs/${sakura}/assessments/${maturity.id}/results`)
    ).json();
    expect(level.outcome).not.toBeNull();
    expect(level.outcome.reasons.length).toBeGreaterThan(0);
  });

  it('fills the heat map, the BIA chart, the asset links and the improvement plan', async () => {
    const heat = (await admin.get(`/api/orgs/${sakura}/risks/heat-map`)).json();
    expect(heat.current.total).toBe(5);
    expect(heat.residual.total).toBe(3);

    const bia = (await admin.get(`/api/orgs/${sakura}/business-impact/summary`)).json();
    expect(bia.processes.length).toBeGreaterThanOrEqual(3);

    const assets = (await admin.get(`/api/orgs/${sakura}/assets?type=information`)).json();
    const delivery = assets.assets.find((a: { name: string }) => a.name === '配送先・荷主情報');
    expect(delivery.linkedAssets.length).toBe(3);

    const movement = (await admin.get(`/api/orgs/${sakura}/improvement/movement`)).json();
    expect(movement.previous).not.toBeNull();
    expect(movement.sections.filter((s: { change: string }) => s.change === 'up').length).toBe(6);
    const plan = (await admin.get(`/api/orgs/${sakura}/improvement`)).json();
    expect(plan.actions).toHaveLength(4);
    expect(plan.actions.every((a: { agreedVisit: number }) => a.agreedVisit === 1)).toBe(true);
  });
});
