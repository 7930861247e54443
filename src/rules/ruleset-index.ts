// The evttype index: per event code, the enabled rules that can match it, in
// load order. An event meets only those rules (Falco's evttype_index_ruleset);
// `first` stops at the first match, `all` collects every match.
import type { FieldResolver } from '../fields/field-access.js';
import { compileFilter } from '../filter/compiler.js';
import type { FilterProblem } from '../filter/filter-error.js';
import type { LoadedRule } from './rules-compiler.js';

export type RuleMatching = 'first' | 'all';

export interface CompiledRule<E> {
  rule: LoadedRule;
  matches: (event: E) => boolean;
}

export interface RuleCompileProblem {
  rule: LoadedRule;
  problems: FilterProblem[];
}

/** Compiles each rule's condition to a closure over the resolver's fields. */
export function compileRules<E>(rules: readonly LoadedRule[], resolver: FieldResolver<E>): { compiled: CompiledRule<E>[]; problems: RuleCompileProblem[] } {
  const compiled: CompiledRule<E>[] = [];
  const problems: RuleCompileProblem[] = [];
  for (const rule of rules) {
    const r = compileFilter(rule.ast, resolver);
    if (r.ok) compiled.push({ rule, matches: r.filter });
    else problems.push({ rule, problems: r.errors });
  }
  return { compiled, problems };
}

export class RulesetIndex<E> {
  private readonly byType: (CompiledRule<E>[] | undefined)[] = [];

  /** `rules` in load order; disabled ones are left out. */
  constructor(rules: readonly CompiledRule<E>[]) {
    for (const r of rules) {
      if (!r.rule.enabled) continue;
      for (const code of r.rule.evttypeCodes) (this.byType[code] ??= []).push(r);
    }
  }

  /** The rules an event of `type` can meet, in order (empty when none). */
  candidates(type: number): readonly CompiledRule<E>[] {
    return this.byType[type] ?? EMPTY;
  }

  /** Whether some enabled rule can match an event of `type`. */
  hasCandidates(type: number): boolean {
    return this.byType[type] !== undefined;
  }

  /** Appends the matching rules to `out` (cleared first); returns how many matched. */
  match(event: E, type: number, mode: RuleMatching, out: CompiledRule<E>[]): number {
    out.length = 0;
    const list = this.byType[type];
    if (list === undefined) return 0;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (!r.matches(event)) continue;
      out.push(r);
      if (mode === 'first') break;
    }
    return out.length;
  }
}

const EMPTY: readonly never[] = [];
