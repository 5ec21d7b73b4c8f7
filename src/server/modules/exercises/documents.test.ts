import { describe, expect, it } from 'vitest';
import {
  checkpointIds,
  exerciseDetail,
  isOutsideRole,
  type AarView,
  type ExerciseDetail,
} from '../../../contracts/exercises';
import { generatedDocumentSchema, type GeneratedDocument } from '../../../contracts/documents';
import {
  buildAfterActionReport,
  buildExplanation,
  buildFeedbackForm,
  buildHandbook,
  buildSituationManual,
  type ExerciseDocumentInput,
} from './documents';
import { loadExerciseContent, type ScenarioContent } from './scenario';

const FACILITATOR = '00000000-0000-4000-8000-000000000001';
const EVALUATOR = '00000000-0000-4000-8000-000000000002';

/** An exercise of a scenario as the service would present it, run and closed. */
function exerciseOf(s: ScenarioContent): ExerciseDetail {
  const started = '2026-11-20T01:00:00.000Z';
  return exerciseDetail.parse({
    id: '00000000-0000-4000-8000-0000000000aa',
    organizationId: '00000000-0000-4000-8000-0000000000bb',
    scenarioId: s.id,
    title: `${s.title.ja}（演習）`,
    status: 'closed',
    mode: 'online',
    scheduledAt: started,
    startedAt: started,
    closedAt: '2026-11-20T02:30:00.000Z',
    createdAt: '2026-11-01T00:00:00.000Z',
    plan: {
      title: `${s.title.ja}（演習）`,
      overview: '',
      background: '',
      objectives: [],
      scope: '本社の全部門',
      scheduledAt: started,
      location: '本社 会議室A',
      mode: 'online',
      timetable: s.phases.map((p) => ({
        phaseId: p.id,
        title: p.title,
        startMinute: p.startMinute,
        purpose: p.purpose,
      })),
      checkpoints: [...checkpointIds],
      preparationNotes: '対応フローを印刷して持参する。',
      facilitatorUserId: FACILITATOR,
      seatLinkHours: 24,
    },
    scenario: {
      id: s.id,
      course: s.course,
      title: s.title,
      summary: s.summary,
      objectives: s.objectives,
      durationMinutes: s.durationMinutes,
      roles: s.roles,
      attackerSteps: s.attackerSteps,
    },
    injects: s.injects.map((i) => ({
      ...i,
      state: i.when ? 'skipped' : 'released',
      dueAt: new Date(Date.parse(started) + i.offsetMinutes * 60_000).toISOString(),
      releasedAt: i.when
        ? null
        : new Date(Date.parse(started) + i.offsetMinutes * 60_000).toISOString(),
      releasedBy: i.when ? null : 'schedule',
    })),
    participants: s.roles
      .filter((r) => !isOutsideRole(r))
      .map((r, n) => ({
        id: `00000000-0000-4000-8000-1000000000${String(n).padStart(2, '0')}`,
        name: `参加者${n + 1}`,
        role: r,
        affiliation: '',
        seat: { state: 'claimed', issuedAt: started, expiresAt: started, claimedAt: started },
      })),
    evaluators: [{ id: EVALUATOR, name: '伴走 一郎', kind: 'expert' }],
    facilitator: { id: FACILITATOR, name: '港 誠', kind: 'member' },
    clock: {
      status: 'closed',
      serverNow: '2026-11-20T03:00:00.000Z',
      startedAt: started,
      pausedAt: null,
      pausedTotalMs: 0,
      elapsedMs: 90 * 60_000,
      closedAt: '2026-11-20T02:30:00.000Z',
    },
    lastSeq: 40,
    you: { facilitator: true, evaluator: true, canEdit: true },
  });
}

function inputOf(
  s: ScenarioContent,
  extra: Partial<ExerciseDocumentInput> = {},
): ExerciseDocumentInput {
  return {
    companyName: '株式会社みなと精機',
    exercise: exerciseOf(s),
    checkpoints: loadExerciseContent().checkpoints,
    feedbackQuestions: [
      {
        id: 'useful',
        kind: 'scale',
        max: 5,
        text: { ja: '演習は役に立ちましたか', en: 'Was the exercise useful?' },
        minLabel: { ja: '全く', en: 'Not at all' },
        maxLabel: { ja: '非常に', en: 'Very' },
      },
      { id: 'comments', kind: 'free', text: { ja: 'ご意見', en: 'Comments' } },
    ],
    ...extra,
  };
}

const text = (doc: GeneratedDocument) => JSON.stringify(doc);

describe('the scenario library', () => {
  const { scenarios } = loadExerciseContent();

  it('has at least six scenarios, each mapping its expected actions to all 11 checkpoints', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    for (const s of scenarios) {
      const used = new Set(
        s.injects.flatMap((i) => i.expectedActions.flatMap((a) => a.checkpoints)),
      );
      expect(
        [...checkpointIds].filter((c) => !used.has(c)),
        s.id,
      ).toEqual([]);
    }
  });

  it('branches on decisions, addresses outside parties and shows more than one kind of medium', () => {
    for (const s of scenarios) {
      expect(
        s.injects.some((i) => i.when),
        `${s.id} branches`,
      ).toBe(true);
      expect(s.roles.some(isOutsideRole), `${s.id} outside roles`).toBe(true);
      expect(new Set(s.injects.flatMap((i) => i.media.map((m) => m.kind))).size).toBeGreaterThan(2);
    }
  });

  it('addresses the HR seat, and branches at more than one decision in at least three scenarios', () => {
    const forHr = scenarios.filter((s) => s.injects.some((i) => i.roles.includes('hr')));
    expect(forHr.map((s) => s.id)).toEqual(
      expect.arrayContaining(['ransomware-invoice', 'lost-laptop', 'vendor-vpn-intrusion']),
    );
    for (const s of forHr) expect(s.roles, s.id).toContain('hr');
    const choicePoints = (s: (typeof scenarios)[number]) =>
      new Set(s.injects.flatMap((i) => (i.when ? [`${i.when.inject}/${i.when.question}`] : [])))
        .size;
    expect(scenarios.filter((s) => choicePoints(s) >= 2).length).toBeGreaterThanOrEqual(3);
  });

  it('includes the seed attacker sequences and the required themes', () => {
    const byId = new Map(scenarios.map((s) => [s.id, s]));
    expect(byId.get('vendor-vpn-intrusion')?.attackerSteps).toHaveLength(7);
    for (const id of ['bec-payment-fraud', 'lost-laptop', 'web-skimming', 'cloud-outage-bcp'])
      expect(byId.has(id), id).toBe(true);
    expect(byId.get('cloud-outage-bcp')?.course).toBe('itbcp');
    // The lost-laptop scenario carries the regulator's reporting deadlines.
    const laptop = JSON.stringify(byId.get('lost-laptop'));
    expect(laptop).toContain('3〜5日');
    expect(laptop).toContain('30日');
    expect(laptop).toContain('60日');
  });
});

describe('exercise documents', () => {
  const { scenarios } = loadExerciseContent();

  it('builds every document of every scenario in both languages, valid against the model', () => {
    for (const s of scenarios)
      for (const lang of ['ja', 'en'] as const) {
        const input = inputOf(s);
        for (const build of [
          buildExplanation,
          buildSituationManual,
          buildHandbook,
          buildFeedbackForm,
        ])
          expect(
            () => generatedDocumentSchema.parse(build(input, lang)),
            `${s.id} ${lang}`,
          ).not.toThrow();
      }
  });

  it('the explanation has the seed structure: background, overview, next steps, scope, timetable, checkpoints, preparation', () => {
    const doc = buildExplanation(
      inputOf(scenarios.find((s) => s.id === 'vendor-vpn-intrusion')!),
      'ja',
    );
    expect(doc.sections.map((s) => s.key)).toEqual([
      'background',
      'overview',
      'objectives',
      'next-steps',
      'scope',
      'timetable',
      'checkpoints',
      'preparation',
    ]);
    const checkpoints = doc.sections.find((s) => s.key === 'checkpoints')!.blocks[0]!;
    expect(checkpoints.type === 'table' && checkpoints.rows).toHaveLength(11);
    // The seven attacker steps appear as a table in the scope section.
    const steps = doc.sections
      .find((s) => s.key === 'scope')!
      .blocks.find((b) => b.type === 'table');
    expect(steps?.type === 'table' && steps.rows).toHaveLength(7);
    // Wall-clock times from the scheduled start (10:00 in Tokyo).
    expect(text(doc)).toContain('10:00');
  });

  it('keeps the injects out of the situation manual but puts all of them in the handbook', () => {
    const s = scenarios.find((x) => x.id === 'bec-payment-fraud')!;
    const manual = text(buildSituationManual(inputOf(s), 'en'));
    const handbook = buildHandbook(inputOf(s), 'en');
    for (const inj of s.injects) {
      expect(manual).not.toContain(inj.situation.en);
      expect(handbook.sections.some((sec) => sec.key === `inject.${inj.id}`)).toBe(true);
    }
    // Branch conditions are spelled out for the facilitator.
    expect(text(handbook)).toContain('Call the supplier on the number already on file');
    expect(text(handbook)).toContain('Performed');
  });

  it('the after-action report carries the chart, scores, findings, actions with retest injects, feedback and trend', () => {
    const s = scenarios.find((x) => x.id === 'vendor-vpn-intrusion')!;
    const ex = exerciseOf(s);
    const aar: AarView = {
      exerciseId: ex.id,
      generatedAt: '2026-11-20T03:00:00.000Z',
      updatedAt: '2026-11-20T03:00:00.000Z',
      timeline: [
        {
          at: '2026-11-20T01:00:00.000Z',
          exerciseMs: 0,
          kind: 'released',
          injectId: s.injects[0]!.id,
          role: null,
          checkpointId: null,
          text: '',
          actor: null,
        },
        {
          at: '2026-11-20T01:03:00.000Z',
          exerciseMs: 180_000,
          kind: 'answer',
          injectId: s.injects[0]!.id,
          role: 'helpdesk',
          checkpointId: null,
          text: 'IT担当に電話で報告する',
          actor: '参加者1',
        },
      ],
      scores: [
        { checkpointId: 'decision-owner', score: 3, ratings: 1, rating: 'performed' },
        { checkpointId: 'contact-structure', score: 1, ratings: 1, rating: 'major_challenges' },
      ],
      overallScore: 2,
      strengths: [{ checkpointId: 'decision-owner', text: '社長が迷わず遮断を決めた' }],
      gaps: [{ checkpointId: 'contact-structure', text: '委託先の緊急連絡先が分からなかった' }],
      actions: [
        {
          id: '00000000-0000-4000-8000-0000000000cc',
          checkpointId: 'contact-structure',
          title: '委託先の緊急連絡先を連絡網に載せる',
          detail: '',
          ownerName: '港 誠',
          dueDate: '2026-12-20',
          effort: 'small',
          retest: {
            title: '深夜の委託先からの電話',
            situation: '',
            question: '誰が受けますか？',
            roles: ['it'],
          },
          sentAt: '2026-11-20T03:10:00.000Z',
        },
      ],
      chartPath: '/x',
      feedback: {
        responses: 2,
        questions: [
          {
            id: 'useful',
            text: { ja: '演習は役に立ちましたか', en: 'Was the exercise useful?' },
            kind: 'scale',
            average: 4.5,
            distribution: [0, 0, 0, 1, 1],
            comments: [],
          },
        ],
      },
    };
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
    const doc = buildAfterActionReport(
      inputOf(s, {
        aar,
        chartSvg: svg,
        trend: {
          exercises: [
            {
              id: ex.id,
              title: ex.title,
              closedAt: ex.closedAt,
              scores: aar.scores,
              overallScore: 2,
            },
          ],
        },
      }),
      'ja',
    );
    generatedDocumentSchema.parse(doc);
    expect(doc.sections.map((x) => x.key)).toEqual([
      'summary',
      'scores',
      'strengths',
      'gaps',
      'actions',
      'timeline',
      'feedback',
      'trend',
    ]);
    expect(doc.sections[1]!.blocks[0]).toMatchObject({ type: 'figure', svg });
    const all = text(doc);
    for (const expected of [
      '委託先の緊急連絡先を連絡網に載せる',
      '深夜の委託先からの電話',
      '港 誠',
      '2026-12-20',
      '大きな課題あり',
      'IT担当に電話で報告する',
      '4.5',
    ])
      expect(all).toContain(expected);
    // Without an after-action report the document says so instead of inventing one.
    const bare = buildAfterActionReport(inputOf(s), 'en');
    expect(bare.sections).toHaveLength(1);
    expect(text(bare)).toContain('has not been written yet');
  });
});
