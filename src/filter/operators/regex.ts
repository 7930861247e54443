// `regex`: RE2 in POSIX mode (re2::RE2::POSIX), matched against the whole
// value (ANCHOR_BOTH). The pattern is parsed with RE2's POSIX-mode rules and
// re-emitted as a JS RegExp, so accepted syntax and error texts follow RE2:
// no \d \w \s \b, no (?flags) or (?:...), no lazy quantifiers (`a*?` is
// `(a*)?`), stacked repetitions allowed (`a**`), `{` literal unless it forms
// a valid {n,m} (n, m <= 1000), [[:alpha:]] classes, `^`/`$` at line
// boundaries (RE2's one_line is off in POSIX mode), `.` never matches `\n`.
// Differences that remain: JS backtracks (RE2 is linear, so pathological
// patterns are slower here), RE2's leftmost-longest preference does not
// change a full-anchored yes/no answer, and the nested-repetition size limit
// (product of counts > 1000) is not enforced.

export type RegexResult = { ok: true; regex: RegExp } | { ok: false; error: string };

class Re2Error extends Error {}

interface Atom {
  base: string;
  quant: string;
}

type Range = readonly [number, number];
const MAX_CODE_POINT = 0x10ffff;
const MAX_REPEAT = 1000;

const POSIX_GROUPS: Readonly<Record<string, readonly Range[]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

export function compileRe2Posix(pattern: string): RegexResult {
  try {
    const body = new Re2PosixTranslator(pattern).translate();
    return { ok: true, regex: new RegExp(`^(?:${body})$`, 'u') };
  } catch (e) {
    if (e instanceof Re2Error) return { ok: false, error: e.message };
    return { ok: false, error: `invalid regex: ${(e as Error).message}` };
  }
}

class Re2PosixTranslator {
  private pos = 0;

  constructor(private readonly src: string) {}

  translate(): string {
    const out = this.alternation();
    if (this.pos < this.src.length) this.fail('unexpected )', this.src);
    return out;
  }

  private fail(code: string, arg: string): never {
    throw new Re2Error(arg === '' ? code : `${code}: ${arg}`);
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternation(): string {
    const branches = [this.concatenation()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.concatenation());
    }
    return branches.join('|');
  }

  private concatenation(): string {
    const atoms: Atom[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      if (c === '*' || c === '+' || c === '?') this.repeatOp(atoms, c);
      else if (c === '{' && this.tryCountedRepeat(atoms)) continue;
      else atoms.push({ base: this.atom(), quant: '' });
    }
    return atoms.map((a) => a.base + a.quant).join('');
  }

  /** RE2 squashes stacked `* + ?` into one operator (`a**` = `a*`, `a+?` = `a*`). */
  private repeatOp(atoms: Atom[], op: string): void {
    this.pos++;
    const last = atoms[atoms.length - 1];
    if (last === undefined) this.fail('no argument for repetition operator', op);
    if (last.quant === '') last.quant = op;
    else if (last.quant === '*' || last.quant === '+' || last.quant === '?') last.quant = last.quant === op ? op : '*';
    else atoms[atoms.length - 1] = { base: `(?:${last.base}${last.quant})`, quant: op };
  }

  /** `{n}`, `{n,}`, `{n,m}`; anything else leaves `{` to be read as a literal. */
  private tryCountedRepeat(atoms: Atom[]): boolean {
    const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.src.slice(this.pos));
    if (m === null) return false;
    const text = m[0];
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === '' ? -1 : Number(m[3]);
    this.pos += text.length;
    if ((hi !== -1 && hi < lo) || lo > MAX_REPEAT || hi > MAX_REPEAT) this.fail('invalid repetition size', text);
    const last = atoms[atoms.length - 1];
    if (last === undefined) this.fail('no argument for repetition operator', text);
    const quant = hi === -1 ? `{${lo},}` : `{${lo},${hi}}`;
    if (last.quant === '') last.quant = quant;
    else atoms[atoms.length - 1] = { base: `(?:${last.base}${last.quant})`, quant };
    return true;
  }

  private atom(): string {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.group();
      case '^':
        this.pos++;
        return '(?:^|(?<=\\n))';
      case '$':
        this.pos++;
        return '(?:$|(?=\\n))';
      case '.':
        this.pos++;
        return '[^\\n]';
      case '[':
        return this.charClass();
      case '\\':
        return emitChar(this.escape());
      default:
        return emitChar(this.nextCodePoint());
    }
  }

  private group(): string {
    this.pos++;
    const inner = this.alternation();
    if (this.peek() !== ')') this.fail('missing )', this.src);
    this.pos++;
    return `(?:${inner})`;
  }

  private nextCodePoint(): number {
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  /** RE2 ParseEscape: punctuation, octal, \x, C escapes; anything else is an error. */
  private escape(): number {
    const begin = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) this.fail('trailing \\', '');
    const c = this.nextCodePoint();
    if (c < 0x80 && !isAlnum(c)) return c;
    const ch = String.fromCodePoint(c);
    if (ch >= '0' && ch <= '7') return this.octalEscape(c - 48, begin);
    if (ch === 'x') return this.hexEscape(begin);
    const simple = C_ESCAPES[ch];
    if (simple !== undefined) return simple;
    return this.badEscape(begin);
  }

  private badEscape(begin: number): never {
    this.fail('invalid escape sequence', this.src.slice(begin, this.pos));
  }

  private octalEscape(first: number, begin: number): number {
    // A lone \1-\7 would be a backreference, which RE2 does not support.
    if (first > 0 && !isOctal(this.peek())) this.badEscape(begin);
    let code = first;
    for (let k = 0; k < 2 && isOctal(this.peek()); k++) code = code * 8 + (this.src.charCodeAt(this.pos++) - 48);
    return code;
  }

  private hexEscape(begin: number): number {
    if (this.peek() === '{') {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.src.slice(this.pos));
      const code = m === null ? NaN : parseInt(m[1]!, 16);
      if (m === null || !(code <= MAX_CODE_POINT)) {
        this.pos = Math.min(this.src.length, this.pos + (m?.[0].length ?? 1));
        this.badEscape(begin);
      }
      this.pos += m[0].length;
      return code;
    }
    const hex = this.src.slice(this.pos, this.pos + 2);
    this.pos = Math.min(this.src.length, this.pos + 2);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) this.badEscape(begin);
    return parseInt(hex, 16);
  }

  private charClass(): string {
    const start = this.pos;
    const whole = this.src.slice(start);
    this.pos++;
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const ranges: Range[] = [];
    for (let first = true; this.pos < this.src.length && (this.peek() !== ']' || first); first = false) {
      this.rejectBareDash(first);
      if (this.posixGroup(ranges)) continue;
      ranges.push(this.classRange(whole));
    }
    if (this.pos >= this.src.length) this.fail('missing ]', whole);
    this.pos++;
    const body = ranges.map(([lo, hi]) => (lo === hi ? emitChar(lo) : `${emitChar(lo)}-${emitChar(hi)}`)).join('');
    return `[${negated ? '^' : ''}${body}]`;
  }

  /** In POSIX mode `-` is literal only first or last in a class. */
  private rejectBareDash(first: boolean): void {
    if (this.peek() !== '-' || first || this.peek(1) === ']') return;
    const next = this.src.codePointAt(this.pos + 1);
    const len = next === undefined ? 1 : next > 0xffff ? 3 : 2;
    this.fail('invalid character class range', this.src.slice(this.pos, this.pos + len));
  }

  private posixGroup(ranges: Range[]): boolean {
    if (this.peek() !== '[' || this.peek(1) !== ':') return false;
    const close = this.src.indexOf(':]', this.pos + 2);
    if (close < 0) return false;
    const name = this.src.slice(this.pos, close + 2);
    const inner = name.slice(2, -2);
    const negate = inner.startsWith('^');
    const group = POSIX_GROUPS[negate ? inner.slice(1) : inner];
    if (group === undefined) this.fail('invalid character class range', name);
    ranges.push(...(negate ? complement(group) : group));
    this.pos = close + 2;
    return true;
  }

  private classRange(whole: string): Range {
    const begin = this.pos;
    const lo = this.classChar(whole);
    if (this.peek() !== '-' || this.pos + 1 >= this.src.length || this.peek(1) === ']') return [lo, lo];
    this.pos++;
    const hi = this.classChar(whole);
    if (hi < lo) this.fail('invalid character class range', this.src.slice(begin, this.pos));
    return [lo, hi];
  }

  private classChar(whole: string): number {
    if (this.pos >= this.src.length) this.fail('missing ]', whole);
    return this.peek() === '\\' ? this.escape() : this.nextCodePoint();
  }
}

const C_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, a: 0x07, f: 0x0c, v: 0x0b };

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isOctal(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '7';
}

/** Everything but ASCII letters and digits as \u{...}, which is valid in and out of classes under the `u` flag. */
function emitChar(cp: number): string {
  return isAlnum(cp) ? String.fromCharCode(cp) : `\\u{${cp.toString(16)}}`;
}
