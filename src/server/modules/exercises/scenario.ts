import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { localizedText } from '../../../contracts/localized';
import {
  checkpointIdSchema,
  exerciseCourseSchema,
  exerciseRoleSchema,
  injectMediumKindSchema,
  placeholderKeys,
  questionKindSchema,
  slugId,
} from '../../../contracts/exercises';
import { ContentError, contentRoot, loadContent } from '../../content/loader';

/*
 * Scenario content (content/exercises/scenarios/*.yaml) and the exercise checkpoints
 * (content/exercises/checkpoints.yaml). Text may carry placeholders such as {{system.core}} that are
 * replaced with the company's own names when an exercise is planned (see adapt.ts).
 */

export const checkpointContent = z.strictObject({
  id: checkpointIdSchema,
  no: z.int().min(1),
  name: localizedText,
  /** What the checkpoint asks of the organisation. */
  description: localizedText,
  /** What "performed" looks like: the evaluator's yardstick. */
  performed: localizedText,
});
export type CheckpointContent = z.infer<typeof checkpointContent>;

const checkpointsFile = z.strictObject({ checkpoints: z.array(checkpointContent).min(1) });

const choiceOption = z.strictObject({ id: slugId, label: localizedText });

export const scenarioQuestion = z
  .strictObject({
    id: slugId,
    text: localizedText,
    kind: questionKindSchema,
    /** Only for kind choice. */
    options: z.array(choiceOption).min(2).max(8).optional(),
  })
  .refine((q) => (q.kind === 'choice') === (q.options !== undefined), {
    message: 'choice questions need options; free questions must not have them',
  });
export type ScenarioQuestion = z.infer<typeof scenarioQuestion>;

export const expectedAction = z.strictObject({
  id: slugId,
  text: localizedText,
  checkpoints: z.array(checkpointIdSchema).min(1),
  /** Roles expected to act; empty means the team as a whole. */
  roles: z.array(exerciseRoleSchema).default([]),
});
export type ExpectedAction = z.infer<typeof expectedAction>;

export const injectMedium = z.strictObject({
  kind: injectMediumKindSchema,
  /** Sender, caller or source as the participants see it. */
  from: localizedText.optional(),
  subject: localizedText.optional(),
  body: localizedText,
});
export type InjectMedium = z.infer<typeof injectMedium>;

/**
 * Branching: the inject is released only if, when it falls due, the choice recorded for the named
 * question (the latest answer from any role) is one of anyOf — or, with noneOf, is not one of them
 * (no answer at all counts as "not one of them", so noneOf marks the default branch).
 */
export const injectCondition = z
  .strictObject({
    inject: slugId,
    question: slugId,
    anyOf: z.array(slugId).min(1).optional(),
    noneOf: z.array(slugId).min(1).optional(),
  })
  .refine((c) => (c.anyOf === undefined) !== (c.noneOf === undefined), {
    message: 'give exactly one of anyOf / noneOf',
  });
export type InjectCondition = z.infer<typeof injectCondition>;

export const scenarioInject = z.strictObject({
  id: slugId,
  offsetMinutes: z
    .int()
    .min(0)
    .max(24 * 60),
  phase: slugId,
  title: localizedText,
  /** What happens, for the facilitator and the handbook. */
  situation: localizedText,
  /** What the participants see. */
  media: z.array(injectMedium).min(1),
  roles: z.array(exerciseRoleSchema).min(1),
  questions: z.array(scenarioQuestion).default([]),
  expectedActions: z.array(expectedAction).default([]),
  when: injectCondition.optional(),
  /** The attacker step (1-based) of the scenario this inject belongs to, if any. */
  attackerStep: z.int().min(1).optional(),
});
export type ScenarioInject = z.infer<typeof scenarioInject>;

export const scenarioPhase = z.strictObject({
  id: slugId,
  title: localizedText,
  startMinute: z.int().min(0),
  /** What the phase is for, in the timetable. */
  purpose: localizedText,
});

export const attackerStep = z.strictObject({
  no: z.int().min(1),
  title: localizedText,
  description: localizedText,
});

export const scenarioContent = z.strictObject({
  id: slugId,
  course: exerciseCourseSchema,
  title: localizedText,
  summary: localizedText,
  objectives: z.array(localizedText).min(1),
  durationMinutes: z
    .int()
    .min(10)
    .max(8 * 60),
  roles: z.array(exerciseRoleSchema).min(1),
  phases: z.array(scenarioPhase).min(1),
  attackerSteps: z.array(attackerStep).default([]),
  injects: z.array(scenarioInject).min(1),
});
export type ScenarioContent = z.infer<typeof scenarioContent>;

const placeholderPattern = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;

function collectTexts(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectTexts(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value as Record<string, unknown>)) collectTexts(v, out);
}

/** Cross-field rules a schema cannot express; returns problems as "path: message". */
export function scenarioProblems(s: ScenarioContent, checkpointIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const phaseIds = new Set(s.phases.map((p) => p.id));
  if (phaseIds.size !== s.phases.length) problems.push('phases: ids are not unique');
  const roles = new Set(s.roles);
  const injectIds = new Set<string>();
  const byId = new Map(s.injects.map((i) => [i.id, i]));
  let lastOffset = -1;
  for (const [n, inj] of s.injects.entries()) {
    const at = `injects.${n} (${inj.id})`;
    if (injectIds.has(inj.id)) problems.push(`${at}: duplicate inject id`);
    injectIds.add(inj.id);
    if (inj.offsetMinutes < lastOffset) problems.push(`${at}: injects must be in offset order`);
    lastOffset = inj.offsetMinutes;
    if (inj.offsetMinutes > s.durationMinutes) problems.push(`${at}: offset beyond the duration`);
    if (!phaseIds.has(inj.phase)) problems.push(`${at}: unknown phase ${inj.phase}`);
    for (const r of inj.roles)
      if (!roles.has(r)) problems.push(`${at}: role ${r} is not in the scenario's roles`);
    if (new Set(inj.questions.map((q) => q.id)).size !== inj.questions.length)
      problems.push(`${at}: question ids are not unique`);
    for (const a of inj.expectedActions)
      for (const c of a.checkpoints)
        if (!checkpointIds.has(c)) problems.push(`${at}: unknown checkpoint ${c}`);
    if (inj.attackerStep !== undefined && !s.attackerSteps.some((st) => st.no === inj.attackerStep))
      problems.push(`${at}: unknown attacker step ${inj.attackerStep}`);
    if (inj.when) {
      const source = byId.get(inj.when.inject);
      const question = source?.questions.find((q) => q.id === inj.when?.question);
      if (!source || source.offsetMinutes > inj.offsetMinutes || source.id === inj.id)
        problems.push(`${at}: condition must refer to an earlier inject`);
      else if (!question || question.kind !== 'choice')
        problems.push(`${at}: condition must refer to a choice question`);
      else {
        const options = new Set(question.options?.map((o) => o.id));
        for (const o of [...(inj.when.anyOf ?? []), ...(inj.when.noneOf ?? [])])
          if (!options.has(o)) problems.push(`${at}: unknown option ${o}`);
      }
    }
  }
  const texts: string[] = [];
  collectTexts(s, texts);
  for (const t of texts)
    for (const m of t.matchAll(placeholderPattern))
      if (!(placeholderKeys as readonly string[]).includes(m[1] ?? ''))
        problems.push(`unknown placeholder {{${m[1]}}}`);
  return problems;
}

export const feedbackQuestion = z
  .strictObject({
    id: slugId,
    kind: z.enum(['scale', 'free']),
    text: localizedText,
    max: z.int().min(2).max(10).optional(),
    minLabel: localizedText.optional(),
    maxLabel: localizedText.optional(),
  })
  .refine((q) => (q.kind === 'scale') === (q.max !== undefined), {
    message: 'scale questions need max; free questions must not have it',
  });
export type FeedbackQuestion = z.infer<typeof feedbackQuestion>;
const feedbackFile = z.strictObject({ questions: z.array(feedbackQuestion).min(1).max(50) });

export interface ExerciseContent {
  checkpoints: CheckpointContent[];
  scenarios: ScenarioContent[];
  feedback: FeedbackQuestion[];
}

const SCENARIO_DIR = 'exercises/scenarios';
let cached: ExerciseContent | undefined;

/** The checkpoints and every scenario, validated once at start-up and shared afterwards. */
export function loadExerciseContent(): ExerciseContent {
  if (cached) return cached;
  const { checkpoints } = loadContent('exercises/checkpoints.yaml', checkpointsFile);
  const problems: string[] = [];
  if (new Set(checkpoints.map((c) => c.id)).size !== checkpoints.length)
    problems.push('exercises/checkpoints.yaml: checkpoint ids are not unique');
  const checkpointIds = new Set(checkpoints.map((c) => c.id));
  const files = fs
    .readdirSync(path.join(contentRoot, SCENARIO_DIR))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const scenarios: ScenarioContent[] = [];
  for (const file of files) {
    const rel = `${SCENARIO_DIR}/${file}`;
    const scenario = loadContent(rel, scenarioContent);
    if (`${scenario.id}.yaml` !== file) problems.push(`${rel}: id must match the file name`);
    for (const p of scenarioProblems(scenario, checkpointIds)) problems.push(`${rel}: ${p}`);
    scenarios.push(scenario);
  }
  if (scenarios.length === 0) problems.push(`${SCENARIO_DIR}: no scenarios`);
  if (new Set(scenarios.map((s) => s.id)).size !== scenarios.length)
    problems.push(`${SCENARIO_DIR}: scenario ids are not unique`);
  const { questions: feedback } = loadContent('exercises/feedback.yaml', feedbackFile);
  if (new Set(feedback.map((q) => q.id)).size !== feedback.length)
    problems.push('exercises/feedback.yaml: question ids are not unique');
  if (problems.length > 0) throw new ContentError(`Invalid content:\n  ${problems.join('\n  ')}`);
  cached = { checkpoints: checkpoints.sort((a, b) => a.no - b.no), scenarios, feedback };
  return cached;
}

export function findScenario(id: string): ScenarioContent | undefined {
  return loadExerciseContent().scenarios.find((s) => s.id === id);
}
