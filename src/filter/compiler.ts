// Condition AST → type-checked plan → evaluation closures. One analysis pass
// serves both entry points: checkFilter stops at the plan (types only, every
// problem reported with its position), compileFilter builds closures from it
// once. Everything an event does not change is settled here: fields bound to
// extractors, literals parsed for the field type, sets, regexes and glob or
// pmatch matchers built. Semantics follow libsinsp's sinsp_filter_compiler;
// see operators/ for each comparison.
import type {
  CheckExpr, Expr, FieldOperand, FieldRef, IdentifierExpr, ListModifier, ListNode, Position, RightOperand,
  TransformerArg, TransformerExpr, TransformerName, ValFieldNode, ValueNode,
} from './ast.js';
import type { FieldInfo, FieldResolver, FieldSchema, FieldValue } from '../fields/field-access.js';
import type { FilterProblem } from './filter-error.js';
import { operatorCompatError } from './operators/compatibility.js';
import { dynamicComparator } from './operators/dynamic-compare.js';
import {
  elementPredicate, prepareElement, type PreparedElem, type ValuePred,
} from './operators/element-predicate.js';
import { onCandidates } from './operators/endpoints.js';
import { listMembership, membershipPredicate } from './operators/membership.js';
import { membershipShortcut, modifierPredicate } from './operators/modifiers.js';
import { buildPathPrefixSet, pathPrefixMatch, type PathPrefixSet } from './operators/pmatch.js';
import { asString } from './operators/scalar-ops.js';
import {
  isSingleValueTransformer, transformerEvaluator, transformerType, type Evaluator, type TransformerArg as ArgDesc,
} from './operators/transformers.js';
import { parseLiteral, type Scalar } from './operators/value-parser.js';
import {
  CHARBUF, CHARBUF_LIST, normalizeOp, sameType, typeLabel, type CheckOp, type CompareOp, type ValueType,
} from './operators/value-type.js';
import { valueWarnings } from './operators/value-warnings.js';

export interface FilterCheckResult {
  errors: FilterProblem[];
  warnings: FilterProblem[];
}

export type FilterCompileResult<E> =
  | { ok: true; filter: (event: E) => boolean; warnings: FilterProblem[] }
  | { ok: false; errors: FilterProblem[] };

/** Type-checks `ast` against field types only; reports every problem. */
export function checkFilter(ast: Expr, schema: FieldSchema): FilterCheckResult {
  const analysis = new Analyzer<never>((name, arg) => {
    const info = schema.describe(name, arg);
    return typeof info === 'string' ? info : { info, extract: undefined };
  });
  analysis.expr(ast);
  return { errors: analysis.errors, warnings: analysis.warnings };
}

/** Type-checks, then compiles `ast` into a predicate over events. */
export function compileFilter<E>(ast: Expr, resolver: FieldResolver<E>): FilterCompileResult<E> {
  const analysis = new Analyzer<E>((name, arg) => resolver.resolve(name, arg));
  const plan = analysis.expr(ast);
  if (analysis.errors.length > 0 || plan === undefined) return { ok: false, errors: analysis.errors };
  return { ok: true, filter: buildNode(plan), warnings: analysis.warnings };
}

// ---- plan -------------------------------------------------------------------

type Extractor<E> = (event: E) => FieldValue | undefined;
type Lookup<E> = (name: string, arg: string | undefined) => { info: FieldInfo; extract: Extractor<E> | undefined } | string;

type NodePlan<E> =
  | { kind: 'and' | 'or'; children: NodePlan<E>[] }
  | { kind: 'not'; child: NodePlan<E> }
  | CheckPlan<E>;

interface CheckPlan<E> {
  kind: 'check';
  lhs: OperandPlan<E>;
  op: CheckOp;
  modifier: ListModifier | undefined;
  rhs: RhsPlan<E>;
}

interface OperandBase {
  type: ValueType;
  /** The field name libsinsp would print for this operand ("NA" when there is none). */
  name: string;
  noRhs: boolean;
  noTransformer: boolean;
  candidates: FieldInfo['candidates'];
}

type OperandPlan<E> = OperandBase &
  (
    | { kind: 'field'; extract: Extractor<E> | undefined }
    | { kind: 'const'; value: FieldValue }
    | { kind: 'transform'; transformer: TransformerName; args: OperandPlan<E>[]; index: string | undefined }
  );

type RhsPlan<E> =
  | { kind: 'none' }
  | { kind: 'literals'; values: Scalar[]; prepared: PreparedElem[]; paths: PathPrefixSet | undefined }
  | { kind: 'operand'; operand: OperandPlan<E> };

interface Literal {
  text: string;
  pos: Position;
}

const LIST_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>(['in', 'intersects', 'pmatch']);
const MODIFIABLE_OPS: ReadonlySet<CheckOp> = new Set<CheckOp>([
  '=', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex',
]);
const RHS_FIELD_OP_NAMES: Partial<Record<CheckOp, string>> = { pmatch: 'PMATCH', regex: 'REGEX' };

// ---- analysis ---------------------------------------------------------------

class Analyzer<E> {
  readonly errors: FilterProblem[] = [];
  readonly warnings: FilterProblem[] = [];

  constructor(private readonly lookup: Lookup<E>) {}

  /** undefined when the subtree has errors (analysis continues so all of them are reported). */
  expr(e: Expr): NodePlan<E> | undefined {
    switch (e.kind) {
      case 'and':
      case 'or':
        return this.junction(e.kind, e.children);
      case 'not': {
        const child = this.expr(e.child);
        return child && { kind: 'not', child };
      }
      case 'identifier':
        return this.error(`Undefined macro '${e.name}' used in filter.`, e.pos);
      case 'check':
        return this.check(e);
    }
  }

  private junction(kind: 'and' | 'or', exprs: Expr[]): NodePlan<E> | undefined {
    const children = exprs.map((c) => this.expr(c));
    return allDefined(children) ? { kind, children } : undefined;
  }

  private error(message: string, pos: Position): undefined {
    this.errors.push({ message, pos });
    return undefined;
  }

  private check(c: CheckExpr): CheckPlan<E> | undefined {
    const lhs = this.operand(c.left);
    const op = normalizeOp(c.op);
    const problem = shapeError(c, op) ?? (lhs && operatorCompatError(op, c.modifier, lhs.type));
    if (lhs === undefined || problem !== undefined) {
      if (problem !== undefined) this.error(problem, c.pos);
      if (c.right !== undefined) this.rightOperandsOnly(c.right);
      return undefined;
    }
    const rhs = this.rhs(c, op, lhs);
    return rhs && { kind: 'check', lhs, op, modifier: c.modifier, rhs };
  }

  /** Still resolves fields on the right when the check is already wrong, so their errors are reported too. */
  private rightOperandsOnly(right: RightOperand): void {
    if (right.kind === 'val') this.field(right.field);
    else if (right.kind === 'transformer') this.transformer(right);
  }

  // -- operands --

  private operand(node: FieldOperand | TransformerArg): OperandPlan<E> | undefined {
    switch (node.kind) {
      case 'field':
        return this.field(node);
      case 'transformer':
        return this.transformer(node);
      case 'value':
        return constOperand(CHARBUF, node.value);
      case 'list':
        return constOperand(CHARBUF_LIST, node.values.map((v) => v.value));
    }
  }

  private field(ref: FieldRef): OperandPlan<E> | undefined {
    const found = this.lookup(ref.name, ref.arg);
    if (typeof found === 'string') return this.error(lookupMessage(found), ref.pos);
    const { info } = found;
    const argError = fieldArgError(ref, info);
    if (argError !== undefined) return this.error(argError, ref.pos);
    return {
      kind: 'field', extract: found.extract, type: { ptType: info.ptType, kind: info.kind, isList: info.isList },
      name: info.name, noRhs: info.noRhs, noTransformer: info.noTransformer, candidates: info.candidates,
    };
  }

  private transformer(t: TransformerExpr): OperandPlan<E> | undefined {
    const args = t.args.map((a) => this.operand(a));
    if (!allDefined(args)) return undefined;
    const result = transformerType(t.name, args.map(argDesc), t.index);
    if (!result.ok) return this.error(result.error, t.pos);
    const single = isSingleValueTransformer(t.name) ? args[0] : undefined;
    return {
      kind: 'transform', transformer: t.name, args, index: t.index, type: result.type,
      name: single?.name ?? 'NA', noRhs: single?.noRhs ?? false, noTransformer: false, candidates: single?.candidates,
    };
  }

  // -- right-hand side --

  private rhs(c: CheckExpr, op: CheckOp, lhs: OperandPlan<E>): RhsPlan<E> | undefined {
    const right = c.right;
    if (op === 'exists' || right === undefined) return { kind: 'none' };
    if (right.kind === 'val' || right.kind === 'transformer') return this.rhsOperand(right, op as CompareOp, lhs, c.modifier);
    const literals = this.literalList(right, op, c.modifier);
    return literals && this.literals(literals, op as CompareOp, lhs.type);
  }

  private literalList(right: ValueNode | ListNode | IdentifierExpr, op: CheckOp, modifier: ListModifier | undefined): Literal[] | undefined {
    if (right.kind === 'value') return [{ text: right.value, pos: right.pos }];
    if (right.kind === 'identifier') return [{ text: right.name, pos: right.pos }];
    if (modifier === undefined && !LIST_OPS.has(op)) {
      return this.error(`filter error: '${op}' expects a single value, not a list`, right.pos);
    }
    return right.values.map((v) => ({ text: v.value, pos: v.pos }));
  }

  private literals(literals: Literal[], op: CompareOp, type: ValueType): RhsPlan<E> | undefined {
    const elemType: ValueType = { ...type, isList: false };
    const values: Scalar[] = [];
    const prepared: PreparedElem[] = [];
    let failed = false;
    for (const lit of literals) {
      this.warnAbout(op, lit);
      const value = this.literal(lit, elemType, op);
      if (value === undefined) {
        failed = true;
        continue;
      }
      values.push(value);
      if (!needsPreparation(op)) continue;
      const elem = this.prepare(lit, elemType, op, value);
      if (elem === undefined) failed = true;
      else prepared.push(elem);
    }
    if (failed) return undefined;
    const paths = op === 'pmatch' ? buildPathPrefixSet(values.filter((v): v is string => typeof v === 'string')) : undefined;
    return { kind: 'literals', values, prepared, paths };
  }

  private literal(lit: Literal, type: ValueType, op: CompareOp): Scalar | undefined {
    const parsed = parseLiteral(lit.text, type, op);
    return parsed.ok ? parsed.value : this.error(parsed.error, lit.pos);
  }

  private prepare(lit: Literal, type: ValueType, op: CompareOp, value: Scalar): PreparedElem | undefined {
    const prepared = prepareElement(type, op, value);
    return prepared.ok ? prepared.elem : this.error(prepared.error, lit.pos);
  }

  private warnAbout(op: CompareOp, lit: Literal): void {
    for (const message of valueWarnings(op, lit.text, (text) => this.isFieldName(text))) {
      this.warnings.push({ message, pos: lit.pos });
    }
  }

  /** Would this text resolve as a field reference? (Only dotted words can be field names.) */
  private isFieldName(text: string): boolean {
    const m = /^([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+)(?:\[(.*)\])?$/.exec(text);
    if (m === null) return false;
    const ref = { name: m[1]!, arg: m[2] };
    const found = this.lookup(ref.name, ref.arg);
    return typeof found !== 'string' && fieldArgError(ref, found.info) === undefined;
  }

  private rhsOperand(
    right: ValFieldNode | TransformerExpr,
    op: CompareOp,
    lhs: OperandPlan<E>,
    modifier: ListModifier | undefined,
  ): RhsPlan<E> | undefined {
    const operand = right.kind === 'val' ? this.field(right.field) : this.transformer(right);
    if (operand === undefined) return undefined;
    const problem = modifier !== undefined ? `filter error: '${op} ${modifier}' expects a list of values` : rhsFieldError(op, lhs, operand);
    return problem === undefined ? { kind: 'operand', operand } : this.error(problem, right.pos);
  }
}

/** Guards against ASTs the parser never builds (the compiler may be fed hand-built trees). */
function shapeError(c: CheckExpr, op: CheckOp): string | undefined {
  if (op === 'exists') return c.right === undefined && c.modifier === undefined ? undefined : `filter error: 'exists' takes no value`;
  if (c.right === undefined) return `filter error: missing value after '${op}'`;
  if (c.modifier !== undefined && !MODIFIABLE_OPS.has(op)) return `filter error: '${op}' does not take the '${c.modifier}' modifier`;
  return undefined;
}

function constOperand<E>(type: ValueType, value: FieldValue): OperandPlan<E> {
  return { kind: 'const', value, type, name: 'NA', noRhs: false, noTransformer: false, candidates: undefined };
}

function argDesc<E>(op: OperandPlan<E>): ArgDesc {
  return { type: op.type, fieldName: op.name, noTransformer: op.noTransformer };
}

function allDefined<T>(items: (T | undefined)[]): items is T[] {
  return items.every((i) => i !== undefined);
}

/** Literals whose per-element form matters; `in`/`intersects`/`pmatch` use the whole set instead. */
function needsPreparation(op: CompareOp): boolean {
  return !LIST_OPS.has(op);
}

/** A resolver may answer libsinsp's short form; the compiler reports libsinsp's full text. */
function lookupMessage(message: string): string {
  return message.startsWith('nonexistent field ') ? `filter_check called with ${message}` : message;
}

function fieldArgError(ref: { name: string; arg: string | undefined }, info: FieldInfo): string | undefined {
  // `evt.arg.flags` resolves to `evt.arg` with its argument in the name: the resolver checked it.
  if (info.name !== ref.name) return undefined;
  if (ref.arg === undefined) {
    return info.argRequired ? `filter '${ref.name}': ${info.name} requires an argument but none provided` : undefined;
  }
  if (info.argRequired || info.argAllowed) return undefined;
  return `filter '${ref.name}[${ref.arg}]': ${info.name} does not allow nor require an argument but one is provided: ${ref.arg}`;
}

/** libsinsp's checks for a field on the right (sinsp_filter_check::add_filter_value). */
function rhsFieldError<E>(op: CompareOp, lhs: OperandPlan<E>, rhs: OperandPlan<E>): string | undefined {
  const opName = RHS_FIELD_OP_NAMES[op];
  if (opName !== undefined) return `operator '${opName}' doesn't support right-hand side fields`;
  if (lhs.type.kind === 'ipnet') return `field type 'IPNET' doesn't support right-hand side fields`;
  if (lhs.noRhs) return `field '${lhs.name}' doesn't support right-hand side fields`;
  if (rhs.noRhs) return `field '${rhs.name}' can't be used as a right-hand side field`;
  if (sameType(lhs.type, rhs.type)) return undefined;
  return (
    `field '${lhs.name}' has type '${typeLabel(lhs.type)}' while the right-hand side field '${rhs.name}' ` +
    `has incompatible type '${typeLabel(rhs.type)}'`
  );
}

// ---- closures ---------------------------------------------------------------

function buildNode<E>(plan: NodePlan<E>): (event: E) => boolean {
  switch (plan.kind) {
    case 'and':
      return buildAnd(plan.children.map((c) => buildNode(c)));
    case 'or':
      return buildOr(plan.children.map((c) => buildNode(c)));
    case 'not': {
      const child = buildNode(plan.child);
      return (e) => !child(e);
    }
    case 'check':
      return buildCheck(plan);
  }
}

function buildAnd<E>(parts: ((e: E) => boolean)[]): (e: E) => boolean {
  const [a, b] = parts;
  if (parts.length === 1 && a) return a;
  if (parts.length === 2 && a && b) return (e) => a(e) && b(e);
  return (e) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i]!(e)) return false;
    return true;
  };
}

function buildOr<E>(parts: ((e: E) => boolean)[]): (e: E) => boolean {
  const [a, b] = parts;
  if (parts.length === 1 && a) return a;
  if (parts.length === 2 && a && b) return (e) => a(e) || b(e);
  return (e) => {
    for (let i = 0; i < parts.length; i++) if (parts[i]!(e)) return true;
    return false;
  };
}

function buildCheck<E>(plan: CheckPlan<E>): (event: E) => boolean {
  const lhs = buildOperand(plan.lhs);
  const { rhs } = plan;
  if (rhs.kind === 'none') return (e) => lhs(e) !== undefined;
  const op = plan.op as CompareOp;
  if (rhs.kind === 'operand') {
    const right = buildOperand(rhs.operand);
    const cmp = dynamicComparator(plan.lhs.type, op);
    return (e) => {
      const l = lhs(e);
      if (l === undefined) return false;
      const r = right(e);
      return r !== undefined && cmp(l, r);
    };
  }
  const test = literalTest(plan.lhs, op, plan.modifier, rhs);
  return (e) => {
    const v = lhs(e);
    return v !== undefined && test(v);
  };
}

type Literals = Extract<RhsPlan<unknown>, { kind: 'literals' }>;

function literalTest<E>(lhs: OperandPlan<E>, op: CompareOp, modifier: ListModifier | undefined, rhs: Literals): (v: FieldValue) => boolean {
  const elemType: ValueType = { ...lhs.type, isList: false };
  if (lhs.type.isList) {
    return listMembership(membershipPredicate(elemType, rhs.values), op === 'in' ? 'in' : 'intersects');
  }
  return onCandidates(scalarTest(elemType, op, modifier, rhs), op, lhs.candidates);
}

function scalarTest(type: ValueType, op: CompareOp, modifier: ListModifier | undefined, rhs: Literals): ValuePred {
  if (op === 'in' || op === 'intersects') return membershipPredicate(type, rhs.values);
  if (op === 'pmatch') {
    const paths = rhs.paths ?? buildPathPrefixSet([]);
    return (v) => pathPrefixMatch(paths, asString(v));
  }
  const preds = rhs.prepared.map((p) => elementPredicate(type, op, p));
  if (modifier === undefined) return preds[0] ?? (() => false);
  const shortcut = membershipShortcut(modifier, op, rhs.values.length, () => membershipPredicate(type, rhs.values));
  return shortcut ?? modifierPredicate(modifier, preds);
}

function buildOperand<E>(plan: OperandPlan<E>): Evaluator<E> {
  switch (plan.kind) {
    case 'field': {
      if (plan.extract === undefined) throw new Error(`internal: field ${plan.name} compiled without an extractor`);
      return plan.extract;
    }
    case 'const': {
      const value = plan.value;
      return () => value;
    }
    case 'transform': {
      const args = plan.args.map((a) => buildOperand(a));
      const optstring = plan.args[1];
      const constOpt = optstring?.kind === 'const' && typeof optstring.value === 'string' ? optstring.value : undefined;
      return transformerEvaluator(plan.transformer, args, plan.args.map((a) => a.type), plan.index, constOpt);
    }
  }
}
