import {
  isScoredItem,
  type AnswerState,
  type AnswerValue,
  type LocalizedText,
  type QuestionItem,
} from '../../../contracts/assessments';
import { evaluate, type EvaluationContext, type Expr, type Value } from './expressions';
import type { IndexedQuestionSet } from './question-set';

/** Pure functions from a set and its answers to visibility, scores, outcome and progress. */

export interface StoredAnswer {
  /** null: only a comment so far. */
  state: AnswerState | null;
  value: AnswerValue | null;
}
export type AnswerMap = ReadonlyMap<string, StoredAnswer>;

const YNP_POINTS: Record<string, number> = { yes: 1, partial: 0.5, no: 0 };

/** An answer's points from 0 to 1; null when the item does not count towards scores. */
export function itemPoints(item: QuestionItem, value: AnswerValue | null): number | null {
  if (value === null || !isScoredItem(item)) return null;
  switch (item.type) {
    case 'scale':
      return typeof value === 'number' ? value / 5 : null;
    case 'ynp':
      return typeof value === 'string' ? (YNP_POINTS[value] ?? null) : null;
    case 'single': {
      const max = Math.max(...item.choices.map((c) => c.points ?? 0));
      const chosen = item.choices.find((c) => c.id === value);
      return chosen && max > 0 ? (chosen.points ?? 0) / max : null;
    }
    case 'multiple': {
      if (!Array.isArray(value)) return null;
      const possible = item.choices.reduce((sum, c) => sum + (c.points ?? 0), 0);
      const earned = item.choices
        .filter((c) => (value as unknown[]).includes(c.id))
        .reduce((sum, c) => sum + (c.points ?? 0), 0);
      return possible > 0 ? Math.min(earned / possible, 1) : null;
    }
    default:
      return null;
  }
}

/** What an expression sees of an answer: a scalar, choice ids, or the names of attached files. */
function expressionValue(value: AnswerValue | null): Value {
  if (value === null || !Array.isArray(value)) return value;
  return value.map((v) => (typeof v === 'string' ? v : v.name));
}

function answeredValue(answers: AnswerMap, id: string): AnswerValue | null {
  const a = answers.get(id);
  return a?.state === 'answered' ? a.value : null;
}

function answerContext(
  answers: AnswerMap,
  visible: ReadonlySet<string>,
): Pick<EvaluationContext, 'answer' | 'state'> {
  return {
    answer: (id) => (visible.has(id) ? expressionValue(answeredValue(answers, id)) : null),
    state: (id) => (visible.has(id) ? (answers.get(id)?.state ?? 'unanswered') : 'hidden'),
  };
}

const noScores = { score: () => null, total: () => null };

/**
 * The items shown given the answers, decided in document order: conditions only look back, so an
 * item hidden earlier reads as unanswered to everything after it.
 */
export function visibleItemIds(index: IndexedQuestionSet, answers: AnswerMap): Set<string> {
  const visible = new Set<string>();
  const ctx: EvaluationContext = { ...answerContext(answers, visible), ...noScores };
  const sectionShown = new Map<string, boolean>();
  const shown = (expr: Expr | undefined) => !expr || evaluate(expr, ctx);
  for (const entry of index.orderedItems) {
    const sectionsShown = entry.sectionIds.every((id) => {
      if (!sectionShown.has(id)) sectionShown.set(id, shown(index.sections.get(id)!.showIf));
      return sectionShown.get(id)!;
    });
    if (sectionsShown && shown(entry.showIf)) visible.add(entry.item.id);
  }
  return visible;
}

/** Each scored, visible, answered item on the 0–5 scale. Don't-know and N/A have no score. */
export function itemScores(
  index: IndexedQuestionSet,
  answers: AnswerMap,
  visible: ReadonlySet<string>,
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { item } of index.orderedItems) {
    if (!visible.has(item.id)) continue;
    const points = itemPoints(item, answeredValue(answers, item.id));
    if (points !== null) scores.set(item.id, points * 5);
  }
  return scores;
}

/** Section score: the weighted mean of its scored items, 0–5; null when none is scored yet. */
export function sectionScores(
  index: IndexedQuestionSet,
  scoresByItem: ReadonlyMap<string, number>,
): Map<string, number | null> {
  const result = new Map<string, number | null>();
  for (const [id, entry] of index.sections) {
    let weighted = 0;
    let weights = 0;
    for (const itemId of entry.itemIds) {
      const score = scoresByItem.get(itemId);
      const weight = index.items.get(itemId)!.item.weight;
      if (score === undefined || weight === 0) continue;
      weighted += score * weight;
      weights += weight;
    }
    result.set(id, weights > 0 ? weighted / weights : null);
  }
  return result;
}

/** The overall score: the weighted mean of the top-level section scores that exist. */
export function overallScore(
  index: IndexedQuestionSet,
  scoresBySection: ReadonlyMap<string, number | null>,
): number | null {
  let weighted = 0;
  let weights = 0;
  for (const section of index.set.sections) {
    const score = scoresBySection.get(section.id);
    if (score === null || score === undefined || section.weight === 0) continue;
    weighted += score * section.weight;
    weights += section.weight;
  }
  return weights > 0 ? weighted / weights : null;
}

export interface OutcomeResult {
  id: string;
  code: string;
  label: LocalizedText;
  recommendation: LocalizedText | null;
  reasons: LocalizedText[];
}

/** The first outcome whose condition holds, with the reasons that apply. */
export function evaluateOutcome(
  index: IndexedQuestionSet,
  ctx: EvaluationContext,
): OutcomeResult | null {
  const match = index.outcomes.find((o) => evaluate(o.when, ctx));
  if (!match) return null;
  const { outcome } = match;
  return {
    id: outcome.id,
    code: outcome.result.code,
    label: outcome.result.label,
    recommendation: outcome.result.recommendation ?? null,
    reasons: match.reasons.filter((r) => !r.when || evaluate(r.when, ctx)).map((r) => r.text),
  };
}

export interface SectionProgress {
  sectionId: string;
  visible: number;
  /** Items with any answer state: answered, don't know or not applicable. */
  answered: number;
  dontKnow: number;
  notApplicable: number;
}

/** Per section: how many visible items there are and how many have been dealt with. */
export function sectionProgress(
  index: IndexedQuestionSet,
  answers: AnswerMap,
  visible: ReadonlySet<string>,
): SectionProgress[] {
  return index.orderedSections.map((entry) => {
    const shown = entry.itemIds.filter((id) => visible.has(id));
    const states = shown.map((id) => answers.get(id)?.state ?? null);
    return {
      sectionId: entry.section.id,
      visible: shown.length,
      answered: states.filter((s) => s !== null).length,
      dontKnow: states.filter((s) => s === 'dont_know').length,
      notApplicable: states.filter((s) => s === 'not_applicable').length,
    };
  });
}

/** Visible items that must be answered (or marked don't know / N/A) before submission. */
export function missingRequiredItems(
  index: IndexedQuestionSet,
  answers: AnswerMap,
  visible: ReadonlySet<string>,
): string[] {
  return index.orderedItems
    .filter((e) => visible.has(e.item.id) && !e.item.optional && !answers.get(e.item.id)?.state)
    .map((e) => e.item.id);
}

export interface AssessmentScore {
  visible: Set<string>;
  items: Map<string, number>;
  sections: Map<string, number | null>;
  total: number | null;
  outcome: OutcomeResult | null;
  progress: SectionProgress[];
  /** Visible items answered "don't know", in document order. */
  followUps: string[];
}

/** Everything the results page shows that follows from the set and the answers alone. */
export function scoreAssessment(index: IndexedQuestionSet, answers: AnswerMap): AssessmentScore {
  const visible = visibleItemIds(index, answers);
  const items = itemScores(index, answers, visible);
  const sections = sectionScores(index, items);
  const total = overallScore(index, sections);
  const outcome = evaluateOutcome(index, {
    ...answerContext(answers, visible),
    score: (id) => sections.get(id) ?? null,
    total: () => total,
  });
  return {
    visible,
    items,
    sections,
    total,
    outcome,
    progress: sectionProgress(index, answers, visible),
    followUps: index.orderedItems
      .filter((e) => visible.has(e.item.id) && answers.get(e.item.id)?.state === 'dont_know')
      .map((e) => e.item.id),
  };
}
