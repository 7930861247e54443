// Compiled rules against event contexts, wherever the contexts come from (the
// state engine during a replay, or rows of a case database): the evttype
// index picks the candidate rules, a match renders the rule's output.
import { eventFieldResolver } from '../fields/field-resolver.js';
import type { FieldResolver } from '../fields/field-access.js';
import { compileTemplate } from '../output/output-template.js';
import type { CompiledTemplate } from '../output/output-template.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import { RulesetIndex, compileRules } from '../rules/ruleset-index.js';
import type { CompiledRule, RuleMatching } from '../rules/ruleset-index.js';
import type { EventContext } from '../state/event-context.js';

export interface Alert {
  rule: LoadedRule;
  /** Event timestamp, ns relative to the capture's time base. */
  ts: number;
  evtNum: number;
  output: string;
  outputFields: Record<string, unknown>;
}

export interface EngineProblem {
  rule: string;
  message: string;
}

export class RuleMatcher {
  readonly problems: EngineProblem[] = [];
  /** Matches per rule. */
  readonly counts = new Map<LoadedRule, number>();
  private readonly index: RulesetIndex<EventContext>;
  private readonly templates = new Map<LoadedRule, CompiledTemplate<EventContext>>();
  private readonly matched: CompiledRule<EventContext>[] = [];

  constructor(rules: readonly LoadedRule[], private readonly matching: RuleMatching = 'first', resolver: FieldResolver<EventContext> = eventFieldResolver()) {
    const { compiled, problems } = compileRules(rules, resolver);
    for (const p of problems) this.problems.push({ rule: p.rule.name, message: p.problems.map((x) => x.message).join('; ') });
    for (const c of compiled) {
      const t = compileTemplate(c.rule.output, resolver);
      if (t.ok) this.templates.set(c.rule, t.template);
      else this.problems.push({ rule: c.rule.name, message: t.error });
    }
    this.index = new RulesetIndex(compiled.filter((c) => this.templates.has(c.rule)));
  }

  /** Whether some rule can match an event of `type` (the evttype index has it). */
  wants(type: number): boolean {
    return this.index.hasCandidates(type);
  }

  /** Offers the event to the rules that can match its type; reports each match. */
  match(ctx: EventContext, onAlert: (a: Alert) => void): void {
    const e = ctx.event;
    if (this.index.match(ctx, e.type, this.matching, this.matched) === 0) return;
    for (const m of this.matched) {
      const t = this.templates.get(m.rule)!;
      this.counts.set(m.rule, (this.counts.get(m.rule) ?? 0) + 1);
      onAlert({ rule: m.rule, ts: e.ts, evtNum: ctx.num, output: t.render(ctx), outputFields: t.fields(ctx) });
    }
  }
}
