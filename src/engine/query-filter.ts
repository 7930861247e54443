// A query's filter: Falco condition text, with the lists and macros of the
// given rules files usable in it. It is loaded as one more rule after those
// files (so lists, macros and every check behave exactly as in a rule), then
// compiled to a predicate over event contexts.
import type { Expr } from '../filter/ast.js';
import { compileFilter } from '../filter/compiler.js';
import { eventFieldResolver } from '../fields/field-resolver.js';
import type { RulesProblem } from '../rules/rules-problem.js';
import type { EventContext } from '../state/event-context.js';
import { loadRules } from './load-rules.js';

/** The name problems in the filter itself are reported under. */
export const FILTER_SOURCE = 'filter';
const QUERY_RULE = 'falco-ts query';
/** The filter's first line sits on line 5 of the wrapper, indented by 4. */
const LINE_OFFSET = 4;
const COL_OFFSET = 4;

export type QueryFilter =
  | { ok: true; ast: Expr; matches: (ctx: EventContext) => boolean; /** The codes it can match (its evttype set). */ codes: readonly number[] }
  | { ok: false; problems: RulesProblem[] };

function wrapper(filter: string): string {
  const body = filter.split('\n').map((l) => `    ${l}`).join('\n');
  return `- rule: ${QUERY_RULE}\n  desc: the query filter\n  output: query\n  condition: |-\n${body}\n  priority: DEBUG\n`;
}

/** A problem in the wrapper, moved to the filter text's own line and column. */
function relocate(p: RulesProblem): RulesProblem {
  if (p.at.file !== FILTER_SOURCE) return p;
  return { ...p, at: { file: FILTER_SOURCE, line: Math.max(1, p.at.line - LINE_OFFSET), col: Math.max(1, p.at.col - COL_OFFSET) } };
}

export function compileQueryFilter(filter: string, rulesFiles: readonly string[]): QueryFilter {
  const loaded = loadRules(rulesFiles, [{ name: FILTER_SOURCE, text: wrapper(filter) }]);
  const errors = loaded.problems.filter((p) => p.severity === 'error').map(relocate);
  if (errors.length > 0) return { ok: false, problems: errors };
  const rule = loaded.rules.find((r) => r.name === QUERY_RULE && r.at.file === FILTER_SOURCE);
  if (rule === undefined) return { ok: false, problems: [{ severity: 'error', code: 'LOAD_ERR_VALIDATE', message: 'the filter could not be loaded', at: { file: FILTER_SOURCE, line: 1, col: 1 }, item: undefined }] };
  const compiled = compileFilter(rule.ast, eventFieldResolver());
  if (!compiled.ok) {
    return { ok: false, problems: compiled.errors.map((e) => relocate({ severity: 'error', code: 'LOAD_ERR_COMPILE_CONDITION', message: e.message, at: { file: FILTER_SOURCE, line: e.pos.line, col: e.pos.col }, item: undefined })) };
  }
  return { ok: true, ast: rule.ast, matches: compiled.filter, codes: rule.evttypeCodes };
}
