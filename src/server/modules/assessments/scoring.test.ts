import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../contracts/assessments';
import { indexQuestionSet, questionSetSchema } from './question-set';
import {
  itemPoints,
  missingRequiredItems,
  scoreAssessment,
  visibleItemIds,
  type AnswerMap,
  type StoredAnswer,
} from './scoring';

const t = (text: string) => ({ ja: text, en: text });
const levels = [0, 1, 2, 3, 4, 5].map((n) => t(`level ${n}`));

/** A small set exercising every scored type, weights, nesting, conditions and outcomes. */
const index = indexQuestionSet(
  questionSetSchema.parse({
    id: 'test-set',
    version: 1,
    kind: 'survey',
    title: t('Test'),
    sections: [
      {
        kind: 'section',
        id: 'basics',
        title: t('Basics'),
        bands: [
          { min: 0, meaning: t('low'), toRaise: t('start') },
          { min: 3, meaning: t('good'), toRaise: t('keep going') },
        ],
        children: [
          { kind: 'item', id: 'policy', type: 'scale', title: t('Policy'), levels },
          { kind: 'item', id: 'backup', type: 'scale', title: t('Backup'), levels, weight: 3 },
          { kind: 'item', id: 'utm', type: 'ynp', title: t('UTM') },
          { kind: 'item', id: 'notes', type: 'text', title: t('Notes'), optional: true },
        ],
      },
      {
        kind: 'section',
        id: 'remote',
        title: t('Remote access'),
        weight: 2,
        children: [
          {
            kind: 'item',
            id: 'has-vpn',
            type: 'single',
            title: t('VPN?'),
            choices: [
              { id: 'yes', label: t('yes') },
              { id: 'no', label: t('no') },
            ],
          },
          {
            kind: 'section',
            id: 'vpn',
            title: t('VPN'),
            showIf: "answer('has-vpn') == 'yes'",
            children: [
              {
                kind: 'item',
                id: 'vpn-patching',
                type: 'single',
                title: t('Patching'),
                choices: [
                  { id: 'never', label: t('never'), points: 0 },
                  { id: 'late', label: t('late'), points: 1 },
                  { id: 'prompt', label: t('prompt'), points: 4 },
                ],
              },
              {
                kind: 'item',
                id: 'vpn-mfa',
                type: 'ynp',
                title: t('MFA'),
                showIf: "answer('vpn-patching') != 'never'",
              },
            ],
          },
          {
            kind: 'item',
            id: 'controls',
            type: 'multiple',
            title: t('Controls'),
            choices: [
              { id: 'mfa', label: t('MFA'), points: 2 },
              { id: 'logs', label: t('Logs'), points: 1 },
              { id: 'geo', label: t('Geo'), points: 1 },
              { id: 'none', label: t('None'), points: 0, exclusive: true },
            ],
          },
        ],
      },
    ],
    outcomes: [
      {
        id: 'strong',
        when: "score('basics') >= 4 and score('remote') >= 4",
        result: { code: 'strong', label: t('Strong') },
        reasons: [{ text: t('both sections high') }],
      },
      {
        id: 'fallback',
        when: 'true',
        result: { code: 'weak', label: t('Weak'), recommendation: t('work on it') },
        reasons: [
          { text: t('always') },
          { text: t('no utm'), when: "answer('utm') != 'yes'" },
          { text: t('total low'), when: 'total() < 2' },
        ],
      },
    ],
  }),
);

function answers(entries: Record<string, AnswerValue | 'dont_know' | 'not_applicable'>): AnswerMap {
  return new Map(
    Object.entries(entries).map(([id, v]): [string, StoredAnswer] =>
      v === 'dont_know' || v === 'not_applicable'
        ? [id, { state: v, value: null }]
        : [id, { state: 'answered', value: v }],
    ),
  );
}

describe('item points', () => {
  const item = (id: string) => index.items.get(id)!.item;
  it('normalises every scored type to 0–1', () => {
    expect(itemPoints(item('policy'), 4)).toBe(0.8);
    expect(itemPoints(item('utm'), 'partial')).toBe(0.5);
    expect(itemPoints(item('vpn-patching'), 'late')).toBe(0.25);
    expect(itemPoints(item('controls'), ['mfa', 'logs'])).toBe(0.75);
    expect(itemPoints(item('controls'), ['none'])).toBe(0);
  });

  it('gives no points to unscored items', () => {
    expect(itemPoints(item('has-vpn'), 'yes')).toBeNull();
    expect(itemPoints(item('notes'), 'text')).toBeNull();
  });
});

describe('section scores and the total', () => {
  it('takes the weighted mean of answered items on the 0–5 scale', () => {
    const score = scoreAssessment(index, answers({ policy: 5, backup: 1, utm: 'yes' }));
    // (5*1 + 1*3 + 5*1) / 5
    expect(score.sections.get('basics')).toBeCloseTo(2.6);
    expect(score.items.get('utm')).toBe(5);
    expect(score.sections.get('remote')).toBeNull();
    // Sections without a score do not drag the total down.
    expect(score.total).toBeCloseTo(2.6);
  });

  it('leaves out "don\'t know" and "not applicable", and lists don\'t-know for follow-up', () => {
    const score = scoreAssessment(
      index,
      answers({ policy: 4, backup: 'dont_know', utm: 'not_applicable' }),
    );
    expect(score.sections.get('basics')).toBe(4);
    expect(score.followUps).toEqual(['backup']);
    const basics = score.progress.find((p) => p.sectionId === 'basics')!;
    expect(basics).toEqual({
      sectionId: 'basics',
      visible: 4,
      answered: 3,
      dontKnow: 1,
      notApplicable: 1,
    });
  });

  it('weights top-level sections in the total', () => {
    const score = scoreAssessment(index, answers({ policy: 5, backup: 5, controls: ['none'] }));
    expect(score.sections.get('basics')).toBe(5);
    expect(score.sections.get('remote')).toBe(0);
    // (5*1 + 0*2) / 3
    expect(score.total).toBeCloseTo(5 / 3);
  });

  it('scores a subsection on its own and inside its parent', () => {
    const score = scoreAssessment(
      index,
      answers({ 'has-vpn': 'yes', 'vpn-patching': 'prompt', 'vpn-mfa': 'no', controls: ['mfa'] }),
    );
    expect(score.sections.get('vpn')).toBe(2.5);
    // patching 5, mfa 0, controls 2.5
    expect(score.sections.get('remote')).toBe(2.5);
  });
});

describe('conditional items', () => {
  it('shows a subsection only after the answer it depends on', () => {
    expect(visibleItemIds(index, answers({})).has('vpn-patching')).toBe(false);
    expect(visibleItemIds(index, answers({ 'has-vpn': 'no' })).has('vpn-patching')).toBe(false);
    expect(visibleItemIds(index, answers({ 'has-vpn': 'yes' })).has('vpn-patching')).toBe(true);
  });

  it('hides answers of items that became hidden from scores, chains included', () => {
    const given = {
      'has-vpn': 'no',
      'vpn-patching': 'prompt',
      'vpn-mfa': 'yes',
      controls: ['logs'],
    };
    const score = scoreAssessment(index, answers(given));
    expect(score.visible.has('vpn-patching')).toBe(false);
    // vpn-mfa depends on vpn-patching, which is hidden and so reads as unanswered.
    expect(score.visible.has('vpn-mfa')).toBe(false);
    expect(score.sections.get('vpn')).toBeNull();
    expect(score.sections.get('remote')).toBe(1.25);
  });

  it('counts only visible required items as missing at submission', () => {
    const missing = missingRequiredItems(
      index,
      answers({ policy: 1, backup: 1, utm: 'no', 'has-vpn': 'no' }),
      visibleItemIds(index, answers({ policy: 1, backup: 1, utm: 'no', 'has-vpn': 'no' })),
    );
    // notes is optional, the VPN subsection is hidden.
    expect(missing).toEqual(['controls']);
  });
});

describe('outcomes', () => {
  it('takes the first outcome that holds, with the reasons whose conditions hold', () => {
    const weak = scoreAssessment(index, answers({ policy: 1, backup: 1, utm: 'no' })).outcome;
    expect(weak).toMatchObject({ id: 'fallback', code: 'weak', recommendation: t('work on it') });
    expect(weak!.reasons).toEqual([t('always'), t('no utm'), t('total low')]);

    const strong = scoreAssessment(
      index,
      answers({ policy: 5, backup: 4, utm: 'yes', 'has-vpn': 'yes', 'vpn-patching': 'prompt' }),
    ).outcome;
    expect(strong).toMatchObject({ id: 'strong', reasons: [t('both sections high')] });
  });
});
