// The condition parser: a hand-written port of libsinsp's filter/parser.cpp.
// Token shapes, operator order, keyword and blank rules and error wording all
// follow libsinsp, quirks included, because rules that Falco accepts (or
// rejects) must fare the same here. Token regexes are replaced by char-code
// scanners that match exactly what the RE2 POSIX (leftmost-longest) patterns
// match at the cursor.
import type {
  Expr,
  FieldOperand,
  FieldRef,
  IdentifierExpr,
  ListModifier,
  ListNode,
  Operator,
  Position,
  RightOperand,
  TransformerArg,
  TransformerExpr,
  TransformerListNode,
  TransformerName,
  ValFieldNode,
  ValueNode,
} from './ast.js';
import { TRANSFORMER_NAMES } from './ast.js';
import type { ParseResult } from './filter-error.js';
import { unescapeRange } from './escaping.js';

export interface ParseOptions {
  /** libsinsp's recursion limit (its default is 100; Falco sets 1000). */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 1000;

export function parseCondition(text: string, options?: ParseOptions): ParseResult<Expr> {
  const parser = new Parser(text, options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (text.length === 0) return failure('filter input string is empty', parser.posAt(0));
  try {
    return { ok: true, value: parser.parse() };
  } catch (e) {
    if (e instanceof SyntaxFailure) return failure(e.message, parser.posAt(e.offset));
    // Only reachable with a maxDepth far above Falco's: the JS stack ran out first.
    if (e instanceof RangeError) return failure('expression is nested too deeply', parser.posAt(0));
    throw e;
  }
}

function failure(message: string, pos: Position): ParseResult<Expr> {
  return { ok: false, error: { message, pos } };
}

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

// ---------------------------------------------------------------------------
// Character classes and token scanners. Each scanner returns the end offset
// of the token starting at `i`, or -1.

const enum C {
  Tab = 9,
  Lf = 10,
  Vt = 11,
  Ff = 12,
  Cr = 13,
  Backspace = 8,
  Space = 32,
  Quote = 34,
  Apos = 39,
  LParen = 40,
  RParen = 41,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Eq = 61,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= C.Zero && c <= C.Nine;
}

function isAlnum(c: number): boolean {
  return isLetter(c) || isDigit(c);
}

function isIdentChar(c: number): boolean {
  return isAlnum(c) || c === C.Underscore;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** POSIX [:space:], used by the regexes (unlike lex_blank, it has \v and \f but not \b). */
function isSpaceClass(c: number): boolean {
  return c === C.Space || (c >= C.Tab && c <= C.Cr);
}

/** lex_blank's set. */
function isBlank(c: number): boolean {
  return c === C.Space || c === C.Tab || c === C.Backspace || c === C.Cr || c === C.Lf;
}

/** `[^()"'[:space:]=,]` */
function isBareChar(c: number): boolean {
  return !(c === C.LParen || c === C.RParen || c === C.Quote || c === C.Apos || c === C.Eq || c === C.Comma || isSpaceClass(c));
}

/** `[^]["'[:space:]]` */
function isFieldArgChar(c: number): boolean {
  return !(c === C.LBracket || c === C.RBracket || c === C.Quote || c === C.Apos || isSpaceClass(c));
}

function skipWhile(t: string, i: number, pred: (c: number) => boolean): number {
  const n = t.length;
  while (i < n && pred(t.charCodeAt(i))) i++;
  return i;
}

/** `[a-zA-Z]+[a-zA-Z0-9_]*` */
function scanIdentifier(t: string, i: number): number {
  return isLetter(t.charCodeAt(i)) ? skipWhile(t, i + 1, isIdentChar) : -1;
}

/** `[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+` */
function scanFieldName(t: string, i: number): number {
  let k = scanIdentifier(t, i);
  if (k < 0) return -1;
  let segments = 0;
  while (t.charCodeAt(k) === C.Dot && isLetter(t.charCodeAt(k + 1))) {
    k = skipWhile(t, k + 2, isIdentChar);
    segments++;
  }
  return segments > 0 ? k : -1;
}

/** `0[xX][0-9a-fA-F]+` */
function scanHexNumber(t: string, i: number): number {
  if (t.charCodeAt(i) !== C.Zero || (t[i + 1] !== 'x' && t[i + 1] !== 'X') || !isHexDigit(t.charCodeAt(i + 2))) return -1;
  return skipWhile(t, i + 3, isHexDigit);
}

/** `[+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?` */
function scanNumber(t: string, i: number): number {
  let k = i;
  const sign = t.charCodeAt(k);
  if (sign === C.Plus || sign === C.Minus) k++;
  if (!isDigit(t.charCodeAt(k))) return -1;
  k = skipWhile(t, k, isDigit);
  if (t.charCodeAt(k) === C.Dot) k = skipWhile(t, k + 1, isDigit);
  const e = t[k];
  const s = t.charCodeAt(k + 1);
  if ((e === 'e' || e === 'E') && (s === C.Plus || s === C.Minus) && isDigit(t.charCodeAt(k + 2))) {
    k = skipWhile(t, k + 2, isDigit);
  }
  return k;
}

function scanNumValue(t: string, i: number): number {
  const k = scanHexNumber(t, i);
  return k >= 0 ? k : scanNumber(t, i);
}

function scanPredicate(t: string, i: number, pred: (c: number) => boolean): number {
  const k = skipWhile(t, i, pred);
  return k > i ? k : -1;
}

/** `not[[:space:]]+` */
function scanNotBlank(t: string, i: number): number {
  if (!t.startsWith('not', i)) return -1;
  return scanPredicate(t, i + 3, isSpaceClass);
}

/**
 * A quoted string: its closing quote is the first delimiter whose previous
 * raw character is not a backslash (so `"a\\"` does not end at its last
 * quote). NUL ends the input as it ends libsinsp's C string. Returns the
 * offset of the closing quote.
 */
function scanQuotedEnd(t: string, i: number): number {
  const q = t.charCodeAt(i);
  if (q !== C.Quote && q !== C.Apos) return -1;
  const n = t.length;
  let prev = q;
  for (let k = i + 1; k < n; k++) {
    const c = t.charCodeAt(k);
    if (c === 0) return -1;
    if (c === q && prev !== C.Backslash) return k;
    prev = c;
  }
  return -1;
}

// ---------------------------------------------------------------------------
// Operators, in libsinsp's order of trial.

interface OperatorToken<T> {
  token: string;
  value: T;
  /** Word operators need a blank after them; symbols and list operators do not. */
  word: boolean;
}

function ops<T extends string>(list: readonly [T, boolean][]): readonly OperatorToken<T>[] {
  return list.map(([token, word]) => ({ token, value: token, word }));
}

const UNARY_OPS = ops<Operator>([['exists', false]]);
const NUM_OPS = ops<Operator>([
  ['<=', false],
  ['<', false],
  ['>=', false],
  ['>', false],
]);
const STR_OPS = ops<Operator>([
  ['==', false],
  ['=', false],
  ['!=', false],
  ['glob', true],
  ['iglob', true],
  ['contains', true],
  ['icontains', true],
  ['bcontains', true],
  ['startswith', true],
  ['bstartswith', true],
  ['endswith', true],
  ['regex', true],
]);
const LIST_OPS = ops<Operator>([
  ['intersects', false],
  ['in', false],
  ['pmatch', false],
]);
const MODIFIERS = ops<ListModifier>([
  ['oneof', true],
  ['anyof', true],
  ['allof', true],
]);
const BOOL_KEYWORDS = ['and', 'or', 'not'] as const;
const TRANSFORMER_TOKENS = TRANSFORMER_NAMES.map((name) => ({ name, token: `${name}(` }));

function quotedList(items: readonly string[]): string {
  return items.map((s) => `'${s}'`).join(', ');
}

const ALL_OPERATORS = quotedList([...UNARY_OPS, ...NUM_OPS, ...STR_OPS, ...LIST_OPS].map((o) => o.token));
const TRANSFORMERS_WITH_VAL = quotedList(['val', ...TRANSFORMER_NAMES]);

// ---------------------------------------------------------------------------

type Checkpoint = [offset: number, tokStart: number, tokEnd: number, tokValue: string | undefined];

class Parser {
  private i = 0;
  private depth = 0;
  /** The last token, for "unexpected token after '…'": a range of the text, or a quoted string's value. */
  private tokStart = 0;
  private tokEnd = 0;
  private tokValue: string | undefined;
  private lineStarts: number[] | undefined;

  constructor(
    private readonly t: string,
    private readonly maxDepth: number,
  ) {}

  parse(): Expr {
    const e = this.parseOr();
    if (this.i !== this.t.length) {
      this.fail(`unexpected token after '${this.lastToken()}', expecting 'or', 'and'`);
    }
    return e;
  }

  posAt(offset: number): Position {
    const starts = (this.lineStarts ??= lineStarts(this.t));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }

  // --- boolean structure ---------------------------------------------------

  private parseOr(): Expr {
    this.enter();
    this.blank();
    const start = this.i;
    const first = this.parseAnd();
    let children: Expr[] | undefined;
    this.blank();
    while (this.lit('or')) {
      (children ??= [first]).push(this.afterKeyword('or'));
      this.blank();
    }
    return this.leave(children ? { kind: 'or', children, pos: this.posAt(start) } : first);
  }

  private parseAnd(): Expr {
    this.enter();
    this.blank();
    const start = this.i;
    const first = this.parseNot();
    let children: Expr[] | undefined;
    this.blank();
    while (this.lit('and')) {
      (children ??= [first]).push(this.afterKeyword('and'));
      this.blank();
    }
    return this.leave(children ? { kind: 'and', children, pos: this.posAt(start) } : first);
  }

  /** `and`/`or` are matched as bare prefixes, so what follows decides. */
  private afterKeyword(keyword: 'and' | 'or'): Expr {
    if (this.blank()) return keyword === 'and' ? this.parseNot() : this.parseAnd();
    if (this.lit('(')) return this.parseEmbeddedRemainder();
    return this.fail(`expected blank or '(' after '${keyword}'`);
  }

  private parseNot(): Expr {
    this.enter();
    this.blank();
    const start = this.i;
    let negate = false;
    for (let end = scanNotBlank(this.t, this.i); end >= 0; end = scanNotBlank(this.t, this.i)) {
      this.take(end);
      negate = !negate;
    }
    let child: Expr;
    if (this.lit('not(')) {
      negate = !negate;
      child = this.parseEmbeddedRemainder();
    } else {
      child = this.parseCheck();
    }
    return this.leave(negate ? { kind: 'not', child, pos: this.posAt(start) } : child);
  }

  /** The rest of a parenthesized expression, its '(' already consumed. */
  private parseEmbeddedRemainder(): Expr {
    this.enter();
    this.blank();
    const e = this.parseOr();
    this.blank();
    if (!this.lit(')')) this.fail("expected a ')' token");
    return this.leave(e);
  }

  private parseCheck(): Expr {
    this.enter();
    this.blank();
    const start = this.i;
    if (this.lit('(')) return this.leave(this.parseEmbeddedRemainder());
    const left = this.parseCheckOperand();
    if (left) return this.leave(this.parseCondition(left, this.posAt(start)));
    const end = scanIdentifier(this.t, this.i);
    if (end >= 0) return this.leave(this.identifier(end));
    return this.fail("expected a '(' token, a field check, or an identifier");
  }

  private parseCheckOperand(): FieldOperand | undefined {
    const start = this.i;
    const end = scanFieldName(this.t, start);
    if (end >= 0) return this.parseFieldRemainder(this.take(end), start);
    const transformer = this.lexTransformerType();
    if (transformer === undefined) return undefined;
    this.blank();
    return this.parseTransformerRemainder(transformer, start);
  }

  private identifier(end: number): IdentifierExpr {
    const pos = this.posAt(this.i);
    return { kind: 'identifier', name: this.take(end), pos };
  }

  // --- fields and transformers --------------------------------------------

  private parseFieldRemainder(name: string, start: number): FieldRef {
    this.enter();
    const pos = this.posAt(start);
    return this.leave({ kind: 'field', name, arg: this.parseOptionalFieldArg(), pos });
  }

  /** `[arg]` after a field or a transformer. */
  private parseOptionalFieldArg(): string | undefined {
    if (!this.lit('[')) return undefined;
    let arg = this.lexQuoted();
    if (arg === undefined) {
      const end = scanPredicate(this.t, this.i, isFieldArgChar);
      if (end < 0) this.fail('expected a valid field argument: a quoted string or a bare string');
      arg = this.take(end);
    }
    if (!this.lit(']')) this.fail("expected a ']' token");
    return arg;
  }

  private lexTransformerType(): TransformerName | undefined {
    for (const { name, token } of TRANSFORMER_TOKENS) {
      if (this.lit(token)) return name;
    }
    return undefined;
  }

  /** `arg (, arg)* ) [index]?`, after `name(`. */
  private parseTransformerRemainder(name: TransformerName, start: number): TransformerExpr {
    this.enter();
    const pos = this.posAt(start);
    this.blank();
    const args: TransformerArg[] = [];
    do {
      args.push(this.parseTransformerArg());
      this.blank();
    } while (this.lit(','));
    this.blank();
    if (!this.lit(')')) this.fail("expected a ')' token closing the transformer");
    return this.leave({ kind: 'transformer', name, args, index: this.parseOptionalFieldArg(), pos });
  }

  private parseTransformerArg(): TransformerArg {
    this.enter();
    this.blank();
    const start = this.i;
    const value = this.lexNumValue() ?? this.lexQuotedValue();
    if (value) return this.leave(value);
    if (this.lit('(')) return this.leave(this.parseTransformerList(start));
    const transformer = this.lexTransformerType();
    if (transformer !== undefined) return this.leave(this.parseTransformerRemainder(transformer, start));
    const end = scanFieldName(this.t, start);
    if (end >= 0) return this.leave(this.parseFieldRemainder(this.take(end), start));
    return this.fail('expected field transformer argument: field, transformer, quoted string, number, or transformer list');
  }

  /** `( item (, item)* )` or `()`, after its '('. */
  private parseTransformerList(start: number): TransformerListNode {
    const pos = this.posAt(start);
    const items: TransformerListNode['items'] = [];
    this.blank();
    if (!this.lit(')')) {
      items.push(this.parseTransformerListItem());
      this.blank();
      while (this.lit(',')) {
        this.blank();
        items.push(this.parseTransformerListItem());
        this.blank();
      }
      if (!this.lit(')')) this.fail("expected ')'");
    }
    return { kind: 'transformer-list', items, pos };
  }

  private parseTransformerListItem(): FieldRef | TransformerExpr | ValueNode {
    const operand = this.parseCheckOperand();
    if (operand) return operand;
    const value = this.lexQuotedValue() ?? this.lexNumValue();
    if (value) return value;
    return this.fail('expected transformer list argument: field, transformer, quoted string, or number');
  }

  /** `val(field)[index]?` or a transformer; undefined (nothing consumed but blanks) otherwise. */
  private tryTransformerOrVal(): ValFieldNode | TransformerExpr | undefined {
    this.enter();
    this.blank();
    const start = this.i;
    if (this.lit('val(')) return this.leave(this.parseValRemainder(start));
    const transformer = this.lexTransformerType();
    if (transformer === undefined) return this.leave(undefined);
    this.blank();
    return this.leave(this.parseTransformerRemainder(transformer, start));
  }

  private parseValRemainder(start: number): ValFieldNode {
    const pos = this.posAt(start);
    this.blank();
    const fieldStart = this.i;
    const end = scanFieldName(this.t, fieldStart);
    if (end < 0) this.fail("expected a field within 'val' transformer");
    const field = this.parseFieldRemainder(this.take(end), fieldStart);
    this.blank();
    if (!this.lit(')')) this.fail("expected a ')' token closing the transformer");
    const index = this.parseOptionalFieldArg();
    return index === undefined ? { kind: 'val', field, pos } : { kind: 'val', field, index, pos };
  }

  // --- checks --------------------------------------------------------------

  private parseCondition(left: FieldOperand, pos: Position): Expr {
    this.enter();
    this.blank();
    if (this.lexOperator(UNARY_OPS)) {
      return this.leave({ kind: 'check', left, op: 'exists', modifier: undefined, right: undefined, pos });
    }
    let op = this.lexOperator(NUM_OPS);
    if (op) return this.leave(this.check(left, op.value, undefined, this.parseNumValueOrTransformer(), pos));
    op = this.lexOperator(STR_OPS);
    if (op) return this.leave(this.parseStrCheckRight(left, op, pos));
    op = this.lexOperator(LIST_OPS);
    if (op) return this.leave(this.check(left, op.value, undefined, this.parseListValueOrTransformer(), pos));
    return this.fail(`expected a valid check operator: one of ${ALL_OPERATORS}`);
  }

  private check(left: FieldOperand, op: Operator, modifier: ListModifier | undefined, right: RightOperand, pos: Position): Expr {
    return { kind: 'check', left, op, modifier, right, pos };
  }

  /**
   * A modifier (`= oneof (…)`) needs a blank after the operator and after
   * itself, then a list or an identifier that is not and/or/not; anything
   * else makes the word a plain string value (`proc.name = oneof`).
   */
  private parseStrCheckRight(left: FieldOperand, op: OperatorToken<Operator>, pos: Position): Expr {
    const hadBlank = op.word || this.blank();
    const saved = this.save();
    const modifier = hadBlank ? this.lexOperator(MODIFIERS) : undefined;
    if (modifier && this.listValueFollows() && !this.boolKeywordFollows()) {
      return this.check(left, op.value, modifier.value, this.parseListValue(), pos);
    }
    this.restore(saved);
    return this.check(left, op.value, undefined, this.parseStrValueOrTransformer(), pos);
  }

  private listValueFollows(): boolean {
    return this.t.charCodeAt(this.i) === C.LParen || scanIdentifier(this.t, this.i) >= 0;
  }

  private boolKeywordFollows(): boolean {
    return BOOL_KEYWORDS.some((kw) => this.t.startsWith(kw, this.i) && !isAlnum(this.t.charCodeAt(this.i + kw.length)));
  }

  private parseNumValueOrTransformer(): RightOperand {
    this.enter();
    this.blank();
    const right = this.tryTransformerOrVal() ?? this.lexNumValue();
    if (right) return this.leave(right);
    return this.fail(`expected a number value or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
  }

  private parseStrValueOrTransformer(): ValueNode | ValFieldNode | TransformerExpr {
    this.enter();
    this.blank();
    const right = this.tryTransformerOrVal() ?? this.lexStrValue();
    if (right) return this.leave(right);
    return this.fail(`expected a string value or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
  }

  /** A list element after a comma. */
  private parseListElement(): ValueNode {
    this.enter();
    this.blank();
    const value = this.lexStrValue();
    if (value) return this.leave(value);
    return this.fail('expected a string value');
  }

  private parseListValue(): ListNode | IdentifierExpr {
    this.enter();
    this.blank();
    const right = this.tryListExpr() ?? this.lexListIdentifier();
    if (right) return this.leave(right);
    return this.fail('expected a list or an identifier');
  }

  private parseListValueOrTransformer(): RightOperand {
    this.enter();
    this.blank();
    const right = this.tryListExpr() ?? this.tryTransformerOrVal() ?? this.lexListIdentifier();
    if (right) return this.leave(right);
    return this.fail(`expected a list, an identifier, or a field with a valid transformer: ${TRANSFORMERS_WITH_VAL}`);
  }

  private lexListIdentifier(): IdentifierExpr | undefined {
    const end = scanIdentifier(this.t, this.i);
    return end >= 0 ? this.identifier(end) : undefined;
  }

  /** `( v (, v)* )` or `()`: values are quoted or bare strings. */
  private tryListExpr(): ListNode | undefined {
    const start = this.i;
    if (!this.lit('(')) return undefined;
    const pos = this.posAt(start);
    const values: ValueNode[] = [];
    this.blank();
    // libsinsp lexes the first value under a catch-all and takes any failure
    // for an empty list (then wants ')'); a bad escape is reported as such here.
    const first = this.depth + 1 >= this.maxDepth ? undefined : this.lexStrValue();
    if (first) {
      values.push(first);
      this.blank();
      while (this.lit(',')) {
        values.push(this.parseListElement());
        this.blank();
      }
    }
    if (!this.lit(')')) this.fail("expected a ')' token");
    return { kind: 'list', values, pos };
  }

  // --- literal values --------------------------------------------------------

  private lexStrValue(): ValueNode | undefined {
    return this.lexQuotedValue() ?? this.lexValue(scanPredicate(this.t, this.i, isBareChar));
  }

  private lexNumValue(): ValueNode | undefined {
    return this.lexValue(scanNumValue(this.t, this.i));
  }

  private lexValue(end: number): ValueNode | undefined {
    if (end < 0) return undefined;
    const pos = this.posAt(this.i);
    return { kind: 'value', value: this.take(end), quoted: false, pos };
  }

  private lexQuotedValue(): ValueNode | undefined {
    const pos = this.i;
    const value = this.lexQuoted();
    return value === undefined ? undefined : { kind: 'value', value, quoted: true, pos: this.posAt(pos) };
  }

  /** A quoted string's unescaped value; undefined, consuming nothing, when none (or an unterminated one) is here. */
  private lexQuoted(): string | undefined {
    const close = scanQuotedEnd(this.t, this.i);
    if (close < 0) return undefined;
    const quote = this.t[this.i] as '"' | "'";
    const r = unescapeRange(this.t, this.i + 1, close, quote);
    if (!r.ok) this.fail(r.message, r.offset);
    this.tokStart = this.i;
    this.tokEnd = close + 1;
    this.tokValue = r.value;
    this.i = close + 1;
    return r.value;
  }

  // --- cursor primitives -----------------------------------------------------

  /** lex_blank: the one lexer that does not set the last token. */
  private blank(): boolean {
    const start = this.i;
    const t = this.t;
    while (isBlank(t.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private lit(s: string): boolean {
    if (!this.t.startsWith(s, this.i)) return false;
    this.take(this.i + s.length);
    return true;
  }

  /** Consumes up to `end` as a token and returns its text. */
  private take(end: number): string {
    this.tokStart = this.i;
    this.tokEnd = end;
    this.tokValue = undefined;
    this.i = end;
    return this.t.slice(this.tokStart, end);
  }

  private lexOperator<T>(list: readonly OperatorToken<T>[]): OperatorToken<T> | undefined {
    const t = this.t;
    for (const op of list) {
      if (!t.startsWith(op.token, this.i)) continue;
      const end = this.i + op.token.length;
      if (op.word && !isBlank(t.charCodeAt(end))) continue;
      this.take(end);
      if (op.word) this.blank();
      return op;
    }
    return undefined;
  }

  private save(): Checkpoint {
    return [this.i, this.tokStart, this.tokEnd, this.tokValue];
  }

  private restore([i, tokStart, tokEnd, tokValue]: Checkpoint): void {
    this.i = i;
    this.tokStart = tokStart;
    this.tokEnd = tokEnd;
    this.tokValue = tokValue;
  }

  private lastToken(): string {
    return this.tokValue ?? this.t.slice(this.tokStart, this.tokEnd);
  }

  /** libsinsp's depth_guard: every recursive production counts, and the limit itself is already too deep. */
  private enter(): void {
    if (++this.depth >= this.maxDepth) this.fail(`exceeded max depth limit of ${this.maxDepth}`);
  }

  private leave<T>(value: T): T {
    this.depth--;
    return value;
  }

  private fail(message: string, offset = this.i): never {
    throw new SyntaxFailure(message, offset);
  }
}

/** Offsets where lines start; a line ends at \n, \r\n or a lone \r. */
function lineStarts(t: string): number[] {
  const starts = [0];
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c === C.Lf || (c === C.Cr && t.charCodeAt(k + 1) !== C.Lf)) starts.push(k + 1);
  }
  return starts;
}
