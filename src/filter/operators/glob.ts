// POSIX fnmatch(pattern, string, 0) as glibc implements it, which is what
// libsinsp's `glob` uses (`iglob` adds FNM_CASEFOLD). Without FNM_PATHNAME and
// FNM_PERIOD, `*` and `?` match `/` and leading dots. Brackets support ranges,
// `!`/`^` negation, `]` first, `[:class:]`, and backslash escapes; an
// unterminated `[` is an ordinary character and a trailing backslash never
// matches. Characters are UTF-16 units and classes/folding are ASCII (glibc in
// the C locale works on bytes instead, which only matters for `?` and brackets
// against non-ASCII text).
import { foldAscii } from './string-compare.js';

type CharClass = (c: number) => boolean;

const LIT = 0;
const ANY_CHAR = 1;
const STAR_RUN = 2;
const SET = 3;

/** One shape for every token keeps the matching loop monomorphic. */
interface Token {
  t: typeof LIT | typeof ANY_CHAR | typeof STAR_RUN | typeof SET;
  c: number;
  negate: boolean;
  ranges: number[];
  classes: CharClass[];
}

export interface GlobPattern {
  tokens: readonly Token[];
  fold: boolean;
  /** A trailing backslash: glibc's fnmatch rejects every string. */
  never: boolean;
  /** Case-sensitive patterns made of literals and `*` only: the literal runs between stars. */
  segments: readonly string[] | undefined;
}

function token(t: Token['t'], c = 0): Token {
  return { t, c, negate: false, ranges: [], classes: [] };
}

const STAR = token(STAR_RUN);
const ANY = token(ANY_CHAR);

const CLASSES: Readonly<Record<string, CharClass>> = {
  alnum: (c) => isDigit(c) || isAlpha(c),
  alpha: isAlpha,
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: isDigit,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => c > 32 && c < 127 && !isDigit(c) && !isAlpha(c),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70),
};
const NO_CLASS: CharClass = () => false;

export function compileGlob(pattern: string, caseFold: boolean): GlobPattern {
  const g = tokenize(pattern, caseFold);
  const simple = !caseFold && !g.never && !/[?[\\]/.test(pattern);
  return { ...g, segments: simple ? pattern.split('*') : undefined };
}

function tokenize(pattern: string, caseFold: boolean): Omit<GlobPattern, 'segments'> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */) {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
      i++;
    } else if (c === 63 /* ? */) {
      tokens.push(ANY);
      i++;
    } else if (c === 92 /* \ */) {
      if (i + 1 >= pattern.length) return { tokens, fold: caseFold, never: true };
      tokens.push(literal(pattern.charCodeAt(i + 1), caseFold));
      i += 2;
    } else if (c === 91 /* [ */) {
      i = pushBracket(pattern, i, caseFold, tokens);
    } else {
      tokens.push(literal(c, caseFold));
      i++;
    }
  }
  return { tokens, fold: caseFold, never: false };
}

function literal(c: number, fold: boolean): Token {
  return token(LIT, fold ? foldAscii(c) : c);
}

/** Parses `[...]` at `open`; returns the index after it (an unterminated `[` is a literal). */
function pushBracket(p: string, open: number, fold: boolean, out: Token[]): number {
  const set = token(SET);
  let i = open + 1;
  if (p[i] === '!' || p[i] === '^') {
    set.negate = true;
    i++;
  }
  for (let first = true; i < p.length; first = false) {
    if (p[i] === ']' && !first) {
      out.push(set);
      return i + 1;
    }
    const next = readBracketItem(p, i, fold, set);
    if (next < 0) break;
    i = next;
  }
  out.push(literal(91, fold));
  return open + 1;
}

/** Adds one class, character or range to `set`; returns the next index or -1 at the end of the pattern. */
function readBracketItem(p: string, i: number, fold: boolean, set: Token): number {
  if (p[i] === '[' && p[i + 1] === ':') {
    const close = p.indexOf(':]', i + 2);
    if (close >= 0) {
      set.classes.push(CLASSES[p.slice(i + 2, close)] ?? NO_CLASS);
      return close + 2;
    }
  }
  const lo = readBracketChar(p, i);
  if (lo === undefined) return -1;
  let j = lo.next;
  let hi = lo.c;
  if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
    const end = readBracketChar(p, j + 1);
    if (end === undefined) return -1;
    hi = end.c;
    j = end.next;
  }
  set.ranges.push(fold ? foldAscii(lo.c) : lo.c, fold ? foldAscii(hi) : hi);
  return j;
}

function readBracketChar(p: string, i: number): { c: number; next: number } | undefined {
  if (i >= p.length) return undefined;
  if (p[i] !== '\\') return { c: p.charCodeAt(i), next: i + 1 };
  return i + 1 < p.length ? { c: p.charCodeAt(i + 1), next: i + 2 } : undefined;
}

/** fnmatch on `s[start, end)`; the range form lets pmatch test path components in place. */
export function globMatch(g: GlobPattern, s: string, start = 0, end = s.length): boolean {
  if (g.never) return false;
  if (g.segments !== undefined) return matchSegments(g.segments, s, start, end);
  return matchTokens(g.tokens, g.fold, s, start, end);
}

/** `lit*lit*lit`: prefix, suffix, then the middle runs left to right (the leftmost fit is always safe). */
function matchSegments(segs: readonly string[], s: string, start: number, end: number): boolean {
  const first = segs[0]!;
  if (segs.length === 1) return end - start === first.length && s.startsWith(first, start);
  const last = segs[segs.length - 1]!;
  if (end - start < first.length + last.length) return false;
  if (!s.startsWith(first, start) || !s.startsWith(last, end - last.length)) return false;
  let pos = start + first.length;
  const limit = end - last.length;
  for (let k = 1; k < segs.length - 1; k++) {
    const seg = segs[k]!;
    const at = s.indexOf(seg, pos);
    if (at < 0 || at + seg.length > limit) return false;
    pos = at + seg.length;
  }
  return true;
}

/** The classic single-backtrack-point wildcard walk; exact because `*` is the only variable-length token. */
function matchTokens(toks: readonly Token[], fold: boolean, s: string, start: number, end: number): boolean {
  let ti = 0;
  let si = start;
  let starTi = -1;
  let starSi = start;
  while (si < end) {
    const tok = toks[ti];
    if (tok !== undefined) {
      if (tok.t === STAR_RUN) {
        starTi = ti++;
        starSi = si;
        continue;
      }
      if (matchOne(tok, s.charCodeAt(si), fold)) {
        ti++;
        si++;
        continue;
      }
    }
    if (starTi < 0) return false;
    ti = starTi + 1;
    si = ++starSi;
  }
  while (toks[ti]?.t === STAR_RUN) ti++;
  return ti === toks.length;
}

function matchOne(tok: Token, raw: number, fold: boolean): boolean {
  if (tok.t === ANY_CHAR) return true;
  const c = fold ? foldAscii(raw) : raw;
  if (tok.t === LIT) return tok.c === c;
  return inSet(tok, c, raw) !== tok.negate;
}

/** Ranges compare the folded character; glibc tests classes on the original one. */
function inSet(set: Token, c: number, raw: number): boolean {
  const r = set.ranges;
  for (let k = 0; k < r.length; k += 2) if (c >= r[k]! && c <= r[k + 1]!) return true;
  for (const cls of set.classes) if (cls(raw)) return true;
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
