/**
 * The condition language of question sets (`showIf`, outcome `when`, reason `when`).
 *
 * A tokenizer, a recursive-descent parser and a tree-walking evaluator. Nothing here turns text into
 * code: identifiers are a closed list of keywords and four functions, function arguments are string
 * literals, and answers are looked up through the caller's context, never through object properties.
 *
 *   condition  = or
 *   or         = and { "or" and }
 *   and        = unary { "and" unary }
 *   unary      = "not" unary | comparison
 *   comparison = operand [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) operand
 *                        | [ "not" ] "in" operand ]
 *   operand    = number | string | "true" | "false" | "null" | list | call | "(" condition ")"
 *   list       = "[" [ literal { "," literal } ] "]"
 *   call       = ( "answer" | "state" | "score" ) "(" string ")" | "total" "(" ")"
 */

export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 40;

export type Scalar = number | string | boolean | null;
export type Value = Scalar | readonly Scalar[];

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type FunctionName = 'answer' | 'state' | 'score' | 'total';

export type Expr =
  | { type: 'literal'; value: Scalar; pos: number }
  | { type: 'list'; items: Scalar[]; pos: number }
  | { type: 'call'; name: FunctionName; arg: string | null; pos: number }
  | { type: 'compare'; op: ComparisonOperator; left: Expr; right: Expr; pos: number }
  | { type: 'in'; negated: boolean; left: Expr; right: Expr; pos: number }
  | { type: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr; pos: number }
  | { type: 'not'; operand: Expr; pos: number };

/** What an expression may read; the scoring code supplies it. */
export interface EvaluationContext {
  answer(itemId: string): Value;
  state(itemId: string): string;
  score(sectionId: string): number | null;
  total(): number | null;
}

export class ExpressionError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly source: string,
  ) {
    super(`${reason} at position ${position} in: ${source}`);
  }
}

type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'word'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false', 'null']);
const FUNCTIONS = new Set<string>(['answer', 'state', 'score', 'total']);
const WORD_LITERALS = new Map<string, Scalar>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]), pos: i });
      i += match[0].length;
    } else if (ch === "'" || ch === '"') {
      const [value, next] = readString(source, i);
      tokens.push({ kind: 'string', value, pos: i });
      i = next;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      const word = match[0];
      if (!KEYWORDS.has(word) && !FUNCTIONS.has(word)) {
        throw new ExpressionError(`unknown name '${word}'`, i, source);
      }
      tokens.push({ kind: 'word', value: word, pos: i });
      i += word.length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new ExpressionError(`unexpected character '${ch}'`, i, source);
      tokens.push({ kind: 'op', value: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', pos: source.length });
  return tokens;
}

/** Reads a quoted string starting at `start`; a backslash escapes the next character. */
function readString(source: string, start: number): [string, number] {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === quote) return [value, i + 1];
    if (ch === '\\') {
      if (i + 1 >= source.length) break;
      value += source[i + 1];
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  throw new ExpressionError('unterminated string', start, source);
}

/** True for nodes that yield a boolean, the only things `and`, `or`, `not` and a condition accept. */
function isCondition(e: Expr): boolean {
  if (e.type === 'literal') return typeof e.value === 'boolean';
  return e.type === 'compare' || e.type === 'in' || e.type === 'logical' || e.type === 'not';
}

class Parser {
  #i = 0;
  #depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private get current(): Token {
    return this.tokens[this.#i]!;
  }

  private fail(reason: string, token: Token = this.current): never {
    throw new ExpressionError(reason, token.pos, this.source);
  }

  private isWord(value: string): boolean {
    return this.current.kind === 'word' && this.current.value === value;
  }

  private isOp(value: string): boolean {
    return this.current.kind === 'op' && this.current.value === value;
  }

  private expectOp(value: string): void {
    if (!this.isOp(value)) this.fail(`expected '${value}'`);
    this.#i++;
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? 'end of expression' : `'${String(token.value)}'`;
  }

  parseCondition(): Expr {
    const expr = this.condition();
    if (this.current.kind !== 'end') this.fail(`unexpected ${this.describe(this.current)}`);
    return expr;
  }

  private enter(): void {
    if (++this.#depth > MAX_DEPTH) this.fail('expression nested too deeply');
  }

  private condition(): Expr {
    this.enter();
    const expr = this.or();
    this.#depth--;
    return expr;
  }

  private requireCondition(e: Expr, op: string): Expr {
    if (!isCondition(e)) {
      throw new ExpressionError(`'${op}' needs a comparison on each side`, e.pos, this.source);
    }
    return e;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      const pos = this.current.pos;
      this.#i++;
      const right = this.and();
      left = {
        type: 'logical',
        op: 'or',
        left: this.requireCondition(left, 'or'),
        right: this.requireCondition(right, 'or'),
        pos,
      };
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.isWord('and')) {
      const pos = this.current.pos;
      this.#i++;
      const right = this.unary();
      left = {
        type: 'logical',
        op: 'and',
        left: this.requireCondition(left, 'and'),
        right: this.requireCondition(right, 'and'),
        pos,
      };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isWord('not')) {
      const pos = this.current.pos;
      this.#i++;
      this.enter();
      const operand = this.requireCondition(this.unary(), 'not');
      this.#depth--;
      return { type: 'not', operand, pos };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.operand();
    const token = this.current;
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.value)) {
      this.#i++;
      const op = token.value as ComparisonOperator;
      return { type: 'compare', op, left, right: this.operand(), pos: token.pos };
    }
    const negated = this.isWord('not');
    if (negated) {
      this.#i++;
      if (!this.isWord('in')) this.fail("expected 'in' after 'not'");
    }
    if (this.isWord('in')) {
      this.#i++;
      return { type: 'in', negated, left, right: this.operand(), pos: token.pos };
    }
    return left;
  }

  private operand(): Expr {
    const token = this.current;
    switch (token.kind) {
      case 'number':
      case 'string':
        this.#i++;
        return { type: 'literal', value: token.value, pos: token.pos };
      case 'word':
        return this.wordOperand(token);
      case 'op':
        if (token.value === '(') {
          this.#i++;
          const inner = this.condition();
          this.expectOp(')');
          return inner;
        }
        if (token.value === '[') return this.list();
        return this.fail(`unexpected ${this.describe(token)}`);
      default:
        return this.fail('unexpected end of expression');
    }
  }

  private wordOperand(token: Token & { kind: 'word' }): Expr {
    if (WORD_LITERALS.has(token.value)) {
      this.#i++;
      return { type: 'literal', value: WORD_LITERALS.get(token.value)!, pos: token.pos };
    }
    if (FUNCTIONS.has(token.value)) return this.call(token);
    return this.fail(`unexpected ${this.describe(token)}`);
  }

  private call(token: Token & { kind: 'word' }): Expr {
    const name = token.value as FunctionName;
    this.#i++;
    this.expectOp('(');
    let arg: string | null = null;
    if (name !== 'total') {
      const argToken = this.current;
      if (argToken.kind !== 'string') this.fail(`${name}() takes one id in quotes`);
      arg = argToken.value;
      this.#i++;
    }
    this.expectOp(')');
    return { type: 'call', name, arg, pos: token.pos };
  }

  private list(): Expr {
    const pos = this.current.pos;
    this.#i++;
    const items: Scalar[] = [];
    while (!this.isOp(']')) {
      if (items.length > 0) this.expectOp(',');
      const item = this.operand();
      if (item.type !== 'literal') {
        throw new ExpressionError('a list holds only literals', item.pos, this.source);
      }
      items.push(item.value);
    }
    this.#i++;
    return { type: 'list', items, pos };
  }
}

/** Parses a condition; throws ExpressionError naming the position of the first problem. */
export function parseCondition(source: string): Expr {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `expression longer than ${MAX_EXPRESSION_LENGTH} characters`,
      0,
      source.slice(0, 40),
    );
  }
  const expr = new Parser(tokenize(source), source).parseCondition();
  if (!isCondition(expr)) {
    throw new ExpressionError('expected a comparison or a combination of them', 0, source);
  }
  return expr;
}

function sameScalar(a: Scalar, b: Scalar): boolean {
  return a === b;
}

/** Lists are compared as sets: the order in which choices were ticked does not matter. */
function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x) => b.some((y) => sameScalar(x, y)));
  }
  return sameScalar(a as Scalar, b as Scalar);
}

/** Orders numbers with numbers and strings (ISO dates) with strings; anything else is false. */
function ordered(op: ComparisonOperator, a: Value, b: Value): boolean {
  const comparable =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** A scalar is in a list when the list holds it; a list (several choices) when any of it is. */
function contains(needle: Value, haystack: Value): boolean {
  if (!Array.isArray(haystack)) return false;
  const list = haystack as readonly Scalar[];
  if (Array.isArray(needle)) return needle.some((n) => list.some((h) => sameScalar(n, h)));
  return list.some((h) => sameScalar(needle as Scalar, h));
}

function value(e: Expr, ctx: EvaluationContext): Value {
  switch (e.type) {
    case 'literal':
      return e.value;
    case 'list':
      return e.items;
    case 'call':
      if (e.name === 'answer') return ctx.answer(e.arg!);
      if (e.name === 'state') return ctx.state(e.arg!);
      if (e.name === 'score') return ctx.score(e.arg!);
      return ctx.total();
    default:
      return evaluate(e, ctx);
  }
}

/** Evaluates a parsed condition; a missing answer or score is null and makes comparisons false. */
export function evaluate(e: Expr, ctx: EvaluationContext): boolean {
  switch (e.type) {
    case 'literal':
      return e.value === true;
    case 'compare': {
      const left = value(e.left, ctx);
      const right = value(e.right, ctx);
      if (e.op === '==') return equal(left, right);
      if (e.op === '!=') return !equal(left, right);
      return ordered(e.op, left, right);
    }
    case 'in': {
      const found = contains(value(e.left, ctx), value(e.right, ctx));
      return e.negated ? !found : found;
    }
    case 'logical':
      return e.op === 'and'
        ? evaluate(e.left, ctx) && evaluate(e.right, ctx)
        : evaluate(e.left, ctx) || evaluate(e.right, ctx);
    case 'not':
      return !evaluate(e.operand, ctx);
    default:
      return false;
  }
}

/** Every function call in an expression, for checking references when content is loaded. */
export function collectCalls(e: Expr): (Expr & { type: 'call' })[] {
  switch (e.type) {
    case 'call':
      return [e];
    case 'compare':
    case 'in':
    case 'logical':
      return [...collectCalls(e.left), ...collectCalls(e.right)];
    case 'not':
      return collectCalls(e.operand);
    default:
      return [];
  }
}

/** Pairs of `answer()`/`state()` calls and the string literals they are compared with. */
export function collectComparedLiterals(
  e: Expr,
): { call: Expr & { type: 'call' }; literals: string[] }[] {
  switch (e.type) {
    case 'compare':
    case 'in': {
      const pairs = [...pairOf(e.left, e.right), ...pairOf(e.right, e.left)];
      return [...pairs, ...collectComparedLiterals(e.left), ...collectComparedLiterals(e.right)];
    }
    case 'logical':
      return [...collectComparedLiterals(e.left), ...collectComparedLiterals(e.right)];
    case 'not':
      return collectComparedLiterals(e.operand);
    default:
      return [];
  }
}

function pairOf(
  callSide: Expr,
  literalSide: Expr,
): { call: Expr & { type: 'call' }; literals: string[] }[] {
  if (callSide.type !== 'call' || (callSide.name !== 'answer' && callSide.name !== 'state')) {
    return [];
  }
  const values =
    literalSide.type === 'literal'
      ? [literalSide.value]
      : literalSide.type === 'list'
        ? literalSide.items
        : [];
  const literals = values.filter((v): v is string => typeof v === 'string');
  return literals.length > 0 ? [{ call: callSide, literals }] : [];
}
