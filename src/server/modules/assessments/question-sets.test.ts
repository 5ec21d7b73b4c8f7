import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ContentError, contentRoot } from '../../content/loader';
import { readQuestionSets } from './catalog';
import { questionSetSchema } from './question-set';
import { scoreAssessment, visibleItemIds, type AnswerMap } from './scoring';

const catalog = readQuestionSets();

function answered(values: Record<string, string | number | string[]>): AnswerMap {
  return new Map(
    Object.entries(values).map(([id, value]) => [id, { state: 'answered' as const, value }]),
  );
}

describe('shipped question sets', () => {
  it('all validate, with every version file kept', () => {
    const ids = catalog.latestVersions().map((s) => s.set.id);
    expect(ids.sort()).toEqual(['hearing-csirt', 'hearing-itbcp', 'maturity', 'security-survey']);
    for (const id of ids) expect(catalog.versions(id)).toContain(1);
  });

  it('the security survey has 6 sections and 23 items scored 0–5, each section with feedback', () => {
    const survey = catalog.latest('security-survey')!;
    expect(survey.set.sections).toHaveLength(6);
    expect(survey.orderedItems).toHaveLength(23);
    expect(survey.orderedItems.every((e) => e.item.type === 'scale')).toBe(true);
    for (const section of survey.set.sections) {
      expect(section.bands?.[0]?.min).toBe(0);
      expect(section.bands!.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('the hearing sheets belong to their courses and cover what the course asks', () => {
    const csirt = catalog.latest('hearing-csirt')!;
    const itbcp = catalog.latest('hearing-itbcp')!;
    expect(csirt.set.course).toBe('csirt');
    expect(itbcp.set.course).toBe('itbcp');
    for (const id of ['past-incidents', 'information-location', 'interviews', 'documents']) {
      expect(csirt.sections.has(id)).toBe(true);
    }
    for (const id of ['it-environment', 'current-measures', 'risk', 'business-impact']) {
      expect(itbcp.sections.has(id)).toBe(true);
    }
    for (const angle of ['technical', 'organisational', 'human', 'physical']) {
      expect(itbcp.sections.get(`measures-${angle}`)?.parentId).toBe('current-measures');
    }
    expect(itbcp.items.get('process-1-rto')?.item.type).toBe('number');
    expect(itbcp.items.get('process-1-rpo')?.item.type).toBe('number');
  });

  it('the IT-BCP sheet offers the next business process only once the previous one is named', () => {
    const itbcp = catalog.latest('hearing-itbcp')!;
    expect(visibleItemIds(itbcp, answered({})).has('process-2-name')).toBe(false);
    const one = visibleItemIds(itbcp, answered({ 'process-1-name': '受注' }));
    expect(one.has('process-2-name')).toBe(true);
    expect(one.has('process-2-rto')).toBe(false);
    expect(one.has('process-3-name')).toBe(false);
  });
});

describe('maturity check routing', () => {
  const maturity = catalog.latest('maturity')!;
  const outcome = (values: Record<string, string>) =>
    scoreAssessment(maturity, answered(values)).outcome!;
  const baseline = {
    utm: 'yes',
    'endpoint-protection': 'edr',
    policy: 'approved',
    'management-view': 'discussed',
  };

  it('places a company with equipment, policy and a working structure at level 3+', () => {
    const result = outcome({
      ...baseline,
      'security-owner': 'designated',
      'ongoing-improvement': 'yes',
      'education-measured': 'partial',
      contacts: 'partial',
      'response-procedure': 'no',
      exercise: 'no',
      'recovery-plan': 'no',
    });
    expect(result.code).toBe('level-3-plus');
    expect(result.reasons.map((r) => r.en).join(' ')).toMatch(/next step.*IT-BCP course/s);
  });

  it('places it at level 3 when equipment and policy exist but the structure does not', () => {
    const result = outcome({ ...baseline, 'security-owner': 'side-job' });
    expect(result.code).toBe('level-3');
    expect(result.recommendation?.ja).toContain('体制');
  });

  it('places it at level 2 when the risk is recognised but equipment or rules are missing', () => {
    const result = outcome({
      'management-view': 'discussed',
      utm: 'no',
      'endpoint-protection': 'antivirus-all',
      policy: 'drafting',
      backup: 'same-network',
    });
    expect(result.code).toBe('level-2');
    expect(result.reasons.map((r) => r.ja)).toEqual([
      expect.stringContaining('認識'),
      expect.stringContaining('UTM'),
      expect.stringContaining('ポリシー'),
      expect.stringContaining('バックアップ'),
    ]);
  });

  it('places it at level 1 otherwise, also when everything is "don\'t know"', () => {
    expect(outcome({ 'management-view': 'not-considered', 'staff-training': 'never' }).code).toBe(
      'level-1',
    );
    expect(outcome({}).code).toBe('level-1');
  });
});

const t = (text: string) => ({ ja: text, en: text });
function set(sections: unknown[], outcomes: unknown[] = []) {
  return { id: 'broken', version: 1, kind: 'survey', title: t('x'), sections, outcomes };
}
const item = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'item',
  id,
  type: 'ynp',
  title: t(id),
  ...extra,
});
const section = (id: string, children: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'section',
  id,
  title: t(id),
  children,
  ...extra,
});
function problems(data: unknown): string[] {
  const parsed = questionSetSchema.safeParse(data);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('broken content is refused with the place named', () => {
  it('duplicate ids', () => {
    expect(problems(set([section('a', [item('x'), item('x')])]))).toEqual([
      "sections.0.children.1.id: duplicate id 'x'",
    ]);
  });

  it('an expression that does not parse, with the position', () => {
    expect(
      problems(set([section('a', [item('x'), item('y', { showIf: "answer('x' == 'yes'" })])])),
    ).toEqual([
      "sections.0.children.1.showIf: expected ')' at position 11 in: answer('x' == 'yes'",
    ]);
  });

  it('conditions that look ahead, use scores, or name things that do not exist', () => {
    expect(
      problems(
        set([
          section('a', [
            item('x', { showIf: "answer('y') == 'yes'" }),
            item('y', { showIf: "score('a') > 1" }),
            item('z', { showIf: "answer('nothing') == 'yes'" }),
          ]),
        ]),
      ),
    ).toEqual([
      "sections.0.children.0.showIf: showIf may only refer to items before it ('y')",
      'sections.0.children.1.showIf: showIf may use answer() and state() only, not score()',
      "sections.0.children.2.showIf: answer('nothing') names no item",
    ]);
  });

  it('compared values that an answer can never take', () => {
    const outcome = {
      id: 'o',
      when: "answer('x') == 'maybe' or score('nope') > 1",
      result: { code: 'o', label: t('o') },
      reasons: [{ text: t('r'), when: "state('x') == 'skipped'" }],
    };
    expect(problems(set([section('a', [item('x')])], [outcome]))).toEqual([
      "outcomes.0.when: score('nope') names no section",
      "outcomes.0.when: 'maybe' is not a possible value of answer('x')",
      "outcomes.0.reasons.0.when: 'skipped' is not a possible value of state('x')",
    ]);
  });

  it('choices with points on some only, bands that do not rise, a scale without six levels', () => {
    const choice = (id: string, points?: number) => ({
      id,
      label: t(id),
      ...(points === undefined ? {} : { points }),
    });
    const result = problems(
      set([
        section(
          'a',
          [
            item('x', { type: 'single', choices: [choice('p', 1), choice('q')] }),
            item('y', { type: 'scale', levels: [t('0'), t('1')] }),
          ],
          {
            bands: [
              { min: 0, meaning: t('m'), toRaise: t('r') },
              { min: 0, meaning: t('m'), toRaise: t('r') },
            ],
          },
        ),
      ]),
    );
    expect(result).toEqual([
      'sections.0.children.1.levels: Too small: expected array to have exactly 6 items',
      'sections.0.bands.1.min: bands must rise',
      'sections.0.children.0.choices: give points to every choice or none',
    ]);
  });
});

describe('version files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-sets-'));
  const relative = path.relative(contentRoot, dir);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: unknown) =>
    fs.writeFileSync(path.join(dir, name), YAML.stringify(data));
  const valid = (version: number) => ({ ...set([section('a', [item('x')])]), version });

  it('keeps every version and serves the newest by default', () => {
    write('broken.v1.yaml', valid(1));
    write('broken.v2.yaml', valid(2));
    const sets = readQuestionSets(relative);
    expect(sets.versions('broken')).toEqual([1, 2]);
    expect(sets.latest('broken')?.set.version).toBe(2);
    expect(sets.get('broken', 1)?.set.version).toBe(1);
  });

  it('refuses a file whose name does not match its id and version', () => {
    write('broken.v3.yaml', valid(2));
    expect(() => readQuestionSets(relative)).toThrow(/broken\.v3\.yaml.*not what its name says/);
    fs.rmSync(path.join(dir, 'broken.v3.yaml'));
    write('broken.yaml', valid(1));
    expect(() => readQuestionSets(relative)).toThrow(ContentError);
  });
});
