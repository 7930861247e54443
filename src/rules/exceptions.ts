// Rule exceptions become condition text, exactly as Falco builds it
// (rule_loader_compiler.cpp, build_rule_exception_infos): the rule's condition
// in parentheses, then " and not (...)" per exception with values. The text is
// parsed afterwards, so exception values may name lists.
import { MappedText } from './mapped-text.js';
import type { ExceptionItem } from './rule-items.js';
import type { ItemRef, RulesProblem } from './rules-problem.js';

const OPERATORS = new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith',
  'bstartswith', 'endswith', 'glob', 'iglob', 'regex', 'in', 'intersects', 'pmatch', 'exists']);
const STRING_OPERATORS = new Set(['=', '==', '!=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);
const MODIFIERS = new Set(['oneof', 'anyof', 'allof']);
const LIST_OPERATORS = new Set(['in', 'intersects', 'pmatch']);

function isModifierOp(comp: string): boolean {
  const [op, mod, extra] = comp.trim().split(/\s+/);
  return extra === undefined && op !== undefined && STRING_OPERATORS.has(op) && mod !== undefined && MODIFIERS.has(mod);
}

function validComp(comp: string): boolean {
  return OPERATORS.has(comp) || isModifierOp(comp);
}

/** A list operator takes its value in parentheses. */
function isListComp(comp: string): boolean {
  return LIST_OPERATORS.has(comp) || isModifierOp(comp);
}

/** Falco quotes a value containing a space unless it is already quoted. */
function quote(v: string): string {
  return v.includes(' ') && !v.startsWith("'") && !v.startsWith('"') ? `"${v}"` : v;
}

function paren(v: string): string {
  return v.startsWith('(') ? v : `(${v})`;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The condition text of one exception, "" when it has no values (Falco drops it then). */
function exceptionText(ex: ExceptionItem, fail: (message: string) => void): string | undefined {
  const rows = ex.values ?? [];
  if (typeof ex.fields === 'string' || ex.fields === undefined) {
    const comp = typeof ex.comps === 'string' ? ex.comps : 'in';
    if (ex.fields === undefined) {
      fail('Item has no mapping for key \'fields\'');
      return undefined;
    }
    if (!(LIST_OPERATORS.has(comp) || isModifierOp(comp))) {
      fail(`When fields is a single value, comps must be one of (in, pmatch, intersects) or a string operator with a modifier (oneof, anyof, allof). Got '${comp}'`);
      return undefined;
    }
    if (rows.length === 0) return '';
    return `(${ex.fields} ${comp} (${rows.map((r) => quote(str(r.value))).join(', ')}))`;
  }
  const fields = ex.fields;
  const comps = ex.comps === undefined ? fields.map(() => '=') : typeof ex.comps === 'string' ? [ex.comps] : ex.comps;
  if (comps.length !== fields.length) {
    fail('Fields and comps lists must have equal length');
    return undefined;
  }
  const bad = comps.find((c) => !validComp(c));
  if (bad !== undefined) {
    fail(`Invalid comparison operator '${bad}'`);
    return undefined;
  }
  const parts: string[] = [];
  for (const row of rows) {
    const values = Array.isArray(row.value) ? (row.value as unknown[]) : [row.value];
    if (values.length !== fields.length) {
      fail('Fields and values lists must have equal length');
      return undefined;
    }
    const checks = fields.map((f, i) => {
      const v = values[i];
      const value = Array.isArray(v) ? `(${v.map((x) => quote(str(x))).join(', ')})` : isListComp(comps[i]!) ? paren(str(v)) : quote(str(v));
      return ` ${f} ${comps[i]} ${value}`;
    });
    parts.push(`(${checks.join(' and ')})`);
  }
  const text = `(${parts.join(' or ')})`;
  return text === '()' ? '' : text;
}

/** The rule condition with its exceptions folded in; problems are reported, failed exceptions skipped. */
export function conditionWithExceptions(condition: MappedText, exceptions: readonly ExceptionItem[], ref: ItemRef, problems: RulesProblem[]): MappedText {
  if (exceptions.length === 0) return condition;
  const parts: MappedText[] = [MappedText.at('(', condition.positionAt(0)), condition, MappedText.at(')', condition.positionAt(condition.text.length))];
  const seen = new Set<string>();
  for (const ex of exceptions) {
    if (seen.has(ex.name)) {
      problems.push({ severity: 'warning', code: 'LOAD_EXCEPTION_NAME_NOT_UNIQUE', message: `Multiple definitions of exception '${ex.name}' in the same rule`, at: ex.at, item: ref });
    }
    seen.add(ex.name);
    const text = exceptionText(ex, (message) => problems.push({ severity: 'error', code: 'LOAD_ERR_VALIDATE', message: `Rule exception item ${ex.name}: ${message}`, at: ex.at, item: ref }));
    if (text) parts.push(MappedText.at(` and not ${text}`, ex.at));
  }
  return MappedText.concat(parts);
}
