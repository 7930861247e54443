// Conformance of the filter compiler with libsinsp semantics: every operator
// against every value kind, missing values, glob/pmatch/regex details,
// modifiers, list fields, val(), transformers, and every compile error and
// warning with its position. ASTs come from a small test-only reader (`ast`)
// so the tests do not depend on the real parser.
import { describe, expect, it } from 'vitest';
import type {
  Expr, FieldOperand, FieldRef, ListModifier, ListNode, Operator, Position, RightOperand, TransformerArg,
  TransformerExpr, TransformerName, ValueNode,
} from '../../src/filter/ast.js';
import { TRANSFORMER_NAMES } from '../../src/filter/ast.js';
import { checkFilter, compileFilter } from '../../src/filter/compiler.js';
import type { FieldBinding, FieldInfo, FieldKind, FieldResolver, FieldSchema, FieldValue } from '../../src/fields/field-access.js';

// ---- test fields ------------------------------------------------------------

type Ev = Record<string, FieldValue | undefined>;

interface TestField {
  kind: FieldKind;
  pt: string;
  list?: boolean;
  argRequired?: boolean;
  argAllowed?: boolean;
  noRhs?: boolean;
  noTransformer?: boolean;
  candidates?: FieldInfo['candidates'];
}

const FIELDS: Record<string, TestField> = {
  'proc.name': { kind: 'string', pt: 'CHARBUF' },
  'proc.pname': { kind: 'string', pt: 'CHARBUF' },
  'proc.exe': { kind: 'string', pt: 'CHARBUF' },
  'fd.name': { kind: 'string', pt: 'FSPATH' },
  'fd.directory': { kind: 'string', pt: 'FSPATH' },
  'proc.aname': { kind: 'string', pt: 'CHARBUF', argAllowed: true, noRhs: true, noTransformer: true, candidates: 'any' },
  'evt.arg': { kind: 'string', pt: 'CHARBUF', argRequired: true },
  'evt.num': { kind: 'number', pt: 'UINT64' },
  'evt.count': { kind: 'number', pt: 'UINT32' },
  'proc.pid': { kind: 'number', pt: 'INT64' },
  'proc.ppid': { kind: 'number', pt: 'INT64' },
  'evt.is_io': { kind: 'bool', pt: 'BOOL' },
  'fd.sip': { kind: 'ipaddr', pt: 'IPADDR' },
  'fd.cip': { kind: 'ipaddr', pt: 'IPADDR' },
  'fd.ip': { kind: 'ipaddr', pt: 'IPADDR', noRhs: true, noTransformer: true, candidates: 'endpoints' },
  'fd.net': { kind: 'ipnet', pt: 'IPNET', noRhs: true, noTransformer: true },
  'fd.sport': { kind: 'port', pt: 'PORT' },
  'fd.port': { kind: 'port', pt: 'PORT', noRhs: true, candidates: 'endpoints' },
  'evt.buffer': { kind: 'buffer', pt: 'BYTEBUF' },
  'proc.argv': { kind: 'string', pt: 'CHARBUF', list: true },
  'proc.gids': { kind: 'number', pt: 'UINT64', list: true },
  'fd.types': { kind: 'string', pt: 'CHARBUF', list: true, argAllowed: true, noRhs: true },
};

function infoFor(name: string, f: TestField): FieldInfo {
  return {
    name, kind: f.kind, ptType: f.pt, isList: f.list ?? false, argRequired: f.argRequired ?? false,
    argAllowed: f.argAllowed ?? false, noRhs: f.noRhs ?? false, noTransformer: f.noTransformer ?? false,
    deprecated: false, candidates: f.candidates,
  };
}

function fieldKey(name: string, arg: string | undefined): string {
  return arg === undefined ? name : `${name}[${arg}]`;
}

/** Extraction reads `event["name"]` or `event["name[arg]"]`; counts calls to observe short-circuiting. */
function makeResolver(): FieldResolver<Ev> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    resolve(name: string, arg: string | undefined): FieldBinding<Ev> | string {
      const f = FIELDS[name];
      if (f === undefined) return `nonexistent field ${fieldKey(name, arg)}`;
      const key = fieldKey(name, arg);
      return { info: infoFor(name, f), extract: (e) => (calls.push(key), e[key]) };
    },
  };
}

const schema: FieldSchema = {
  describe(name, arg) {
    const f = FIELDS[name];
    return f === undefined ? `nonexistent field ${fieldKey(name, arg)}` : infoFor(name, f);
  },
};

// ---- a tiny condition reader for building ASTs --------------------------------

const WORD_OPS = ['exists', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex', 'intersects', 'in', 'pmatch'];
const SYMBOL_OPS = ['<=', '<', '>=', '>', '==', '=', '!='];
const LIST_OPS = ['in', 'intersects', 'pmatch'];

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Expr {
    const e = this.or();
    this.ws();
    if (this.i < this.s.length) throw new Error(`test reader: junk at ${this.i} in ${this.s}`);
    return e;
  }

  private pos(at = this.i): Position {
    return { offset: at, line: 1, col: at + 1 };
  }

  private ws(): void {
    while (/\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  private keyword(k: string): boolean {
    this.ws();
    const rest = this.s.slice(this.i);
    if (!rest.startsWith(k) || /[a-zA-Z0-9_.]/.test(rest[k.length] ?? '')) return false;
    this.i += k.length;
    return true;
  }

  private or(): Expr {
    this.ws();
    const at = this.i;
    const children = [this.and()];
    while (this.keyword('or')) children.push(this.and());
    return children.length === 1 ? children[0]! : { kind: 'or', children, pos: this.pos(at) };
  }

  private and(): Expr {
    this.ws();
    const at = this.i;
    const children = [this.not()];
    while (this.keyword('and')) children.push(this.not());
    return children.length === 1 ? children[0]! : { kind: 'and', children, pos: this.pos(at) };
  }

  private not(): Expr {
    this.ws();
    const at = this.i;
    if (this.keyword('not')) return { kind: 'not', child: this.not(), pos: this.pos(at) };
    return this.primary();
  }

  private primary(): Expr {
    this.ws();
    const at = this.i;
    if (this.s[this.i] === '(') {
      this.i++;
      const e = this.or();
      this.expect(')');
      return e;
    }
    const word = this.word();
    if (!word.includes('.') && this.s[this.i] !== '(') return { kind: 'identifier', name: word, pos: this.pos(at) };
    this.i = at;
    return this.check(this.operand(), at);
  }

  private word(): string {
    const m = /^[a-zA-Z_][a-zA-Z0-9_.]*/.exec(this.s.slice(this.i));
    if (m === null) throw new Error(`test reader: word expected at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return m[0];
  }

  private expect(c: string): void {
    this.ws();
    if (this.s[this.i] !== c) throw new Error(`test reader: '${c}' expected at ${this.i} in ${this.s}`);
    this.i++;
  }

  private operand(): FieldOperand {
    this.ws();
    const at = this.i;
    const name = this.word();
    if (this.s[this.i] === '(' && (TRANSFORMER_NAMES as readonly string[]).includes(name)) return this.transformer(name as TransformerName, at);
    return this.fieldRest(name, at);
  }

  private fieldRest(name: string, at: number): FieldRef {
    let arg: string | undefined;
    if (this.s[this.i] === '[') {
      const close = this.s.indexOf(']', this.i);
      arg = this.s.slice(this.i + 1, close);
      this.i = close + 1;
    }
    return { kind: 'field', name, arg, pos: this.pos(at) };
  }

  private transformer(name: TransformerName, at: number): TransformerExpr {
    this.expect('(');
    const args: TransformerArg[] = [];
    this.ws();
    while (this.s[this.i] !== ')') {
      args.push(this.transformerArg());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      this.ws();
    }
    this.i++;
    let index: string | undefined;
    if (this.s[this.i] === '[') {
      const close = this.s.indexOf(']', this.i);
      index = this.s.slice(this.i + 1, close);
      this.i = close + 1;
    }
    return { kind: 'transformer', name, args, index, pos: this.pos(at) };
  }

  private transformerArg(): TransformerArg {
    this.ws();
    const c = this.s[this.i];
    if (c === '(') return this.list();
    if (c === '"' || c === "'" || /[0-9+-]/.test(c ?? '')) return this.value();
    return this.operand();
  }

  private check(left: FieldOperand, at: number): Expr {
    this.ws();
    const op = this.operator();
    if (op === 'exists') return { kind: 'check', left, op, modifier: undefined, right: undefined, pos: this.pos(at) };
    let modifier: ListModifier | undefined;
    for (const m of ['oneof', 'anyof', 'allof'] as const) if (this.keyword(m)) modifier = m;
    const right = this.right(LIST_OPS.includes(op) || modifier !== undefined);
    return { kind: 'check', left, op, modifier, right, pos: this.pos(at) };
  }

  private operator(): Operator {
    for (const op of WORD_OPS) if (this.keyword(op)) return op as Operator;
    for (const op of SYMBOL_OPS) {
      if (this.s.startsWith(op, this.i)) {
        this.i += op.length;
        return op as Operator;
      }
    }
    throw new Error(`test reader: operator expected at ${this.i} in ${this.s}`);
  }

  private right(listOp: boolean): RightOperand {
    this.ws();
    const at = this.i;
    if (this.s[this.i] === '(') return this.list();
    const word = /^[a-zA-Z_][a-zA-Z0-9_.]*/.exec(this.s.slice(this.i))?.[0];
    if (word !== undefined && this.s[this.i + word.length] === '(') {
      this.i += word.length;
      if (word === 'val') {
        this.expect('(');
        this.ws();
        const fieldAt = this.i;
        const field = this.fieldRest(this.word(), fieldAt);
        this.expect(')');
        return { kind: 'val', field, pos: this.pos(at) };
      }
      return this.transformer(word as TransformerName, at);
    }
    if (listOp && word !== undefined && /^[a-zA-Z][a-zA-Z0-9_]*$/.test(word) && !/[^\s)]/.test(this.s[this.i + word.length] ?? ' ')) {
      this.i += word.length;
      return { kind: 'identifier', name: word, pos: this.pos(at) };
    }
    return this.value();
  }

  private list(): ListNode {
    const at = this.i;
    this.expect('(');
    const values: ValueNode[] = [];
    this.ws();
    while (this.s[this.i] !== ')') {
      values.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      this.ws();
    }
    this.i++;
    return { kind: 'list', values, pos: this.pos(at) };
  }

  private value(): ValueNode {
    this.ws();
    const at = this.i;
    const q = this.s[this.i];
    if (q === '"' || q === "'") return this.quoted(q, at);
    const m = /^[^()"'\s=,]+/.exec(this.s.slice(this.i));
    if (m === null) throw new Error(`test reader: value expected at ${this.i} in ${this.s}`);
    this.i += m[0].length;
    return { kind: 'value', value: m[0], quoted: false, pos: this.pos(at) };
  }

  private quoted(q: string, at: number): ValueNode {
    let out = '';
    this.i++;
    while (this.s[this.i] !== q) {
      if (this.i >= this.s.length) throw new Error(`test reader: unterminated string in ${this.s}`);
      if (this.s[this.i] === '\\') {
        const n = this.s[++this.i]!;
        out += n === 'x' ? String.fromCharCode(parseInt(this.s.slice(this.i + 1, this.i + 3), 16)) : n;
        if (n === 'x') this.i += 2;
      } else {
        out += this.s[this.i];
      }
      this.i++;
    }
    this.i++;
    return { kind: 'value', value: out, quoted: true, pos: this.pos(at) };
  }
}

function ast(condition: string): Expr {
  return new Reader(condition).parse();
}

// ---- helpers ----------------------------------------------------------------

function compile(condition: string): (e: Ev) => boolean {
  const r = compileFilter(ast(condition), makeResolver());
  if (!r.ok) throw new Error(`${condition}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.filter;
}

function run(condition: string, event: Ev): boolean {
  return compile(condition)(event);
}

function errorsOf(condition: string): Array<{ message: string; col: number }> {
  const r = compileFilter(ast(condition), makeResolver());
  if (r.ok) throw new Error(`${condition}: expected a compile error`);
  return r.errors.map((e) => ({ message: e.message, col: e.pos.col }));
}

function firstError(condition: string): string {
  return errorsOf(condition)[0]!.message;
}

function warningsOf(condition: string): Array<{ message: string; col: number }> {
  const r = compileFilter(ast(condition), makeResolver());
  if (!r.ok) throw new Error(`${condition}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.warnings.map((w) => ({ message: w.message, col: w.pos.col }));
}

function ipv4(s: string): Uint8Array {
  return new Uint8Array(s.split('.').map(Number));
}

function bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}

/** [condition, event, expected] rows. */
type Row = [string, Ev, boolean];

function show(event: Ev): string {
  return JSON.stringify(event, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `bytes(${Buffer.from(v).toString('hex')})` : v,
  );
}

function table(rows: Row[]): void {
  for (const [cond, event, expected] of rows) {
    it(`${cond} on ${show(event)} → ${expected}`, () => {
      expect(run(cond, event)).toBe(expected);
    });
  }
}

// ---- tests ------------------------------------------------------------------

describe('boolean structure', () => {
  const t = { 'proc.name': 'bash', 'proc.pid': 10 };
  table([
    ['proc.name = bash and proc.pid = 10', t, true],
    ['proc.name = bash and proc.pid = 11', t, false],
    ['proc.name = zsh or proc.pid = 10', t, true],
    ['not proc.name = bash', t, false],
    ['not not proc.name = bash', t, true],
    ['proc.name = zsh or proc.name = bash and proc.pid = 10', t, true],
    ['(proc.name = zsh or proc.name = bash) and proc.pid = 11', t, false],
    ['not (proc.name = zsh or proc.pid = 11)', t, true],
    ['proc.pid = 1 or proc.pid = 2 or proc.pid = 10 or proc.pid = 3', t, true],
    ['proc.pid = 10 and proc.pid > 1 and proc.pid < 20 and proc.name exists', t, true],
  ]);

  it('short-circuits and/or without extracting the rest', () => {
    const resolver = makeResolver();
    const and = compileFilter(ast('proc.name = zsh and proc.pid = 10'), resolver);
    const or = compileFilter(ast('proc.name = bash or proc.pid = 10'), resolver);
    if (!and.ok || !or.ok) throw new Error('compile');
    expect(and.filter(t)).toBe(false);
    expect(or.filter(t)).toBe(true);
    expect(resolver.calls).toEqual(['proc.name', 'proc.name']);
  });
});

describe('missing values', () => {
  const none: Ev = {};
  const ops = [
    'proc.name = x', 'proc.name != x', 'proc.name contains x', 'proc.name icontains x', 'proc.name startswith x',
    'proc.name endswith x', 'proc.name glob *', 'proc.name iglob *', 'proc.name regex .*', 'proc.name < x',
    'proc.name >= x', 'proc.name in (x)', 'proc.name intersects (x)', 'proc.name pmatch (/)', 'proc.name exists',
    'proc.name = anyof (x)', 'proc.name != allof (x)', 'evt.num != 1', 'evt.num < 1', 'evt.is_io != true',
    'fd.sip != 1.2.3.4', 'fd.net != 10.0.0.0/8', 'evt.buffer != abc', 'proc.argv in (a)', 'proc.argv exists',
    'toupper(proc.name) != X', 'len(proc.name) != 3', 'proc.pname = val(proc.name)', 'proc.name != val(proc.pname)',
  ];
  it.each(ops)('%s is false when the field is missing', (cond) => {
    expect(run(cond, none)).toBe(false);
  });

  it('`not f = x` differs from `f != x` on a missing field', () => {
    expect(run('not proc.name = x', none)).toBe(true);
    expect(run('proc.name != x', none)).toBe(false);
  });

  it('a missing right-hand field makes the check false', () => {
    expect(run('proc.name != val(proc.pname)', { 'proc.name': 'a' })).toBe(false);
    expect(run('proc.name = val(proc.pname)', { 'proc.name': 'a' })).toBe(false);
  });

  it('exists is true iff the value is defined, whatever it is', () => {
    expect(run('proc.name exists', { 'proc.name': '' })).toBe(true);
    expect(run('evt.num exists', { 'evt.num': 0 })).toBe(true);
    expect(run('evt.is_io exists', { 'evt.is_io': false })).toBe(true);
    expect(run('proc.argv exists', { 'proc.argv': [] })).toBe(true);
  });
});

describe('strings', () => {
  const e = { 'proc.name': 'Bash-5', 'fd.name': '/etc/passwd' };
  table([
    ['proc.name = Bash-5', e, true],
    ['proc.name == Bash-5', e, true],
    ['proc.name = bash-5', e, false],
    ['proc.name != bash-5', e, true],
    ['proc.name != Bash-5', e, false],
    ['proc.name contains sh-', e, true],
    ['proc.name contains SH', e, false],
    ['proc.name contains ""', e, true],
    ['proc.name icontains SH-5', e, true],
    ['proc.name icontains zsh', e, false],
    ['proc.name startswith Ba', e, true],
    ['proc.name startswith ba', e, false],
    ['proc.name endswith -5', e, true],
    ['proc.name endswith 5-', e, false],
    ['proc.name < Bash-6', e, true],
    ['proc.name < Bash-5', e, false],
    ['proc.name <= Bash-5', e, true],
    ['proc.name > Bash', e, true],
    ['proc.name > bash', e, false],
    ['proc.name >= Bash-5', e, true],
    ['proc.name in (zsh, Bash-5)', e, true],
    ['proc.name in (zsh, bash-5)', e, false],
    ['proc.name in ()', e, false],
    ['proc.name intersects (Bash-5)', e, true],
    ['proc.name intersects (x)', e, false],
    ['fd.name pmatch (/etc)', e, true],
    ['fd.name glob /etc/*', e, true],
    ['fd.name regex "/etc/.*"', e, true],
  ]);

  it('orders by UTF-8 bytes (code points), not UTF-16 units', () => {
    // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80), although its UTF-16 unit is larger.
    expect(run('proc.name < "😀"', { 'proc.name': '\uFFFD' })).toBe(true);
    expect(run('proc.name > "😀"', { 'proc.name': '\uFFFD' })).toBe(false);
  });

  it('icontains folds ASCII only', () => {
    expect(run('proc.name icontains "é"', { 'proc.name': 'É' })).toBe(false);
    expect(run('proc.name icontains "ABC"', { 'proc.name': 'xabcx' })).toBe(true);
  });
});

describe('numbers', () => {
  const e = { 'evt.num': 42, 'proc.pid': -5, 'evt.count': 4294967295 };
  table([
    ['evt.num = 42', e, true],
    ['evt.num = 43', e, false],
    ['evt.num != 43', e, true],
    ['evt.num != 42', e, false],
    ['evt.num < 43', e, true],
    ['evt.num < 42', e, false],
    ['evt.num <= 42', e, true],
    ['evt.num > 41', e, true],
    ['evt.num > 42', e, false],
    ['evt.num >= 42', e, true],
    ['evt.num >= 43', e, false],
    ['evt.num in (1, 42)', e, true],
    ['evt.num in (1, 2)', e, false],
    ['evt.num intersects (42)', e, true],
    ['proc.pid = -5', e, true],
    ['proc.pid < 0', e, true],
    ['proc.pid = +5', e, false],
    // sscanf stores -1 in 32 bits unsigned.
    ['evt.count = -1', e, true],
    ['evt.num = " 42"', e, true],
  ]);

  it('compares UINT64 values beyond 2^53 exactly (bigint)', () => {
    const big = { 'evt.num': 18446744073709551615n };
    expect(run('evt.num = 18446744073709551615', big)).toBe(true);
    expect(run('evt.num = 18446744073709551614', big)).toBe(false);
    expect(run('evt.num > 18446744073709551614', big)).toBe(true);
    expect(run('evt.num in (18446744073709551615)', big)).toBe(true);
    expect(run('evt.num in (3)', { 'evt.num': 3n })).toBe(true);
    expect(run('evt.num > 9007199254740992', { 'evt.num': 9007199254740993n })).toBe(true);
  });

  it('accepts decimal only', () => {
    expect(firstError('evt.num = 0x10')).toBe('0x10 is not a valid number');
    expect(firstError('evt.num = 1.0')).toBe('1.0 is not a valid number');
    expect(firstError('evt.num = abc')).toBe('abc is not a valid number');
    expect(firstError('evt.num in (1, 2x)')).toBe('2x is not a valid number');
  });
});

describe('booleans', () => {
  const e = { 'evt.is_io': true };
  table([
    ['evt.is_io = true', e, true],
    ['evt.is_io = false', e, false],
    ['evt.is_io != false', e, true],
    ['evt.is_io != true', e, false],
    ['evt.is_io in (false, true)', e, true],
    ['evt.is_io intersects (false)', e, false],
    ['evt.is_io = false', { 'evt.is_io': false }, true],
  ]);

  it('accepts only true/false', () => {
    expect(firstError('evt.is_io = 1')).toBe('filter error: unrecognized boolean value 1');
    expect(firstError('evt.is_io = TRUE')).toBe('filter error: unrecognized boolean value TRUE');
  });
});

describe('IP addresses and networks', () => {
  const v4 = { 'fd.sip': ipv4('10.1.2.3'), 'fd.net': ipv4('10.1.2.3') };
  const v6 = { 'fd.sip': '2001:db8::1', 'fd.net': '2001:db8::1' };
  table([
    ['fd.sip = 10.1.2.3', v4, true],
    ['fd.sip = 10.1.2.4', v4, false],
    ['fd.sip != 10.1.2.4', v4, true],
    ['fd.sip != 10.1.2.3', v4, false],
    ['fd.sip in (1.1.1.1, 10.1.2.3)', v4, true],
    ['fd.sip intersects (1.1.1.1)', v4, false],
    ['fd.sip = 10.1.2.3', { 'fd.sip': '10.1.2.3' }, true],
    ['fd.sip = 2001:db8::1', v6, true],
    ['fd.sip = 2001:db8:0:0:0:0:0:1', v6, true],
    ['fd.sip = ::1', v6, false],
    ['fd.sip in (::1, 2001:db8::1)', v6, true],
    ['fd.sip = ::ffff:102:304', { 'fd.sip': '::ffff:1.2.3.4' }, true],
    ['fd.sip = 2001:db8::1', { 'fd.sip': new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) }, true],
    // Different families: unequal, and `!=` holds.
    ['fd.sip = ::1', v4, false],
    ['fd.sip != ::1', v4, true],
    ['fd.net = 10.0.0.0/8', v4, true],
    ['fd.net = 10.1.2.0/24', v4, true],
    ['fd.net = 10.1.3.0/24', v4, false],
    ['fd.net != 192.168.0.0/16', v4, true],
    ['fd.net != 10.0.0.0/8', v4, false],
    ['fd.net = 0.0.0.0/0', v4, true],
    ['fd.net in (192.168.0.0/16, 10.0.0.0/8)', v4, true],
    ['fd.net in (192.168.0.0/16)', v4, false],
    ['fd.net = 2001:db8::/32', v6, true],
    ['fd.net = 2001:db9::/32', v6, false],
    ['fd.net = 10.0.0.0/8', v6, false],
    ['fd.net != 10.0.0.0/8', v6, true],
  ]);

  it('rejects literals that do not fit the field type', () => {
    expect(firstError('fd.sip = 10.0.0.0/8')).toBe('unrecognized IPv4 address 10.0.0.0/8');
    expect(firstError('fd.sip = 300.1.1.1')).toBe('unrecognized IPv4 address 300.1.1.1');
    expect(firstError('fd.sip = nothost')).toBe('unrecognized IPv6 address nothost');
    expect(firstError('fd.sip = 1::2::3')).toBe('unrecognized IPv6 address 1::2::3');
    // Like libsinsp, any dot means IPv4.
    expect(firstError('fd.sip = ::ffff:1.2.3.4')).toBe('unrecognized IPv4 address ::ffff:1.2.3.4');
    expect(firstError('fd.net = 10.0.0.1')).toBe('unrecognized IP network 10.0.0.1');
    expect(firstError('fd.net = 10.0.0.0/33')).toBe('invalid netmask 33');
    expect(firstError('fd.net = 10.0.0/8')).toBe('unrecognized IP address 10.0.0/8');
    expect(firstError('fd.net = ::1')).toBe('invalid v6 netmask: ::1');
    expect(firstError('fd.net = ::1/0')).toBe('invalid v6 netmask 0');
  });

  it('"either endpoint" fields: = matches one side, != needs both to differ', () => {
    const e = { 'fd.ip': [ipv4('10.0.0.1'), ipv4('10.0.0.2')], 'fd.port': [1234, 22] };
    expect(run('fd.ip = 10.0.0.2', e)).toBe(true);
    expect(run('fd.ip in (10.0.0.9, 10.0.0.1)', e)).toBe(true);
    expect(run('fd.ip = 10.0.0.3', e)).toBe(false);
    expect(run('fd.ip != 10.0.0.2', e)).toBe(false);
    expect(run('fd.ip != 10.0.0.3', e)).toBe(true);
    expect(run('fd.port = ssh', e)).toBe(true);
    expect(run('fd.port < 100', e)).toBe(true);
    expect(run('fd.port != 22', e)).toBe(false);
  });
});

describe('ports', () => {
  const e = { 'fd.sport': 22 };
  table([
    ['fd.sport = 22', e, true],
    ['fd.sport = ssh', e, true],
    ['fd.sport = http', e, false],
    ['fd.sport != 80', e, true],
    ['fd.sport < 1024', e, true],
    ['fd.sport in (http, ssh)', e, true],
  ]);

  it('rejects unknown service names', () => {
    expect(firstError('fd.sport = nosuchservice')).toBe('unrecognized protocol nosuchservice');
  });
});

describe('buffers', () => {
  const e = { 'evt.buffer': new Uint8Array([0xca, 0xfe, 0xba, 0xbe, 0x41, 0x42]) };
  const text = { 'evt.buffer': bytes('hello world') };
  table([
    ['evt.buffer bcontains babe', e, true],
    ['evt.buffer bcontains BABE41', e, true],
    ['evt.buffer bcontains bebe', e, false],
    ['evt.buffer bstartswith cafe', e, true],
    ['evt.buffer bstartswith babe', e, false],
    ['evt.buffer contains AB', e, true],
    ['evt.buffer = "hello world"', text, true],
    ['evt.buffer = hello', text, false],
    ['evt.buffer != hello', text, true],
    ['evt.buffer contains "o w"', text, true],
    ['evt.buffer startswith hell', text, true],
    ['evt.buffer endswith world', text, true],
    ['evt.buffer endswith hello', text, false],
    ['evt.buffer in (x, "hello world")', text, true],
    ['evt.buffer = "\\x00"', { 'evt.buffer': new Uint8Array([0]) }, true],
  ]);

  it('bcontains/bstartswith take even-length hex only', () => {
    const msg = 'filter error: bcontains and bstartswith operator support hex strings only';
    expect(firstError('evt.buffer bcontains abc')).toBe(msg);
    expect(firstError('evt.buffer bstartswith 12zz')).toBe(msg);
    expect(firstError('evt.buffer bcontains "\\x00"')).toBe(msg);
  });
});

describe('operator/type compatibility', () => {
  it.each([
    ['evt.num contains 1', "filter error: 'contains' operator not supported for numeric filters"],
    ['evt.num glob 1', "filter error: 'glob' operator not supported for numeric filters"],
    ['evt.num pmatch (1)', "filter error: 'pmatch' operator not supported for numeric filters"],
    ['fd.sport startswith 1', "filter error: 'startswith' operator not supported for numeric filters"],
    ['evt.is_io < true', "filter error: '<' operator not supported for numeric filters"],
    ['proc.name bcontains 00', "filter error: 'bcontains' operator not supported for string filters"],
    ['evt.buffer glob x', "filter error: 'glob' operator not supported for buffer filters"],
    ['evt.buffer < x', "filter error: '<' operator not supported for buffer filters"],
    ['evt.buffer regex x', "filter error: 'regex' operator not supported for buffer filters"],
    ['fd.sip contains 1.2.3.4', "filter error: 'contains' operator not supported for ip address and network filters"],
    ['fd.net startswith anyof (10.0.0.0/8)', "filter error: 'startswith' with modifier not supported for ip address and network filters"],
    ['proc.argv = a', "filter error: '=' operator not supported list filters"],
    ['proc.argv contains a', "filter error: 'contains' operator not supported list filters"],
  ])('%s → %s', (cond, message) => {
    expect(firstError(cond)).toBe(message);
  });

  it('reports the error at the check', () => {
    expect(errorsOf('proc.pid = 1 and   evt.num contains 1')[0]!.col).toBe(20);
  });

  it('accepts = and != with modifiers on IP fields', () => {
    expect(run('fd.sip = anyof (1.1.1.1, 10.1.2.3)', { 'fd.sip': '10.1.2.3' })).toBe(true);
    expect(run('fd.net != allof (192.168.0.0/16, 172.16.0.0/12)', { 'fd.net': '10.1.2.3' })).toBe(true);
  });
});

describe('glob', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*', '/usr/bin/bash', true],
    ['/usr/*', '/usr/bin/bash', true],
    ['*bash', '/usr/bin/bash', true],
    ['/usr/*/bash', '/usr/local/bin/bash', true],
    ['/usr/?in/bash', '/usr/bin/bash', true],
    ['/usr/?/bash', '/usr/bin/bash', false],
    ['?', '/', true],
    ['*.txt', '.hidden.txt', true],
    ['[abc]at', 'bat', true],
    ['[abc]at', 'rat', false],
    ['[a-c]at', 'cat', true],
    ['[!a-c]at', 'cat', false],
    ['[!a-c]at', 'rat', true],
    ['[^a-c]at', 'rat', true],
    ['[]]x', ']x', true],
    ['[!]]x', 'ax', true],
    ['[a-]x', '-x', true],
    ['[[:digit:]]*', '7up', true],
    ['[[:alpha:]]*', '7up', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a\\?c', 'abc', false],
    ['a\\?c', 'a?c', true],
    ['[\\]]', ']', true],
    ['[ab', '[ab', true],
    ['[ab', 'a', false],
    ['abc\\', 'abc\\', false],
    ['a*b*c', 'aXXbYYbZc', true],
    ['a*b*c', 'aXXbYYbZ', false],
    ['', '', true],
    ['', 'x', false],
  ];
  it.each(cases)('glob %j on %j → %s', (pattern, value, expected) => {
    expect(run(`proc.name glob '${pattern.replace(/\\/g, '\\\\')}'`, { 'proc.name': value })).toBe(expected);
  });

  it('iglob folds ASCII case on both sides', () => {
    expect(run('proc.name iglob "*BIN/BA?H"', { 'proc.name': '/usr/bin/bash' })).toBe(true);
    expect(run('proc.name iglob "[A-C]at"', { 'proc.name': 'bat' })).toBe(true);
    expect(run('proc.name iglob "[a-c]AT"', { 'proc.name': 'BaT' })).toBe(true);
    expect(run('proc.name glob "*BIN*"', { 'proc.name': '/usr/bin/bash' })).toBe(false);
  });
});

describe('pmatch', () => {
  const cases: Array<[string, string, boolean]> = [
    ['(/var/run)', '/var/run/docker', true],
    ['(/var/run)', '/var/run', true],
    ['(/var/run)', '/var', false],
    ['(/var/run)', '/var/lib/messages', false],
    ['(/var/run, /etc, /lib, /usr/lib)', '/boot', false],
    ['(/var/run, /etc, /lib, /usr/lib)', '/etc', true],
    ['(/var/run, /etc, /lib, /usr/lib)', '/usr/lib/x/y', true],
    ['(/etc)', '/etcfoo', false],
    ['(/etc)', '/etc/', true],
    ['(/etc)', '//etc//passwd', true],
    ['(/usr/lib, /usr)', '/usr/bin', true],
    ['(/usr, /usr/lib)', '/usr/bin', true],
    ['(/)', '/anything/at/all', true],
    ['(/home/*/.ssh)', '/home/alice/.ssh/id_rsa', true],
    ['(/home/*/.ssh)', '/home/alice/bob/.ssh', false],
    ['(/home/*/.ssh)', '/home/alice', false],
    ['(/proc/[0-9]*/mem)', '/proc/123/mem', true],
    ['(/proc/[0-9]*/mem)', '/proc/self/mem', false],
    ['(/a/b?)', '/a/bc/d', true],
    ['(/a/x, /a/*/z)', '/a/x', true],
    ['(/a/x/y, /a/*)', '/a/x', true],
    ['()', '/etc', false],
  ];
  it.each(cases)('pmatch %s on %s → %s', (list, value, expected) => {
    expect(run(`fd.name pmatch ${list}`, { 'fd.name': value })).toBe(expected);
  });
});

describe('regex', () => {
  const cases: Array<[string, string, boolean]> = [
    ['syscal.*', 'syscall', true],
    ['yscal.*', 'syscall', false],
    ['.*yscal', 'syscall', false],
    ['^[s]{1}ysca[l]{2}$', 'syscall', true],
    ['a|b', 'a', true],
    ['a|b', 'ab', false],
    ['[[:digit:]]+', '123', true],
    ['[[:^digit:]]+', 'abc', true],
    ['[[:^digit:]]+', 'a1c', false],
    ['a**', 'aaa', true],
    ['a*?', 'aaa', true],
    ['x{2,3}', 'xxxx', false],
    ['x{2,}', 'xxxx', true],
    ['a{,2}', 'a{,2}', true],
    ['a.c', 'a\nc', false],
    ['a\\.c', 'abc', false],
    ['\\x41\\x{42}', 'AB', true],
    ['\\101', 'A', true],
    ['(ab)+', 'ababab', true],
    ['a$\\nb', 'a\nb', true],
    ['[a-c-]+', 'a-b', true],
  ];
  it.each(cases)('regex %j on %j → %s', (pattern, value, expected) => {
    expect(run(`proc.name regex '${pattern.replace(/\\/g, '\\\\')}'`, { 'proc.name': value })).toBe(expected);
  });

  it.each([
    ['\\d+', 'invalid regex pattern: invalid escape sequence: \\d'],
    ['\\bx', 'invalid regex pattern: invalid escape sequence: \\b'],
    ['(?i)abc', 'invalid regex pattern: no argument for repetition operator: ?'],
    ['(abc', 'invalid regex pattern: missing ): (abc'],
    ['abc)', 'invalid regex pattern: unexpected ): abc)'],
    ['[abc', 'invalid regex pattern: missing ]: [abc'],
    ['*a', 'invalid regex pattern: no argument for repetition operator: *'],
    ['a{1001}', 'invalid regex pattern: invalid repetition size: {1001}'],
    ['a{3,2}', 'invalid regex pattern: invalid repetition size: {3,2}'],
    ['[z-a]', 'invalid regex pattern: invalid character class range: z-a'],
    ['[a-b-c]', 'invalid regex pattern: invalid character class range: -c'],
    ['[[:foo:]]', 'invalid regex pattern: invalid character class range: [:foo:]'],
    ['\\1', 'invalid regex pattern: invalid escape sequence: \\1'],
    ['abc\\', 'invalid regex pattern: trailing \\'],
  ])('rejects %j', (pattern, message) => {
    expect(firstError(`proc.name regex '${pattern.replace(/\\/g, '\\\\')}'`)).toBe(message);
  });
});

describe('modifiers', () => {
  const e = { 'proc.name': 'bash', 'evt.num': 5 };
  table([
    ['proc.name = oneof (bash, zsh)', e, true],
    ['proc.name = oneof (bash, bash)', e, false],
    ['proc.name = oneof (sh, zsh)', e, false],
    ['proc.name = anyof (zsh, bash)', e, true],
    ['proc.name = anyof (zsh, ksh)', e, false],
    ['proc.name = allof (bash)', e, true],
    ['proc.name = allof (bash, zsh)', e, false],
    ['proc.name != allof (zsh, ksh)', e, true],
    ['proc.name != allof (zsh, bash)', e, false],
    ['proc.name != anyof (bash, zsh)', e, true],
    ['proc.name startswith oneof (ba, b)', e, false],
    ['proc.name startswith oneof (ba, z)', e, true],
    ['proc.name startswith anyof (z, ba)', e, true],
    ['proc.name contains allof (a, s, h)', e, true],
    ['proc.name contains allof (a, x)', e, false],
    ['proc.name glob anyof ("z*", "b*")', e, true],
    ['proc.name regex allof ("b.*", ".*h")', e, true],
    ['proc.name regex oneof ("b.*", ".*h")', e, false],
    ['proc.name icontains anyof (ASH)', e, true],
    ['evt.num = anyof (10, 5)', e, true],
    ['evt.num != allof (10, 4)', e, true],
    ['evt.num = oneof (5, 5)', e, false],
    // An empty list is false for every modifier.
    ['proc.name = oneof ()', e, false],
    ['proc.name = anyof ()', e, false],
    ['proc.name = allof ()', e, false],
    ['proc.name != allof ()', e, false],
  ]);
});

describe('list fields', () => {
  const e = { 'proc.argv': ['-c', 'ls'], 'proc.gids': [0n, 27n], 'fd.types': [] };
  table([
    ['proc.argv in (-c, ls, -l)', e, true],
    ['proc.argv in (-c)', e, false],
    ['proc.argv intersects (ls, x)', e, true],
    ['proc.argv intersects (x, y)', e, false],
    ['proc.gids in (0, 27, 100)', e, true],
    ['proc.gids intersects (27)', e, true],
    ['proc.gids intersects (28)', e, false],
    // An empty list is inside every set and intersects none.
    ['fd.types in (file)', e, true],
    ['fd.types in ()', e, true],
    ['fd.types intersects (file)', e, false],
    ['len(proc.argv) = 2', e, true],
  ]);

  it('scalar intersects is membership', () => {
    expect(run('proc.name intersects (a, b)', { 'proc.name': 'b' })).toBe(run('proc.name in (a, b)', { 'proc.name': 'b' }));
  });

  it('"any ancestor" fields match when one candidate does, != included', () => {
    const e2 = { 'proc.aname': ['bash', 'sshd', 'systemd'] };
    expect(run('proc.aname = sshd', e2)).toBe(true);
    expect(run('proc.aname in (cron, systemd)', e2)).toBe(true);
    expect(run('proc.aname = cron', e2)).toBe(false);
    expect(run('proc.aname != bash', e2)).toBe(true);
    expect(run('proc.aname != cron', { 'proc.aname': ['cron'] })).toBe(false);
    expect(run('proc.aname[1] = bash', { 'proc.aname[1]': 'bash' })).toBe(true);
  });
});

describe('val() and right-hand fields', () => {
  table([
    ['proc.name = val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'a' }, true],
    ['proc.name = val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'b' }, false],
    ['proc.name != val(proc.pname)', { 'proc.name': 'a', 'proc.pname': 'b' }, true],
    ['proc.name startswith val(proc.pname)', { 'proc.name': 'abc', 'proc.pname': 'ab' }, true],
    ['proc.name glob val(proc.pname)', { 'proc.name': 'abc', 'proc.pname': 'a*' }, true],
    ['proc.name icontains val(proc.pname)', { 'proc.name': 'xABx', 'proc.pname': 'ab' }, true],
    ['proc.pid < val(proc.ppid)', { 'proc.pid': 5, 'proc.ppid': 6n }, true],
    ['proc.pid = val(proc.ppid)', { 'proc.pid': 6, 'proc.ppid': 6n }, true],
    ['fd.sip = val(fd.cip)', { 'fd.sip': ipv4('1.2.3.4'), 'fd.cip': '1.2.3.4' }, true],
    ['fd.sip != val(fd.cip)', { 'fd.sip': ipv4('1.2.3.4'), 'fd.cip': '::1' }, true],
    ['proc.argv intersects val(proc.argv)', { 'proc.argv': ['a'] }, true],
    ['proc.name = toupper(proc.pname)', { 'proc.name': 'AB', 'proc.pname': 'ab' }, true],
    ['proc.name in val(proc.pname)', { 'proc.name': 'ab', 'proc.pname': 'ab' }, true],
  ]);

  it.each([
    ['proc.name regex val(proc.pname)', "operator 'REGEX' doesn't support right-hand side fields", 17],
    ['fd.name pmatch val(fd.directory)', "operator 'PMATCH' doesn't support right-hand side fields", 16],
    ['fd.net = val(fd.net)', "field type 'IPNET' doesn't support right-hand side fields", 10],
    ['proc.aname = val(proc.name)', "field 'proc.aname' doesn't support right-hand side fields", 14],
    ['fd.sip = val(fd.ip)', "field 'fd.ip' can't be used as a right-hand side field", 10],
    ['proc.name = val(evt.num)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'evt.num' has incompatible type 'UINT64'", 13],
    ['proc.name = val(fd.name)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'fd.name' has incompatible type 'FSPATH'", 13],
    ['proc.name in val(proc.argv)', "field 'proc.name' has type 'CHARBUF' while the right-hand side field 'proc.argv' has incompatible type 'CHARBUF (list)'", 14],
    ['proc.name = val(proc.nope)', 'filter_check called with nonexistent field proc.nope', 17],
  ])('%s → %s', (cond, message, col) => {
    expect(errorsOf(cond)).toEqual([{ message, col }]);
  });
});

describe('transformers', () => {
  table([
    ['tolower(proc.name) = bash', { 'proc.name': 'BaSh' }, true],
    ['toupper(proc.name) = BASH', { 'proc.name': 'BaSh' }, true],
    ['toupper(proc.name) = "É"', { 'proc.name': 'é' }, false],
    ['b64(proc.name) = hello', { 'proc.name': 'aGVsbG8=' }, true],
    ['b64(proc.name) = hello', { 'proc.name': 'aGVsbG8' }, true],
    ['b64(proc.name) exists', { 'proc.name': 'a' }, false],
    ['b64(proc.name) exists', { 'proc.name': 'aGVsbG9=' }, false],
    ['b64(proc.name) != x', { 'proc.name': '!!!!' }, false],
    ['b64(evt.buffer) bcontains 68656c', { 'evt.buffer': bytes('aGVsbG8=') }, true],
    ['basename(fd.name) = passwd', { 'fd.name': '/etc/passwd' }, true],
    ['basename(fd.name) = passwd', { 'fd.name': 'passwd' }, true],
    ['basename(fd.name) = ""', { 'fd.name': '/etc/' }, true],
    ['toupper(basename(fd.name)) = PASSWD', { 'fd.name': '/etc/passwd' }, true],
    ['len(proc.name) = 4', { 'proc.name': 'bash' }, true],
    ['len(proc.name) = 2', { 'proc.name': 'é' }, true],
    ['len(evt.buffer) > 2', { 'evt.buffer': new Uint8Array(3) }, true],
    ['len(proc.argv) = 0', { 'proc.argv': [] }, true],
    ['tolower(proc.argv) in (a, b)', { 'proc.argv': ['A', 'b'] }, true],
    ['join(",", proc.argv) = "-c,ls"', { 'proc.argv': ['-c', 'ls'] }, true],
    ['join(":", ("a", "b")) = "a:b"', {}, true],
    ['concat(proc.name, "-", proc.pname) = "a-b"', { 'proc.name': 'a', 'proc.pname': 'b' }, true],
    ['concat(proc.name, proc.pname) exists', { 'proc.name': 'a' }, false],
    ['getopt(proc.argv, "c:l")[c] = "ls -l"', { 'proc.argv': ['-l', '-c', 'ls -l', 'rest'] }, true],
    ['getopt(proc.argv, "c:l")[c] = ls', { 'proc.argv': ['-cls'] }, true],
    ['getopt(proc.argv, "c:l")[l] = l', { 'proc.argv': ['-lc', 'x'] }, true],
    ['getopt(proc.argv, "c:l")[c] exists', { 'proc.argv': ['x', '-c', 'ls'] }, false],
    ['getopt(proc.argv, "c:l")[c] = ""', { 'proc.argv': ['-c'] }, true],
    ['getopt(proc.argv, "c:l")[c] = b', { 'proc.argv': ['-c', 'a', '-c', 'b'] }, true],
    ['getopt(proc.argv, "c:l") intersects (ls)', { 'proc.argv': ['-l', '-c', 'ls'] }, true],
    ['getopt(proc.argv, "c:l") in (l, c, ls, "?")', { 'proc.argv': ['-l', '-x', '-c', 'ls', '--', '-z'] }, true],
    ['getopt(proc.argv, "c:l") intersects ("?")', { 'proc.argv': ['--exec', '-q'] }, true],
    ['getopt(proc.argv, proc.name)[c] = ls', { 'proc.argv': ['-c', 'ls'], 'proc.name': 'c:' }, true],
  ]);

  it.each([
    ['toupper(evt.num) = 1', "can't add field transformer: type 'UINT64' is not supported by 'toupper' transformer applied on field 'evt.num'", 1],
    ['b64(fd.name) = x', "can't add field transformer: type 'FSPATH' is not supported by 'b64' transformer applied on field 'fd.name'", 1],
    ['tolower(proc.gids) in (1)', "can't add field transformer: type 'UINT64' is not supported by 'tolower' transformer applied on list field 'proc.gids'", 1],
    ['tolower(proc.aname) = x', "field 'proc.aname' does not support transformers", 1],
    ['toupper(fd.name)[x] = foo', "filter error: transformer 'toupper' does not support field arguments", 1],
    ['join(proc.argv, proc.argv) = x', 'join() first argument (separator) must be a single value, not a list', 1],
    ['join(",", proc.name) = x', 'join() second argument must be a list', 1],
    ['join(",") = x', 'join() requires exactly 2 arguments: separator and list', 1],
    ['concat(proc.name) = x', 'concat() requires at least 2 arguments', 1],
    ['concat(proc.name, fd.name) = x', 'concat() arguments must be strings', 1],
    ['concat(proc.name, "x")[1] = x', "transformer 'concat' does not support field arguments", 1],
    ['getopt(proc.name, "c:") = x', 'getopt() first argument must be a list', 1],
    ['getopt(proc.argv, "c:")[cd] = x', 'getopt() field argument must be a single option character', 1],
    ['getopt(proc.argv, "c:") = x', "filter error: '=' operator not supported list filters", 1],
    ['len(proc.name) contains 1', "filter error: 'contains' operator not supported for numeric filters", 1],
    ['proc.pid = 1 and tolower(proc.nope) = x', 'filter_check called with nonexistent field proc.nope', 26],
  ])('%s → %s', (cond, message, col) => {
    expect(errorsOf(cond)).toEqual([{ message, col }]);
  });
});

describe('compile errors', () => {
  it.each([
    ['proc.nam = bash', 'filter_check called with nonexistent field proc.nam', 1],
    ['proc.name = a and evt.arg = x', "filter 'evt.arg': evt.arg requires an argument but none provided", 19],
    ['proc.name[1] = x', "filter 'proc.name[1]': proc.name does not allow nor require an argument but one is provided: 1", 1],
    ['proc.name = "a\\x00b"', 'filter error: filter value cannot contain a NUL byte (\\x00)', 13],
    ['proc.name pmatch ("/a\\x00")', 'filter error: filter value cannot contain a NUL byte (\\x00)', 19],
    ['proc.pid = 1 or my_macro', "Undefined macro 'my_macro' used in filter.", 17],
    ['evt.num in (1, x, 3)', 'x is not a valid number', 16],
  ])('%s → %s', (cond, message, col) => {
    expect(errorsOf(cond)).toEqual([{ message, col }]);
  });

  it('reports every error at once, in source order, with positions', () => {
    const cond = 'proc.nam = x and evt.num = 0x1 and (not evt.is_io = yes or my_macro) and proc.name regex "(" and fd.sip = 1.2.3';
    expect(errorsOf(cond)).toEqual([
      { message: 'filter_check called with nonexistent field proc.nam', col: 1 },
      { message: '0x1 is not a valid number', col: 28 },
      { message: 'filter error: unrecognized boolean value yes', col: 53 },
      { message: "Undefined macro 'my_macro' used in filter.", col: 60 },
      { message: 'invalid regex pattern: missing ): (', col: 90 },
      { message: 'unrecognized IPv4 address 1.2.3', col: 107 },
    ]);
  });

  it('reports each bad value of a list', () => {
    expect(errorsOf('evt.num in (a, 1, b)').map((e) => e.col)).toEqual([13, 19]);
  });

  it('checkFilter reports the same problems from types alone', () => {
    const cond = 'proc.nam = x and evt.num = 0x1 and proc.name = proc.pname';
    const checked = checkFilter(ast(cond), schema);
    const compiled = compileFilter(ast(cond), makeResolver());
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(checked.errors).toEqual(compiled.errors);
    expect(checked.warnings.map((w) => w.message)).toEqual(["'proc.pname' may be a valid field misused as a const string value"]);
  });

  it('checkFilter accepts a valid condition without extracting anything', () => {
    const r = checkFilter(ast('proc.name in (a, b) and evt.num > 3 and not fd.net = 10.0.0.0/8'), schema);
    expect(r).toEqual({ errors: [], warnings: [] });
  });
});

describe('warnings', () => {
  it('warns when a value names a field (quoted or not)', () => {
    expect(warningsOf('proc.name = proc.pname')).toEqual([
      { message: "'proc.pname' may be a valid field misused as a const string value", col: 13 },
    ]);
    expect(warningsOf('proc.name in (a, "proc.pname ")')).toEqual([
      { message: "'proc.pname ' may be a valid field misused as a const string value", col: 18 },
    ]);
    expect(warningsOf('proc.name = proc.aname[2]')).toHaveLength(1);
    expect(warningsOf('proc.name = unknown.field')).toEqual([]);
    expect(warningsOf('proc.name = evt.arg')).toEqual([]);
  });

  it('warns when a quoted value looks like a transformer call', () => {
    expect(warningsOf('proc.name = "toupper( proc.pname)"')).toEqual([
      { message: "'toupper( proc.pname)' may be a valid field transformer misused as a const string value", col: 13 },
    ]);
    expect(warningsOf('proc.name = "tolow(x)"')).toEqual([]);
  });

  it.each([
    ['syscall', 1], ['^syscall$', 1], ['.*syscall', 1], ['syscall.*', 1], ['.+syscall.+', 1], ['.?syscall', 1],
    ['syscall.{1}', 0], ['syscall\\.*', 0], ['s.*l', 0], ['syscal[l]?', 0],
  ])('regex %j gives %i simplification warning(s)', (pattern, count) => {
    const w = warningsOf(`proc.name regex '${pattern.replace(/\\/g, '\\\\')}'`);
    expect(w).toHaveLength(count);
    if (count === 1) {
      expect(w[0]!.message).toBe(
        `regex check with '${pattern}' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'`,
      );
    }
  });

  it('compiles despite warnings', () => {
    const r = compileFilter(ast('proc.name = proc.pname'), makeResolver());
    expect(r.ok && r.filter({ 'proc.name': 'proc.pname' })).toBe(true);
  });
});

describe('identifiers on the right of list operators', () => {
  it('are a single literal value (an unexpanded list name)', () => {
    expect(run('proc.name in shell_binaries', { 'proc.name': 'shell_binaries' })).toBe(true);
    expect(run('proc.name in shell_binaries', { 'proc.name': 'bash' })).toBe(false);
  });
});

// Keeps the helper honest: the reader builds the node kinds the compiler expects.
describe('test reader', () => {
  it('builds checks, lists, val and transformers with positions', () => {
    const e = ast('toupper(proc.name) in (a, "b c") and proc.name = val(proc.pname)');
    expect(e.kind).toBe('and');
    if (e.kind !== 'and') return;
    const [first, second] = e.children;
    expect(first).toMatchObject({ kind: 'check', op: 'in', left: { kind: 'transformer', name: 'toupper' }, right: { kind: 'list' } });
    expect(second).toMatchObject({ kind: 'check', op: '=', right: { kind: 'val', field: { name: 'proc.pname', pos: { col: 54 } }, pos: { col: 50 } } });
  });
});
