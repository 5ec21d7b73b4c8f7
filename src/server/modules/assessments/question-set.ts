import { z } from 'zod';
import {
  evidenceFile,
  isScoredItem,
  questionSetShape,
  type QuestionItem,
  type QuestionSection,
  type QuestionSet,
  type QuestionSubsection,
} from '../../../contracts/assessments';
import {
  collectCalls,
  collectComparedLiterals,
  ExpressionError,
  parseCondition,
  type Expr,
} from './expressions';

export type { QuestionItem, QuestionSet } from '../../../contracts/assessments';
type AnySection = QuestionSection | QuestionSubsection;
type Outcome = QuestionSet['outcomes'][number];

export const YNP_VALUES = ['yes', 'partial', 'no'] as const;
/** What `state('item')` can return. */
export const STATE_VALUES = ['answered', 'dont_know', 'not_applicable', 'unanswered', 'hidden'];

export interface ItemEntry {
  item: QuestionItem;
  /** Position in document order; conditions may only look back. */
  order: number;
  /** Enclosing sections, outermost first. */
  sectionIds: string[];
  showIf: Expr | undefined;
}

export interface SectionEntry {
  section: AnySection;
  parentId: string | null;
  /** Every item in the section, its subsections included, in document order. */
  itemIds: string[];
  firstOrder: number;
  showIf: Expr | undefined;
}

export interface CompiledOutcome {
  outcome: Outcome;
  when: Expr;
  reasons: { text: Outcome['reasons'][number]['text']; when: Expr | undefined }[];
}

/** A validated set with its lookups and parsed conditions, built once at load. */
export interface IndexedQuestionSet {
  set: QuestionSet;
  items: Map<string, ItemEntry>;
  orderedItems: ItemEntry[];
  sections: Map<string, SectionEntry>;
  orderedSections: SectionEntry[];
  outcomes: CompiledOutcome[];
}

type Path = (string | number)[];
interface Issue {
  path: Path;
  message: string;
}

interface WalkedNode {
  id: string;
  path: Path;
  order: number;
  node: AnySection | QuestionItem;
  sectionIds: string[];
}

/** Every section and item with its path in the file and its position among the items. */
function walk(set: QuestionSet): { nodes: WalkedNode[]; itemOrder: Map<string, number> } {
  const nodes: WalkedNode[] = [];
  const itemOrder = new Map<string, number>();
  let order = 0;
  const visit = (node: AnySection | QuestionItem, path: Path, sectionIds: string[]) => {
    if (node.kind === 'item') {
      nodes.push({ id: node.id, path, order, node, sectionIds });
      if (!itemOrder.has(node.id)) itemOrder.set(node.id, order);
      order++;
      return;
    }
    nodes.push({ id: node.id, path, order, node, sectionIds });
    node.children.forEach((child, i) =>
      visit(child, [...path, 'children', i], [...sectionIds, node.id]),
    );
  };
  set.sections.forEach((s, i) => visit(s, ['sections', i], []));
  return { nodes, itemOrder };
}

function checkUniqueIds(nodes: WalkedNode[]): Issue[] {
  const seen = new Set<string>();
  return nodes.flatMap((n) => {
    if (seen.has(n.id)) return [{ path: [...n.path, 'id'], message: `duplicate id '${n.id}'` }];
    seen.add(n.id);
    return [];
  });
}

function checkItem(item: QuestionItem, path: Path): Issue[] {
  const issues: Issue[] = [];
  if (item.type === 'single' || item.type === 'multiple') {
    const ids = new Set<string>();
    item.choices.forEach((c, i) => {
      if (ids.has(c.id))
        issues.push({ path: [...path, 'choices', i, 'id'], message: `duplicate choice '${c.id}'` });
      ids.add(c.id);
      if (c.exclusive && item.type === 'single')
        issues.push({
          path: [...path, 'choices', i, 'exclusive'],
          message: 'only multiple-choice items have exclusive choices',
        });
    });
    const withPoints = item.choices.filter((c) => c.points !== undefined).length;
    if (withPoints > 0 && withPoints < item.choices.length)
      issues.push({ path: [...path, 'choices'], message: 'give points to every choice or none' });
  }
  if (item.type === 'number' && item.min !== undefined && item.max !== undefined) {
    if (item.min > item.max) issues.push({ path: [...path, 'min'], message: 'min is above max' });
  }
  if (!isScoredItem(item) && item.weight !== 1) {
    issues.push({ path: [...path, 'weight'], message: 'a weight only matters on a scored item' });
  }
  return issues;
}

function checkBands(section: AnySection, path: Path): Issue[] {
  const bands = section.bands;
  // An empty list is already reported by the shape check, which lets this check run anyway.
  if (!bands || bands.length === 0) return [];
  if (bands[0]!.min !== 0) return [{ path: [...path, 'bands', 0, 'min'], message: 'start at 0' }];
  return bands.flatMap((b, i) =>
    i > 0 && b.min <= bands[i - 1]!.min
      ? [{ path: [...path, 'bands', i, 'min'], message: 'bands must rise' }]
      : [],
  );
}

function tryParse(source: string, path: Path, issues: Issue[]): Expr | undefined {
  try {
    return parseCondition(source);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    issues.push({ path, message: err.message });
    return undefined;
  }
}

/** Which literals an answer can be compared with; undefined means any. */
function allowedLiterals(item: QuestionItem): readonly string[] | undefined {
  switch (item.type) {
    case 'single':
    case 'multiple':
      return item.choices.map((c) => c.id);
    case 'ynp':
      return YNP_VALUES;
    case 'scale':
    case 'number':
      return [];
    default:
      return undefined;
  }
}

interface ReferenceRules {
  items: Map<string, QuestionItem>;
  itemOrder: Map<string, number>;
  sectionIds: Set<string>;
  /** For showIf: only items before this position, and no scores. */
  before: number | undefined;
}

function checkReferences(expr: Expr, path: Path, rules: ReferenceRules): Issue[] {
  const issues: Issue[] = [];
  for (const call of collectCalls(expr)) {
    if (rules.before !== undefined && (call.name === 'score' || call.name === 'total')) {
      issues.push({
        path,
        message: `showIf may use answer() and state() only, not ${call.name}()`,
      });
    } else if (call.name === 'score' && !rules.sectionIds.has(call.arg!)) {
      issues.push({ path, message: `score('${call.arg}') names no section` });
    } else if (call.name === 'answer' || call.name === 'state') {
      const order = rules.itemOrder.get(call.arg!);
      if (order === undefined)
        issues.push({ path, message: `${call.name}('${call.arg}') names no item` });
      else if (rules.before !== undefined && order >= rules.before)
        issues.push({ path, message: `showIf may only refer to items before it ('${call.arg}')` });
    }
  }
  for (const { call, literals } of collectComparedLiterals(expr)) {
    const item = rules.items.get(call.arg!);
    const allowed = call.name === 'state' ? STATE_VALUES : item && allowedLiterals(item);
    if (!allowed) continue;
    for (const literal of literals.filter((l) => !allowed.includes(l))) {
      issues.push({
        path,
        message: `'${literal}' is not a possible value of ${call.name}('${call.arg}')`,
      });
    }
  }
  return issues;
}

/** The checks a schema cannot express: unique ids, sound choices and bands, valid conditions. */
export function checkQuestionSet(set: QuestionSet): Issue[] {
  const { nodes, itemOrder } = walk(set);
  const issues = checkUniqueIds(nodes);
  const items = new Map<string, QuestionItem>();
  for (const n of nodes) if (n.node.kind === 'item') items.set(n.id, n.node);
  const sectionIds = new Set(nodes.filter((n) => n.node.kind === 'section').map((n) => n.id));
  const rules = { items, itemOrder, sectionIds };

  for (const n of nodes) {
    issues.push(
      ...(n.node.kind === 'item' ? checkItem(n.node, n.path) : checkBands(n.node, n.path)),
    );
    if (!n.node.showIf) continue;
    const path = [...n.path, 'showIf'];
    const expr = tryParse(n.node.showIf, path, issues);
    if (expr) issues.push(...checkReferences(expr, path, { ...rules, before: n.order }));
  }
  const outcomeIds = new Set<string>();
  set.outcomes.forEach((o, i) => {
    if (outcomeIds.has(o.id))
      issues.push({ path: ['outcomes', i, 'id'], message: `duplicate outcome '${o.id}'` });
    outcomeIds.add(o.id);
    const conditions: [string, Path][] = [
      [o.when, ['outcomes', i, 'when']],
      ...o.reasons.flatMap((r, j): [string, Path][] =>
        r.when ? [[r.when, ['outcomes', i, 'reasons', j, 'when']]] : [],
      ),
    ];
    for (const [source, path] of conditions) {
      const expr = tryParse(source, path, issues);
      if (expr) issues.push(...checkReferences(expr, path, { ...rules, before: undefined }));
    }
  });
  return issues;
}

/** The schema of a question set file: the shape, then the checks across nodes. */
export const questionSetSchema = questionSetShape.superRefine((set, ctx) => {
  for (const issue of checkQuestionSet(set)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
});

/** Builds the lookups of a set that passed questionSetSchema. */
export function indexQuestionSet(set: QuestionSet): IndexedQuestionSet {
  const { nodes } = walk(set);
  const items = new Map<string, ItemEntry>();
  const sections = new Map<string, SectionEntry>();
  for (const n of nodes) {
    const showIf = n.node.showIf ? parseCondition(n.node.showIf) : undefined;
    if (n.node.kind === 'item') {
      items.set(n.id, { item: n.node, order: n.order, sectionIds: n.sectionIds, showIf });
      for (const sectionId of n.sectionIds) sections.get(sectionId)!.itemIds.push(n.id);
    } else {
      sections.set(n.id, {
        section: n.node,
        parentId: n.sectionIds.at(-1) ?? null,
        itemIds: [],
        firstOrder: n.order,
        showIf,
      });
    }
  }
  return {
    set,
    items,
    orderedItems: [...items.values()],
    sections,
    orderedSections: [...sections.values()],
    outcomes: set.outcomes.map((outcome) => ({
      outcome,
      when: parseCondition(outcome.when),
      reasons: outcome.reasons.map((r) => ({
        text: r.text,
        when: r.when ? parseCondition(r.when) : undefined,
      })),
    })),
  };
}

const valueSchemas = new WeakMap<QuestionItem, z.ZodType>();

function choiceIds(item: { choices: { id: string }[] }): [string, ...string[]] {
  return item.choices.map((c) => c.id) as [string, ...string[]];
}

function buildValueSchema(item: QuestionItem): z.ZodType {
  switch (item.type) {
    case 'scale':
      return z.int().min(0).max(5);
    case 'single':
      return z.enum(choiceIds(item));
    case 'multiple': {
      const exclusive = new Set(item.choices.filter((c) => c.exclusive).map((c) => c.id));
      return z
        .array(z.enum(choiceIds(item)))
        .min(1)
        .refine((ids) => new Set(ids).size === ids.length, 'each choice once')
        .refine(
          (ids) => ids.length === 1 || !ids.some((id) => exclusive.has(id)),
          'this choice cannot be combined with others',
        );
    }
    case 'ynp':
      return z.enum(YNP_VALUES);
    case 'number': {
      let schema = item.integer ? z.int() : z.number();
      if (item.min !== undefined) schema = schema.min(item.min);
      if (item.max !== undefined) schema = schema.max(item.max);
      return schema;
    }
    case 'date':
      return z.iso.date();
    case 'text':
      return z.string().trim().min(1).max(item.maxLength);
    case 'evidence':
      return z
        .array(
          evidenceFile.extend({
            mediaType: z.enum(item.accept as [string, ...string[]]),
            sizeBytes: z.int().min(0).max(item.maxSizeBytes),
          }),
        )
        .min(1)
        .max(item.maxFiles);
  }
}

/** The schema an answer to this item must satisfy (files: metadata only). */
export function answerValueSchema(item: QuestionItem): z.ZodType {
  let schema = valueSchemas.get(item);
  if (!schema) {
    schema = buildValueSchema(item);
    valueSchemas.set(item, schema);
  }
  return schema;
}
