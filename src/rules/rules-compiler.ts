// Falco's rule_loader_compiler: turns the collected lists, macros and rules
// into checked rules. Per rule, in Falco's order: exceptions → output →
// condition (lists substituted as text, parsed, macros expanded, checked
// against the field schema) → event-type set. Every problem is kept.
import type { Expr } from '../filter/ast.js';
import { checkFilter } from '../filter/compiler.js';
import type { FieldSchema } from '../fields/field-access.js';
import type { CollectedRule, Collector } from './collector.js';
import { filePosition, parseMappedCondition } from './condition-source.js';
import { codeList, codeNames, eventCodes, unknownEventTypes } from './evttypes.js';
import type { CodeSet } from './evttypes.js';
import { conditionWithExceptions } from './exceptions.js';
import type { ExpandedList } from './list-substitution.js';
import { substituteLists } from './list-substitution.js';
import { MacroResolver } from './macro-resolver.js';
import type { ParsedMacro } from './macro-resolver.js';
import type { MappedText } from './mapped-text.js';
import { outputTokens } from './output-format.js';
import { parsePriority, priorityName } from './priority.js';
import type { ErrorCode, FilePosition, ItemRef, RulesProblem, WarningCode } from './rules-problem.js';

export interface LoadedRule {
  /** Order of first definition: Falco's rule id and stats order. */
  id: number;
  name: string;
  desc: string;
  source: string;
  enabled: boolean;
  priority: number;
  priorityName: string;
  tags: string[];
  output: string;
  /** The condition text after exceptions and list substitution (before macro expansion). */
  condition: string;
  /** The condition with macros expanded: what the engine compiles. */
  ast: Expr;
  evttypes: CodeSet;
  evttypeCodes: number[];
  evttypeNames: string[];
  exceptionFields: string[];
  capture: boolean;
  captureDuration: number;
  at: FilePosition;
}

const TOO_MANY_EVTTYPES = 100;
const SUPPORTED_SOURCES = new Set(['syscall']);
const DEPRECATED_FIELDS = new Set(['evt.dir', 'evt.latency', 'evt.latency.s', 'evt.latency.ns', 'evt.latency.human', 'evt.wait_latency']);
/** Compile errors that skip-if-unknown-filter turns into a skipped rule. */
const UNKNOWN_FILTER = /nonexistent field|invalid formatting token|unknown event type|unknown filter:/;

class Problems {
  readonly list: RulesProblem[] = [];
  error(code: ErrorCode, message: string, at: FilePosition, item?: ItemRef): void {
    this.list.push({ severity: 'error', code, message, at, item });
  }
  warn(code: WarningCode, message: string, at: FilePosition, item?: ItemRef): void {
    this.list.push({ severity: 'warning', code, message, at, item });
  }
}

export interface CompiledRules {
  rules: LoadedRule[];
  problems: RulesProblem[];
}

export function compileCollection(collection: Collector, schema: FieldSchema): CompiledRules {
  const p = new Problems();
  const lists = expandLists(collection);
  const usedLists = new Set<string>();
  for (const l of collection.lists.values()) for (const item of l.items) if (collection.lists.has(item.value)) usedLists.add(item.value);

  const substitute = (text: MappedText): MappedText => {
    const r = substituteLists(text, lists);
    r.used.forEach((n) => usedLists.add(n));
    return r.text;
  };

  const parsed = new Map<string, ParsedMacro>();
  for (const m of [...collection.macros.values()].sort((a, b) => a.index - b.index)) {
    const r = parseMappedCondition(substitute(m.condition));
    if (!r.ok) p.error('LOAD_ERR_COMPILE_CONDITION', r.message, r.at, { kind: 'macro', name: m.name });
    parsed.set(m.name, { name: m.name, index: m.index, visibility: m.visibility, ast: r.ok ? r.ast : undefined });
  }
  const resolver = new MacroResolver(parsed);
  resolver.resolveAll((name, problems) => {
    for (const mp of problems) p.error('LOAD_ERR_COMPILE_CONDITION', mp.message, mp.at, { kind: 'macro', name });
  });

  const rules: LoadedRule[] = [];
  for (const rule of [...collection.rules.values()].sort((a, b) => a.index - b.index)) {
    const loaded = compileRule(rule, schema, substitute, resolver, p);
    if (loaded !== undefined) rules.push(loaded);
  }

  for (const l of collection.lists.values()) {
    if (!usedLists.has(l.name)) p.warn('LOAD_UNUSED_LIST', 'List not referred to by any other rule/macro', l.at, { kind: 'list', name: l.name });
  }
  for (const m of collection.macros.values()) {
    if (!resolver.used.has(m.name)) p.warn('LOAD_UNUSED_MACRO', 'Macro not referred to by any other rule/macro', m.at, { kind: 'macro', name: m.name });
  }
  return { rules, problems: p.list };
}

/** Each list's items with names of earlier lists replaced by their (already expanded) items. */
function expandLists(collection: Collector): ExpandedList[] {
  const ordered = [...collection.lists.values()].sort((a, b) => a.index - b.index);
  const expanded = new Map<string, string[]>();
  for (const l of ordered) {
    const items: string[] = [];
    for (const it of l.items) {
      const ref = collection.lists.get(it.value);
      const refItems = ref !== undefined && ref.index < l.visibility ? expanded.get(it.value) : undefined;
      if (refItems !== undefined) items.push(...refItems);
      else items.push(it.value);
    }
    expanded.set(l.name, items);
  }
  return ordered.map((l) => ({ name: l.name, items: expanded.get(l.name)! }));
}

function compileRule(rule: CollectedRule, schema: FieldSchema, substitute: (t: MappedText) => MappedText, resolver: MacroResolver, p: Problems): LoadedRule | undefined {
  const ref: ItemRef = { kind: 'rule', name: rule.name };
  if (!SUPPORTED_SOURCES.has(rule.source)) {
    p.warn('LOAD_UNKNOWN_SOURCE', `Unknown source ${rule.source}, skipping`, rule.at, ref);
    return undefined;
  }
  const local = new Problems();
  const condition = conditionWithExceptions(rule.condition, rule.exceptions, ref, local.list);
  const output = checkOutput(rule, schema, local, ref);
  const ast = checkCondition(substitute(condition), rule, schema, resolver, local, ref);
  const priority = parsePriority(rule.priority.value);
  if (priority === undefined) local.error('LOAD_ERR_VALIDATE', 'Invalid priority', rule.priority.at, ref);

  const errors = local.list.filter((x) => x.severity === 'error');
  if (rule.skipIfUnknownFilter && errors.length > 0 && errors.every((x) => UNKNOWN_FILTER.test(x.message))) {
    for (const e of errors) p.warn('LOAD_UNKNOWN_FILTER', e.message, e.at, ref);
    p.list.push(...local.list.filter((x) => x.severity === 'warning'));
    return undefined;
  }
  p.list.push(...local.list);
  if (errors.length > 0 || ast === undefined || priority === undefined) return undefined;

  const evttypes = eventCodes(ast);
  const codes = codeList(evttypes);
  if (rule.warnEvttypes && codes.length > TOO_MANY_EVTTYPES) {
    p.warn('LOAD_NO_EVTTYPE', 'Rule matches too many evt.type values. This has a significant performance penalty.', rule.at, ref);
  }
  return {
    id: rule.index, name: rule.name, desc: rule.desc, source: rule.source, enabled: rule.enabled,
    priority, priorityName: priorityName(priority), tags: [...rule.tags].sort(), output,
    condition: substitute(condition).text, ast, evttypes, evttypeCodes: codes, evttypeNames: codeNames(evttypes),
    exceptionFields: exceptionFields(rule), capture: rule.capture, captureDuration: rule.captureDuration, at: rule.at,
  };
}

function exceptionFields(rule: CollectedRule): string[] {
  const out = new Set<string>();
  for (const ex of rule.exceptions) for (const f of typeof ex.fields === 'string' ? [ex.fields] : ex.fields ?? []) out.add(f);
  return [...out];
}

function checkOutput(rule: CollectedRule, schema: FieldSchema, p: Problems, ref: ItemRef): string {
  let output = rule.output;
  if (output.includes('%container.info')) {
    p.warn('LOAD_DEPRECATED_ITEM', "%container.info is deprecated and not supported anymore; it is replaced by an empty string", rule.at, ref);
    output = output.replaceAll('%container.info', '').trim();
  }
  for (const t of outputTokens(output)) {
    const info = schema.describe(t.field, t.arg);
    if (typeof info === 'string') p.error('LOAD_ERR_COMPILE_OUTPUT', `invalid formatting token %${t.field}: ${info}`, rule.at, ref);
    else if (DEPRECATED_FIELDS.has(info.name)) p.warn('LOAD_DEPRECATED_ITEM', `Output uses deprecated field '${info.name}'`, rule.at, ref);
  }
  return output;
}

function checkCondition(text: MappedText, rule: CollectedRule, schema: FieldSchema, resolver: MacroResolver, p: Problems, ref: ItemRef): Expr | undefined {
  const parsed = parseMappedCondition(text);
  if (!parsed.ok) {
    p.error('LOAD_ERR_COMPILE_CONDITION', parsed.message, parsed.at, ref);
    return undefined;
  }
  const macroProblems: { message: string; at: FilePosition }[] = [];
  const ast = resolver.expand(parsed.ast, undefined, macroProblems);
  for (const mp of macroProblems) p.error('LOAD_ERR_COMPILE_CONDITION', mp.message, mp.at, ref);
  for (const u of unknownEventTypes(ast)) p.error('LOAD_ERR_COMPILE_CONDITION', `unknown event type ${u.name}`, filePosition(u.check.pos, rule.at), ref);
  const checked = checkFilter(ast, schema);
  for (const e of checked.errors) p.error('LOAD_ERR_COMPILE_CONDITION', e.message, filePosition(e.pos, rule.at), ref);
  for (const w of checked.warnings) p.warn('LOAD_COMPILE_CONDITION', w.message, filePosition(w.pos, rule.at), ref);
  warnDeprecated(ast, rule, p, ref);
  return macroProblems.length > 0 || checked.errors.length > 0 ? undefined : ast;
}

function warnDeprecated(ast: Expr, rule: CollectedRule, p: Problems, ref: ItemRef): void {
  const visit = (e: Expr): void => {
    if (e.kind === 'and' || e.kind === 'or') e.children.forEach(visit);
    else if (e.kind === 'not') visit(e.child);
    else if (e.kind === 'check' && e.left.kind === 'field' && DEPRECATED_FIELDS.has(e.left.name)) {
      const message = e.left.name === 'evt.dir'
        ? "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'. This field is deprecated."
        : `due to the drop of enter events, '${e.left.name}' always evaluates to 0. This field is deprecated.`;
      p.warn('LOAD_DEPRECATED_ITEM', message, filePosition(e.pos, rule.at), ref);
    }
  };
  visit(ast);
}
