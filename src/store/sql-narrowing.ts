// SQL narrowing for queries over the case database: a condition becomes a
// WHERE clause on indexed columns that keeps every event the condition can
// match (a superset). The exact filter engine still decides each row read;
// this only cuts how many rows are read. So whenever the SQL meaning of a
// sub-tree is not certain, it contributes nothing (`1`) rather than risk
// dropping a match.
//
// Assumptions about the columns (the caller maps fields to them): each holds
// the field's single value, NULL when the field is missing; text columns use
// BINARY collation in a UTF-8 database; integer columns hold 64-bit fields
// (pids, tids, event numbers, timestamps).
import type { CheckExpr, Expr, RightOperand } from '../filter/ast.js';
import { parseInteger, toComparable } from '../filter/operators/numeric.js';

export type ColumnType = 'text' | 'integer';

export interface NarrowColumn {
  column: string;
  type: ColumnType;
}

/** Falco field name (no argument) -> indexed column. */
export type NarrowColumns = Readonly<Record<string, NarrowColumn>>;

export interface SqlNarrowing {
  where: string;
  params: (string | number | bigint)[];
  /** true when some part of the condition narrowed the rows */
  narrowed: boolean;
}

type Param = string | number | bigint;

/** A narrowing clause; `height` over-estimates the depth of SQLite's expression tree for it. */
interface Clause {
  sql: string;
  params: Param[];
  height: number;
}

// SQLite refuses expression trees deeper than 1000 and, by default, more than
// 32766 parameters. A long `a or b or c ...` is a chain as deep as it is long,
// so big clauses are given up (still a superset), with room left for the
// caller's own terms.
const MAX_HEIGHT = 500;
const MAX_PARAMS = 10_000;

export function narrowingFor(ast: Expr, columns: NarrowColumns): SqlNarrowing {
  const clause = clauseFor(ast, columns);
  return clause === undefined ? { where: '1', params: [], narrowed: false } : { where: clause.sql, params: clause.params, narrowed: true };
}

/** undefined: this sub-tree cannot narrow (it stands for `1`). */
function clauseFor(e: Expr, columns: NarrowColumns): Clause | undefined {
  const clause = exprClause(e, columns);
  return clause !== undefined && clause.height <= MAX_HEIGHT && clause.params.length <= MAX_PARAMS ? clause : undefined;
}

function exprClause(e: Expr, columns: NarrowColumns): Clause | undefined {
  switch (e.kind) {
    case 'and': {
      // A child that cannot narrow is `1`, and `x AND 1` is `x`.
      const parts = e.children.map((c) => clauseFor(c, columns)).filter((c): c is Clause => c !== undefined);
      return junction(parts, 'AND');
    }
    case 'or': {
      // `x OR 1` is `1`: one child that cannot narrow spoils the whole `or`.
      const parts = e.children.map((c) => clauseFor(c, columns));
      return parts.every((c): c is Clause => c !== undefined) ? junction(parts, 'OR') : undefined;
    }
    case 'not':
      // The negation of a superset is a subset: nothing under a `not` may narrow.
      return undefined;
    case 'identifier':
      // An unexpanded macro: its meaning is unknown here.
      return undefined;
    case 'check':
      return checkClause(e, columns);
  }
}

function junction(parts: Clause[], op: 'AND' | 'OR'): Clause | undefined {
  const [first] = parts;
  if (parts.length <= 1) return first;
  return {
    sql: `(${parts.map((p) => p.sql).join(` ${op} `)})`,
    params: parts.flatMap((p) => p.params),
    // SQLite chains `a OP b OP c` left-deep: one level per extra operand.
    height: parts.reduce((h, p) => Math.max(h, p.height), 0) + parts.length - 1,
  };
}

// ---- checks -----------------------------------------------------------------

/** Only `field op literal(s)` on a mapped field, with no argument, transformer or modifier, can narrow. */
function checkClause(c: CheckExpr, columns: NarrowColumns): Clause | undefined {
  const target = mappedColumn(c, columns);
  const texts = c.right === undefined ? undefined : literalTexts(c.right);
  if (target === undefined || texts === undefined) return undefined;
  const op = c.op === '==' ? '=' : c.op;
  const single = c.right?.kind === 'value';
  return target.type === 'text' ? textClause(target.column, op, texts, single) : integerClause(target.column, op, texts, single);
}

function mappedColumn(c: CheckExpr, columns: NarrowColumns): NarrowColumn | undefined {
  const { left } = c;
  if (left.kind !== 'field' || left.arg !== undefined || c.modifier !== undefined) return undefined;
  return Object.hasOwn(columns, left.name) ? columns[left.name] : undefined;
}

/** The literal texts of a value or a list (a list identifier is a list not yet expanded: unknown). */
function literalTexts(right: RightOperand): string[] | undefined {
  if (right.kind === 'value') return [right.value];
  if (right.kind === 'list') return right.values.map((v) => v.value);
  return undefined;
}

/**
 * Falco's string `=`, `in` and `startswith` are exact, case-sensitive
 * comparisons, as SQLite's BINARY ones are. A lone surrogate would reach
 * SQLite as U+FFFD, so such literals are left alone.
 */
function textClause(column: string, op: string, texts: string[], single: boolean): Clause | undefined {
  const [text] = texts;
  if (texts.some((t) => LONE_SURROGATE.test(t))) return undefined;
  if (op === 'in') return inClause(column, texts);
  if (!single || text === undefined) return undefined;
  if (op === '=') return leaf(`${column} = ?`, [text]);
  if (op === 'startswith') return prefixClause(column, text);
  return undefined;
}

const LONE_SURROGATE = /\p{Cs}/u;

const INTEGER_OPS: ReadonlySet<string> = new Set(['=', '<', '<=', '>', '>=']);

function integerClause(column: string, op: string, texts: string[], single: boolean): Clause | undefined {
  const values = texts.map(int64Literal);
  const [value] = values;
  if (!values.every((v): v is number | bigint => v !== undefined)) return undefined;
  if (op === 'in') return inClause(column, values);
  if (!single || value === undefined || !INTEGER_OPS.has(op)) return undefined;
  return leaf(`${column} ${op} ?`, [value]);
}

/**
 * A literal that every 64-bit integer field reads as the same number, using
 * libsinsp's own rules (sscanf: decimal only, optional sign and leading
 * blanks). Signed and unsigned readings agree exactly on 0..2^63-1; outside
 * that, `-1` on a UINT64 field means 2^64-1 and big values saturate, so
 * those literals are left alone.
 */
function int64Literal(text: string): number | bigint | undefined {
  const signed = parseInteger(text, 'INT64');
  const unsigned = parseInteger(text, 'UINT64');
  return signed !== undefined && signed === unsigned ? toComparable(signed) : undefined;
}

function inClause(column: string, values: Param[]): Clause | undefined {
  // `in ()` matches nothing; not worth a special case.
  if (values.length === 0) return undefined;
  return leaf(`${column} IN (${values.map(() => '?').join(', ')})`, values);
}

function leaf(sql: string, params: Param[]): Clause {
  return { sql, params, height: 2 };
}

// ---- startswith -------------------------------------------------------------

/** `col startswith X` as an index range: X <= col < (the first string after every X...). */
function prefixClause(column: string, prefix: string): Clause | undefined {
  // Every string starts with "": the range would only test NOT NULL.
  if (prefix === '') return undefined;
  const upper = prefixUpperBound(prefix);
  if (upper === undefined) return leaf(`${column} >= ?`, [prefix]);
  return { sql: `(${column} >= ? AND ${column} < ?)`, params: [prefix, upper], height: 3 };
}

/**
 * The smallest string above every string that starts with `prefix`, in
 * SQLite's BINARY order. That order compares UTF-8 bytes, which is code point
 * order (JS `<` compares UTF-16 units and differs from it above U+FFFF). So:
 * bump the last code point that can be bumped and cut what follows it.
 * undefined when every code point is U+10FFFF.
 */
function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const next = nextCodePoint(points.pop()!.codePointAt(0)!);
    if (next !== undefined) return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

function nextCodePoint(cp: number): number | undefined {
  if (cp === 0x10ffff) return undefined;
  // Surrogates are not characters: U+D7FF is followed by U+E000.
  if (cp === 0xd7ff) return 0xe000;
  return cp + 1;
}
