import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  collectCalls,
  evaluate,
  ExpressionError,
  parseCondition,
  type EvaluationContext,
  type Value,
} from './expressions';

function context(
  answers: Record<string, Value> = {},
  scores: Record<string, number> = {},
  total: number | null = null,
): EvaluationContext {
  const answerMap = new Map(Object.entries(answers));
  const scoreMap = new Map(Object.entries(scores));
  return {
    answer: (id) => answerMap.get(id) ?? null,
    state: (id) => (answerMap.has(id) ? 'answered' : 'unanswered'),
    score: (id) => scoreMap.get(id) ?? null,
    total: () => total,
  };
}

const run = (source: string, ctx = context()) => evaluate(parseCondition(source), ctx);

function errorOf(source: string): ExpressionError {
  try {
    parseCondition(source);
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
  throw new Error(`no error for ${source}`);
}

describe('parsing and evaluating', () => {
  it('compares numbers, strings, booleans and null', () => {
    expect(run('1 < 2')).toBe(true);
    expect(run('2.5 >= 2.5')).toBe(true);
    expect(run('-1 < 0')).toBe(true);
    expect(run('\'a\' == "a"')).toBe(true);
    expect(run("'it\\'s' == \"it's\"")).toBe(true);
    expect(run('true != false')).toBe(true);
    expect(run('null == null')).toBe(true);
    expect(run("'2026-04-01' < '2026-10-01'")).toBe(true);
  });

  it('reads answers, states, section scores and the total', () => {
    const ctx = context({ utm: 'yes', measures: ['backup', 'edr'] }, { network: 3.5 }, 2.8);
    expect(run("answer('utm') == 'yes'", ctx)).toBe(true);
    expect(run("state('utm') == 'answered' and state('other') == 'unanswered'", ctx)).toBe(true);
    expect(run("score('network') >= 3.5", ctx)).toBe(true);
    expect(run('total() < 3', ctx)).toBe(true);
    expect(run("'edr' in answer('measures')", ctx)).toBe(true);
    expect(run("answer('measures') in ['mfa', 'edr']", ctx)).toBe(true);
    expect(run("answer('measures') == ['edr', 'backup']", ctx)).toBe(true);
    expect(run("answer('utm') not in ['no', 'partial']", ctx)).toBe(true);
  });

  it('makes comparisons with a missing answer or score false rather than failing', () => {
    expect(run("score('missing') < 3")).toBe(false);
    expect(run("score('missing') >= 3")).toBe(false);
    expect(run("answer('missing') == 'yes'")).toBe(false);
    expect(run("answer('missing') in ['yes']")).toBe(false);
    expect(run("answer('missing') == null")).toBe(true);
    // Ordering across types is false, never coerced.
    expect(run("'10' > 9")).toBe(false);
  });

  it('binds not tighter than and, and and tighter than or', () => {
    expect(run('true or false and false')).toBe(true);
    expect(run('(true or false) and false')).toBe(false);
    expect(run('not false and false')).toBe(false);
    expect(run('not (false and false)')).toBe(true);
    expect(run('not not true')).toBe(true);
    const tree = parseCondition('1 == 1 or 2 == 2 and 3 == 4');
    expect(tree).toMatchObject({
      type: 'logical',
      op: 'or',
      right: { type: 'logical', op: 'and' },
    });
  });

  it('short-circuits so later parts are not read', () => {
    const reads: string[] = [];
    const ctx: EvaluationContext = {
      ...context(),
      answer: (id) => {
        reads.push(id);
        return null;
      },
    };
    evaluate(parseCondition("false and answer('a') == 1"), ctx);
    evaluate(parseCondition("true or answer('b') == 1"), ctx);
    expect(reads).toEqual([]);
  });

  it('lists the calls it makes, for reference checks at load', () => {
    const calls = collectCalls(
      parseCondition("answer('a') == 1 or score('s') > 2 and total() > 1"),
    );
    expect(calls.map((c) => [c.name, c.arg])).toEqual([
      ['answer', 'a'],
      ['score', 's'],
      ['total', null],
    ]);
  });
});

describe('errors name the position', () => {
  it.each([
    ["answer('a' == 1", "expected ')'", 11],
    ["answer('a') ==", 'unexpected end of expression', 14],
    ["answer('a') == 1 and", 'unexpected end of expression', 20],
    ['1 == 1 1', "unexpected '1'", 7],
    ["'open", 'unterminated string', 0],
    ['1 = 1', "unexpected character '='", 2],
    ["answer(1) == 'x'", 'answer() takes one id in quotes', 7],
    ["answer('a') not 'x'", "expected 'in' after 'not'", 16],
    ["[answer('a')] == 1", 'a list holds only literals', 1],
  ])('%s', (source, reason, position) => {
    const err = errorOf(source);
    expect(err.reason).toContain(reason);
    expect(err.position).toBe(position);
    expect(err.message).toContain(`position ${position}`);
  });

  it('requires a condition, not a bare value, wherever a truth value is needed', () => {
    expect(errorOf("answer('a')").reason).toContain('expected a comparison');
    expect(errorOf("answer('a') and true").reason).toContain("'and' needs a comparison");
    expect(errorOf('not 1').reason).toContain("'not' needs a comparison");
    expect(errorOf('1').reason).toContain('expected a comparison');
  });

  it('refuses overly long and deeply nested input', () => {
    expect(errorOf(`${'1 == 1 and '.repeat(300)}true`).reason).toContain('longer than');
    expect(errorOf(`${'('.repeat(60)}true${')'.repeat(60)}`).reason).toContain('nested too deeply');
    expect(errorOf(`${'not '.repeat(60)}true`).reason).toContain('nested too deeply');
  });
});

describe('no code can run', () => {
  it.each([
    'process.exit(1)',
    "constructor.constructor('return process')()",
    'globalThis == null',
    "require('fs')",
    '__proto__ == null',
    'this == null',
    "eval('1')",
    "answer('a').constructor == null",
    '`x` == 1',
    "answer('a'); process.exit(1)",
    "Function('return 1')() == 1",
  ])('%s is rejected while parsing', (source) => {
    expect(() => parseCondition(source)).toThrow(ExpressionError);
  });

  it('treats ids as plain keys given to the context, so prototype names read nothing', () => {
    const ctx = context({ a: 'yes' });
    expect(run("answer('__proto__') == null", ctx)).toBe(true);
    expect(run("answer('constructor') == null", ctx)).toBe(true);
    expect(run("score('toString') == null", ctx)).toBe(true);
  });

  it('holds no eval, Function or dynamic import in its source', () => {
    const source = fs.readFileSync(new URL('./expressions.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/\beval\s*\(|new Function|\bFunction\s*\(|import\s*\(/);
  });
});
